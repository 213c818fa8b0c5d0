// views/saliency.js — where the network looks: the gradient of a class's score with respect to every
// input pixel (the engine's saliency map), as a heat map laid over the photo the network sees. The
// first step from "what is in the photo" towards "where is it" (detection, segmentation).
import { t } from '../i18n/index.js';

const PX = 160;  // drawn size

// data: {photo, activations (its input is the photo at the net's size), saliency:
//        {classIndex, map: {shape, data}} | null, classes}
export class SaliencyView {
  constructor(container, { onClass }) {
    this.container = container;
    container.dataset.testid = 'saliency';
    container.innerHTML = `<h4 data-i18n="saliency.title"></h4><p class="hint" data-i18n="saliency.hint"></p>
      <label class="saliency-class"><span data-i18n="saliency.for"></span> <select></select></label>
      <div class="saliency-pictures"><canvas class="saliency-photo"></canvas><canvas class="saliency-map"></canvas></div>
      <p class="saliency-status muted"></p>`;
    this.select = container.querySelector('select');
    this.select.addEventListener('change', () => onClass(Number(this.select.value)));
  }

  update({ photo, activations, saliency, classes }) {
    this.container.hidden = !photo || !activations;
    if (this.container.hidden) return;
    const key = classes.join('|');
    if (this.select.dataset.key !== key) {
      this.select.replaceChildren(...classes.map((name, k) => new Option(name, String(k))));
      this.select.dataset.key = key;
    }
    if (saliency) this.select.value = String(saliency.classIndex);
    const [c, h, w] = activations.input.shape.slice(-3);
    draw(this.container.querySelector('.saliency-photo'), w, h, (p) => {
      const rgb = [0, 1, 2].map((ch) => activations.input.data[Math.min(ch, c - 1) * h * w + p]);
      return [...rgb.map((v) => Math.round(255 * v)), 255];
    });
    const status = this.container.querySelector('.saliency-status');
    const mapCanvas = this.container.querySelector('.saliency-map');
    mapCanvas.hidden = !saliency;
    status.textContent = saliency ? t('saliency.read', { name: classes[saliency.classIndex] ?? '' }) : t('saliency.computing');
    if (!saliency) return;
    // Strength of a pixel = the largest |∂score/∂x| over its channels, scaled to the photo's largest.
    const strength = new Float32Array(h * w);
    for (let p = 0; p < h * w; p++) {
      for (let ch = 0; ch < c; ch++) strength[p] = Math.max(strength[p], Math.abs(saliency.map.data[ch * h * w + p]));
    }
    const top = Math.max(...strength) || 1;
    mapCanvas.dataset.max = String(top);
    draw(mapCanvas, w, h, (p) => {
      const v = strength[p] / top;
      const grey = activations.input.data[p];
      // The photo in grey underneath, the strong pixels in warm colour on top.
      return [Math.round(255 * (0.35 * grey + 0.65 * v)), Math.round(255 * 0.35 * grey + 80 * v * (1 - v)), Math.round(255 * 0.35 * grey), 255];
    });
  }
}

function draw(canvas, w, h, rgba) {
  canvas.width = w;
  canvas.height = h;
  canvas.style.width = `${PX}px`;
  canvas.style.height = `${Math.round((PX * h) / w)}px`;
  canvas.setAttribute('aria-hidden', 'true');
  const image = new ImageData(w, h);
  for (let p = 0; p < w * h; p++) image.data.set(rgba(p), 4 * p);
  canvas.getContext('2d').putImageData(image, 0, 0);
}
