// views/feature-maps.js — inside the trained net: the photo as the net sees it and every
// convolution / pooling layer's channels as grey images (one per kernel), large enough to read.
// Clicking a map picks a cell: its multiply-add (or max) is shown by views/conv-detail.js.
import { getLang, t } from '../i18n/index.js';

const MAX_CHANNELS = 16;  // per layer; more would not fit a phone
const TARGET_PX = 96;     // maps are drawn about this wide, whatever their size (7×7 … 64×64)

// data: {activations: Activations | null (protocol.js: input, layers[{index, type, shape, data}]),
//        selected: {index, channel, i, j} | null}
export class FeatureMapsView {
  constructor(container, { onCell = () => {} } = {}) {
    this.container = container;
    this.data = { activations: null, selected: null };
    container.innerHTML = `<details class="feature-maps" open><summary data-i18n="maps.title"></summary>
      <p class="hint" data-i18n="maps.hint"></p><div class="fm-layers"></div></details>`;
    container.querySelector('.fm-layers').addEventListener('click', (e) => {
      const canvas = e.target.closest('canvas[data-layer]');
      if (!canvas) return;
      const rect = canvas.getBoundingClientRect();
      const j = Math.min(canvas.width - 1, Math.floor(((e.clientX - rect.left) / rect.width) * canvas.width));
      const i = Math.min(canvas.height - 1, Math.floor(((e.clientY - rect.top) / rect.height) * canvas.height));
      onCell({ index: Number(canvas.dataset.layer), channel: Number(canvas.dataset.channel), i: Math.max(0, i), j: Math.max(0, j) });
    });
    // The keyboard picks a map's middle cell.
    container.querySelector('.fm-layers').addEventListener('keydown', (e) => {
      const canvas = e.target.closest('canvas[data-layer]');
      if (!canvas || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      onCell({ index: Number(canvas.dataset.layer), channel: Number(canvas.dataset.channel), i: canvas.height >> 1, j: canvas.width >> 1 });
    });
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const acts = this.data.activations;
    this.container.hidden = !acts;
    if (!acts) return;
    // Same photo, same language: only the highlighted map changes (the canvases are kept).
    const key = `${getLang()}`;
    if (acts === this.drawn && key === this.drawnKey) {
      const sel = this.data.selected;
      for (const canvas of this.container.querySelectorAll('canvas[data-layer]')) {
        canvas.classList.toggle('selected', Boolean(sel) && sel.index === Number(canvas.dataset.layer) && sel.channel === Number(canvas.dataset.channel));
      }
      return;
    }
    this.drawn = acts;
    this.drawnKey = key;
    const rows = [{ title: t('maps.input'), tensor: acts.input, colour: acts.input.shape.at(-3) === 3, layer: null }];
    for (const layer of acts.layers) {
      if (layer.shape.length >= 3 && layer.shape.at(-1) > 1) {
        rows.push({ title: `${layer.index + 1}. ${t(`layer.${layer.type}`)} (${layer.shape.slice(-3).join('×')})`, tensor: layer, layer });
      }
    }
    this.container.querySelector('.fm-layers').replaceChildren(...rows.map((row) => this.renderRow(row)));
  }

  renderRow({ title, tensor, colour, layer }) {
    const wrap = document.createElement('div');
    wrap.className = 'fm-row';
    const h = document.createElement('p');
    h.className = 'fm-title';
    h.textContent = title;
    const maps = document.createElement('div');
    maps.className = 'fm-maps';
    const [c, height, width] = tensor.shape.slice(-3);
    const plane = height * width;
    if (colour) {
      const canvas = mapCanvas(tensor.data, [0, plane, 2 * plane], height, width, false);
      canvas.setAttribute('aria-hidden', 'true');
      maps.append(canvas);
    } else {
      const sel = this.data.selected;
      for (let k = 0; k < Math.min(c, MAX_CHANNELS); k++) {
        const canvas = mapCanvas(tensor.data, [k * plane], height, width, true);
        if (layer) {
          Object.assign(canvas.dataset, { layer: layer.index, channel: k, testid: `feature-map-${layer.index}-${k}` });
          canvas.tabIndex = 0;
          canvas.setAttribute('role', 'button');
          canvas.setAttribute('aria-label', t('maps.pick', { layer: layer.index + 1, channel: k + 1 }));
          if (sel && sel.index === layer.index && sel.channel === k) canvas.classList.add('selected');
        } else {
          canvas.setAttribute('aria-hidden', 'true');
        }
        maps.append(canvas);
      }
    }
    if (c > MAX_CHANNELS && !colour) {
      const more = document.createElement('span');
      more.className = 'muted small';
      more.textContent = t('maps.more', { n: c - MAX_CHANNELS });
      maps.append(more);
    }
    wrap.append(h, maps);
    return wrap;
  }

  reset() {
    this.update({ activations: null });
  }
}

// One channel (or the three of a colour input) → a canvas. Channels are stretched to their own
// min..max so weak and strong responses are both visible.
export function mapCanvas(data, offsets, height, width, stretch, target = TARGET_PX) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const px = Math.max(1, Math.min(12, Math.round(target / Math.max(height, width))));
  canvas.style.width = `${width * px}px`;
  canvas.style.height = `${height * px}px`;
  const plane = height * width;
  let lo = 0;
  let hi = 1;
  if (stretch) {
    lo = Infinity;
    hi = -Infinity;
    for (let p = 0; p < plane; p++) {
      lo = Math.min(lo, data[offsets[0] + p]);
      hi = Math.max(hi, data[offsets[0] + p]);
    }
  }
  const range = hi - lo || 1;
  const image = new ImageData(width, height);
  for (let p = 0; p < plane; p++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = data[offsets[Math.min(ch, offsets.length - 1)] + p];
      image.data[4 * p + ch] = Math.round((255 * (v - lo)) / range);
    }
    image.data[4 * p + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}
