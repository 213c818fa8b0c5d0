// experiment-runner.js — runs one of experiments.js's one-click experiments on the learner's current
// photos: every configuration with every seed, one training run after another through the runner,
// the first seed's run of each configuration kept beside the learner's own runs. The rows it
// records are what experiments.js's conclude() turns into the conclusion (views/experiments.js).
import { EXPERIMENTS } from './experiments.js';
import { trainConfig } from './runner.js';
import { specOf } from './presets.js';

// The page's settings for one configuration and seed: the configuration's network and training
// settings on top of the learner's (classes, input size, photos stay theirs).
export function settingsFor(base, run, seed) {
  const c = run.config;
  return {
    ...base,
    preset: 'custom',
    layers: structuredClone(run.layers),
    hp: {
      ...base.hp,
      epochs: c.epochs,
      batchSize: c.batchSize,
      valSplit: c.valSplit,
      perClassLimit: c.perClassLimit ?? 0,
      augment: (c.augment ?? []).join(','),
      optimizer: c.optimizer.type,
      lr: c.optimizer.lr,
      weightDecay: c.optimizer.weightDecay ?? 0,
      dropout: run.dropout ?? 0,
      seed,
    },
  };
}

// The train request of one configuration and seed, as the page sends it (the benchmark in
// tests/bench/experiments-core.mjs sends the same): the settings, the spec, and the runner's
// trainer config with the configuration's learning-rate schedule.
export function requestFor(base, run, seed) {
  const settings = settingsFor(base, run, seed);
  const extraConfig = run.config.schedule ? { schedule: run.config.schedule } : {};
  return { settings, extraConfig, spec: specOf(settings), config: { ...trainConfig(settings), ...extraConfig } };
}

export class ExperimentRunner {
  constructor(ctl) {
    this.ctl = ctl;
    this.stopping = false;
  }

  get running() {
    return this.ctl.state.experiment?.phase === 'running';
  }

  setExperiment(patch) {
    this.ctl.set((s) => ({ ...s, experiment: { ...s.experiment, ...patch } }));
  }

  async run(id) {
    const experiment = EXPERIMENTS[id];
    const runner = this.ctl.runner;
    if (!experiment || this.running) return;
    const blocked = runner.blocker();
    if (blocked) {
      this.ctl.set({ experiment: { id, phase: 'error', rows: [], done: 0, total: 0, message: { key: blocked, params: {} } } });
      return;
    }
    this.ctl.setSettings({ experiment: id });  // the link names it
    const base = this.ctl.state.settings;
    const plan = experiment.seeds.flatMap((seed, i) => experiment.runs.map((run) => ({ run, seed, keep: i === 0 })));
    this.stopping = false;
    this.ctl.set({ experiment: { id, phase: 'running', rows: [], done: 0, total: plan.length, current: null, message: null } });
    const rows = [];
    for (const [i, { run, seed, keep }] of plan.entries()) {
      if (this.stopping) break;
      this.setExperiment({ current: { key: run.key, name: run.name, seed, index: i } });
      const { settings, extraConfig } = requestFor(base, run, seed);
      const kept = await runner.train({ settings, label: run.name, experiment: id, keep, force: true, extraConfig });
      if (!kept || kept.ended === 'error') {
        this.setExperiment({ phase: 'error', message: this.ctl.state.training.message });
        return;
      }
      if (kept.ended === 'stopped') break;
      rows.push({
        name: run.key, seed, valAcc: kept.final?.valAcc ?? NaN, trainAcc: kept.final?.trainAcc ?? NaN,
        params: kept.params, seconds: kept.history.reduce((a, m) => a + (m.seconds ?? 0), 0), valCount: kept.valCount, diverged: kept.ended === 'diverged',
      });
      this.setExperiment({ rows: [...rows], done: i + 1 });
    }
    this.setExperiment({ phase: rows.length === plan.length ? 'done' : 'stopped', current: null });
  }

  async stop() {
    if (!this.running) return;
    this.stopping = true;
    await this.ctl.runner.stop();
  }
}
