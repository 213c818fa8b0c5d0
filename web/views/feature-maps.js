// views/feature-maps.js — inside the trained net: the photo as the net sees it and every
// convolution / pooling layer's channels as small grey images (one per kernel).
import { t } from '../i18n/index.js';

const MAX_CHANNELS = 16;  // per layer; more would not fit a phone
const TARGET_PX = 56;     // maps are drawn about this wide, whatever their size (7×7 … 32×32)

// data: {activations: Activations | null} (protocol.js: input, layers[{index, type, shape, data}])
export class FeatureMapsView {
  constructor(container) {
    this.container = container;
    this.data = { activations: null };
    container.innerHTML = `<details class="feature-maps"><summary></summary><p class="hint fm-hint"></p><div class="fm-layers"></div></details>`;
    this.update({});
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const q = (sel) => this.container.querySelector(sel);
    q('summary').textContent = t('maps.title');
    q('.fm-hint').textContent = t('maps.hint');
    const acts = this.data.activations;
    this.container.hidden = !acts;
    if (!acts) return;
    const rows = [{ title: t('maps.input'), tensor: acts.input, colour: acts.input.shape[0] === 3 }];
    for (const layer of acts.layers) {
      if (layer.shape.length >= 3 && layer.shape.at(-1) > 1) {
        rows.push({ title: `${layer.index + 1}. ${t(`layer.${layer.type}`)} (${layer.shape.slice(-3).join('×')})`, tensor: layer });
      }
    }
    q('.fm-layers').replaceChildren(...rows.map((row) => this.renderRow(row)));
  }

  renderRow({ title, tensor, colour }) {
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
      maps.append(mapCanvas(tensor.data, [0, plane, 2 * plane], height, width, false));
    } else {
      for (let k = 0; k < Math.min(c, MAX_CHANNELS); k++) maps.append(mapCanvas(tensor.data, [k * plane], height, width, true));
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
function mapCanvas(data, offsets, height, width, stretch) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const px = Math.max(1, Math.min(8, Math.round(TARGET_PX / Math.max(height, width))));
  canvas.style.width = `${width * px}px`;
  canvas.style.height = `${height * px}px`;
  canvas.setAttribute('aria-hidden', 'true');
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
