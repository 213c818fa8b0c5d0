// engine.js — the worker's single owner of engine objects: model, stored images, training session.
// Wraps the Embind API (engine/cnnlab.js) in plain operations and deletes every C++ object it
// creates exactly once. Only the worker imports this file; the page talks to the worker.

import { codedError } from './protocol.js';

/** Loads the WASM module that sits next to this file in the built site (engine/cnnlab.js). */
export async function loadEngine(options = {}) {
  const { default: createCnnLab } = await import('./engine/cnnlab.js');
  return new Engine(await createCnnLab(options));
}

const PREDICT_BATCH = 256;
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
    this.session = null;  // {train, val, trainer, imageIds, batchSize, modelEveryMs}: the run that `continue` extends
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
    return { version: this.lab.version, simd: this.lab.simd, threads: this.lab.threads() };
  }

  // The engine's layer table: [{type, options: [{name, kind, default, min, max, required}]}].
  layerTypes() {
    return this.lab.layerTypes();
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
    if (!this.net) throw codedError('worker.no_model', {}, 'there is no model yet: build one first');
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

  onnxModel(probs = true) {
    return this.model().onnxJson({ probs });
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

  // Decodes every stored image at `net`'s input size into a WASM Dataset. `ids` receives the
  // images' ids in the order they went in: a sample's origin (Dataset, evaluate) indexes it.
  dataset(net, ids = []) {
    const { input, classes } = net.spec();
    const set = new this.lab.Dataset(input.channels, input.height, input.width, classes);
    try {
      for (const [id, image] of this.images) {
        ids.push(id);
        if (!(image.classIndex >= 0 && image.classIndex < classes.length)) {
          throw codedError('worker.image_class', { name: image.name, class: image.classIndex + 1, classes: classes.length },
            `image '${image.name}' is in class ${image.classIndex + 1}, but the model has ${classes.length} classes`);
        }
        const p = image.pixels;
        set.addPixels(toInterleaved(p.data, p.channels, p.height * p.width), p.channels, p.height, p.width, image.classIndex);
      }
      return set;
    } catch (err) {
      set.delete();
      throw err;
    }
  }

  // req: TrainRequest of protocol.js. With a spec, a fresh net is built from it (seeded by
  // config.seed); it replaces the model only once the whole run is set up, so a refusal keeps the
  // model that was there. Without a spec the current model (e.g. an imported one) trains on.
  startSession({ spec, config, modelEveryMs = -1 }) {
    if (!config || typeof config !== 'object') throw codedError('worker.no_config', {}, 'train: config is missing');
    const { valSplit = 0, perClassLimit = 0, optimizer, ...trainerConfig } = config;
    const seed = config.seed ?? 42;
    const created = [];  // deleted again if the run cannot start
    const keep = (o) => (created.push(o), o);
    try {
      const net = spec ? keep(new this.lab.Network(spec, seed)) : this.model();
      const imageIds = [];
      const train = keep(this.dataset(net, imageIds));
      // The validation set is split off first, so limiting the training photos leaves it as it was.
      const held = valSplit > 0 ? keep(train.splitOff(valSplit, seed)) : null;
      const val = held && held.size() > 0 ? held : null;  // too few photos to hold any out
      if (perClassLimit) train.limitPerClass(perClassLimit, seed);
      if (train.size() === 0) throw codedError('worker.no_images', {}, 'there are no training images: add photos to every class first');
      if (optimizer) net.setOptimizer(optimizer);
      const trainer = keep(new this.lab.Trainer(net, train, val, trainerConfig));
      if (held && !val) held.delete();
      this.endSession();
      if (spec) {
        if (this.net) this.net.delete();
        this.net = net;
      }
      this.session = { train, val, trainer, imageIds, batchSize: trainerConfig.batchSize ?? 32, modelEveryMs };
      return this.session;
    } catch (err) {
      for (const o of created) o.delete();
      throw err;
    }
  }

  // `epochs` more for the last run, stopped or finished: its trainer keeps the data split, the
  // random stream, the optimizer state and the epoch numbers.
  continueSession(epochs) {
    const s = this.session;
    if (!s) throw codedError('worker.nothing_to_continue', {}, 'nothing to continue: train first');
    s.trainer.extend(epochs);
    return s;
  }

  // {history, reason, trainCount, valCount, model}: what a train or continue request answers.
  sessionResult(reason) {
    const s = this.session;
    return { history: s.trainer.history(), reason, trainCount: s.train.size(), valCount: s.val ? s.val.size() : 0, model: this.modelInfo() };
  }

  evaluate(split) {
    const s = this.session;
    if (!s) throw codedError('worker.nothing_to_continue', {}, 'evaluate: train first');
    const set = split === 'train' ? s.train : s.val;
    if (!set) throw codedError('worker.no_split', { split }, `evaluate: there is no ${split} set`);
    const { samples, ...result } = this.model().evaluate(set, 128, { perSample: true });
    // Each photo with the class it is and the class the net chose: the confusion matrix's cells,
    // photo by photo (its counts are exactly these pairs), for the page's gallery.
    const k = result.classes.length;
    result.samples = samples.origin.map((origin, i) => ({
      imageId: s.imageIds[origin],
      label: samples.label[i],
      predicted: samples.predicted[i],
      probs: samples.probs.slice(i * k, (i + 1) * k),
    }));
    return result;
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

  saliency(item, classIndex) {
    const net = this.model();
    const x = this.input(item);
    const { input } = net.spec();
    return { shape: [input.channels, input.height, input.width], data: net.saliency(x, classIndex) };
  }

  storedImage(id) {
    const image = this.images.get(id);
    if (!image) throw codedError('worker.no_image', { id }, `there is no stored image with id ${id}`);
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
