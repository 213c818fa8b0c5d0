// main.js — boots the page: the controller (state, worker, actions), the views, and one render that
// hands each view its slice of the state when that slice changed.
import { Controller, MAX_CLASSES } from './controller.js';
import { detectLang, getLang, onLangChange, setLang, t, say, translateTree } from './i18n/index.js';
import { diagnoseFit, bestEpoch } from './analysis.js';
import { ClassesView } from './views/classes.js';
import { RefusalsView } from './views/refusals.js';
import { ModelEditorView } from './views/model-editor.js';
import { HyperparamsView, FIELDS } from './views/hyperparams.js';
import { TrainingView } from './views/training.js';
import { CurvesView } from './views/curves.js';
import { FitView } from './views/fit.js';
import { RunsView, runColour, runDescription, runName } from './views/runs.js';
import { ClassifyView } from './views/classify.js';
import { ModelFileView } from './views/model-file.js';
import { CameraView } from './views/camera.js';
import { InsideView } from './views/inside.js';
import { ConfusionView } from './views/confusion.js';
import { DemoView } from './views/demos.js';
import { ExperimentsView } from './views/experiments.js';
import { KeepView } from './views/keep.js';
import { filesFromDrop } from './views/drop.js';
import { presetLayers, specOf } from './presets.js';
import { mountLessons } from './lessons/index.js';

const $ = (id) => document.getElementById(id);
const FRONT_SETTINGS = ['epochs', 'lr'];

setLang(detectLang(), { remember: false });
// A lesson embedded in another page (#lesson=<id>&embed) neither restores nor keeps the lab.
const embedded = new URLSearchParams(location.hash.slice(1)).has('embed');
const ctl = new Controller({ defaultClasses: [t('data.defaultA'), t('data.defaultB')], persist: !embedded });
const runner = ctl.runner;

// ---- views ---------------------------------------------------------------------------------

const camera = new CameraView($('camera-dialog'));
const views = {
  demos: new DemoView($('demos'), { onLoad: (id) => ctl.loadDemo(id) }),
  classes: new ClassesView($('classes'), {
    onRename: (i, name) => ctl.renameClass(i, name),
    onAddFiles: (i, files) => ctl.addPhotos(i, files),
    onRemoveImage: (id) => ctl.removeImage(id),
    onRemoveClass: (i) => ctl.removeClass(i),
    onCamera: (i) => camera.open(t('camera.forClass', { name: ctl.state.settings.classes[i] }), (file) => ctl.addPhotos(i, [file])),
  }),
  refusals: new RefusalsView($('refusals'), { onClear: () => ctl.clearRefused() }),
  editor: new ModelEditorView($('model-editor'), {
    onPreset: (preset) => ctl.setSettings(preset === 'custom' ? { preset } : { preset, layers: presetLayers(preset) }),
    onInput: (input) => ctl.setSettings({ input }),
    onLayers: (layers) => ctl.setSettings({ layers, preset: 'custom' }),
  }),
  quick: new HyperparamsView($('quick-settings'), { onChange: (patch) => ctl.setHp(patch), keys: FRONT_SETTINGS, reset: false }),
  settings: new HyperparamsView($('hyperparams'), { onChange: (patch) => ctl.setHp(patch), keys: FIELDS.map((f) => f[0]).filter((k) => !FRONT_SETTINGS.includes(k)) }),
  training: new TrainingView($('training'), {
    onTrain: () => runner.train(),
    onStop: () => runner.stop(),
    onContinue: (epochs) => runner.continueRun(epochs),
  }),
  loss: new CurvesView($('curve-loss'), { kind: 'loss' }),
  accuracy: new CurvesView($('curve-accuracy'), { kind: 'accuracy' }),
  fit: new FitView($('fit')),
  runs: new RunsView($('runs'), { onToggle: (id) => runner.toggleRun(id) }),
  experiments: new ExperimentsView($('experiments'), { onRun: (id) => ctl.experiments.run(id), onStop: () => ctl.experiments.stop() }),
  confusion: new ConfusionView($('confusion'), {
    onOpen: (photo, predicted) => ctl.lookInsidePhoto(photo, predicted).then(() => $('inside').scrollIntoView({ block: 'start' })),
  }),
  classify: new ClassifyView($('classifier'), {
    onFiles: (files) => ctl.classify(files),
    onCamera: () => camera.open(t('classify.camera'), (file) => { camera.dialog.close(); ctl.classify([file]); }),
    onSelect: (result) => ctl.lookInside(result),
    onSample: (i) => ctl.classifySample(i),
  }),
  inside: new InsideView($('inside-view'), { onCell: (cell) => ctl.pickCell(cell), onSaliencyClass: (k) => ctl.saliency(k) }),
  files: new ModelFileView($('model-file'), { onExport: exportModel, onImport: (file) => ctl.loadModel(file), onExportOnnx: exportOnnx }),
  keep: new KeepView($('keep-share'), {
    onCopyLink: copyLink,
    onExport: async () => download(await ctl.share.exportBundle(), 'cnnlab-class.cnnlab-bundle'),
    onImport: (file) => ctl.share.importBundle(file),
    onStartOver: () => window.confirm(t('keep.startOverConfirm')) && ctl.share.startOver(),
  }),
};

$('add-class').addEventListener('click', () => {
  const n = ctl.state.settings.classes.length;
  if (ctl.addClass()) requestAnimationFrame(() => document.querySelector(`[data-testid="class-name-${n}"]`)?.select());
});
$('load-demo').addEventListener('click', () => ctl.loadDemo(ctl.state.settings.demo || ''));
$('loss-log').addEventListener('change', (e) => ctl.setSettings({ lossLog: e.target.checked }));

// A folder of class folders dropped on the section (ants/, bees/ …) fills or makes those classes.
$('data').addEventListener('dragover', (e) => e.preventDefault());
$('data').addEventListener('drop', (e) => {
  e.preventDefault();
  filesFromDrop(e.dataTransfer).then((groups) => ctl.dropGroups(groups));
});

// The clipboard may be refused (permissions, an insecure page): then the link is shown to copy by hand.
async function copyLink() {
  const link = ctl.share.link();
  try {
    await navigator.clipboard.writeText(link);
    ctl.set({ keep: { message: { key: 'keep.linkCopied', params: {} }, error: false } });
  } catch {
    ctl.set({ keep: { message: { key: 'keep.linkShown', params: {} }, error: false, link } });
  }
}

function download(bytes, name) {
  if (!bytes) return;
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exportModel() {
  const bytes = await ctl.saveModel();
  if (bytes) download(bytes, 'cnnlab-model.cnnlab');
}

async function exportOnnx() {
  const bytes = await ctl.onnxModel();
  if (bytes) download(bytes, 'cnnlab-model.onnx');
}

// ---- render --------------------------------------------------------------------------------

// The diagnosis of a run (the current one, or any kept one for its badge).
function diagnosisOf(run, s) {
  if (!run) return null;
  const settings = run.settings ?? s.settings.hp;
  return diagnoseFit({
    history: run.history,
    classCount: run.settings?.classes ?? s.settings.classes.length,
    trainCount: run.trainCount ?? s.training.trainCount ?? 0,
    valCount: run.valCount ?? s.training.valCount ?? 0,
    optimizer: { type: settings.optimizer, lr: settings.lr },
    diverged: run.ended === 'diverged',
  });
}

// The lines on the charts: every shown kept run, and the run in progress.
function chartLines(s) {
  const lines = s.runs.filter((r) => r.visible || r.id === s.current.runId).map((r) => ({
    id: r.id, name: runName(r), colour: runColour(r), history: r.id === s.current.runId ? s.current.history : r.history,
    batches: r.id === s.current.runId ? s.current.batches : undefined, current: r.id === s.current.runId,
  }));
  if (s.current.runId && !s.runs.some((r) => r.id === s.current.runId)) {
    const id = s.current.runId;
    lines.push({ id, name: runName({ id }), colour: runColour({ id }), history: s.current.history, batches: s.current.batches, current: true });
  }
  return lines;
}

// Each view is updated only when a value it gets differs (by identity) from what it got last time:
// the store replaces only the slices that change, so a training tick redraws the charts and the
// progress bar, not the editor or the photo cards.
const fed = new Map();
let langFed = null;
function feed(name, data) {
  const last = fed.get(name);
  if (last && langFed === getLang() && Object.keys(data).every((k) => data[k] === last[k])) return;
  fed.set(name, data);
  views[name].update(data);
}

function render(s) {
  const running = runner.running;
  const locked = s.data.busy || running || s.experiment?.phase === 'running';
  const { settings: st } = s;
  renderEngineStatus(s.engine);
  feed('demos', { demos: s.demos, current: st.demo, busy: locked });
  feed('classes', { classes: st.classes, images: s.data.images, busy: locked });
  feed('refusals', { items: s.data.refused });
  const counts = ctl.counts();
  $('add-class').disabled = locked || st.classes.length >= MAX_CLASSES;
  $('load-demo').disabled = locked;
  const adding = $('data-progress');
  adding.hidden = !s.data.adding;
  adding.value = s.data.adding ? s.data.adding.done / s.data.adding.total : 0;
  $('data-summary').textContent = s.data.adding
    ? t('data.adding', s.data.adding)
    : t('data.summary', { n: counts.reduce((a, b) => a + b, 0), k: st.classes.length });
  $('data-source').textContent = st.demo || counts.some((c) => c > 0) ? '' : t('data.noPhotosYet', { a: st.classes[0], b: st.classes[1] });
  feed('editor', { preset: st.preset, input: st.input, layers: st.layers, dropout: st.hp.dropout, classCount: st.classes.length, info: s.model.info, error: s.model.error, locked: running });
  feed('quick', { hp: st.hp, locked: running });
  feed('settings', { hp: st.hp, locked: running });
  $('loss-log').checked = st.lossLog;
  feed('training', { ...s.training, blocker: running ? null : runner.blocker(), canContinue: runner.canContinue() });
  if (fedCharts(s)) {
    const lines = chartLines(s);
    const best = bestEpoch(s.current.history);
    views.loss.update({ lines, bestEpoch: best, log: st.lossLog });
    views.accuracy.update({ lines, bestEpoch: best });
    const currentRun = s.runs.find((r) => r.id === s.current.runId);
    const live = currentRun && !running ? currentRun : { history: s.current.history, ended: s.training.diverged ? 'diverged' : null };
    views.fit.update({ diagnosis: s.current.runId ? diagnosisOf(live, s) : null });
    views.runs.update({ runs: s.runs, currentId: s.current.runId, verdicts: new Map(s.runs.map((r) => [r.id, diagnosisOf(r, s)?.verdict])) });
  }
  feed('experiments', { experiment: s.experiment, classCount: st.classes.length, busy: s.data.busy || running, chosen: st.experiment });
  feed('confusion', { result: s.confusion?.result ?? null, classes: st.classes, images: s.data.images });
  const ready = Boolean(s.trained) && s.engine.phase === 'ready';
  feed('classify', { ...s.classify, classes: st.classes, ready, samples: s.samples, model: s.trained });
  feed('files', { canExport: Boolean(s.trained) && !running, message: s.files.message, error: s.files.error });
  feed('inside', { ...s.inside, spec: s.trained ? specOf(s.trained.settings) : null, classes: st.classes });
  feed('keep', { storage: s.storage, keep: s.keep, busy: locked });
  const banner = $('storage-banner');
  banner.hidden = s.storage.phase !== 'problem';
  banner.textContent = banner.hidden ? '' : t(`keep.storage.${s.storage.problem}`);
  langFed = getLang();
}

// The charts, the verdict and the runs list follow the runs and the run in progress.
let chartsKey = [];
function fedCharts(s) {
  const key = [s.runs, s.current, s.settings.lossLog, s.training.diverged, getLang()];
  if (key.every((v, i) => v === chartsKey[i])) return false;
  chartsKey = key;
  return true;
}

function renderEngineStatus(engine) {
  const el = $('engine-status');
  if (el.dataset.state === engine.phase && langFed === getLang()) return;
  el.dataset.state = engine.phase;
  el.textContent = engine.phase === 'ready' ? t('engine.ready', { version: engine.version })
    : engine.phase === 'error' ? say(engine.message) : t('engine.loading');
}

ctl.store.subscribe((next) => render(next));

// ---- language ------------------------------------------------------------------------------

$('lang').value = getLang();
$('lang').addEventListener('change', (e) => {
  // Untouched default class names follow the language (ants/bees ↔ 蚂蚁/蜜蜂).
  const defaults = [t('data.defaultA'), t('data.defaultB')];
  setLang(e.target.value);
  if (JSON.stringify(ctl.state.settings.classes) === JSON.stringify(defaults)) {
    ctl.setSettings({ classes: [t('data.defaultA'), t('data.defaultB')] });
  }
});
onLangChange(() => {
  $('lang').value = getLang();
  views.classify.render();
  views.confusion.render();
  render(ctl.state);
});

mountLessons($('lesson-list'), lessonContext());
translateTree(document.body);
render(ctl.state);
// A link that names an experiment opens the page at it, ready to run.
if (ctl.state.settings.experiment) ctl.started.then(() => $('experiments').scrollIntoView({ block: 'center' }));
// Offline after one visit, and cross-origin isolated (threads) from the next one (sw.js); registered
// once the engine is up so it does not compete with it.
if ('serviceWorker' in navigator) ctl.started.then(() => navigator.serviceWorker.register('sw.js').catch((err) => console.warn('CNN Lab: no offline copy:', err.message)));
ctl.start();

// The lessons' view of the lab (README "Lessons"): settings, photos, kept runs and experiments.
function lessonContext() {
  const listeners = new Set();
  ctl.store.subscribe((next, prev) => {
    if (next.trained !== prev.trained || next.runs !== prev.runs) for (const fn of listeners) fn();
  });
  return {
    client: ctl.client,
    lab: {
      getState: () => ctl.state.settings,
      hasModel: () => Boolean(ctl.state.trained),
      onModelChange: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
      storedImages: () => ctl.photos.byClass.flatMap((list, classIndex) => list.map(({ id, name, thumbUrl }) => ({ id, classIndex, name, thumbUrl }))),
      apply: (patch) => {
        ctl.setSettings((st) => ({ ...patch, hp: { ...st.hp, ...patch.hp } }));
        $('train').scrollIntoView({ block: 'start' });
      },
      runExperiment: (id) => ctl.experiments.run(id),
      keptRuns: () => ctl.state.runs.map((run) => ({
        label: `${runName(run)} · ${runDescription(run)}`, settings: run.settings, history: run.history, final: run.final,
      })),
    },
    onOpen: (id) => ctl.setSettings({ lesson: id || '' }),
  };
}
