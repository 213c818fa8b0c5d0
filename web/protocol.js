// protocol.js — the typed message protocol between the page and the engine worker, and its client.
//
// The page never loads WebAssembly: it talks to `worker/engine-worker.js` (a module worker) with
// requests and gets replies, plus unsolicited events while training runs.
//
//   page → worker   {id, type, ...payload}                  one of the Request types below
//   worker → page   {id, ok: true, result}                  the request's Result type
//                   {id, ok: false, error: {message}}       a readable refusal; the worker lives on
//                                                           (after a WebAssembly trap, which should
//                                                           never happen, the engine restarts with
//                                                           the stored images but no model)
//                   {event: 'batch' | 'epoch', ...}         training progress (no id)
//
// Large arrays (file bytes, pixels, probabilities, feature maps, model files) are transferred,
// not copied: after sending `files[i].bytes` the page's ArrayBuffer is detached.
// Tensors are NCHW float32 with pixels in [0, 1], as everywhere in CNN Lab.
// Requests are handled in order; during training the worker handles them between batches, so
// `stop` is honoured within one batch and `predict`/`activations` answer while training runs.

/** Request types (the `type` field). */
export const Req = Object.freeze({
  init: 'init',
  addImages: 'addImages',
  addPixels: 'addPixels',
  removeImages: 'removeImages',
  clearImages: 'clearImages',
  datasetInfo: 'datasetInfo',
  describe: 'describe',
  build: 'build',
  train: 'train',
  stop: 'stop',
  continue: 'continue',
  evaluate: 'evaluate',
  predict: 'predict',
  activations: 'activations',
  weights: 'weights',
  saveModel: 'saveModel',
  loadModel: 'loadModel',
  checkModel: 'checkModel',
  decodeImage: 'decodeImage',
  probe: 'probe',
});

/** Event names (the `event` field of unsolicited messages). */
export const Ev = Object.freeze({ batch: 'batch', epoch: 'epoch' });

// ---- Requests and their results -------------------------------------------------------------

/**
 * `init` → {@link EngineInfo}. Optional: every request loads the engine on first use.
 * @typedef {{version: string, simd: boolean}} EngineInfo
 */

/**
 * A file handed to the worker. `bytes` is transferred.
 * @typedef {{name: string, bytes: ArrayBuffer}} FileBytes
 */

/**
 * `addImages` {classIndex, files, thumbSize = 64} → {images: ImageResult[]} (same order as files).
 * Each file is decoded once, centre-cropped and resized to 96×96 8-bit RGB (`pixels`, planar
 * C·H·W, as `addPixels` takes them); the worker keeps those pixels, not the file, and fits them to
 * the model's input when training starts. The reply carries a copy of the pixels (the page stores
 * them) and a thumbSize×thumbSize RGBA thumbnail (ready for `new ImageData(thumb.rgba, thumb.width,
 * thumb.height)`).
 * @typedef {{classIndex: number, files: FileBytes[], thumbSize?: number}} AddImagesRequest
 * @typedef {{width: number, height: number, rgba: Uint8ClampedArray}} Thumbnail
 * @typedef {{channels: number, height: number, width: number, data: Uint8Array}} Pixels
 * @typedef {{name: string, ok: true, id: number, thumb: Thumbnail, pixels: Pixels}
 *         | {name: string, ok: false, reason: string}} ImageResult
 */

/**
 * `addPixels` → {ids: number[]}. Images given as 8-bit pixels, N·C·H·W (planar, like the
 * tensors; the Fashion-MNIST demo set `fashion.bin` is N·1·28·28). Give `classIndex` for all, or
 * `labels` per image. They are fitted to the model's input like photos (centre crop + resize;
 * grey is copied into 3 channels when the model wants colour).
 * @typedef {{channels: number, height: number, width: number, pixels: Uint8Array,
 *            classIndex?: number, labels?: Int32Array | number[], names?: string[]}} AddPixelsRequest
 */

/**
 * `removeImages` {ids: number[]} → {removed: number}
 * `clearImages` {classIndex?: number} → {removed: number} (all classes when classIndex is absent)
 * `datasetInfo` {} → {counts: number[]} images per class index.
 */

/**
 * `describe` {spec} → {@link ModelInfo} of a throwaway network built from `spec`: the editor's
 * shapes and weight counts. The current model (trained or imported) is left as it is.
 */

/**
 * `build` {spec, seed = 42} → {@link ModelInfo}. Replaces the current model (and ends any
 * finished training session). `spec` is the model spec object of DESIGN.md "Model spec".
 * A bad spec is refused with a message naming the layer: "layer 2 (conv2d): …".
 * @typedef {{spec: object, seed?: number}} BuildRequest
 * @typedef {{type: string, outShape: number[], params: number}} LayerInfo
 * @typedef {{spec: object, classes: string[], numParams: number, layers: LayerInfo[]}} ModelInfo
 */

/**
 * `train` {@link TrainRequest} → {@link TrainResult}, replied when training ends (all epochs done,
 * early stopping, or `stop`). Meanwhile the worker sends {@link BatchEvent}s (about every
 * 100 ms, and at the end of each epoch) and one {@link EpochEvent} per epoch. The stored images are decoded at the model's
 * input size and split (stratified, by `seed`) into training and validation sets.
 * @typedef {{epochs: number, batchSize?: number, valSplit?: number, seed?: number,
 *            optimizer?: {type: 'adam'|'sgd', lr?: number, weightDecay?: number, momentum?: number,
 *                         nesterov?: boolean},
 *            augment?: Array<'flip'|'crop'|'jitter'>, earlyStopPatience?: number,
 *            schedule?: 'none'|'step'|'cosine', stepEvery?: number, stepGamma?: number,
 *            modelEveryMs?: number}} TrainRequest
 *          (modelEveryMs: epoch events carry the model file as it is at that epoch's end, at most
 *          once per that many ms, the first epoch always; `continue` keeps the setting)
 * @typedef {{history: EpochMetrics[], reason: 'done'|'stopped'|'early-stop',
 *            trainCount: number, valCount: number}} TrainResult
 */

/**
 * `stop` {} → {stopped: boolean}; replied once the training loop has halted (false: none ran).
 * `continue` {epochs} → {@link TrainResult}: more epochs of the stopped or finished session,
 * keeping its data split, optimizer state and epoch numbering; the history covers the session.
 */

/**
 * `evaluate` {split: 'train' | 'val'} → {@link EvalResult} on the last training session's split.
 * @typedef {{loss: number, accuracy: number, confusion: number[][], perClassAccuracy: number[]}} EvalResult
 */

/**
 * `predict` {files: FileBytes[]} or {ids: number[]} (stored images) → {predictions: Prediction[]}.
 * @typedef {{name: string, ok: true, index: number, label: string, probs: Float32Array}
 *         | {name: string, ok: false, reason: string}} Prediction
 */

/**
 * `activations` {file: FileBytes} or {id: number} → {@link Activations}: the input as the model
 * sees it and every layer's output for that one image (feature-map views).
 * @typedef {{shape: number[], data: Float32Array}} TensorData
 * @typedef {{input: TensorData, layers: Array<TensorData & {index: number, type: string}>,
 *            probs: Float32Array, label: string}} Activations
 */

/**
 * `weights` {} → {weights: NamedWeight[]} of the current model (PyTorch layout).
 * @typedef {{name: string, shape: number[], data: Float32Array}} NamedWeight
 */

/**
 * `saveModel` {} → {bytes: ArrayBuffer} a model file (DESIGN.md "Model file"), transferred.
 * `loadModel` {bytes: ArrayBuffer} → {@link ModelInfo}; a truncated or foreign file is refused.
 * `checkModel` {bytes: ArrayBuffer} → {@link ModelInfo} of the file, refused as loadModel would be,
 *   without replacing the current model.
 */

/**
 * `decodeImage` {bytes: ArrayBuffer, channels, height, width} → TensorData (C, H, W) in [0, 1]:
 * the learner's own photo for the convolution lessons.
 */

/**
 * `probe` {spec, x: Float32Array, n = 1, weights?: NamedWeight[], seed = 1} →
 * {numParams, layers: Array<TensorData & {index, type}>}: a throwaway network (not the model) run
 * forward on x (n·C·H·W) — how lessons show one neuron, one convolution or one pooling step.
 */

// ---- Events ---------------------------------------------------------------------------------

/**
 * @typedef {{event: 'batch', epoch: number, batch: number, batches: number, loss: number,
 *            losses: number[], imagesPerSecond: number}} BatchEvent
 *          (`losses`: every batch's loss since the previous event, the last one being `batch`'s;
 *          an event also closes each epoch and precedes a divergence refusal)
 * @typedef {{epoch: number, trainLoss: number, trainAcc: number, valLoss: number | null,
 *            valAcc: number | null, lr: number, seconds: number}} EpochMetrics
 *          (valLoss/valAcc are null without a validation set)
 * @typedef {{event: 'epoch', model?: ArrayBuffer} & EpochMetrics} EpochEvent
 *          (`model`: see TrainRequest.modelEveryMs)
 */

// ---- Client ---------------------------------------------------------------------------------

/** Starts the engine worker; its URL is resolved next to this file, so any sub-path works. */
export function createEngineWorker() {
  return new Worker(new URL('./worker/engine-worker.js', import.meta.url), { type: 'module' });
}

/** Promise-based client: `await client.request(Req.build, {spec})`, `client.on(Ev.epoch, fn)`. */
export class EngineClient {
  /** @param {Worker} worker */
  constructor(worker = createEngineWorker()) {
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    worker.addEventListener('message', (e) => this.receive(e.data));
    worker.addEventListener('error', (e) => this.failAll(new Error(`engine worker failed: ${e.message}`)));
  }

  /**
   * Sends one request; resolves with its result or rejects with an Error carrying the message.
   * @param {string} type one of {@link Req}
   * @param {object} [payload]
   * @param {Transferable[]} [transfer] buffers to move to the worker (e.g. file bytes)
   */
  request(type, payload = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...payload, id, type }, transfer);
    });
  }

  /** Subscribes to an event ({@link Ev}); returns the unsubscribe function. */
  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(handler);
    return () => this.handlers.get(event).delete(handler);
  }

  receive(msg) {
    if (msg.event) {
      for (const handler of this.handlers.get(msg.event) ?? []) handler(msg);
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new Error(msg.error.message));
  }

  failAll(error) {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  terminate() {
    this.worker.terminate();
    this.failAll(new Error('engine worker terminated'));
  }
}
