// views/conv-detail.js — one cell of a feature map explained with the learner's real numbers: for a
// convolution, the kernel that made the map, the input patch under it and the multiply-add (the
// lecture's 6×6 example, on their photo); for max pooling, the window and its largest value.
import { t } from '../i18n/index.js';
import { convCell, poolCell } from '../inside.js';

const MAX_TERMS = 9;  // multiply-add terms written out; the rest are summed per input channel
const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

// data: {activations, weights, layers (the trained spec's layers), cell: {index, channel, i, j} | null}
export class ConvDetailView {
  constructor(container) {
    this.container = container;
    container.dataset.testid = 'conv-detail';
  }

  update({ activations, weights, layers, cell }) {
    const layer = cell && layers?.[cell.index];
    this.container.hidden = !layer || !activations;
    if (this.container.hidden) return this.container.replaceChildren();
    const title = document.createElement('h4');
    title.textContent = t('detail.title', { layer: cell.index + 1, type: t(`layer.${layer.type}`), channel: cell.channel + 1, i: cell.i, j: cell.j });
    if (layer.type === 'conv2d' && weights) return this.container.replaceChildren(title, ...this.conv(convCell({ activations, weights, layer, ...cell })));
    if (layer.type === 'maxpool2d') return this.container.replaceChildren(title, ...this.pool(poolCell({ activations, layer, ...cell })));
    const p = document.createElement('p');
    p.textContent = t('detail.elementwise', { value: fmt(valueAt(activations, cell)) });
    return this.container.replaceChildren(title, p);
  }

  conv(d) {
    const [ci, kh, kw] = [d.inputShape[0], ...d.kernel];
    // The input channel that adds the most is drawn as the lecture draws its 6×6 example: the patch
    // under the kernel and the kernel's slice, then its nine products written out.
    const top = d.perChannel.reduce((best, v, c) => (Math.abs(v) > Math.abs(d.perChannel[best]) ? c : best), 0);
    const intro = para(t('detail.convIntro', { c: ci, kh, kw, n: d.terms.length, top: top + 1 }));
    const grids = document.createElement('div');
    grids.className = 'mats';
    const own = d.terms.filter((term) => term.ci === top);
    grids.append(
      grid(t('detail.patch', { c: top + 1 }), own.map((term) => (term.padding ? '0' : fmt(term.input))), kw, 'patch'),
      grid(t('detail.kernel', { c: top + 1 }), own.map((term) => fmt(term.weight)), kw, 'kernel'),
    );
    const written = own.slice(0, MAX_TERMS).map((term) => `${fmt(term.input)}×${fmt(term.weight)}`).join(' + ')
      + ` = ${fmt(d.perChannel[top])}`;
    const sum = para(`${written}${own.length > MAX_TERMS ? ' …' : ''}`, 'detail-terms');
    const channels = para(t('detail.perChannel', { sums: d.perChannel.map(fmt).join(' + '), bias: fmt(d.bias) }), 'detail-channels');
    const total = para(t('detail.total', { sum: fmt(d.sum), value: fmt(d.value) }), 'detail-total');
    total.dataset.sum = String(d.sum);
    total.dataset.value = String(d.value);
    return [intro, grids, sum, channels, total];
  }

  pool(d) {
    const total = para(t('detail.pool', { cells: d.cells.map((c) => fmt(c.value)).join(', '), max: fmt(d.max), value: fmt(d.value) }), 'detail-total');
    total.dataset.sum = String(d.max);
    total.dataset.value = String(d.value);
    return [total];
  }
}

function valueAt(activations, { index, channel, i, j }) {
  const out = activations.layers[index];
  const [, h, w] = out.shape.slice(-3);
  return out.data[(channel * h + i) * w + j];
}

function para(text, className = '') {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

// A small table of numbers, `cols` wide.
function grid(caption, cells, cols, className) {
  const figure = document.createElement('figure');
  figure.className = `grid-figure num-grid ${className}`;
  figure.style.gridTemplateColumns = `repeat(${cols}, auto)`;
  for (const value of cells) {
    const cell = document.createElement('span');
    cell.className = 'cell';
    cell.textContent = value;
    figure.append(cell);
  }
  const label = document.createElement('figcaption');
  label.className = 'grid-caption';
  label.textContent = caption;
  const wrap = document.createElement('div');
  wrap.append(figure, label);
  return wrap;
}
