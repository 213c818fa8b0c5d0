// main.js — boots the page: the settings store, the engine worker client, and the views wired together.
import { EngineClient, Req } from './protocol.js';
import { detectLang, getLang, onLangChange, setLang, t } from './i18n/index.js';
import { Store, bindToUrl, decodeHash, defaultState } from './state.js';
import { buildSpec, presetLayers } from './presets.js';
import { Photos } from './photos.js';
import { Session } from './session.js';
import { ClassesView } from './views/classes.js';
import { RefusalsView } from './views/refusals.js';
import { ModelEditorView } from './views/model-editor.js';
import { HyperparamsView } from './views/hyperparams.js';
import { TrainingView } from './views/training.js';
import { CurvesView } from './views/curves.js';
import { FitView } from './views/fit.js';
import { ClassifyView } from './views/classify.js';
import { ModelFileView } from './views/model-file.js';
import { CameraView } from './views/camera.js';
import { FeatureMapsView } from './views/feature-maps.js';
import { ConfusionView } from './views/confusion.js';
import { filesFromDrop } from './views/drop.js';
import { mountLessons } from './lessons/index.js';

const MAX_CLASSES = 10;
const $ = (id) => document.getElementById(id);

setLang(detectLang(), { remember: false });
const store = new Store(decodeHash(location.hash, defaultState([t('data.defaultA'), t('data.defaultB')])));
bindToUrl(store);

const client = new EngineClient();
const photos = new Photos(client);
const refused = [];
let busy = false;  // adding photos or re-labelling: the class cards wait

const camera = new CameraView($('camera-dialog'));
const classesView = new ClassesView($('classes'), {
  onRename: (i, name) => store.update((s) => ({ ...s, classes: s.classes.map((c, j) => (j === i ? name : c)) })),
  onAddFiles: (i, files) => addPhotos(i, files),
  onRemoveImage: (id) => withBusy(() => photos.removeImage(id)),
  onRemoveClass: (i) => removeClass(i),
  onCamera: (i) => camera.open(t('camera.forClass', { name: store.state.classes[i] }), (file) => addPhotos(i, [file])),
});
const refusalsView = new RefusalsView($('refusals'), {
  onClear: () => {
    refused.length = 0;
    renderData();
  },
});
const editorView = new ModelEditorView($('model-editor'), {
  onPreset: (preset) => store.update(preset === 'custom' ? { preset } : { preset, layers: presetLayers(preset) }),
  onInput: (input) => store.update({ input }),
  onLayers: (layers) => store.update({ layers, preset: 'custom' }),
});
const hpView = new HyperparamsView($('hyperparams'), {
  onChange: (patch) => store.update((s) => ({ ...s, hp: { ...s.hp, ...patch } })),
});
const lossView = new CurvesView($('curve-loss'), { kind: 'loss' });
const accView = new CurvesView($('curve-accuracy'), { kind: 'accuracy' });
const fitView = new FitView($('fit'));
const confusionHost = Object.assign(document.createElement('div'), { id: 'confusion', className: 'confusion' });
$('fit').after(confusionHost);
const confusionView = new ConfusionView(confusionHost);
const session = new Session(client, store, {
  onChange: () => renderTraining(),
  onCurves: (curves) => {
    lossView.update(curves);
    accView.update(curves);
    fitView.update({ history: curves.history, classCount: store.state.classes.length });
  },
});
const trainingView = new TrainingView($('training'), {
  onTrain: () => session.train(photos.counts(store.state.classes.length)).then(showConfusion),
  onStop: () => session.stop(),
  onContinue: (epochs) => session.continueTraining(epochs).then(showConfusion),
});
const classifyView = new ClassifyView($('classifier'), {
  onFiles: (files) => classify(files),
  onCamera: () => camera.open(t('classify.camera'), (file) => { camera.dialog.close(); classify([file]); }),
  onSelect: (result) => showInside(result),
});
const mapsView = new FeatureMapsView(document.querySelector('#classifier .fm-host'));
const fileView = new ModelFileView($('model-file'), { onExport: exportModel, onImport: importModel });

// ---- photos --------------------------------------------------------------------------------

async function withBusy(fn) {
  busy = true;
  renderData();
  try {
    return await fn();
  } catch (err) {
    refused.push({ name: t('data.error'), reason: err.message });
  } finally {
    busy = false;
    renderData();
  }
}

function addPhotos(classIndex, files) {
  return withBusy(async () => {
    const { refused: bad } = await photos.addFiles(classIndex, files, (done, total) => {
      $('data-summary').textContent = t('data.adding', { done, total });
    });
    refused.push(...bad);
  });
}

function removeClass(i) {
  if (store.state.classes.length <= 2) return;
  return withBusy(async () => {
    await photos.removeClass(i);
    store.update((s) => ({ ...s, classes: s.classes.filter((_, j) => j !== i) }));
  });
}

$('add-class').addEventListener('click', () => {
  const n = store.state.classes.length;
  if (n >= MAX_CLASSES) return;
  store.update((s) => ({ ...s, classes: [...s.classes, t('data.newClass', { n: n + 1 })] }));
  requestAnimationFrame(() => document.querySelector(`[data-testid="class-name-${n}"]`)?.select());
});

$('load-demo').addEventListener('click', () => withBusy(loadDemo));

async function loadDemo() {
  const [meta, bin] = await Promise.all([
    fetch('demo/fashion.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(`demo/fashion.json: HTTP ${r.status}`)))),
    fetch('demo/fashion.bin').then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`demo/fashion.bin: HTTP ${r.status}`)))),
  ]);
  await photos.clear();
  const lang = getLang();
  store.update({ classes: meta.classes.map((c) => c[lang] ?? c.en), input: { channels: meta.channels, size: meta.height } });
  const names = meta.labels.map((k, n) => `${meta.classes[k].en.toLowerCase()}-${n + 1}.png`);
  await photos.addPixels({ channels: meta.channels, height: meta.height, width: meta.width, pixels: new Uint8Array(bin), labels: meta.labels, names });
}

// A folder of class folders dropped on the section (ants/, bees/ …) fills or makes those classes.
$('data').addEventListener('dragover', (e) => e.preventDefault());
$('data').addEventListener('drop', (e) => {
  e.preventDefault();
  filesFromDrop(e.dataTransfer).then(async (groups) => {
    const folders = groups.filter((g) => g.folder).map((g) => g.folder).slice(0, MAX_CLASSES);
    // No photos yet: the dropped folders become the classes (ants/ and bees/ → ants, bees).
    if (folders.length >= 2 && photos.counts(store.state.classes.length).every((c) => c === 0)) {
      store.update({ classes: folders });
    }
    for (const { folder, files } of groups) {
      if (!folder) {
        refused.push(...files.map((f) => ({ name: f.name, reason: t('data.dropOnClass') })));
        continue;
      }
      let i = store.state.classes.findIndex((c) => c.toLowerCase() === folder.toLowerCase());
      if (i < 0 && store.state.classes.length < MAX_CLASSES) {
        i = store.state.classes.length;
        store.update((s) => ({ ...s, classes: [...s.classes, folder] }));
      }
      if (i >= 0) await addPhotos(i, files);
    }
    renderData();
  });
});

// ---- confusion matrix ----------------------------------------------------------------------

// After a run ends (done or stopped) the validation split is scored with the weights as they are now.
async function showConfusion() {
  const view = session.view();
  if (view.running || !view.canContinue || !view.valCount) return;
  try {
    const result = await client.request(Req.evaluate, { split: 'val' });
    if (!session.running && session.view().canContinue) confusionView.update({ result, classes: store.state.classes });
  } catch (err) {
    fileView.update({ message: err.message, error: true });
  }
}

// ---- classify, model file ----------------------------------------------------------------

async function classify(files) {
  classifyView.update({ busy: true });
  try {
    const results = await session.classify(files);
    classifyView.update({ results, classes: store.state.classes, busy: false });
  } catch (err) {
    classifyView.update({ busy: false });
    fileView.update({ message: err.message, error: true });
  }
}

async function showInside(result) {
  if (!result?.ok) return mapsView.update({ activations: null });
  try {
    mapsView.update({ activations: await session.activations(result.file) });
  } catch (err) {
    mapsView.update({ activations: null });
    fileView.update({ message: err.message, error: true });
  }
}

async function exportModel() {
  try {
    const bytes = await session.saveModel();
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'cnnlab-model.cnnlab' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    fileView.update({ message: t('files.saved', { kb: Math.ceil(bytes.byteLength / 1024) }), error: false });
  } catch (err) {
    fileView.update({ message: err.message, error: true });
  }
}

async function importModel(file) {
  try {
    const info = await session.loadModel(await file.arrayBuffer());
    fileView.update({ message: t('files.loaded', { k: info.classes.length, params: info.numParams.toLocaleString('en-US') }), error: false });
  } catch (err) {
    fileView.update({ message: t('files.loadError', { message: err.message }), error: true });
  }
}

// ---- rendering ------------------------------------------------------------------------------

function renderData() {
  const { classes } = store.state;
  const counts = photos.counts(classes.length);
  const locked = busy || session.running;
  classesView.update({ classes, images: classes.map((_, i) => photos.list(i)), busy: locked });
  refusalsView.update({ items: refused });
  $('add-class').disabled = locked || classes.length >= MAX_CLASSES;
  $('load-demo').disabled = locked;
  if (!busy) $('data-summary').textContent = t('data.summary', { n: counts.reduce((a, b) => a + b, 0), k: classes.length });
  renderTraining();
}

function renderTraining() {
  const s = store.state;
  const counts = photos.counts(s.classes.length);
  const view = session.view();
  trainingView.update({ ...view, canTrain: !busy && session.engineReady && !view.modelError && counts.every((c) => c > 0) });
  const readyKey = JSON.stringify([view.canPredict, view.running, s.classes, getLang()]);
  if (readyKey !== lastReadyKey) {
    lastReadyKey = readyKey;
    classifyView.update({ ready: view.canPredict, classes: s.classes });
    fileView.update({ canExport: view.canPredict && !view.running });
    confusionView.update({ classes: s.classes });
  }
  // A new run, a rebuilt net or an imported model: the old matrix no longer describes the weights.
  if (view.running || !view.canContinue) confusionView.reset();
  // The editor and settings only redraw when what they show changed, not on every batch.
  const editorData = {
    preset: s.preset, input: s.input, layers: s.layers, dropout: s.hp.dropout, classCount: s.classes.length,
    info: view.info, error: view.modelError, locked: view.running, lang: getLang(),
  };
  const key = JSON.stringify([editorData, s.hp]);
  if (key !== lastEditorKey) {
    lastEditorKey = key;
    editorView.update(editorData);
    hpView.update({ hp: s.hp, locked: view.running });
  }
  if (view.running !== wasRunning) {
    wasRunning = view.running;
    renderData();  // the class cards lock while training runs
  }
}
let lastEditorKey = '';
let lastReadyKey = '';
let wasRunning = false;

function renderAll() {
  renderData();
  fitView.update({ classCount: store.state.classes.length });
}

store.subscribe((next, prev) => {
  renderAll();
  const specOf = (s) => JSON.stringify(buildSpec({ ...s, classes: s.classes.map(() => ''), dropout: s.hp.dropout }));
  if (specOf(next) !== specOf(prev)) session.specChanged();
});

$('lang').value = getLang();
$('lang').addEventListener('change', (e) => {
  // Untouched default class names follow the language (ants/bees ↔ 蚂蚁/蜜蜂).
  const defaults = [t('data.defaultA'), t('data.defaultB')];
  setLang(e.target.value);
  if (JSON.stringify(store.state.classes) === JSON.stringify(defaults)) {
    store.update({ classes: [t('data.defaultA'), t('data.defaultB')] });
  }
});
onLangChange(() => {
  $('lang').value = getLang();
  lossView.rebuild();
  accView.rebuild();
  renderAll();
  classifyView.render();
  mapsView.update({});
  confusionView.render();
  session.refreshEngineStatus();
});

mountLessons($('lesson-list'), lessonContext());
renderAll();
session.start($('engine-status'));

// The lessons' view of the lab (README "Lessons"): a stand-in built from what this file has, until
// the page controller provides the same interface. Runs are kept here as they end (up to 6).
function lessonContext() {
  const listeners = new Set();
  const runs = [];
  let seen = {};
  const check = () => {
    const now = { running: session.running, canPredict: session.view().canPredict, info: session.info, epochs: session.history.length };
    if (Object.keys(now).every((k) => now[k] === seen[k])) return;
    if (seen.running && !now.running && now.epochs) {
      const end = session.history.at(-1);
      runs.push({ settings: structuredClone(store.state), history: [...session.history], final: { trainAcc: end.trainAcc, valAcc: end.valAcc } });
      if (runs.length > 6) runs.shift();
    }
    seen = now;
    if (!now.running) for (const fn of listeners) fn();
  };
  const notify = session.onChange;
  session.onChange = () => {
    notify();
    check();
  };
  store.subscribe(check);
  // protocol.js sends the request id in the same `id` field as an image id, so `activations {id}`
  // cannot reach the worker: until it can, a stored photo goes as its file (or lossless thumbnail).
  const lessonClient = {
    on: (event, fn) => client.on(event, fn),
    request: async (type, payload = {}, transfer = []) => {
      if (type !== Req.activations || payload.id === undefined) return client.request(type, payload, transfer);
      const rec = photos.byClass.flat().find((r) => r.id === payload.id);
      if (!rec) throw new Error(`there is no stored image with id ${payload.id}`);
      const send = async (blob) => {
        const bytes = await blob.arrayBuffer();
        return client.request(Req.activations, { file: { name: rec.name, bytes } }, [bytes]);
      };
      const thumb = async () => send(await (await fetch(rec.thumbUrl)).blob());
      return rec.file ? send(rec.file).catch(thumb) : thumb();
    },
  };
  return {
    client: lessonClient,
    lab: {
      getState: () => store.state,
      hasModel: () => session.view().canPredict,
      onModelChange: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
      storedImages: () => photos.byClass.flatMap((list, classIndex) => list.map(({ id, name, thumbUrl }) => ({ id, classIndex, name, thumbUrl }))),
      apply: (patch) => {
        store.update((s) => ({ ...s, ...patch, hp: { ...s.hp, ...patch.hp } }));
        $('model').scrollIntoView({ block: 'start' });
      },
      runExperiment: () => Promise.reject(new Error(t('lessons.notYet'))),
      keptRuns: () => runs.map((r) => ({ ...r, label: t('lessons.run.label', { preset: t(`preset.${r.settings.preset}`), epochs: r.history.length }) })),
    },
    onOpen: (id) => {
      const p = new URLSearchParams(location.hash.slice(1));
      if (id) p.set('lesson', id);
      else p.delete('lesson');
      history.replaceState(null, '', `#${p}`);
    },
  };
}
