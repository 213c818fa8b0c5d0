// experiments-core.mjs — runs web/experiments.js's configurations on a demo set through the page's
// own pieces: the worker's Engine (web/engine.js: the stored photos, the engine's stratified split
// and per-class limit, the net built from the spec) and the train request the page's experiment
// runner sends (web/experiment-runner.js requestFor). So the numbers are the page's, seed for seed.
// No DOM, no Node APIs: the bench, the Node test and a browser use it.
import { Engine } from '../../web/engine.js';
import { requestFor } from '../../web/experiment-runner.js';
import { defaultSettings } from '../../web/state.js';

/**
 * One configuration of an experiment, one seed → a result row
 * {name, valAcc, trainAcc, params, seconds, seed, valCount, trainCount, history}.
 * The seed drives weight initialisation, the split, shuffling and augmentation, as the page's
 * seed setting does. now: a clock in ms (performance.now).
 */
export function runConfig(lab, demo, run, seed, now = () => performance.now()) {
  const { meta, train } = demo;
  const engine = new Engine(lab);
  const size = meta.channels * meta.height * meta.width;
  // The photos as the page's "load demo" stores them, and the learner's settings it makes.
  engine.addPixels({ channels: meta.channels, height: meta.height, width: meta.width, pixels: demo.pixels.subarray(0, train.count * size), labels: train.labels });
  const names = meta.classes.map((c) => c.en);
  const base = { ...defaultSettings(names), demo: demo.entry?.id ?? '', input: { channels: meta.channels, size: meta.height } };
  const { spec, config } = requestFor(base, run, seed);
  try {
    const { trainer, train: trainSet, val } = engine.startSession({ spec, config });
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
      params: engine.net.numParams(),
      seconds,
      seed,
      valCount: val ? val.size() : 0,
      trainCount: trainSet.size(),
      history,
    };
  } finally {
    engine.endSession();
    engine.net?.delete();
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
