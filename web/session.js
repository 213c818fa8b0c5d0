// session.js — the page's side of one engine: build the net as it is edited, train / stop / continue
// with progress and curves, classify, save and load. Views read its state through view().
import { Ev, Req } from './protocol.js';
import { buildSpec } from './presets.js';
import { reencodeAsPng } from './photos.js';
import { Smoother } from './views/curves.js';
import { bestEpoch } from './views/fit.js';
import { t } from './i18n/index.js';

const BUILD_DELAY_MS = 250;  // edits settle before the engine rebuilds the net
const PROGRESS_UI_MS = 200;  // progress and curves redraw at most this often while training

export function specOf(state) {
  return buildSpec({ ...state, dropout: state.hp.dropout });
}

// Class names do not change the network, so they are left out of the key.
function specKey(state) {
  const spec = specOf(state);
  return JSON.stringify({ ...spec, classes: spec.classes.length });
}

export class Session {
  constructor(client, store, { onChange, onCurves }) {
    this.client = client;
    this.store = store;
    this.onChange = onChange;
    this.onCurves = onCurves;
    this.engineReady = false;
    this.engineError = null;
    this.info = null;
    this.modelError = null;
    this.builtKey = null;
    this.hasModel = false;  // trained (even part of an epoch) or imported, and not rebuilt since
    this.sessionAlive = false;  // the worker holds a training session that Continue can extend
    this.buildTimer = 0;
    this.progress = { phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0, message: null };
    this.history = [];
    this.batches = [];
    this.smoother = new Smoother();
    client.on(Ev.batch, (e) => this.onBatch(e));
    client.on(Ev.epoch, (e) => this.onEpoch(e));
  }

  async start(statusEl) {
    this.statusEl = statusEl;
    this.refreshEngineStatus();
    try {
      this.engineInfo = await this.client.request(Req.init);
      this.engineReady = true;
    } catch (err) {
      this.engineError = err.message;
    }
    this.refreshEngineStatus();
    if (this.engineReady) await this.rebuild();
  }

  refreshEngineStatus() {
    if (!this.statusEl) return;
    const state = this.engineReady ? 'ready' : this.engineError ? 'error' : 'loading';
    this.statusEl.dataset.state = state;
    this.statusEl.textContent = state === 'ready'
      ? t('engine.ready', { version: this.engineInfo?.version ?? '' })
      : state === 'error' ? t('engine.error', { message: this.engineError }) : t('engine.loading');
  }

  get running() {
    return ['preparing', 'training', 'stopping'].includes(this.progress.phase);
  }

  view() {
    return {
      ...this.progress,
      info: this.info,
      modelError: this.modelError,
      running: this.running,
      canPredict: this.hasModel && this.engineReady,
      canContinue: this.hasModel && this.sessionAlive,
    };
  }

  // ---- the network as edited -----------------------------------------------------------------

  specChanged() {
    if (!this.engineReady || this.running || specKey(this.store.state) === this.builtKey) return;
    clearTimeout(this.buildTimer);
    this.buildTimer = setTimeout(() => this.rebuild(), BUILD_DELAY_MS);
  }

  async rebuild() {
    const state = this.store.state;
    const key = specKey(state);
    try {
      this.info = await this.client.request(Req.build, { spec: specOf(state), seed: state.hp.seed });
      this.modelError = null;
    } catch (err) {
      this.info = null;
      this.modelError = err.message;
    }
    this.builtKey = key;
    this.sessionAlive = false;
    if (this.hasModel) {
      // A new net has fresh weights: what was trained is gone, and the page says so.
      this.hasModel = false;
      this.setProgress({ phase: 'idle', message: t('train.rebuilt') });
    }
    this.onChange();
  }

  // ---- training ------------------------------------------------------------------------------

  setProgress(patch) {
    this.progress = { ...this.progress, ...patch };
    clearTimeout(this.redrawTimer);
    this.redrawTimer = 0;
    this.onChange();
  }

  async train(counts) {
    if (this.running) return;
    if (counts.some((c) => c === 0)) {
      this.setProgress({ phase: 'idle', message: t('train.needPhotos') });
      return;
    }
    const state = this.store.state;
    this.history = [];
    this.batches = [];
    this.smoother.reset();
    this.emitCurves();
    clearTimeout(this.buildTimer);
    this.setProgress({ phase: 'preparing', epoch: 0, totalEpochs: state.hp.epochs, fraction: 0, message: null });
    try {
      this.info = await this.client.request(Req.build, { spec: specOf(state), seed: state.hp.seed });
      this.builtKey = specKey(state);
      this.modelError = null;
      this.hasModel = false;
      this.sessionAlive = false;
      const { hp } = state;
      await this.run(Req.train, {
        epochs: hp.epochs,
        batchSize: hp.batch,
        valSplit: hp.valSplit,
        seed: hp.seed,
        optimizer: { type: hp.optimizer, lr: hp.lr, weightDecay: hp.l2, ...(hp.optimizer === 'sgd' ? { momentum: 0.9 } : {}) },
        augment: hp.augment.split(',').filter(Boolean),
      }, hp.epochs);
    } catch (err) {
      this.fail(err);
    }
  }

  // After Stop this resumes the run towards its planned epochs; after a finished run it trains
  // `epochs` more (the worker keeps the data split and the optimizer state either way).
  async continueTraining(epochs) {
    if (this.running || !this.sessionAlive) return;
    const resume = this.progress.phase === 'stopped';
    try {
      await this.run(Req.continue, { epochs }, resume ? this.progress.totalEpochs : this.history.length + epochs);
    } catch (err) {
      this.fail(err);
    }
  }

  async run(type, payload, totalEpochs) {
    this.clock = { t0: performance.now(), startEpoch: this.history.length };
    this.setProgress({ phase: 'training', totalEpochs, message: null, etaSeconds: NaN });
    const result = await this.client.request(type, payload);
    this.history = result.history;
    this.hasModel = true;
    this.sessionAlive = true;
    this.emitCurves();
    this.setProgress({
      phase: result.reason === 'stopped' ? 'stopped' : 'done',
      epoch: this.history.length,
      fraction: result.reason === 'stopped' ? this.progress.fraction : 1,
      trainCount: result.trainCount,
      valCount: result.valCount,
      message: result.reason === 'early-stop' ? t('train.earlyStop', { epoch: this.history.length }) : null,
    });
  }

  fail(err) {
    this.hasModel = this.history.length > 0;
    this.sessionAlive = false;
    this.setProgress({ phase: 'error', message: t('train.failed', { message: err.message }) });
  }

  async stop() {
    if (this.progress.phase !== 'training') return;
    this.setProgress({ phase: 'stopping' });
    await this.client.request(Req.stop);
  }

  onBatch(e) {
    if (this.progress.phase !== 'training') return;
    const { totalEpochs } = this.progress;
    const done = (e.epoch - 1) * e.batches + e.batch;           // batches done in the session
    const target = totalEpochs * e.batches;
    const startDone = this.clock.startEpoch * e.batches;
    const elapsed = (performance.now() - this.clock.t0) / 1000;
    const rate = (done - startDone) / Math.max(elapsed, 1e-3);  // batches per second
    this.batches.push({ x: e.epoch - 1 + e.batch / e.batches, loss: this.smoother.push(e.loss) });
    this.progress = {
      ...this.progress,
      epoch: e.epoch,
      fraction: Math.min(1, done / target),
      etaSeconds: rate > 0 ? (target - done) / rate : NaN,
      imagesPerSecond: e.imagesPerSecond,
    };
    this.redrawSoon();
  }

  onEpoch(e) {
    const { event, ...metrics } = e;
    this.history = [...this.history.filter((m) => m.epoch !== metrics.epoch), metrics];
    this.redrawSoon();
  }

  // Batch and epoch events can come faster than a learner can read; coalescing them keeps the page
  // thread nearly idle while the worker trains (each redraw lays out and paints two charts).
  redrawSoon() {
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = 0;
      this.onChange();
      this.emitCurves();
    }, PROGRESS_UI_MS);
  }

  emitCurves() {
    this.onCurves({ history: this.history, batches: this.batches, bestEpoch: bestEpoch(this.history) });
  }

  // ---- classify, save, load ------------------------------------------------------------------

  // → [{name, thumbUrl, ok, label, probs, reason}], labels named by the page's current class names.
  async classify(files) {
    const classes = this.store.state.classes;
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

  // Every layer's output for one photo (the feature-map view); the browser decoder is the fallback.
  async activations(file) {
    const ask = async (f) => this.client.request(Req.activations, { file: { name: f.name, bytes: await f.arrayBuffer() } });
    try {
      return await ask(file);
    } catch {
      return ask(await reencodeAsPng(file));
    }
  }

  async saveModel() {
    const { bytes } = await this.client.request(Req.saveModel);
    return bytes;
  }

  // The file's spec becomes the page's settings, so editor, classes and link match the loaded net.
  async loadModel(bytes) {
    const info = await this.client.request(Req.loadModel, { bytes }, [bytes]);
    const { spec } = info;
    const layers = spec.layers.slice();
    const last = layers.at(-1);
    if (last?.type === 'dense' && last.units === info.classes.length) layers.pop();
    const dropout = layers.find((l) => l.type === 'dropout')?.rate;
    const state = this.store.state;
    const next = {
      ...state,
      classes: [...info.classes],
      input: { channels: spec.input.channels, size: spec.input.height },
      preset: 'custom',
      layers: layers.map((l) => (l.type === 'dropout' ? { type: 'dropout' } : l)),
      hp: { ...state.hp, ...(dropout !== undefined ? { dropout } : {}) },
    };
    this.info = info;
    this.modelError = null;
    this.builtKey = specKey(next);
    this.hasModel = true;
    this.sessionAlive = false;
    this.history = [];
    this.batches = [];
    this.emitCurves();
    this.progress = { phase: 'done', epoch: 0, totalEpochs: 0, fraction: 0, message: t('train.imported') };
    this.store.update(next);
    return info;
  }
}
