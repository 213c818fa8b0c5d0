// runs.js — the kept runs: the last few training runs, each with its settings, its curves and its
// final metrics, and what changed from the run before it ("dropout 0 → 0.5"). DOM-free.

export const MAX_RUNS = 6;

// What a run was trained with, as comparable entries. `net` names the layer list compactly, so two
// runs of different networks differ there even when both are "custom".
export function runSettings(settings) {
  const { hp } = settings;
  return {
    preset: settings.preset,
    net: netSummary(settings.layers),
    input: `${settings.input.channels}×${settings.input.size}×${settings.input.size}`,
    classes: settings.classes.length,
    epochs: hp.epochs,
    batchSize: hp.batchSize,
    lr: hp.lr,
    optimizer: hp.optimizer,
    weightDecay: hp.weightDecay,
    dropout: settings.layers.some((l) => l.type === 'dropout') ? hp.dropout : 0,
    augment: hp.augment || '—',
    valSplit: hp.valSplit,
    perClassLimit: hp.perClassLimit || '—',
    seed: hp.seed,
  };
}

// "conv8 pool conv16 pool flat dense32 drop"
export function netSummary(layers) {
  const short = { conv2d: (l) => `conv${l.filters}`, maxpool2d: () => 'pool', avgpool2d: () => 'avgpool', dense: (l) => `dense${l.units}`, flatten: () => 'flat', dropout: () => 'drop' };
  return layers.map((l) => (short[l.type] ? short[l.type](l) : l.type)).join(' ');
}

// [{key, from, to}] for every setting that differs (the network once: by preset when both are
// presets, else by its layer summary).
export function changesBetween(before, after) {
  const out = [];
  for (const key of Object.keys(after)) {
    if (key === 'preset' || (key === 'net' && before.preset !== after.preset && after.preset !== 'custom' && before.preset !== 'custom')) continue;
    if (String(before[key]) !== String(after[key])) out.push({ key, from: before[key], to: after[key] });
  }
  if (before.preset !== after.preset && after.preset !== 'custom' && before.preset !== 'custom') {
    out.unshift({ key: 'preset', from: before.preset, to: after.preset });
  }
  return out;
}

/**
 * A finished (or stopped, or failed) run to keep. history: EpochMetrics[]; batches: per-batch
 * losses [{x, loss}]; counts of the split; how it ended.
 * @returns {{id, settings, changes, history, batches, final, trainCount, valCount, ended, experiment, visible}}
 */
export function makeRun({ id, settings, previous, history, batches = [], trainCount, valCount, ended, experiment = null, label = null }) {
  const kept = runSettings(settings);
  const last = history.at(-1) ?? null;
  return {
    id,
    settings: kept,
    changes: previous ? changesBetween(previous.settings, kept) : [],
    label,  // a name given by an experiment ("too small, 2 epochs"); else the changes name the run
    history,
    batches,
    final: last && { trainAcc: last.trainAcc, valAcc: last.valAcc ?? null, trainLoss: last.trainLoss, valLoss: last.valLoss ?? null },
    trainCount,
    valCount,
    ended,  // 'done' | 'stopped' | 'early-stop' | 'diverged' | 'error'
    experiment,
    visible: true,
  };
}

// The list with `run` added at the end, the oldest dropped beyond MAX_RUNS.
export function keepRun(runs, run) {
  return [...runs, run].slice(-MAX_RUNS);
}

// The same run (by id) replaced, e.g. when Continue adds epochs to it.
export function replaceRun(runs, run) {
  return runs.map((r) => (r.id === run.id ? run : r));
}

export function toggleRun(runs, id) {
  return runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r));
}
