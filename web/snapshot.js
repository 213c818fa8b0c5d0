// snapshot.js — the learner's whole lab as plain data: settings, photos (the pixels the worker kept),
// the demo's held-out samples, the kept runs and the trained model. One piece serves both the
// browser storage (persist.js) and the class bundle file (bundle.js): taken from the controller,
// checked field by field, and put back. DOM-free.
import { Req } from './protocol.js';
import { EMPTY_INSIDE, decodeHash, defaultSettings, encodeHash } from './state.js';
import { MAX_RUNS } from './runs.js';

// Limits that keep a damaged or hostile snapshot from asking for absurd amounts of memory.
export const LIMITS = Object.freeze({ photos: 100000, samples: 10000, side: 1024, name: 500, classes: 10 });

/** A snapshot that cannot be used; `detail` (English, for the console and tests) names the field. */
export class SnapshotError extends Error {
  constructor(detail) {
    super(detail);
    this.detail = detail;
  }
}

/**
 * @typedef {{channels: number, height: number, width: number}} Shape
 * @typedef {{key: number, classIndex: number, name: string, shape: Shape, pixels: Uint8Array}} PhotoRecord
 * @typedef {{index: number, classIndex: number, name: string, shape: Shape, pixels: Uint8Array}} Sample
 * @typedef {{settings: object, photos: PhotoRecord[], samples: Sample[], runs: object[],
 *            trained: {runId: number|null, settings: object, imported: boolean} | null,
 *            model: ArrayBuffer | null}} Snapshot
 */

/** The lab as it is now, without the model's bytes (modelBytes() asks the worker for those). */
export function snapshotOf(ctl) {
  const s = ctl.state;
  return {
    settings: s.settings,
    photos: ctl.photos.all().map((r) => ({ key: r.key, classIndex: r.classIndex, name: r.name, shape: r.shape, pixels: r.pixels })),
    samples: s.samples.map((x) => ({ index: x.index, classIndex: x.classIndex, name: x.name, shape: x.shape, pixels: x.pixels })),
    runs: s.runs,
    trained: s.trained,
    model: null,
  };
}

/** The worker's current model as a model file, or null when there is none. */
export async function modelBytes(ctl) {
  if (!ctl.state.trained) return null;
  return (await ctl.client.request(Req.saveModel)).bytes;
}

/** A complete snapshot, model included (bundle export; a bundle import's way back). */
export async function takeSnapshot(ctl) {
  return { ...snapshotOf(ctl), model: await modelBytes(ctl) };
}

// ---- checks -------------------------------------------------------------------------------------

const fail = (detail) => {
  throw new SnapshotError(detail);
};
const isInt = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v) => v === null || v === undefined || isNum(v);
const plain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The settings made safe: every field as a link would give it (state.js decodeHash). */
export function checkSettings(raw, base = defaultSettings(['a', 'b'])) {
  if (!plain(raw) || !Array.isArray(raw.classes) || !plain(raw.input) || !Array.isArray(raw.layers) || !plain(raw.hp)) fail('settings: not a settings object');
  if (!raw.classes.every((c) => typeof c === 'string' && c.length <= LIMITS.name) || raw.classes.length < 2 || raw.classes.length > LIMITS.classes) fail('settings.classes: 2 to 10 names');
  let hash;
  try {
    hash = encodeHash(raw);
  } catch (err) {
    fail(`settings: ${err.message}`);
  }
  const settings = decodeHash(hash, base);
  settings.classes = [...raw.classes];  // names may hold characters a link trims; keep them as they were
  return settings;
}

export function checkShape(shape, what) {
  if (!plain(shape) || ![1, 3].includes(shape.channels) || !isInt(shape.height, 1, LIMITS.side) || !isInt(shape.width, 1, LIMITS.side)) {
    fail(`${what}: shape must be 1 or 3 channels of at most ${LIMITS.side}×${LIMITS.side}`);
  }
  return shape.channels * shape.height * shape.width;
}

function checkImage(item, what, classCount) {
  if (!plain(item)) fail(`${what}: not an object`);
  if (!isInt(item.classIndex, 0, classCount - 1)) fail(`${what}: class ${item.classIndex} is not one of the ${classCount} classes`);
  if (typeof item.name !== 'string' || item.name.length > LIMITS.name) fail(`${what}: bad name`);
  const size = checkShape(item.shape, what);
  if (!(item.pixels instanceof Uint8Array) || item.pixels.length !== size) fail(`${what}: ${item.pixels?.length} pixel values, expected ${size}`);
}

const ENDINGS = ['done', 'stopped', 'early-stop', 'diverged', 'error', 'interrupted'];

function checkHistory(history, what) {
  if (!Array.isArray(history)) fail(`${what}: history is not a list`);
  history.forEach((m, i) => {
    if (!plain(m) || !isInt(m.epoch, 1, 1e6) || !isNum(m.trainLoss) || !isNum(m.trainAcc) || !numOrNull(m.valLoss) || !numOrNull(m.valAcc)) fail(`${what}: epoch ${i + 1} is not a set of numbers`);
  });
}

function checkBatches(batches, what) {
  if (!Array.isArray(batches) || !batches.every((b) => plain(b) && isNum(b.x) && numOrNull(b.loss) && numOrNull(b.raw))) fail(`${what}: batch losses are not numbers`);
}

export function checkRun(run, what) {
  if (!plain(run) || !isInt(run.id, 1, 1e9)) fail(`${what}: no run id`);
  checkHistory(run.history, what);
  checkBatches(run.batches ?? [], what);
  if (!plain(run.settings) || !Array.isArray(run.changes ?? [])) fail(`${what}: settings missing`);
  if (!ENDINGS.includes(run.ended)) fail(`${what}: unknown ending '${run.ended}'`);
  if (!(run.final === null || (plain(run.final) && isNum(run.final.trainAcc)))) fail(`${what}: final metrics are not numbers`);
  if (!numOrNull(run.trainCount) || !numOrNull(run.valCount) || !numOrNull(run.params)) fail(`${what}: counts are not numbers`);
  if (typeof run.visible !== 'boolean') fail(`${what}: visible is not true/false`);
}

/**
 * Checks every field of a snapshot (storage or bundle may be damaged or foreign) and returns it with
 * the settings made safe. The model bytes are checked by the engine (Req.checkModel), not here.
 */
export function checkSnapshot(snap) {
  if (!plain(snap)) fail('snapshot: not an object');
  const settings = checkSettings(snap.settings);
  const k = settings.classes.length;
  if (!Array.isArray(snap.photos) || snap.photos.length > LIMITS.photos) fail('photos: not a list');
  const keys = new Set();
  snap.photos.forEach((p, i) => {
    checkImage(p, `photo ${i + 1}`, k);
    if (!isInt(p.key, 1, Number.MAX_SAFE_INTEGER) || keys.has(p.key)) fail(`photo ${i + 1}: bad key`);
    keys.add(p.key);
  });
  if (!Array.isArray(snap.samples) || snap.samples.length > LIMITS.samples) fail('samples: not a list');
  snap.samples.forEach((x, i) => {
    checkImage(x, `sample ${i + 1}`, k);
    if (!isInt(x.index, 0, LIMITS.samples)) fail(`sample ${i + 1}: bad index`);
  });
  if (!Array.isArray(snap.runs) || snap.runs.length > MAX_RUNS) fail('runs: not a list');
  snap.runs.forEach((r, i) => checkRun(r, `run ${i + 1}`));
  if (new Set(snap.runs.map((r) => r.id)).size !== snap.runs.length) fail('runs: two runs share an id');
  const t = snap.trained;
  if (!(t === null || (plain(t) && (t.runId === null || isInt(t.runId, 1, 1e9)) && plain(t.settings)))) fail('trained: not a model description');
  if (snap.model !== null && !(snap.model instanceof ArrayBuffer)) fail('model: not bytes');
  if (Boolean(t) !== Boolean(snap.model)) fail('model: the description and the bytes do not go together');
  return { ...snap, settings, trained: t && { runId: t.runId, settings: checkSettings(t.settings), imported: Boolean(t.imported) } };
}

// ---- put back -----------------------------------------------------------------------------------

/**
 * Replaces the lab with a checked snapshot: the worker's photos and model, the settings, runs and
 * samples. The model has no training session behind it (Continue starts a new run).
 * `keepModel`: leave the worker's model and `trained` as they are (a model the learner imported
 * while the page was starting wins over a stored one).
 */
export async function applySnapshot(ctl, snap, { keepModel = false } = {}) {
  await ctl.photos.clear();
  await ctl.photos.addRecords(snap.photos);
  const restoreModel = snap.model && !keepModel;
  if (restoreModel) await ctl.client.request(Req.loadModel, { bytes: snap.model.slice(0) });
  ctl.runner.nextRunId = Math.max(ctl.runner.nextRunId, 1 + Math.max(0, ...snap.runs.map((r) => r.id), snap.trained?.runId ?? 0));
  ctl.set((s) => ({
    ...s,
    settings: snap.settings,
    runs: snap.runs,
    samples: snap.samples,
    trained: keepModel ? s.trained : restoreModel ? { ...snap.trained, imported: true } : null,
    current: { runId: null, history: [], batches: [] },
    training: { phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0, message: null },
    confusion: null,
    classify: { results: [], busy: false, message: null },
    inside: { ...EMPTY_INSIDE },
    experiment: null,
  }));
  ctl.syncImages();
  ctl.describe();
}
