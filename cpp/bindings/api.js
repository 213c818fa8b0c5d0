// bindings/api.js — the public JavaScript API of DESIGN.md over the raw Embind classes.
// Appended inside the Emscripten module factory (--post-js), so `Module` is the module being
// built; the raw classes (NetworkCore, …) are looked up when first used, after Embind registered
// them. JS types are checked here; C++ refusals come back through hasError()/takeError() (see
// wire.h) and are thrown as Errors carrying .code and .params, so the module stays usable.
//
// Each wrapper class defines only what needs converting (arrays, JSON text, ownership); every
// other method of its raw class is forwarded as it is, with the refusal check (forwardRaw).
(function installCnnLabApi() {
  function check() {
    if (!Module['hasError']()) return;
    const parked = Module['takeError']();
    const err = new Error(parked.message);
    err.code = parked.code;  // stable, e.g. 'spec.unknown_type' (web/i18n/errors.js)
    err.params = parked.params;  // {layer: '3', type: 'conv3d', …}, as text
    throw err;
  }
  // Evaluates a raw call's result, then throws if the call failed.
  function checked(result) {
    check();
    return result;
  }
  function floats(x, what) {
    if (x instanceof Float32Array) return x;
    if (Array.isArray(x) || ArrayBuffer.isView(x)) return Float32Array.from(x);
    throw new TypeError(`${what}: expected a Float32Array, got ${Object.prototype.toString.call(x)}`);
  }
  function ints(y, what) {
    if (y instanceof Int32Array) return y;
    if (Array.isArray(y) || ArrayBuffer.isView(y)) return Int32Array.from(y);
    throw new TypeError(`${what}: expected an Int32Array, got ${Object.prototype.toString.call(y)}`);
  }
  function bytes(b, what) {
    if (b instanceof Uint8Array) return b;
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    throw new TypeError(`${what}: expected bytes (Uint8Array or ArrayBuffer), got ${Object.prototype.toString.call(b)}`);
  }
  function integer(v, what) {
    if (!Number.isInteger(v)) throw new TypeError(`${what}: expected an integer, got ${v}`);
    return v;
  }
  function jsonText(v) {
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  // Gives `cls` every method of the raw class it lacks: same name, same arguments, refusals
  // thrown. Done on first use, when Embind has registered the raw class.
  function forwardRaw(cls, rawName) {
    if (Object.prototype.hasOwnProperty.call(cls, '_forwarded')) return;
    cls._forwarded = true;
    for (const name of Object.getOwnPropertyNames(Module[rawName].prototype)) {
      if (name === 'constructor' || name in cls.prototype) continue;
      cls.prototype[name] = function () {
        const raw = this.raw();
        return checked(raw[name].apply(raw, arguments));
      };
    }
  }

  // One owner per C++ object: delete() frees it once; any later use is a readable error.
  class Handle {
    constructor(raw, kind) {
      this._raw = raw;
      this._kind = kind;
    }
    raw() {
      if (!this._raw) throw new Error(`${this._kind}: used after delete()`);
      return this._raw;
    }
    isDeleted() {
      return !this._raw;
    }
    delete() {
      if (this._raw) this._raw.delete();
      this._raw = null;
    }
  }
  // A wrapper of class `cls` around a raw object made by a static factory, not the constructor.
  function adopt(cls, raw, kind) {
    forwardRaw(cls, `${kind}Core`);
    const out = Object.create(cls.prototype);
    out._raw = raw;
    out._kind = kind;
    return out;
  }

  // Also forwarded: numParams(), getWeights() → [{name, shape, data}], save() → Uint8Array,
  // layerInfo() → [{type, outShape, params}].
  class Network extends Handle {
    // spec: the model spec (object or JSON text); seed: weight initialisation.
    constructor(spec, seed = 42) {
      forwardRaw(Network, 'NetworkCore');
      super(checked(Module['NetworkCore']['create'](jsonText(spec), integer(seed, 'Network seed') >>> 0)), 'Network');
    }
    // Bytes of a model file → Network (a truncated or foreign file throws).
    static load(fileBytes) {
      return adopt(Network, checked(Module['NetworkCore']['load'](bytes(fileBytes, 'Network.load'))), 'Network');
    }
    setOptimizer(config) {
      checked(this.raw().setOptimizer(jsonText(config)));
    }
    // x: Float32Array N·C·H·W, y: Int32Array N → mean loss; one optimizer step.
    trainBatch(x, y) {
      return checked(this.raw().trainBatch(floats(x, 'trainBatch'), ints(y, 'trainBatch')));
    }
    // {loss, grads: [{name, shape, data}]} for one batch, no step (gradient views and tests).
    gradients(x, y) {
      return checked(this.raw().gradients(floats(x, 'gradients'), ints(y, 'gradients')));
    }
    predict(x) {
      return checked(this.raw().predict(floats(x, 'predict')));
    }
    forward(x) {
      return checked(this.raw().forward(floats(x, 'forward')));
    }
    // [{index, type, shape: [N, ...], data}] — every layer's output, eval mode.
    activations(x) {
      return checked(this.raw().activations(floats(x, 'activations')));
    }
    // The saliency map: d(logit of classIndex)/dx for each input value, (N, C, H, W), eval mode.
    saliency(x, classIndex) {
      return checked(this.raw().saliency(floats(x, 'saliency'), integer(classIndex, 'saliency class')));
    }
    setWeights(weights) {
      if (!Array.isArray(weights)) throw new TypeError('setWeights: expected an array of {name, shape, data}');
      const list = weights.map((w, i) => {
        if (!w || typeof w.name !== 'string') throw new TypeError(`setWeights: entry ${i} has no name`);
        if (!Array.isArray(w.shape)) throw new TypeError(`setWeights: '${w.name}' has no shape array`);
        return { name: w.name, shape: Int32Array.from(w.shape), data: floats(w.data, `setWeights '${w.name}'`) };
      });
      checked(this.raw().setWeights(list));
    }
    // ONNX ModelProto as protobuf JSON text; web/onnx.js encodes it (README "ONNX export").
    onnxJson({ probs = true } = {}) {
      return checked(this.raw().onnxJson(Boolean(probs)));
    }
    spec() {
      return JSON.parse(this.raw().spec());
    }
    // {loss, accuracy, count, classes, confusion, perClassAccuracy} on a Dataset, eval mode. With
    // {perSample: true} also samples: {origin, label, predicted, probs (count·K)}, in the set's
    // order; origin is the sample's index in the order it was added (kept through splitOff and
    // limitPerClass).
    evaluate(dataset, batchSize = 128, { perSample = false } = {}) {
      if (!(dataset instanceof Dataset)) throw new TypeError('evaluate: expected a Dataset');
      return checked(this.raw().evaluate(dataset.raw(), integer(batchSize, 'evaluate batchSize'), Boolean(perSample)));
    }
  }

  // Labelled images held inside WASM (8-bit), all of one size, for Trainer and evaluate.
  // Also forwarded: size(), classCounts(), limitPerClass(limit, seed) (keeps at most `limit`
  // images of each class, chosen by the seed; 0 keeps all).
  class Dataset extends Handle {
    constructor(channels, height, width, classes) {
      if (!Array.isArray(classes)) throw new TypeError('Dataset: classes must be an array of names');
      forwardRaw(Dataset, 'DatasetCore');
      super(
        checked(Module['DatasetCore']['create'](integer(channels, 'Dataset channels'), integer(height, 'Dataset height'),
          integer(width, 'Dataset width'), classes.map(String))),
        'Dataset');
    }
    // An image file (JPEG/PNG/BMP/GIF), decoded and fitted to the set's size.
    addImage(fileBytes, label) {
      checked(this.raw().addImage(bytes(fileBytes, 'addImage'), integer(label, 'addImage label')));
    }
    // Interleaved 8-bit pixels (height, width, channels), channels 1 or 3.
    addPixels(pixels, channels, height, width, label) {
      checked(this.raw().addPixels(bytes(pixels, 'addPixels'), integer(channels, 'addPixels channels'),
        integer(height, 'addPixels height'), integer(width, 'addPixels width'), integer(label, 'addPixels label')));
    }
    // Float (C, H, W) in [0, 1]; NaN or infinity is refused.
    addTensor(chw, label) {
      checked(this.raw().addTensor(floats(chw, 'addTensor'), integer(label, 'addTensor label')));
    }
    // Moves a stratified fraction into a new Dataset (returned; the caller deletes it).
    splitOff(valFraction, seed = 42) {
      const raw = checked(this.raw().splitOff(valFraction, integer(seed, 'splitOff seed') >>> 0));
      return adopt(Dataset, raw, 'Dataset');
    }
  }

  // Step-wise training of a whole run: the worker calls step() and yields between batches.
  // Forwarded from the engine's Trainer (cpp/train.h): step(), epochDone(), endEpoch() →
  // {epoch, trainLoss, trainAcc, valLoss, valAcc, lr, seconds}, extend(epochs), shouldStop(),
  // stoppedEarly(), bestEpoch(), batchesPerEpoch(), batchInEpoch(), epoch(), targetEpochs(),
  // runningLoss(), runningAcc(), history(), lastValidation().
  class Trainer extends Handle {
    // config: {epochs, batchSize, seed, augment, earlyStopPatience, schedule, stepEvery, stepGamma}
    constructor(network, train, val, config) {
      if (!(network instanceof Network)) throw new TypeError('Trainer: expected a Network');
      if (!(train instanceof Dataset)) throw new TypeError('Trainer: expected a training Dataset');
      if (val != null && !(val instanceof Dataset)) throw new TypeError('Trainer: val must be a Dataset or null');
      forwardRaw(Trainer, 'TrainerCore');
      super(checked(Module['TrainerCore']['create'](network.raw(), train.raw(), val ? val.raw() : null, jsonText(config))),
        'Trainer');
    }
  }

  Module['Network'] = Network;
  Module['Dataset'] = Dataset;
  Module['Trainer'] = Trainer;
  // fileBytes → Float32Array (C, H, W) in [0, 1]; throws on a bad image.
  Module['decodeImage'] = (fileBytes, channels, height, width) =>
    checked(Module['decodeImageCore'](bytes(fileBytes, 'decodeImage'), integer(channels, 'decodeImage channels'),
      integer(height, 'decodeImage height'), integer(width, 'decodeImage width')));
  // Interleaved 8-bit (srcHeight, srcWidth, srcChannels) → Float32Array (C, H, W), fitted as decodeImage.
  Module['fitPixels'] = (hwc, srcChannels, srcHeight, srcWidth, channels, height, width) =>
    checked(Module['fitPixelsCore'](bytes(hwc, 'fitPixels'), integer(srcChannels, 'fitPixels srcChannels'),
      integer(srcHeight, 'fitPixels srcHeight'), integer(srcWidth, 'fitPixels srcWidth'), integer(channels, 'fitPixels channels'),
      integer(height, 'fitPixels height'), integer(width, 'fitPixels width')));
  Object.defineProperty(Module, 'version', { get: () => Module['versionCore'](), enumerable: true });
  Object.defineProperty(Module, 'simd', { get: () => Module['simdInfo']().startsWith('wasm-simd128'), enumerable: true });
})();
