// engine.js — the worker's single owner of engine objects: model, stored images, training session.
// Wraps the Embind API (engine/cnnlab.js) in plain operations and deletes every C++ object it
// creates exactly once. Only the worker imports this file; the page talks to the worker.

/** Loads the WASM module that sits next to this file in the built site (engine/cnnlab.js). */
export async function loadEngine(options = {}) {
  const { default: createCnnLab } = await import('./engine/cnnlab.js');
  return new Engine(await createCnnLab(options));
}

const PREDICT_BATCH = 256;
const argmax = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

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
    this.images = new Map();  // id → {classIndex, name, bytes?: Uint8Array, pixels?: {channels, height, width, data}}
    this.nextId = 1;
  }

  // Takes over another engine's stored images (after a WebAssembly trap killed its module).
  adoptImages(other) {
    this.images = other.images;
    this.nextId = other.nextId;
    return this;
  }

  info() {
    return { version: this.lab.version, simd: this.lab.simd, threads: this.lab.threads() };
  }

  // ---- images --------------------------------------------------------------------------------

  addImages(classIndex, files, thumbSize = 64) {
    return files.map(({ name, bytes }) => {
      try {
        const data = new Uint8Array(bytes);
        const chw = this.lab.decodeImage(data, 3, thumbSize, thumbSize);
        const id = this.nextId++;
        this.images.set(id, { classIndex, name, bytes: data });
        return { name, ok: true, id, thumb: { width: thumbSize, height: thumbSize, rgba: toRgba(chw, 3, thumbSize, thumbSize) } };
      } catch (err) {
        return { name, ok: false, reason: err.message };
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

  // One stored image or file as the model's input: Float32Array (C, H, W).
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

  modelInfo() {
    const spec = this.net.spec();
    return { spec, classes: spec.classes, numParams: this.net.numParams(), layers: this.net.layerInfo() };
  }

  replaceModel(net) {
    this.endSession();
    if (this.net) this.net.delete();
    this.net = net;
    return this.modelInfo();
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
        if (image.bytes) set.addImage(image.bytes, image.classIndex);
        else {
          const p = image.pixels;
          set.addPixels(toInterleaved(p.data, p.channels, p.height * p.width), p.channels, p.height, p.width, image.classIndex);
        }
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

  // Inputs one by one (a photo that cannot be read is refused alone), the network in batches of
  // PREDICT_BATCH: one engine call per batch instead of one per image.
  predict(items) {
    const net = this.model();
    const { classes } = net.spec();
    const results = items.map((item) => {
      try {
        return { name: item.name, ok: true, x: this.input(item) };
      } catch (err) {
        return { name: item.name, ok: false, reason: err.message };
      }
    });
    const ready = results.filter((r) => r.ok);
    for (let at = 0; at < ready.length; at += PREDICT_BATCH) {
      const group = ready.slice(at, at + PREDICT_BATCH);
      const per = group[0].x.length;
      const x = new Float32Array(per * group.length);
      group.forEach((r, i) => x.set(r.x, i * per));
      const probs = net.predict(x);
      group.forEach((r, i) => {
        r.probs = probs.slice(i * classes.length, (i + 1) * classes.length);
        r.index = argmax(r.probs);
        r.label = classes[r.index];
        delete r.x;
      });
    }
    return results;
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
