// runner.js — training runs for the controller: train, stop, continue, the live progress and curves,
// the kept runs, and the validation confusion matrix of the trained net. One run at a time.
import { Ev, Req } from './protocol.js';
import { Smoother } from './analysis.js';
import { keepRun, makeRun, replaceRun, toggleRun } from './runs.js';
import { specOf } from './presets.js';
import { EMPTY_INSIDE } from './state.js';
import { MODEL_EVERY_MS } from './persist.js';

const PROGRESS_UI_MS = 200;  // progress and curves redraw at most this often while training
const RUNNING = ['preparing', 'training', 'stopping'];

// The engine's trainer config from the page's settings: the same names (README "Trainer config").
export function trainConfig(settings) {
  const { hp } = settings;
  return {
    epochs: hp.epochs,
    batchSize: hp.batchSize,
    seed: hp.seed,
    valSplit: hp.valSplit,
    perClassLimit: hp.perClassLimit,
    augment: hp.augment.split(',').filter(Boolean),
    optimizer: { type: hp.optimizer, lr: hp.lr, weightDecay: hp.weightDecay, ...(hp.optimizer === 'sgd' ? { momentum: 0.9 } : {}) },
  };
}

// The engine stops a run whose loss explodes or turns NaN and keeps the last good weights.
export const isDivergence = (err) => err?.code === 'train.diverged' || /diverged/.test(err?.message ?? '');

export class Runner {
  constructor(ctl) {
    this.ctl = ctl;
    this.nextRunId = 1;
    this.smoother = new Smoother();
    this.redrawTimer = 0;
    this.live = null;  // {history, batches, clock} while a run goes; flushed to the store throttled
    ctl.client.on(Ev.batch, (e) => this.onBatch(e));
    ctl.client.on(Ev.epoch, (e) => this.onEpoch(e));
  }

  get state() {
    return this.ctl.state;
  }

  get running() {
    return RUNNING.includes(this.state.training.phase);
  }

  setTraining(patch) {
    this.ctl.set((s) => ({ ...s, training: { ...s.training, ...patch } }));
  }

  // Why Train cannot start now, as an i18n key, or null when it can.
  blocker({ ignoreExperiment = false } = {}) {
    const s = this.state;
    if (s.engine.phase !== 'ready') return 'train.waitEngine';
    if (this.running || (!ignoreExperiment && s.experiment?.phase === 'running')) return 'train.busy';
    if (s.data.busy) return 'train.waitPhotos';
    if (s.model.error) return 'train.badNet';
    if (this.ctl.counts().some((c) => c === 0)) return 'train.needPhotos';
    return null;
  }

  // ---- one run ---------------------------------------------------------------------------------

  /**
   * Trains a fresh network with `settings` (the page's by default) on the stored photos and keeps
   * the run (unless keep is false: an experiment's repeat with another seed). → the run (also when
   * it ended early or diverged), or null if it could not start. `force`: an experiment's own run.
   */
  async train({ settings = this.state.settings, label = null, experiment = null, keep = true, force = false, extraConfig = {} } = {}) {
    const blocked = force && this.state.experiment?.phase === 'running' ? this.blocker({ ignoreExperiment: true }) : this.blocker();
    if (blocked) {
      this.setTraining({ message: { key: blocked, params: {} } });
      return null;
    }
    const runId = this.nextRunId++;
    const spec = specOf(settings);
    const config = { ...trainConfig(settings), ...extraConfig };
    this.smoother.reset();
    this.live = { runId, settings, label, experiment, history: [], batches: [], clock: { t0: performance.now(), startEpoch: 0 } };
    this.ctl.set({ current: { runId, history: [], batches: [] }, confusion: null });
    this.setTraining({ phase: 'preparing', epoch: 0, totalEpochs: config.epochs, fraction: 0, message: null, etaSeconds: NaN });
    try {
      const result = await this.startRun(spec, config);
      return this.finish({ runId, settings, result, label, experiment, keep });
    } catch (err) {
      return this.failed({ runId, settings, err, label, experiment, keep });
    }
  }

  // One request builds the net from the spec (seeded by config.seed) and trains it on the stored
  // photos (README "Worker protocol").
  async startRun(spec, config) {
    this.setTraining({ phase: 'training' });
    // With storage on, the worker hands over the model at epochs' ends (persist.js keeps it).
    const modelEveryMs = this.ctl.persist ? MODEL_EVERY_MS : -1;
    return this.ctl.client.request(Req.train, { spec, config, modelEveryMs });
  }

  finish({ runId, settings, result, label, experiment, keep = true }) {
    const history = result.history;
    const ended = result.reason;
    const previous = this.state.runs.at(-1);
    const existing = this.state.runs.find((r) => r.id === runId);
    const run = existing
      ? { ...existing, history, final: makeRun({ id: runId, settings, history }).final, ended, batches: this.live.batches }
      : { ...makeRun({ id: runId, settings, previous, history, batches: this.live.batches, trainCount: result.trainCount, valCount: result.valCount, ended, experiment, label }), params: result.model?.numParams ?? null };
    const runs = (s) => (existing ? replaceRun(s.runs, run) : keep ? keepRun(s.runs, run) : s.runs);
    // One update: the run, its curves and the phase that says it ended arrive together.
    this.ctl.set((s) => ({
      ...s,
      runs: runs(s),
      current: { runId, history, batches: this.live.batches },
      trained: { runId, settings, imported: false },
      inside: { ...EMPTY_INSIDE },  // what it showed was the old network's
      training: {
        ...s.training,
        phase: ended === 'stopped' ? 'stopped' : 'done',
        epoch: history.length,
        fraction: ended === 'stopped' ? s.training.fraction : 1,
        trainCount: result.trainCount,
        valCount: result.valCount,
        message: ended === 'early-stop' ? { key: 'train.earlyStop', params: { epoch: history.length } } : null,
      },
    }));
    if (!experiment) this.refreshConfusion();
    return run;
  }

  failed({ runId, settings, err, label, experiment, keep = true }) {
    const diverged = isDivergence(err);
    const history = this.live.history;
    const run = makeRun({ id: runId, settings, previous: this.state.runs.at(-1), history, batches: this.live.batches,
      trainCount: null, valCount: null, ended: diverged ? 'diverged' : 'error', experiment, label });
    this.ctl.set((s) => ({
      ...s,
      runs: s.runs.some((r) => r.id === runId) ? replaceRun(s.runs, { ...run, changes: s.runs.find((r) => r.id === runId).changes }) : keep ? keepRun(s.runs, run) : s.runs,
      current: { runId, history, batches: this.live.batches },
      // The engine keeps the last good weights of a diverged run: they still classify.
      trained: history.length ? { runId, settings, imported: false } : s.trained,
      inside: history.length ? { ...EMPTY_INSIDE } : s.inside,
      training: { ...s.training, phase: 'error', diverged, message: { key: 'train.failed', params: {}, err: { code: err.code, params: err.params, message: err.message } } },
    }));
    return run;
  }

  // After Stop: on to the planned epochs; after a finished run: `epochs` more, same run.
  async continueRun(epochs) {
    const { training, current } = this.state;
    if (this.running || !this.canContinue()) return null;
    const resume = training.phase === 'stopped';
    const settings = this.state.trained.settings;
    const kept = this.state.runs.find((r) => r.id === current.runId);
    this.live = { runId: current.runId, settings, label: kept?.label ?? null, experiment: kept?.experiment ?? null, history: current.history, batches: current.batches,
      clock: { t0: performance.now(), startEpoch: current.history.length } };
    this.setTraining({ phase: 'training', totalEpochs: resume ? training.totalEpochs : current.history.length + epochs, message: null, etaSeconds: NaN });
    try {
      // After Stop, the run goes on to its planned end: the epochs it had left (the one Stop cut
      // short counts among them).
      const more = resume ? Math.max(1, training.totalEpochs - current.history.length) : epochs;
      const result = await this.ctl.client.request(Req.continue, { epochs: more });
      return this.finish({ runId: current.runId, settings, result, label: null, experiment: null });
    } catch (err) {
      return this.failed({ runId: current.runId, settings, err, label: null, experiment: null });
    }
  }

  canContinue() {
    const { trained, training } = this.state;
    return Boolean(trained && !trained.imported && ['stopped', 'done'].includes(training.phase));
  }

  async stop() {
    if (this.state.training.phase !== 'training') return;
    this.setTraining({ phase: 'stopping' });
    await this.ctl.client.request(Req.stop);
  }

  modelImported() {
    this.live = null;
    this.ctl.set({ trained: { runId: null, settings: this.state.settings, imported: true }, current: { runId: null, history: [], batches: [] }, confusion: null, inside: { ...EMPTY_INSIDE } });
    this.setTraining({ phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0, message: { key: 'train.imported', params: {} } });
  }

  toggleRun(id) {
    this.ctl.set((s) => ({ ...s, runs: toggleRun(s.runs, id) }));
  }

  // ---- progress --------------------------------------------------------------------------------

  onBatch(e) {
    if (!this.live || this.state.training.phase !== 'training') return;
    const { totalEpochs } = this.state.training;
    const done = (e.epoch - 1) * e.batches + e.batch;  // batches done in the run
    const target = totalEpochs * e.batches;
    const startDone = this.live.clock.startEpoch * e.batches;
    const elapsed = (performance.now() - this.live.clock.t0) / 1000;
    const rate = (done - startDone) / Math.max(elapsed, 1e-3);  // batches per second
    const losses = e.losses ?? [e.loss];
    losses.forEach((loss, i) => {
      this.live.batches = [...this.live.batches, { x: e.epoch - 1 + (e.batch - losses.length + 1 + i) / e.batches, loss: this.smoother.push(loss), raw: loss }];
    });
    this.livePatch = {
      epoch: e.epoch,
      fraction: Math.min(1, done / target),
      etaSeconds: rate > 0 ? (target - done) / rate : NaN,
      imagesPerSecond: e.imagesPerSecond,
    };
    this.redrawSoon();
  }

  onEpoch(e) {
    if (!this.live) return;
    const { event, model, ...metrics } = e;  // the model file (for persist.js) stays out of the curves
    this.live.history = [...this.live.history.filter((m) => m.epoch !== metrics.epoch), metrics];
    this.redrawSoon();
  }

  // Batch and epoch events can come faster than a learner can read; coalescing them keeps the page
  // thread nearly idle while the worker trains (each redraw lays out and paints the charts).
  redrawSoon() {
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = 0;
      if (!this.live || !this.running) return;
      this.ctl.set((s) => ({ ...s, current: { runId: this.live.runId, history: this.live.history, batches: this.live.batches } }));
      if (this.livePatch) this.setTraining(this.livePatch);
    }, PROGRESS_UI_MS);
  }

  // ---- the trained net's validation photos -------------------------------------------------------

  // After a run ends (done or stopped) the validation split is scored with the weights as they are.
  async refreshConfusion() {
    const { training, trained } = this.state;
    if (!trained || trained.imported || !training.valCount) return;
    try {
      const result = await this.ctl.client.request(Req.evaluate, { split: 'val' });
      if (!this.running && this.state.trained?.runId === trained.runId) this.ctl.set({ confusion: { result, runId: trained.runId } });
    } catch (err) {
      this.ctl.set({ files: { message: { key: 'confusion.failed', params: {}, err: { code: err.code, params: err.params, message: err.message } }, error: true } });
    }
  }
}
