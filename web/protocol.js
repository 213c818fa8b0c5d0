// protocol.js — the typed message protocol between the page and the engine worker, and its client.
//
// The page never loads WebAssembly: it talks to `worker/engine-worker.js` (a module worker) with
// requests and gets replies, plus unsolicited events while training runs.
//
//   page → worker   {id, type, ...payload}                  one of the Request types below
//   worker → page   {id, ok: true, result}                  the request's Result type
//                   {id, ok: false, error: {message, code, params}}
//                                                           a refusal (see {@link RefusalInfo}); the
//                                                           worker lives on (after a WebAssembly
//                                                           trap, which should never happen, the
//                                                           engine restarts with the stored images
//                                                           but no model: code 'worker.restarted')
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
  layerTypes: 'layerTypes',
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
  saliency: 'saliency',
  weights: 'weights',
  saveModel: 'saveModel',
  loadModel: 'loadModel',
  checkModel: 'checkModel',
  decodeImage: 'decodeImage',
  probe: 'probe',
  onnxModel: 'onnxModel',
});

/** Event names (the `event` field of unsolicited messages). */
export const Ev = Object.freeze({ batch: 'batch', epoch: 'epoch' });

// ---- Refusals --------------------------------------------------------------------------------

/**
 * Every refusal carries a stable code and named params besides the English message, so the page
 * can say it in the learner's language (web/i18n/errors.js, keyed by code; params are text). The
 * engine's codes are listed by `lab.errorCodes()` (cpp/error_catalog.cpp), the worker's own are
 * 'worker.*' (made with {@link codedError}); 'engine' marks a refusal without a specific code.
 * EngineClient rejects with an Error whose `message` is the English text and which has `.code`
 * and `.params`.
 * @typedef {{message: string, code: string, params: Object<string, string>}} RefusalInfo
 */

/** An Error with a stable code and named params (converted to text), like the engine's refusals. */
export function codedError(code, params, message) {
  const err = new Error(message);
  err.code = code;
  err.params = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, String(v)]));
  return err;
}

// ---- Requests and their results -------------------------------------------------------------

/**
 * `init` → {@link EngineInfo}. Optional: every request loads the engine on first use.
 * @typedef {{version: string, simd: boolean, threads: number}} EngineInfo  (threads > 1: the threaded engine)
 */

/**
 * `layerTypes` {} → {@link LayerType}[]: the engine's layer table (cpp/spec.cpp), in the order the
 * model editor offers the types. `default` is a number, the name of the option it copies (pooling
 * `stride` copies `size`), or null for a required option; kinds: 'int' a whole number, 'pair' a
 * whole number or [height, width], 'rate' a number in [min, max).
 * @typedef {{name: string, kind: 'int'|'pair'|'rate', default: number|string|null, min: number,
 *            max: number, required: boolean}} LayerOptionInfo
 * @typedef {{type: string, options: LayerOptionInfo[]}} LayerType
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
 * tensors; the Fashion-MNIST demo set `fashion-mnist.bin` is N·1·28·28). Give `classIndex` for all, or
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
 * finished training session): the model editor's live shapes and weight counts. `spec` is the
 * model spec object of DESIGN.md "Model spec". A bad spec is refused with a message naming the
 * layer: "layer 2 (conv2d): …" (code 'spec.*', params {layer, type, …}).
 * @typedef {{spec: object, seed?: number}} BuildRequest
 * @typedef {{type: string, outShape: number[], params: number}} LayerInfo
 * @typedef {{spec: object, classes: string[], numParams: number, layers: LayerInfo[]}} ModelInfo
 */

/**
 * `train` {@link TrainRequest} → {@link TrainResult}, replied when training ends (all epochs done,
 * early stopping, or `stop`). With `spec`, a fresh net is built from it in the same request (weights
 * seeded by `config.seed`); it replaces the current model only once the run is set up, so a refused
 * spec or config keeps the model there was. Without `spec` the current model trains on (e.g. an
 * imported one). Meanwhile the worker sends {@link BatchEvent}s (about every 100 ms, and at the
 * end of each epoch) and one {@link EpochEvent} per epoch. The stored images are decoded at the model's input size and split
 * (stratified, by `seed`) into training and validation sets; then `perClassLimit` (0 or absent:
 * all) keeps at most that many TRAINING images of each class, chosen by `seed`, so the validation
 * set stays the same when a learner shrinks the data.
 * The config's names are the engine's own all the way down (the Trainer's are parse_train_config's
 * in cpp/train.cpp): the worker takes out valSplit, perClassLimit and optimizer and hands the rest
 * to the Trainer unchanged; an unknown or badly typed key is refused, naming it.
 * @typedef {{epochs: number, batchSize?: number, seed?: number, valSplit?: number,
 *            perClassLimit?: number,
 *            optimizer?: {type: 'adam'|'sgd', lr?: number, weightDecay?: number, momentum?: number,
 *                         nesterov?: boolean},
 *            augment?: Array<'flip'|'crop'|'jitter'>, earlyStopPatience?: number,
 *            schedule?: 'none'|'step'|'cosine', stepEvery?: number, stepGamma?: number}} TrainConfig
 * @typedef {{spec?: object, config: TrainConfig, modelEveryMs?: number}} TrainRequest
 *          (modelEveryMs: epoch events carry the model file as it is at that epoch's end, at most
 *          once per that many ms, the first epoch always; `continue` keeps the setting)
 * @typedef {{history: EpochMetrics[], reason: 'done'|'stopped'|'early-stop',
 *            trainCount: number, valCount: number, model: ModelInfo}} TrainResult
 */

/**
 * `stop` {} → {stopped: boolean}; replied once the training loop has halted (false: none ran).
 * `continue` {epochs = 1} → {@link TrainResult}: the last run, stopped or finished, goes on until
 * `epochs` more epochs are complete (an epoch that Stop interrupted is the first of them; to finish
 * a stopped run as planned, ask for the epochs it had left). The engine's Trainer keeps the data
 * split, the random stream, the optimizer state and the epoch numbering; the history covers the
 * whole run. A cosine schedule stretches over the new total.
 */

/**
 * `evaluate` {split: 'train' | 'val'} → {@link EvalResult} on the last training session's split.
 * `samples` holds every photo of the split (imageId: the stored image it came from) with its true
 * class, the class the net chose and the probabilities; `confusion` counts exactly those pairs.
 * @typedef {{loss: number, accuracy: number, confusion: number[][], perClassAccuracy: number[],
 *   samples: Array<{imageId: number, label: number, predicted: number, probs: number[]}>}} EvalResult
 */

/**
 * `predict` {files: FileBytes[]} or {ids: number[]} (stored images) → {predictions: Prediction[]}.
 * @typedef {{name: string, ok: true, index: number, label: string, probs: Float32Array}
 *         | {name: string, ok: false, reason: string}} Prediction
 */

/**
 * `activations` {file: FileBytes} or {imageId: number} (a stored image; `id` is the request's own) → {@link Activations}: the input as the model
 * sees it and every layer's output for that one image (feature-map views).
 * @typedef {{shape: number[], data: Float32Array}} TensorData
 * @typedef {{input: TensorData, layers: Array<TensorData & {index: number, type: string}>,
 *            probs: Float32Array, label: string}} Activations
 */

/**
 * `saliency` {file: FileBytes} or {imageId: number}, classIndex → {@link TensorData} (C, H, W): the
 * gradient of that class's logit with respect to each input value of the photo (as the model sees
 * it), in eval mode — the "where does the net look" map.
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
 * `onnxModel` {probs = true} → {model: string}: the current model as an ONNX ModelProto in
 * protobuf's JSON form (input "image", outputs "logits" and, with probs, "probs");
 * `encodeOnnx(model)` of ../onnx.js makes the .onnx bytes (README "ONNX export").
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
 * `epoch` counts on across `continue`; `epochs` is where the run ends.
 * @typedef {{event: 'batch', epoch: number, epochs: number, batch: number, batches: number,
 *            loss: number, losses: number[], imagesPerSecond: number}} BatchEvent
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
   * Sends one request; resolves with its result or rejects with an Error carrying the English
   * message, `.code` and `.params` ({@link RefusalInfo}).
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
    else waiter.reject(codedError(msg.error.code ?? 'engine', msg.error.params, msg.error.message));
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
