// views/filters.js — the trained network's kernels as pictures: the first convolution layer's
// filters as small colour (or grey) images, and any convolution layer's kernels on demand, one
// grey tile per input channel.
import { t } from '../i18n/index.js';

const FIRST_PX = 48;  // a first-layer filter is drawn this wide
const TILE_PX = 24;   // a deeper kernel's slice

// data: {weights: NamedWeight[] | null, layers (the trained spec's layers)}
export class FiltersView {
  constructor(container) {
    this.container = container;
    container.dataset.testid = 'filters';
    container.innerHTML = `<h4 data-i18n="filters.title"></h4><p class="hint" data-i18n="filters.hint"></p>
      <div class="filter-list"></div>
      <label class="filters-layer"><span data-i18n="filters.layer"></span> <select></select></label>
      <div class="kernel-list"></div>`;
    this.select = container.querySelector('select');
    this.select.addEventListener('change', () => this.drawKernels());
    this.data = { weights: null, layers: [] };
  }

  update(data) {
    this.data = data;
    const convs = (data.layers ?? []).map((l, i) => ({ l, i })).filter(({ l }) => l.type === 'conv2d');
    this.container.hidden = !data.weights || !convs.length;
    if (this.container.hidden) return;
    const first = data.weights.find((w) => w.name === `${convs[0].i}.weight`);
    const [co, ci] = first.shape;
    this.container.querySelector('.filter-list').replaceChildren(...Array.from({ length: co }, (_, f) => {
      const canvas = kernelCanvas(first, f, ci === 3 ? [0, 1, 2] : [0], FIRST_PX);
      canvas.dataset.filter = String(f);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t('filters.one', { n: f + 1 }));
      return canvas;
    }));
    const value = this.select.value;
    this.select.replaceChildren(new Option(t('filters.none'), ''), ...convs.map(({ i }) => new Option(t('filters.of', { n: i + 1 }), String(i))));
    this.select.value = convs.some(({ i }) => String(i) === value) ? value : '';
    this.drawKernels();
  }

  // Every kernel of the chosen layer: a row per output channel, a tile per input channel.
  drawKernels() {
    const host = this.container.querySelector('.kernel-list');
    const index = this.select.value;
    const w = index === '' ? null : this.data.weights.find((x) => x.name === `${index}.weight`);
    if (!w) return host.replaceChildren();
    const [co, ci] = w.shape;
    host.replaceChildren(...Array.from({ length: co }, (_, f) => {
      const row = document.createElement('div');
      row.className = 'kernel-row';
      const label = document.createElement('span');
      label.className = 'muted small';
      label.textContent = t('filters.kernel', { n: f + 1 });
      row.append(label, ...Array.from({ length: ci }, (_, c) => kernelCanvas(w, f, [c], TILE_PX)));
      return row;
    }));
    return undefined;
  }
}

// Filter f of a [Co, Ci, kh, kw] weight, channels `chans` (three → RGB, one → grey), stretched to
// its own min..max so the pattern shows whatever the scale of the weights.
function kernelCanvas(w, f, chans, px) {
  const [, ci, kh, kw] = w.shape;
  const at = (c, a, b) => w.data[((f * ci + c) * kh + a) * kw + b];
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chans) for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
    lo = Math.min(lo, at(c, a, b));
    hi = Math.max(hi, at(c, a, b));
  }
  const canvas = document.createElement('canvas');
  canvas.width = kw;
  canvas.height = kh;
  canvas.style.width = `${px}px`;
  canvas.style.height = `${Math.round((px * kh) / kw)}px`;
  canvas.className = 'kernel';
  const image = new ImageData(kw, kh);
  for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
    for (let ch = 0; ch < 3; ch++) image.data[4 * (a * kw + b) + ch] = Math.round((255 * (at(chans[Math.min(ch, chans.length - 1)], a, b) - lo)) / (hi - lo || 1));
    image.data[4 * (a * kw + b) + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}
