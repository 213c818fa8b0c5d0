// views/curves.js — live training curves (uPlot): train vs validation per epoch, a smoothed per-batch
// loss line, labelled axes, a best-epoch marker, and the same numbers as a table for screen readers.
import uPlot from '../vendor/uplot.esm.js';
import { t } from '../i18n/index.js';

const COLORS = { batch: 'rgba(37, 99, 235, 0.35)', train: '#1d4ed8', val: '#c2410c', best: '#15803d' };

// data: {history: EpochMetrics[], batches: Array<{x: number, loss: number}> (x in epochs, smoothed),
//        bestEpoch: number | null}
export class CurvesView {
  constructor(container, { kind }) {
    this.container = container;
    this.kind = kind;  // 'loss' | 'accuracy'
    this.data = { history: [], batches: [], bestEpoch: null };
    container.innerHTML = `<div class="chart" role="img"></div>
      <details class="curve-table"><summary></summary><div class="table-scroll"><table>
        <thead><tr><th scope="col" class="h-epoch"></th><th scope="col" class="h-train"></th><th scope="col" class="h-val"></th></tr></thead>
        <tbody></tbody></table></div></details>`;
    this.chartEl = container.querySelector('.chart');
    container.querySelector('.curve-table').addEventListener('toggle', () => this.render());
    this.pending = false;
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
    this.rebuild();
  }

  size() {
    return { width: Math.max(240, this.container.clientWidth - 8), height: 220 };
  }

  // The axis labels and legend are baked into uPlot's options, so a language switch rebuilds the chart.
  rebuild() {
    this.plot?.destroy();
    const isLoss = this.kind === 'loss';
    const best = () => this.data.bestEpoch;
    const series = [
      { label: t('curves.epoch') },
      { label: t('curves.batch'), stroke: COLORS.batch, width: 1.5, spanGaps: true, points: { show: false } },
      { label: t('curves.train'), stroke: COLORS.train, width: 2, spanGaps: true, points: { show: true, size: 7 } },
      { label: t('curves.val'), stroke: COLORS.val, width: 2, dash: [6, 3], spanGaps: true, points: { show: true, size: 7 } },
    ];
    if (!isLoss) series.splice(1, 1);  // only the loss is reported per batch
    const opts = {
      ...this.size(),
      series,
      scales: { x: { time: false, range: (u, min, max) => [0, Math.max(1, max ?? 1)] }, y: isLoss ? {} : { range: [0, 1] } },
      axes: [
        { label: t('curves.epoch'), stroke: '#334155', grid: { stroke: '#e2e8f0' } },
        {
          label: t(isLoss ? 'curves.loss' : 'curves.accuracy'),
          stroke: '#334155',
          grid: { stroke: '#e2e8f0' },
          values: isLoss ? undefined : (u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`),
        },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(u) => drawBestMarker(u, best())] },
    };
    this.plot = new uPlot(opts, this.columns(), this.chartEl);
    this.render();
  }

  // uPlot wants one shared x column: batch points at fractional epochs, epoch points at integers,
  // null where a series has no value (spanGaps draws through them).
  columns() {
    const rows = new Map();
    const row = (x) => {
      const key = Math.round(x * 1e6);
      if (!rows.has(key)) rows.set(key, [x, null, null, null]);
      return rows.get(key);
    };
    if (this.kind === 'loss') for (const b of this.data.batches) row(b.x)[1] = b.loss;
    for (const m of this.data.history) {
      const r = row(m.epoch);
      r[2] = this.kind === 'loss' ? m.trainLoss : m.trainAcc;
      r[3] = (this.kind === 'loss' ? m.valLoss : m.valAcc) ?? null;
    }
    const sorted = [...rows.values()].sort((a, b) => a[0] - b[0]);
    const cols = [0, 1, 2, 3].map((c) => sorted.map((r) => r[c]));
    return this.kind === 'loss' ? cols : [cols[0], cols[2], cols[3]];
  }

  update(data) {
    this.data = { ...this.data, ...data };
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {  // many batch events, one redraw per frame
      this.pending = false;
      this.render();
    });
  }

  render() {
    this.plot.setData(this.columns());
    const { history, bestEpoch } = this.data;
    const pick = (m, which) => (this.kind === 'loss' ? m[`${which}Loss`] : m[`${which}Acc`]);
    const fmt = (v) => (v == null ? '—' : this.kind === 'loss' ? v.toFixed(3) : `${(v * 100).toFixed(1)}%`);
    const trainPoints = history.filter((m) => Number.isFinite(pick(m, 'train'))).length;
    const valPoints = history.filter((m) => Number.isFinite(pick(m, 'val'))).length;
    Object.assign(this.container.dataset, { trainPoints, valPoints, batchPoints: this.data.batches.length });
    const last = history.at(-1);
    this.chartEl.setAttribute('aria-label', last
      ? t('curves.summary', { what: t(`curves.${this.kind}`), epoch: last.epoch, train: fmt(pick(last, 'train')), val: fmt(pick(last, 'val')), best: bestEpoch ?? '—' })
      : t('curves.empty', { what: t(`curves.${this.kind}`) }));
    // Scoped to the details: uPlot's legend is a table too.
    const table = this.container.querySelector('.curve-table');
    table.querySelector('summary').textContent = t('curves.table');
    table.querySelector('.h-epoch').textContent = t('curves.epoch');
    table.querySelector('.h-train').textContent = t('curves.train');
    table.querySelector('.h-val').textContent = t('curves.val');
    if (!table.open) return;  // the numbers are only built when someone opens them
    table.querySelector('tbody').replaceChildren(...history.map((m) => {
      const tr = document.createElement('tr');
      if (m.epoch === bestEpoch) tr.className = 'best';
      tr.innerHTML = `<td>${m.epoch}</td><td>${fmt(pick(m, 'train'))}</td><td>${fmt(pick(m, 'val'))}</td>`;
      return tr;
    }));
  }

  reset() {
    this.data = { history: [], batches: [], bestEpoch: null };
    this.render();
  }
}

// A dashed vertical line at the best epoch (lowest validation loss), labelled.
function drawBestMarker(u, epoch) {
  if (epoch == null) return;
  const x = u.valToPos(epoch, 'x', true);
  const { top, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = COLORS.best;
  ctx.fillStyle = COLORS.best;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
  ctx.textAlign = x > u.bbox.left + u.bbox.width / 2 ? 'right' : 'left';
  ctx.fillText(t('curves.best'), x + (ctx.textAlign === 'left' ? 4 : -4) * devicePixelRatio, top + 14 * devicePixelRatio);
  ctx.restore();
}

// Debiased exponential moving average (as TensorBoard smooths): s_n = β·s_{n−1} + (1−β)·x_n,
// shown as s_n / (1 − βⁿ) so the first points are not pulled towards 0.
export class Smoother {
  constructor(beta = 0.8) {
    this.beta = beta;
    this.reset();
  }

  push(x) {
    this.n += 1;
    this.s = this.beta * this.s + (1 - this.beta) * x;
    return this.s / (1 - this.beta ** this.n);
  }

  reset() {
    this.s = 0;
    this.n = 0;
  }
}
