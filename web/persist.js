// persist.js — the lab kept in this browser (IndexedDB), so a reload brings everything back: settings,
// photos (the pixels the worker kept), held-out samples, kept runs, the trained model, and a run
// cut short by the reload with the model of its last saved epoch. Saves follow the store (only what
// changed; photos one record each); storage that is full or not allowed is reported in the store
// (`storage`) and the page goes on without it. DOM-free.
import { Db, storageProblem } from './db.js';
import { Ev, Req } from './protocol.js';
import { applySnapshot, checkRun, checkSettings, checkSnapshot, modelBytes, snapshotOf, SnapshotError } from './snapshot.js';
import { keepRun, makeRun, replaceRun } from './runs.js';

const DB_NAME = 'cnnlab';
const DB_VERSION = 1;
const SAVE_DELAY_MS = 300;
/** During training the worker sends the model with an epoch's end at most this often. */
export const MODEL_EVERY_MS = 2000;

// Pixels that are a view into a larger buffer (demo samples) are copied, so only they are stored.
const own = (a) => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice());

export class Persist {
  constructor(ctl) {
    this.ctl = ctl;
    this.db = null;
    this.saved = {};            // the slices of the state last written
    this.storedKeys = new Set();  // photo keys in the database
    this.timer = 0;
    this.chain = Promise.resolve();  // writes, one after another
  }

  setStorage(patch) {
    this.ctl.set((s) => ({ ...s, storage: { ...s.storage, ...patch } }));
  }

  // A failed open or write: the learner is told why, and the page goes on without storage.
  problem(err) {
    const problem = storageProblem(err);
    console.warn(`CNN Lab: browser storage ${problem}:`, err);
    this.setStorage({ phase: 'problem', problem });
  }

  // ---- reading ------------------------------------------------------------------------------

  /** → {snapshot, progress} from the database, or null (nothing stored, or storage unusable). */
  async load() {
    try {
      this.db = await Db.open(DB_NAME, DB_VERSION, ['meta', 'photos']);
    } catch (err) {
      this.problem(err);
      return null;
    }
    this.setStorage({ phase: 'ok', problem: null });
    try {
      const meta = new Map(await this.db.entries('meta'));
      const photoEntries = await this.db.entries('photos');
      this.storedKeys = new Set(photoEntries.map(([key]) => key));
      if (!meta.has('settings')) return null;
      const settings = meta.get('settings');
      const classes = Array.isArray(settings?.classes) ? settings.classes.length : 0;
      const model = meta.get('model') ?? null;
      const snapshot = checkSnapshot({
        settings,
        // A reload in the middle of removing a class can leave photos of a class that is gone.
        photos: photoEntries.map(([key, v]) => ({ key, ...v })).filter((p) => p.classIndex < classes),
        samples: meta.get('samples') ?? [],
        runs: meta.get('runs') ?? [],
        trained: model?.trained ?? null,
        model: model?.bytes ?? null,
      });
      return { snapshot, progress: checkProgress(meta.get('progress')) };
    } catch (err) {
      if (!(err instanceof SnapshotError)) this.problem(err);
      else console.warn('CNN Lab: the stored lab is unusable and was not restored:', err.detail);
      return null;
    }
  }

  /**
   * Puts a loaded lab back. `hash`: the link the page was opened with, whose settings win over the
   * stored ones (a reload keeps the hash, so it says the same). `skipPhotos`: the link names another
   * demo set, which replaces the stored photos (the stored runs and model are kept).
   */
  async restore({ snapshot, progress }, { settings, skipPhotos = false }) {
    let snap = { ...snapshot, settings };
    if (skipPhotos) snap = { ...snap, photos: [], samples: [] };
    // Photos belong to their classes: a link with another number of classes does not re-label them.
    if (snap.photos.length && settings.classes.length !== snapshot.settings.classes.length) snap.settings = { ...settings, classes: snapshot.settings.classes };
    if (progress) snap = withInterrupted(snap, progress);
    // A model this engine no longer reads (say, from an older format) is left out, the rest comes back.
    let dropped = null;
    if (snap.model) {
      try {
        await this.ctl.client.request(Req.checkModel, { bytes: snap.model.slice(0) });
      } catch (err) {
        dropped = err;
        snap = { ...snap, model: null, trained: null };
        progress = null;
      }
    }
    await applySnapshot(this.ctl, snap);
    if (dropped) this.ctl.set({ keep: { message: { key: 'keep.modelDropped', params: {}, err: { code: dropped.code, params: dropped.params, message: dropped.message } }, error: true } });
    // (A dropped model is deleted from storage by the first save.)
    this.saved = { settings: snapshot.settings, runs: snapshot.runs, samples: snapshot.samples, trained: dropped ? undefined : snap.trained };
    if (progress) {
      const run = snap.runs.find((r) => r.id === progress.runId);
      this.saved.runs = null;  // the interrupted run is now one of the kept runs: write them
      this.saved.trained = null;
      this.ctl.set({
        current: { runId: run.id, history: run.history, batches: run.batches },
        training: { phase: 'idle', epoch: run.history.length, totalEpochs: progress.totalEpochs, fraction: run.history.length / progress.totalEpochs,
          message: { key: 'keep.interrupted', params: { epoch: run.history.length, total: progress.totalEpochs } } },
      });
    }
  }

  // ---- writing ------------------------------------------------------------------------------

  /** From now on every change is saved; the first save writes whatever differs from storage. */
  watch() {
    if (!this.db) return;
    this.saved.images = undefined;
    this.ctl.store.subscribe((next, prev) => {
      // New photos are written at once (a learner may close the page right after adding them);
      // settings wait a moment, so typing a class name is one write.
      if (next.data.images !== prev.data.images && !next.data.busy) this.enqueue(() => this.save());
      else if (['settings', 'runs', 'samples', 'trained'].some((k) => next[k] !== prev[k])) this.saveSoon();
    });
    globalThis.addEventListener?.('pagehide', () => this.flush());
    this.ctl.client.on(Ev.epoch, (e) => {
      if (e.model) this.enqueue(() => this.saveProgress(e));
    });
    this.saveSoon();
  }

  saveSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.enqueue(() => this.save()), SAVE_DELAY_MS);
  }

  enqueue(job) {
    this.chain = this.chain.then(job).catch((err) => this.problem(err));
    return this.chain;
  }

  /** Every pending change written (tests and Start over wait on this). */
  flush() {
    clearTimeout(this.timer);
    return this.enqueue(() => this.save());
  }

  async save() {
    if (!this.db || this.ctl.state.storage?.phase === 'problem') return;
    const s = this.ctl.state;
    // Photos are in flux while they are added, removed or re-labelled: wait for them to settle.
    if (s.data.busy) {
      this.saveSoon();
      return;
    }
    const puts = [];
    const deletes = [];
    const done = {};
    for (const key of ['settings', 'runs', 'samples']) {
      if (s[key] === this.saved[key]) continue;
      puts.push(['meta', key, key === 'samples' ? s.samples.map((x) => ({ ...x, pixels: own(x.pixels) })) : s[key]]);
      done[key] = s[key];
    }
    let keys = null;
    if (s.data.images !== this.saved.images) {
      const photos = snapshotOf(this.ctl).photos;
      keys = new Set(photos.map((p) => p.key));
      for (const p of photos) if (!this.storedKeys.has(p.key)) puts.push(['photos', p.key, { classIndex: p.classIndex, name: p.name, shape: p.shape, pixels: p.pixels }]);
      for (const k of this.storedKeys) if (!keys.has(k)) deletes.push(['photos', k]);
      done.images = s.data.images;
    }
    // The model is read back from the worker once a run has ended or a file was imported.
    if (s.trained !== this.saved.trained && !this.ctl.runner.running) {
      const bytes = await modelBytes(this.ctl);
      if (bytes) puts.push(['meta', 'model', { bytes, trained: s.trained }]);
      else deletes.push(['meta', 'model']);
      deletes.push(['meta', 'progress']);
      done.trained = s.trained;
    }
    await this.db.write({ puts, deletes });
    Object.assign(this.saved, done);
    if (keys) this.storedKeys = keys;
  }

  // An epoch's end with the model as it was then: the run so far, ready to come back after a reload.
  async saveProgress(e) {
    const live = this.ctl.runner.live;
    if (!this.db || !live || this.ctl.state.storage?.phase === 'problem') return;
    const progress = {
      runId: live.runId,
      settings: live.settings,
      label: live.label ?? null,
      experiment: live.experiment ?? null,
      history: live.history.filter((m) => m.epoch <= e.epoch),
      batches: live.batches.filter((b) => b.x <= e.epoch + 1e-9),
      totalEpochs: this.ctl.state.training.totalEpochs,
      model: e.model,
    };
    await this.db.write({ puts: [['meta', 'progress', progress]] });
  }

  /** Start over: everything stored is deleted (the page reloads afterwards). */
  async clear() {
    clearTimeout(this.timer);
    await this.chain;
    const db = this.db;
    this.db = null;  // nothing is written after this
    if (db) {
      await db.write({ clear: ['meta', 'photos'] });
      db.close();
    }
  }
}

function checkProgress(p) {
  if (!p) return null;
  try {
    checkRun({ id: p.runId, history: p.history, batches: p.batches, settings: {}, ended: 'interrupted', final: null, visible: true }, 'interrupted run');
    if (!(p.model instanceof ArrayBuffer) || !(p.totalEpochs >= 1) || !p.history.length) return null;
    return { ...p, settings: checkSettings(p.settings) };
  } catch (err) {
    console.warn('CNN Lab: the interrupted run is unusable:', err.detail ?? err);
    return null;
  }
}

// The snapshot with the run a reload cut short: kept (or, if it was a continued run, its longer
// version), and its last saved epoch's model as the trained model.
function withInterrupted(snap, p) {
  const existing = snap.runs.find((r) => r.id === p.runId);
  const run = {
    ...makeRun({ id: p.runId, settings: p.settings, previous: snap.runs.filter((r) => r.id !== p.runId).at(-1), history: p.history, batches: p.batches,
      trainCount: existing?.trainCount ?? null, valCount: existing?.valCount ?? null, ended: 'interrupted', experiment: p.experiment, label: p.label }),
    ...(existing ? { changes: existing.changes, params: existing.params } : {}),
  };
  const runs = existing ? replaceRun(snap.runs, run) : keepRun(snap.runs, run);
  return { ...snap, runs, model: p.model, trained: { runId: p.runId, settings: p.settings, imported: true } };
}
