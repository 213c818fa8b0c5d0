// views/curves.js — training curves (uPlot): each shown run's training (solid) and validation (dashed)
// line per epoch in the run's colour, the current run's smoothed per-batch loss, the best epoch, a
// log scale for the loss, and the current run's numbers as a table for screen readers.
import uPlot from '../vendor/uplot.esm.js';
import { t } from '../i18n/index.js';

export const RUN_COLOURS = ['#1d4ed8', '#c2410c', '#15803d', '#7c3aed', '#be185d', '#0f766e'];
const BATCH_ALPHA = 0.35;
const BEST = '#15803d';

// A run that blew up in its first batches has too few batch points for a line: they are dots.
const fewBatches = (line) => (line.batches?.length ?? 0) <= 3;
// Loss axis labels: a blown-up loss reaches 10⁸ and more, shown short (3e8).
const lossTick = (v) => (v == null ? '' : Math.abs(v) >= 1e4 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3))));

// data: {lines: Array<{id, name, colour, history: EpochMetrics[], batches?: [{x, loss}], current}>,
//        bestEpoch: number | null, log: boolean (loss only)}
export class CurvesView {
  constructor(container, { kind }) {
    this.container = container;
    this.kind = kind;  // 'loss' | 'accuracy'
    this.data = { lines: [], bestEpoch: null, log: false };
    container.innerHTML = `<div class="chart" role="img"></div>
      <details class="curve-table"><summary data-i18n="curves.table"></summary><div class="table-scroll"><table>
        <thead><tr><th scope="col" data-i18n="curves.epoch"></th><th scope="col" data-i18n="curves.train"></th><th scope="col" data-i18n="curves.val"></th></tr></thead>
        <tbody></tbody></table></div></details>`;
    this.chartEl = container.querySelector('.chart');
    container.querySelector('.curve-table').addEventListener('toggle', () => this.render());
    this.pending = false;
    this.shapeKey = '';
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
    this.rebuild();
  }

  size() {
    return { width: Math.max(240, this.container.clientWidth - 8), height: 220 };
  }

  get isLoss() {
    return this.kind === 'loss';
  }

  // Series: x, then per line [batch (current, loss only)], train, val.
  seriesFor(lines) {
    const series = [{ label: t('curves.epoch') }];
    for (const line of lines) {
      if (this.isLoss && line.current) {
        // A run that blew up in its first batches has too few points for a line: draw them as dots.
        const dots = fewBatches(line);
        series.push({ label: t('curves.batchOf', { name: line.name }), stroke: withAlpha(line.colour, dots ? 1 : BATCH_ALPHA), width: 1.5, spanGaps: true, points: { show: dots, size: 8 } });
      }
      series.push({ label: t('curves.trainOf', { name: line.name }), stroke: line.colour, width: line.current ? 2.5 : 1.5, spanGaps: true, points: { show: true, size: line.current ? 7 : 5 } });
      series.push({ label: t('curves.valOf', { name: line.name }), stroke: line.colour, width: line.current ? 2.5 : 1.5, dash: [6, 3], spanGaps: true, points: { show: true, size: line.current ? 7 : 5 } });
    }
    return series;
  }

  // uPlot's series, scales and labels are fixed at creation: a new set of lines, a language switch
  // or the log toggle rebuilds the chart.
  rebuild() {
    this.plot?.destroy();
    const { lines, log } = this.data;
    const best = () => this.data.bestEpoch;
    const logScale = this.isLoss && log;
    const opts = {
      ...this.size(),
      series: this.seriesFor(lines),
      scales: {
        x: { time: false, range: (u, min, max) => [0, Math.max(1, max ?? 1)] },
        y: logScale ? { distr: 3 } : this.isLoss ? {} : { range: [0, 1] },
      },
      axes: [
        { label: t('curves.epoch'), stroke: '#334155', grid: { stroke: '#e2e8f0' } },
        {
          label: t(this.isLoss ? (logScale ? 'curves.lossLog' : 'curves.loss') : 'curves.accuracy'),
          stroke: '#334155',
          grid: { stroke: '#e2e8f0' },
          // A blown-up loss reaches 10⁸ and more: short labels (3e8) keep the axis inside the chart.
          values: this.isLoss ? (u, ticks) => ticks.map(lossTick) : (u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`),
        },
      ],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(u) => drawBestMarker(u, best())] },
    };
    this.plot = new uPlot(opts, this.columns(), this.chartEl);
    this.render();
  }

  // One shared x column: batch points at fractional epochs, epoch points at integers, null where a
  // series has no value (spanGaps draws through them). On a log scale, values ≤ 0 cannot be drawn.
  columns() {
    const { lines, log } = this.data;
    const rows = new Map();
    const width = this.seriesFor(lines).length;
    const row = (x) => {
      const key = Math.round(x * 1e6);
      if (!rows.has(key)) rows.set(key, [x, ...Array(width - 1).fill(null)]);
      return rows.get(key);
    };
    const shown = (v) => (v == null || !Number.isFinite(v) || (this.isLoss && log && v <= 0) ? null : v);
    let col = 1;
    for (const line of lines) {
      if (this.isLoss && line.current) {
        for (const b of line.batches ?? []) row(b.x)[col] = shown(b.loss);
        col += 1;
      }
      for (const m of line.history) {
        const r = row(m.epoch);
        r[col] = shown(this.isLoss ? m.trainLoss : m.trainAcc);
        r[col + 1] = shown(this.isLoss ? m.valLoss : m.valAcc);
      }
      col += 2;
    }
    const sorted = [...rows.values()].sort((a, b) => a[0] - b[0]);
    return Array.from({ length: width }, (_, c) => sorted.map((r) => r[c]));
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
    const { lines, log } = this.data;
    const shapeKey = JSON.stringify([lines.map((l) => [l.id, l.colour, l.current, l.name, l.current && fewBatches(l)]), log, t('curves.epoch')]);
    if (shapeKey !== this.shapeKey) {
      this.shapeKey = shapeKey;
      this.rebuild();
      return;
    }
    this.plot.setData(this.columns());
    const current = lines.find((l) => l.current) ?? lines.at(-1);
    const history = current?.history ?? [];
    const pick = (m, which) => (this.isLoss ? m[`${which}Loss`] : m[`${which}Acc`]);
    const fmt = (v) => (v == null || !Number.isFinite(v) ? '—' : this.isLoss ? v.toFixed(3) : `${(v * 100).toFixed(1)}%`);
    Object.assign(this.container.dataset, {
      trainPoints: history.filter((m) => Number.isFinite(pick(m, 'train'))).length,
      valPoints: history.filter((m) => Number.isFinite(pick(m, 'val'))).length,
      batchPoints: current?.batches?.length ?? 0,
      batchMax: Math.max(0, ...(current?.batches ?? []).map((b) => b.raw ?? b.loss).filter(Number.isFinite)),
      lines: lines.length,
    });
    const last = history.at(-1);
    this.chartEl.setAttribute('aria-label', last
      ? t('curves.summary', { what: t(`curves.${this.kind}`), epoch: last.epoch, train: fmt(pick(last, 'train')), val: fmt(pick(last, 'val')), best: this.data.bestEpoch ?? '—' })
      : t('curves.empty', { what: t(`curves.${this.kind}`) }));
    const table = this.container.querySelector('.curve-table');
    if (!table.open) return;  // the numbers are only built when someone opens them
    table.querySelector('tbody').replaceChildren(...history.map((m) => {
      const tr = document.createElement('tr');
      if (m.epoch === this.data.bestEpoch) tr.className = 'best';
      tr.innerHTML = `<td>${m.epoch}</td><td>${fmt(pick(m, 'train'))}</td><td>${fmt(pick(m, 'val'))}</td>`;
      return tr;
    }));
  }

  reset() {
    this.update({ lines: [], bestEpoch: null });
  }
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// A dashed vertical line at the current run's best epoch (lowest validation loss), labelled.
function drawBestMarker(u, epoch) {
  if (epoch == null) return;
  const x = u.valToPos(epoch, 'x', true);
  const { top, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = BEST;
  ctx.fillStyle = BEST;
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
