// views/runs.js — the kept runs: one row each, in its chart colour, named by what changed since the
// run before it, with its final accuracies, its verdict, and a toggle that shows it on the charts.
import { t, getLang } from '../i18n/index.js';
import { RUN_COLOURS } from './curves.js';

export const runColour = (run) => RUN_COLOURS[(run.id - 1) % RUN_COLOURS.length];

// "Run 3 · dropout 0.25 → 0.5, epochs 10 → 20" (or the experiment's name for the configuration).
export function runName(run) {
  return t('runs.name', { n: run.id });
}

export function runDescription(run) {
  if (run.label) return typeof run.label === 'string' ? run.label : run.label[getLang()] ?? run.label.en;
  if (!run.changes.length) return t(run.id === 1 ? 'runs.first' : 'runs.same');
  const value = (key, v) => (key === 'preset' ? t(`preset.${v}`) : key === 'optimizer' ? t(`hp.optimizer.${v}`) : String(v));
  return run.changes.map((c) => t('runs.change', { what: t(`runs.key.${c.key}`), from: value(c.key, c.from), to: value(c.key, c.to) })).join(', ');
}

// data: {runs, currentId, verdicts: Map(id → verdict)}
export class RunsView {
  constructor(container, { onToggle }) {
    this.container = container;
    container.innerHTML = `<h3 data-i18n="runs.heading"></h3><p class="hint runs-hint" data-i18n="runs.hint"></p>
      <ol class="runs" data-testid="runs"></ol>`;
    this.list = container.querySelector('.runs');
    this.list.addEventListener('change', (e) => {
      const id = Number(e.target.closest('li[data-run]')?.dataset.run);
      if (id) onToggle(id);
    });
  }

  update({ runs, currentId, verdicts }) {
    this.container.hidden = runs.length === 0;
    const pct = (v) => (v == null || !Number.isFinite(v) ? '—' : `${Math.round(v * 100)}%`);
    this.list.replaceChildren(...runs.map((run, i) => {
      const li = document.createElement('li');
      li.dataset.run = run.id;
      li.dataset.testid = `run-${i}`;
      li.dataset.valAcc = String(run.final?.valAcc ?? '');
      li.dataset.trainAcc = String(run.final?.trainAcc ?? '');
      li.dataset.trainLoss = String(run.final?.trainLoss ?? '');
      li.dataset.valLoss = String(run.final?.valLoss ?? '');
      li.dataset.ended = run.ended;
      if (run.id === currentId) li.classList.add('current');
      const verdict = verdicts.get(run.id);
      li.innerHTML = `<label class="run-toggle"><input type="checkbox"><span class="swatch" aria-hidden="true"></span>
        <span class="run-name"></span></label><span class="run-change"></span>
        <span class="run-metrics"></span><span class="run-verdict"></span>`;
      const box = li.querySelector('input');
      box.checked = run.visible;
      box.setAttribute('aria-label', t('runs.show', { name: runName(run) }));
      li.querySelector('.swatch').style.background = runColour(run);
      li.querySelector('.run-name').textContent = runName(run);
      li.querySelector('.run-change').textContent = runDescription(run);
      li.querySelector('.run-metrics').textContent = run.final
        ? t('runs.metrics', { train: pct(run.final.trainAcc), val: pct(run.final.valAcc), epochs: run.history.length })
        : t('runs.noEpoch');
      li.querySelector('.run-verdict').textContent = run.ended === 'diverged' ? t('runs.diverged') : run.ended === 'interrupted' ? t('keep.runInterrupted')
        : verdict ? t(`fit.${verdict}`) : '';
      if (verdict) li.querySelector('.run-verdict').dataset.verdict = verdict;
      return li;
    }));
  }
}
