// engine.js — the worker's single owner of engine objects: model, stored images, training session.
// Wraps the Embind API (engine/cnnlab.js) in plain operations and deletes every C++ object it
// creates exactly once. Only the worker imports this file; the page talks to the worker.

/** Loads the WASM module that sits next to this file in the built site (engine/cnnlab.js). */
export async function loadEngine(options = {}) {
  const { default: createCnnLab } = await import('./engine/cnnlab.js');
  return new Engine(await createCnnLab(options));
}

const argmax = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

// A photo is decoded once, when added, and kept as this many pixels square (centre-cropped, 8-bit
// RGB): the original file bytes are dropped, so hundreds of 12-megapixel photos fit in memory, and
// the page can store and bundle what the worker trains on. Model inputs above this are enlarged.
export const KEEP_SIZE = 96;

// Float (C, H, W) in [0, 1] → 8-bit (C, H, W).
const toBytes = (chw) => Uint8Array.from(chw, (v) => Math.round(255 * v));

// Float (C, H, W) in [0, 1] → RGBA bytes for ImageData (grey repeated into R, G and B).
function toRgba(chw, channels, height, width) {
  const plane = height * width;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(255 * chw[(channels === 3 ? c : 0) * plane + i]);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

// Planar 8-bit (C, H, W) → interleaved (H, W, C), the layout Dataset.addPixels takes.
function toInterleaved(chw, channels, plane) {
  if (channels === 1) return chw;
  const hwc = new Uint8Array(chw.length);
  for (let c = 0; c < channels; c++) for (let i = 0; i < plane; i++) hwc[i * channels + c] = chw[c * plane + i];
  return hwc;
}

export class Engine {
  constructor(lab) {
    this.lab = lab;
    this.net = null;      // lab.Network
    this.session = null;  // {train, val, trainer, history, base}
    this.images = new Map();  // id → {classIndex, name, pixels: {channels, height, width, data}} (planar 8-bit)
    this.nextId = 1;
  }

  // Takes over another engine's stored images (after a WebAssembly trap killed its module).
  adoptImages(other) {
    this.images = other.images;
    this.nextId = other.nextId;
    return this;
  }

  info() {
    return { version: this.lab.version, simd: this.lab.simd };
  }

  // ---- images --------------------------------------------------------------------------------

  // Each file decoded once into KEEP_SIZE² pixels; the thumbnail is made from those, and a copy of
  // them goes back to the page (which stores them).
  addImages(classIndex, files, thumbSize = 64) {
    return files.map(({ name, bytes }) => {
      try {
        const data = toBytes(this.lab.decodeImage(new Uint8Array(bytes), 3, KEEP_SIZE, KEEP_SIZE));
        const pixels = { channels: 3, height: KEEP_SIZE, width: KEEP_SIZE, data };
        const chw = this.lab.fitPixels(toInterleaved(data, 3, KEEP_SIZE * KEEP_SIZE), 3, KEEP_SIZE, KEEP_SIZE, 3, thumbSize, thumbSize);
        const id = this.nextId++;
        this.images.set(id, { classIndex, name, pixels });
        return { name, ok: true, id, thumb: { width: thumbSize, height: thumbSize, rgba: toRgba(chw, 3, thumbSize, thumbSize) }, pixels: { ...pixels, data: data.slice() } };
      } catch (err) {
        return { name, ok: false, reason: err.message, code: err.code, params: err.params };
      }
    });
  }

  // pixels: N·C·H·W 8-bit; classIndex for all, or labels per image.
  addPixels({ channels, height, width, pixels, classIndex, labels, names }) {
    const size = channels * height * width;
    if (!(channels === 1 || channels === 3) || !(size > 0) || pixels.length % size !== 0)
      throw new Error(`addPixels: ${pixels.length} values are not N·${channels}×${height}×${width} images`);
    const n = pixels.length / size;
    if (labels && labels.length !== n) throw new Error(`addPixels: ${labels.length} labels for ${n} images`);
    const ids = [];
    for (let i = 0; i < n; i++) {
      const id = this.nextId++;
      const data = pixels.slice(i * size, (i + 1) * size);
      this.images.set(id, { classIndex: labels ? labels[i] : classIndex, name: names?.[i] ?? `image ${id}`, pixels: { channels, height, width, data } });
      ids.push(id);
    }
    return ids;
  }

  removeImages(ids) {
    let removed = 0;
    for (const id of ids) removed += this.images.delete(id) ? 1 : 0;
    return removed;
  }

  clearImages(classIndex) {
    let removed = 0;
    for (const [id, image] of this.images) {
      if (classIndex === undefined || image.classIndex === classIndex) {
        this.images.delete(id);
        removed++;
      }
    }
    return removed;
  }

  counts() {
    const counts = [];
    for (const { classIndex } of this.images.values()) counts[classIndex] = (counts[classIndex] ?? 0) + 1;
    return Array.from(counts, (c) => c ?? 0);
  }

  // One stored image, or a file to classify ({name, bytes}), as the model's input: Float32Array (C, H, W).
  input(image) {
    const { channels, height, width } = this.model().spec().input;
    if (image.bytes) return this.lab.decodeImage(image.bytes, channels, height, width);
    const p = image.pixels;
    return this.lab.fitPixels(toInterleaved(p.data, p.channels, p.height * p.width), p.channels, p.height, p.width, channels, height, width);
  }

  // ---- model ---------------------------------------------------------------------------------

  model() {
    if (!this.net) throw new Error('there is no model yet: build one first');
    return this.net;
  }

  modelInfo(net = this.net) {
    const spec = net.spec();
    return { spec, classes: spec.classes, numParams: net.numParams(), layers: net.layerInfo() };
  }

  replaceModel(net) {
    this.endSession();
    if (this.net) this.net.delete();
    this.net = net;
    return this.modelInfo();
  }

  // The shapes and weight counts a spec would give, without touching the current model (the
  // editor asks while the learner edits; the trained net stays for Classify).
  describe(spec) {
    const net = new this.lab.Network(spec, 1);
    try {
      return this.modelInfo(net);
    } finally {
      net.delete();
    }
  }

  // A model file read and described without replacing the current model (a class bundle is checked
  // completely before anything is replaced).
  checkModel(bytes) {
    const net = this.lab.Network.load(new Uint8Array(bytes));
    try {
      return this.modelInfo(net);
    } finally {
      net.delete();
    }
  }

  build(spec, seed = 42) {
    return this.replaceModel(new this.lab.Network(spec, seed));
  }

  loadModel(bytes) {
    return this.replaceModel(this.lab.Network.load(new Uint8Array(bytes)));
  }

  saveModel() {
    return this.model().save().buffer;
  }

  weights() {
    return this.model().getWeights();
  }

  // ---- training session ----------------------------------------------------------------------

  endSession() {
    if (!this.session) return;
    for (const key of ['trainer', 'train', 'val']) if (this.session[key]) this.session[key].delete();
    this.session = null;
  }

  // Decodes every stored image at the model's input size into a WASM Dataset.
  dataset() {
    const { input, classes } = this.model().spec();
    const set = new this.lab.Dataset(input.channels, input.height, input.width, classes);
    try {
      for (const image of this.images.values()) {
        if (!(image.classIndex >= 0 && image.classIndex < classes.length))
          throw new Error(`image '${image.name}' is in class ${image.classIndex + 1}, but the model has ${classes.length} classes`);
        const p = image.pixels;
        set.addPixels(toInterleaved(p.data, p.channels, p.height * p.width), p.channels, p.height, p.width, image.classIndex);
      }
      return set;
    } catch (err) {
      set.delete();
      throw err;
    }
  }

  // req: TrainRequest of protocol.js. Starts a new session on the current model.
  startSession(req) {
    const net = this.model();
    this.endSession();
    const train = this.dataset();
    const val = req.valSplit > 0 ? train.splitOff(req.valSplit, req.seed ?? 42) : null;
    try {
      if (train.size() === 0) throw new Error('there are no training images: add photos to every class first');
      if (req.optimizer) net.setOptimizer(req.optimizer);
      const session = { train, val: val && val.size() > 0 ? val : null, trainer: null, history: [], base: 0 };
      if (val && !session.val) val.delete();
      session.trainer = new this.lab.Trainer(net, train, session.val, this.trainerConfig(req, req.epochs));
      session.config = req;
      this.session = session;
      return session;
    } catch (err) {
      train.delete();
      if (val) val.delete();
      throw err;
    }
  }

  trainerConfig(req, epochs) {
    const config = { epochs, batchSize: req.batchSize ?? 32, seed: req.seed ?? 42 };
    for (const key of ['augment', 'earlyStopPatience', 'schedule', 'stepEvery', 'stepGamma']) {
      if (req[key] !== undefined) config[key] = req[key];
    }
    return config;
  }

  // Resumes a stopped session, or adds `epochs` more to a finished one (optimizer state kept).
  continueSession(epochs) {
    const s = this.session;
    if (!s) throw new Error('nothing to continue: train first');
    if (s.trainer.shouldStop()) {
      s.base = s.history.length;
      s.trainer.delete();
      s.trainer = null;
      s.trainer = new this.lab.Trainer(this.net, s.train, s.val, { ...this.trainerConfig(s.config, epochs), seed: (s.config.seed ?? 42) + s.base });
    }
    return s;
  }

  // Epoch metrics with session-wide epoch numbers (continued sessions count on).
  endEpoch() {
    const s = this.session;
    const m = s.trainer.endEpoch();
    m.epoch += s.base;
    s.history.push(m);
    return m;
  }

  evaluate(split) {
    const s = this.session;
    if (!s) throw new Error('evaluate: train first');
    const set = split === 'train' ? s.train : s.val;
    if (!set) throw new Error(`evaluate: there is no ${split} set`);
    return this.model().evaluate(set);
  }

  // ---- inference -----------------------------------------------------------------------------

  predict(items) {
    const net = this.model();
    const { classes } = net.spec();
    return items.map((item) => {
      try {
        const probs = net.predict(this.input(item));
        const index = argmax(probs);
        return { name: item.name, ok: true, index, label: classes[index], probs };
      } catch (err) {
        return { name: item.name, ok: false, reason: err.message };
      }
    });
  }

  activations(item) {
    const net = this.model();
    const x = this.input(item);
    const { input, classes } = net.spec();
    const layers = net.activations(x);
    const probs = net.predict(x);
    return { input: { shape: [input.channels, input.height, input.width], data: x }, layers, probs, label: classes[argmax(probs)] };
  }

  storedImage(id) {
    const image = this.images.get(id);
    if (!image) throw new Error(`there is no stored image with id ${id}`);
    return image;
  }

  decodeImage(bytes, channels, height, width) {
    return { shape: [channels, height, width], data: this.lab.decodeImage(bytes, channels, height, width) };
  }

  // A throwaway network run forward on x (lessons: one neuron, one convolution, one pooling).
  probe({ spec, x, weights, seed = 1 }) {
    const net = new this.lab.Network(spec, seed);
    try {
      if (weights) net.setWeights(weights);
      return { numParams: net.numParams(), layers: net.activations(x) };
    } finally {
      net.delete();
    }
  }
}
