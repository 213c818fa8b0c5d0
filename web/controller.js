// controller.js — the page's one controller: it owns the store (all page state), the engine worker's
// client and the photos, and every action a view can ask for. Views never talk to the worker; they
// get their slice of the state from main.js's render and call these actions. DOM-free apart from
// the downloads it hands to the browser.
import { EngineClient, Req } from './protocol.js';
import { EMPTY_INSIDE, Store, bindToUrl, decodeHash, defaultSettings } from './state.js';
import { specOf, useLayerTypes } from './presets.js';
import { Photos, pixelsToPngFile, reencodeAsPng } from './photos.js';
import { Runner } from './runner.js';
import { ExperimentRunner } from './experiment-runner.js';
import { loadDemoIndex, loadDemoSet } from './demos.js';
import { onnxFile } from './onnx.js';
import { t } from './i18n/index.js';
import { Persist } from './persist.js';
import { Share } from './share.js';

export const MAX_CLASSES = 10;
const DESCRIBE_DELAY_MS = 250;  // edits settle before the engine is asked for shapes and counts

// The network a spec describes, without class names (they do not change the net).
const netKey = (settings) => {
  const spec = specOf(settings);
  return JSON.stringify({ ...spec, classes: spec.classes.length });
};

// A message for a view: an i18n key with params, and optionally an engine error (translated by code).
export const note = (key, params = {}, err = null) => ({ key, params, err: err && { code: err.code, params: err.params, message: err.message } });

export function initialState(settings = null) {
  return {
    settings,
    engine: { phase: 'loading', version: '', message: null },
    data: { images: [], busy: false, adding: null, refused: [] },
    demos: [],                // [{id, name, description}] built-in demo sets
    samples: [],              // held-out photos of the loaded demo: [{index, name, url, classIndex}]
    model: { info: null, error: null, key: null },  // the net as edited (engine's shapes/counts)
    trained: null,            // the net in the worker: {runId, settings, imported} or null
    training: { phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0, message: null },
    current: { runId: null, history: [], batches: [] },  // the run being trained (live curves)
    runs: [],                 // kept runs (runs.js)
    experiment: null,         // {id, phase, done, total, rows, conclusion, message}
    confusion: null,          // {result, runId}
    classify: { results: [], busy: false, message: null },
    inside: { ...EMPTY_INSIDE },
    files: { message: null },
    storage: { phase: 'starting', problem: null },  // persist.js: 'starting' | 'ok' | 'problem' ('full', 'denied', 'error') | 'off'
    keep: { message: null, error: false },      // bundle, link and start-over messages
  };
}

export class Controller {
  constructor({ client = new EngineClient(), win = window, defaultClasses, persist = true }) {
    this.client = client;
    this.win = win;
    this.defaults = defaultSettings(defaultClasses);
    const settings = decodeHash(win.location.hash, this.defaults);
    this.store = new Store(initialState(settings));
    bindToUrl(this.store, win);
    this.photos = new Photos(client);
    this.runner = new Runner(this);
    this.experiments = new ExperimentRunner(this);
    this.persist = persist ? new Persist(this) : null;
    if (!persist) this.set({ storage: { phase: 'off', problem: null } });
    this.share = new Share(this);
    // Resolves once the engine is up and the stored lab is back: a model file imported or photos
    // added before then wait for it, so nothing the learner does while the page starts is lost.
    this.isStarted = false;
    this.started = new Promise((resolve) => {
      this.markStarted = () => {
        this.isStarted = true;
        resolve();
      };
    });
    this.describeTimer = 0;
    this.store.subscribe((next, prev) => {
      if (next.settings !== prev.settings && netKey(next.settings) !== netKey(prev.settings)) this.describeSoon();
    });
  }

  get state() {
    return this.store.state;
  }

  set(patch) {
    this.store.update(patch);
  }

  // A patch of the settings (the part in the URL).
  setSettings(patch) {
    this.set((s) => ({ ...s, settings: { ...s.settings, ...(typeof patch === 'function' ? patch(s.settings) : patch) } }));
  }

  setHp(patch) {
    this.setSettings((st) => ({ hp: { ...st.hp, ...patch } }));
  }

  // ---- engine --------------------------------------------------------------------------------

  async start() {
    this.setData({ busy: true });
    const stored = this.persist ? this.persist.load() : Promise.resolve(null);
    let info;
    try {
      info = await this.client.request(Req.init);
      useLayerTypes(await this.client.request(Req.layerTypes));  // the editor's types come from the engine
    } catch (err) {
      this.set({ engine: { phase: 'error', version: '', message: note('engine.error', {}, err) } });
      this.setData({ busy: false });
      this.markStarted();
      return;
    }
    const demoToLoad = await this.restore(await stored);
    // Ready once the stored lab is back, so what the learner sees first is what they left.
    this.set({ engine: { phase: 'ready', version: info.version, simd: info.simd, message: null } });
    this.persist?.watch();
    this.markStarted();
    this.describe();
    loadDemoIndex(fetch).then((demos) => this.set({ demos }), () => {});
    if (demoToLoad) await this.loadDemo(demoToLoad);
  }

  // The lab stored in this browser, put back (persist.js), the link's settings winning over the
  // stored ones. → the demo set the link names, to load next (unless the stored photos are it).
  async restore(snap) {
    const linkDemo = new URLSearchParams(this.win.location.hash.slice(1)).get('demo');
    const demoToLoad = linkDemo && !(snap?.snapshot.settings.demo === linkDemo && snap.snapshot.photos.length) ? linkDemo : null;
    try {
      if (snap) await this.persist.restore(snap, { settings: decodeHash(this.win.location.hash, snap.snapshot.settings), skipPhotos: Boolean(demoToLoad) });
    } catch (err) {
      // Nothing is written over what is stored: this visit goes on unkept, and says so.
      this.persist.problem(err);
      this.set({ keep: { message: note('keep.restoreFailed', {}, err), error: true } });
    } finally {
      this.setData({ busy: false });
      this.syncImages();
    }
    return demoToLoad;
  }

  get engineReady() {
    return this.state.engine.phase === 'ready';
  }

  // ---- the network as edited -----------------------------------------------------------------

  describeSoon() {
    clearTimeout(this.describeTimer);
    this.describeTimer = setTimeout(() => this.describe(), DESCRIBE_DELAY_MS);
  }

  async describe() {
    if (!this.engineReady) return;
    const key = netKey(this.state.settings);
    try {
      const info = await this.client.request(Req.describe, { spec: specOf(this.state.settings) });
      if (netKey(this.state.settings) === key) this.set({ model: { info, error: null, key } });
    } catch (err) {
      if (netKey(this.state.settings) === key) this.set({ model: { info: null, error: note('model.invalid', {}, err), key } });
    }
  }

  // ---- photos --------------------------------------------------------------------------------

  setData(patch) {
    this.set((s) => ({ ...s, data: { ...s.data, ...patch } }));
  }

  syncImages() {
    this.setData({ images: this.state.settings.classes.map((_, i) => [...this.photos.list(i)]) });
  }

  counts() {
    return this.photos.counts(this.state.settings.classes.length);
  }

  // Adding photos or relabelling: the class cards wait; a failure is listed, nothing is lost.
  async withBusy(fn) {
    this.setData({ busy: true });
    try {
      return await fn();
    } catch (err) {
      this.refuse([{ name: t('data.error'), reason: note('data.errorReason', {}, err) }]);
      return undefined;
    } finally {
      this.setData({ busy: false, adding: null });
      this.syncImages();
    }
  }

  refuse(items) {
    if (items.length) this.setData({ refused: [...this.state.data.refused, ...items] });
  }

  clearRefused() {
    this.setData({ refused: [] });
  }

  async addPhotos(classIndex, files) {
    await this.started;
    return this.withBusy(async () => {
      const { refused } = await this.photos.addFiles(classIndex, files, (done, total) => this.setData({ adding: { done, total } }));
      this.refuse(refused.map((r) => ({ name: r.name, reason: note(r.browser ? 'data.refusedBoth' : 'data.refusedEngine', {}, r.error) })));
      this.settingsChangedData();
    });
  }

  removeImage(id) {
    return this.withBusy(() => this.photos.removeImage(id));
  }

  removeClass(i) {
    if (this.state.settings.classes.length <= 2) return undefined;
    return this.withBusy(async () => {
      await this.photos.removeClass(i);
      this.setSettings((st) => ({ classes: st.classes.filter((_, j) => j !== i) }));
    });
  }

  addClass() {
    const n = this.state.settings.classes.length;
    if (n >= MAX_CLASSES) return false;
    this.setSettings((st) => ({ classes: [...st.classes, t('data.newClass', { n: n + 1 })] }));
    return true;
  }

  renameClass(i, name) {
    this.setSettings((st) => ({ classes: st.classes.map((c, j) => (j === i ? name : c)) }));
  }

  // Photos of the learner's own replace a demo: the link no longer names one.
  settingsChangedData() {
    if (this.state.settings.demo) this.setSettings({ demo: '' });
  }

  // Groups of dropped files: a folder of class folders on an empty page becomes the classes.
  async dropGroups(groups) {
    const folders = groups.filter((g) => g.folder).map((g) => g.folder).slice(0, MAX_CLASSES);
    if (folders.length >= 2 && this.counts().every((c) => c === 0)) this.setSettings({ classes: folders });
    for (const { folder, files } of groups) {
      if (!folder) {
        this.refuse(files.map((f) => ({ name: f.name, reason: note('data.dropOnClass') })));
        continue;
      }
      let i = this.state.settings.classes.findIndex((c) => c.toLowerCase() === folder.toLowerCase());
      if (i < 0 && this.state.settings.classes.length < MAX_CLASSES) {
        i = this.state.settings.classes.length;
        this.setSettings((st) => ({ classes: [...st.classes, folder] }));
      }
      if (i >= 0) await this.addPhotos(i, files);
    }
  }

  // A built-in demo set: its classes, input size and photos; its held-out photos become the
  // samples Classify offers.
  async loadDemo(id) {
    await this.started;
    return this.withBusy(async () => {
      const demo = await loadDemoSet(fetch, id || (await loadDemoIndex(fetch))[0].id);
      const { meta, train, heldout } = demo;
      await this.photos.clear();
      const lang = this.lang();
      this.setSettings({ demo: demo.entry.id, classes: meta.classes.map((c) => c[lang] ?? c.en), input: { channels: meta.channels, size: meta.height } });
      const names = train.labels.map((k, n) => `${meta.classes[k].en.toLowerCase()}-${n + 1}.png`);
      const size = meta.channels * meta.height * meta.width;
      await this.photos.addPixels({ channels: meta.channels, height: meta.height, width: meta.width, pixels: demo.pixels.subarray(0, train.count * size), labels: train.labels, names });
      const shape = { channels: meta.channels, height: meta.height, width: meta.width };
      this.set({
        samples: heldout.labels.map((classIndex, n) => {
          const pixels = demo.image(heldout.start + n);
          // Named without its class: the name must not give the answer away.
          return { index: n, classIndex, name: `heldout-${n + 1}.png`, pixels, shape };
        }),
      });
    });
  }

  lang() {
    return document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
  }

  // ---- classify, look inside -----------------------------------------------------------------

  setClassify(patch) {
    this.set((s) => ({ ...s, classify: { ...s.classify, ...patch } }));
  }

  async classify(files) {
    this.setClassify({ busy: true, message: null });
    try {
      const results = await this.predictFiles(files);
      this.setClassify({ results, busy: false });
      if (results[0]?.ok) this.lookInside(results[0]);
    } catch (err) {
      this.setClassify({ busy: false, message: note('classify.failed', {}, err) });
    }
  }

  classifySample(index) {
    const sample = this.state.samples[index];
    if (!sample) return undefined;
    return this.classify([pixelsToPngFile(sample.pixels, sample.shape, sample.name)]).then(() => {
      // The true class of a held-out sample is known: the cross-entropy shows it by default.
      const results = this.state.classify.results.map((r) => ({ ...r, trueIndex: sample.classIndex }));
      this.setClassify({ results });
    });
  }

  // → [{name, thumbUrl, file, ok, index, label, probs} | {name, thumbUrl, file, ok: false, reason}]
  async predictFiles(files) {
    const classes = this.state.settings.classes;
    const send = async (list) => {
      const payload = await Promise.all(list.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      return (await this.client.request(Req.predict, { files: payload }, payload.map((p) => p.bytes))).predictions;
    };
    const predictions = await send(files);
    return Promise.all(predictions.map(async (p, i) => {
      let result = p;
      if (!result.ok) {
        try {
          [result] = await send([await reencodeAsPng(files[i])]);
        } catch {
          // keep the engine's reason
        }
      }
      const base = { name: files[i].name, thumbUrl: URL.createObjectURL(files[i]), file: files[i] };
      return result.ok
        ? { ...base, ok: true, index: result.index, label: classes[result.index] ?? result.label, probs: [...result.probs] }
        : { ...base, ok: false, reason: result.reason ?? p.reason };
    }));
  }

  // The trained net on one photo: every layer's output, its weights (fetched once per trained
  // model), and the saliency map of the class it chose.
  async lookInside(result) {
    if (!result?.ok) return this.set({ inside: { ...EMPTY_INSIDE } });
    const item = async (f) => ({ name: f.name, bytes: await f.arrayBuffer() });
    try {
      let file = result.file;
      let activations;
      try {
        activations = await this.client.request(Req.activations, { file: await item(file) });
      } catch {
        file = await reencodeAsPng(file);
        activations = await this.client.request(Req.activations, { file: await item(file) });
      }
      const weights = await this.trainedWeights();
      const photo = { name: result.name, thumbUrl: result.thumbUrl, label: result.label, file };
      this.set({ inside: { photo, activations, weights, saliency: null, cell: null } });
      this.saliency(result.index);
    } catch (err) {
      this.set({ inside: { ...EMPTY_INSIDE }, files: { message: note('inside.failed', {}, err), error: true } });
    }
    return undefined;
  }

  // A stored photo (a validation photo from the confusion gallery) inside the net, as if the
  // learner had classified it; `predicted` is the class the net chose for it.
  lookInsidePhoto(photo, predicted) {
    const file = pixelsToPngFile(photo.pixels, photo.shape, photo.name);
    return this.lookInside({ ok: true, name: photo.name, thumbUrl: photo.thumbUrl, file, index: predicted, label: this.state.settings.classes[predicted] });
  }

  async trainedWeights() {
    const model = this.state.trained;
    if (this.weightsCache?.model !== model) {
      this.weightsCache = { model, weights: (await this.client.request(Req.weights)).weights };
    }
    return this.weightsCache.weights;
  }

  pickCell(cell) {
    this.set((s) => ({ ...s, inside: { ...s.inside, cell } }));
  }

  // d(score of classIndex)/d(pixels) for the photo inside; the engine computes it (Req.saliency).
  async saliency(classIndex) {
    const { photo } = this.state.inside;
    if (!photo) return;
    try {
      const map = await this.client.request(Req.saliency, { file: { name: photo.file.name, bytes: await photo.file.arrayBuffer() }, classIndex });
      if (this.state.inside.photo === photo) this.set((s) => ({ ...s, inside: { ...s.inside, saliency: { classIndex, map } } }));
    } catch (err) {
      this.set({ files: { message: note('inside.failed', {}, err), error: true } });
    }
  }

  // ---- model files ---------------------------------------------------------------------------

  async saveModel() {
    try {
      const { bytes } = await this.client.request(Req.saveModel);
      this.set({ files: { message: note('files.saved', { kb: Math.ceil(bytes.byteLength / 1024) }) } });
      return bytes;
    } catch (err) {
      this.set({ files: { message: note('files.saveError', {}, err), error: true } });
      return null;
    }
  }

  // The trained net as an ONNX file (encoded on demand by web/onnx.js).
  async onnxModel() {
    try {
      const bytes = await onnxFile(this.client);
      this.set({ files: { message: note('files.savedOnnx', { kb: Math.ceil(bytes.byteLength / 1024) }) } });
      return bytes;
    } catch (err) {
      this.set({ files: { message: note('files.onnxError', {}, err), error: true } });
      return null;
    }
  }

  // The file's spec becomes the page's settings, so editor, classes and link match the loaded net.
  async loadModel(file) {
    if (!this.isStarted) this.set({ files: { message: note('keep.importWaits') } });
    await this.started;
    if (this.runner.running) return;
    try {
      const info = await this.client.request(Req.loadModel, { bytes: await file.arrayBuffer() });
      const { spec } = info;
      const layers = spec.layers.slice();
      const last = layers.at(-1);
      if (last?.type === 'dense' && last.units === info.classes.length) layers.pop();
      const dropout = layers.find((l) => l.type === 'dropout')?.rate;
      this.setSettings((st) => ({
        classes: [...info.classes],
        input: { channels: spec.input.channels, size: spec.input.height },
        preset: 'custom',
        layers: layers.map((l) => (l.type === 'dropout' ? { type: 'dropout' } : l)),
        hp: { ...st.hp, ...(dropout !== undefined ? { dropout } : {}) },
      }));
      this.runner.modelImported();
      this.set({
        files: { message: note('files.loaded', { k: info.classes.length, params: info.numParams.toLocaleString('en-US') }) },
        model: { info, error: null, key: netKey(this.state.settings) },
      });
    } catch (err) {
      this.set({ files: { message: note('files.loadError', {}, err), error: true } });
    }
  }
}
