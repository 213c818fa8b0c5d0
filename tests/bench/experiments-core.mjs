// experiments-core.mjs — runs web/experiments.js's configurations through the engine on a demo set,
// as the page's worker would (no DOM, no Node APIs: the bench, the Node test and a browser use it).
import { buildSpec } from '../../web/presets.js';

// A tiny seeded generator (xorshift32) for the split's shuffle.
function rngOf(seed) {
  let s = (seed >>> 0) ^ 0x5bd1e995 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * The engine's split rule (cpp/data/dataset.cpp stratified_split), with our own shuffle: each
 * class gives round(valSplit·count) images to validation (at least 1 when it has 2 or more, never
 * all). Then perClassLimit keeps at most that many TRAINING images per class (the first ones), so
 * the validation images are the same whatever the limit — runs of one experiment are measured on
 * the same photos. → {train: [indices], val: [indices]} into labels, in their original order.
 */
export function splitIndices(labels, { valSplit = 0.2, perClassLimit = 0, seed = 1 } = {}) {
  const classes = Math.max(0, ...labels) + 1;
  const byClass = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const random = rngOf(seed);
  const toVal = new Uint8Array(labels.length);
  for (const members of byClass) {
    const count = members.length;
    if (valSplit === 0 || count < 2) continue;
    const k = Math.min(Math.max(Math.round(valSplit * count), 1), count - 1);
    const order = [...members];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let j = 0; j < k; j++) toVal[order[j]] = 1;
  }
  const train = [];
  const val = [];
  const kept = new Array(classes).fill(0);
  labels.forEach((label, i) => {
    if (toVal[i]) val.push(i);
    else if (!(perClassLimit > 0) || kept[label]++ < perClassLimit) train.push(i);
  });
  return { train, val };
}

// Planar (C, H, W) → interleaved (H, W, C), the layout Dataset.addPixels takes.
function interleave(chw, channels, plane) {
  if (channels === 1) return chw;
  const hwc = new Uint8Array(chw.length);
  for (let c = 0; c < channels; c++) for (let i = 0; i < plane; i++) hwc[i * channels + c] = chw[c * plane + i];
  return hwc;
}

function datasetOf(lab, demo, indices) {
  const { channels, height, width, classes } = demo.meta;
  const set = new lab.Dataset(channels, height, width, classes.map((c) => c.en));
  for (const i of indices) set.addPixels(interleave(demo.image(i), channels, height * width), channels, height, width, demo.train.labels[i]);
  return set;
}

/**
 * One configuration of an experiment, one seed → a result row
 * {name, valAcc, trainAcc, params, seconds, seed, valCount, trainCount, history}.
 * The seed drives weight initialisation, the split, shuffling and augmentation, as the page's
 * seed setting does. now: a clock in ms (performance.now).
 */
export function runConfig(lab, demo, run, seed, now = () => performance.now()) {
  const { meta } = demo;
  const config = { ...run.config, seed };
  const { train: trainIdx, val: valIdx } = splitIndices(demo.train.labels, config);
  const spec = buildSpec({
    input: { channels: meta.channels, size: meta.height },
    layers: run.layers,
    classes: meta.classes.map((c) => c.en),
    dropout: run.dropout ?? 0,
  });
  const owned = [];
  try {
    const train = datasetOf(lab, demo, trainIdx);
    owned.push(train);
    const val = datasetOf(lab, demo, valIdx);
    owned.push(val);
    const net = new lab.Network(spec, seed);
    owned.push(net);
    net.setOptimizer(config.optimizer);
    const trainer = new lab.Trainer(net, train, val, {
      epochs: config.epochs, batchSize: config.batchSize, seed, augment: config.augment ?? [], schedule: config.schedule ?? 'none',
    });
    owned.push(trainer);
    const t0 = now();
    const history = [];
    while (!trainer.shouldStop()) {
      trainer.step();
      if (trainer.epochDone()) history.push(trainer.endEpoch());
    }
    const seconds = (now() - t0) / 1000;
    const last = history.at(-1);
    return {
      name: run.key,
      valAcc: last.valAcc,
      trainAcc: last.trainAcc,
      params: net.numParams(),
      seconds,
      seed,
      valCount: val.size(),
      trainCount: train.size(),
      history,
    };
  } finally {
    for (const handle of owned.reverse()) handle.delete();
  }
}

// Every configuration × every seed of one experiment, in that order; onRow(row) after each.
export function runExperiment(lab, demo, experiment, { seeds = experiment.seeds, runs = experiment.runs, onRow = () => {}, now } = {}) {
  const rows = [];
  for (const seed of seeds) {
    for (const run of runs) {
      const row = runConfig(lab, demo, run, seed, now);
      rows.push(row);
      onRow(row);
    }
  }
  return rows;
}
