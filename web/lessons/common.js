// lessons/common.js — pieces every lesson shares: markup with translated text, the "try it in the lab"
// footer, a picker of the lab's stored photos, photo pixels, and number formatting.
import { t, translateTree } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { buildSpec } from '../presets.js';

// Sets the lesson's markup and translates its data-i18n attributes once; render() calls it again
// after a language change through translateTree.
export function setMarkup(root, html) {
  root.innerHTML = html;
  translateTree(root);
}

export const q = (root, sel) => root.querySelector(sel);

// t() with the page's section headings ({data}, {train}, {classify}) and preset names ({lecture},
// {dense}, {big}): a lesson that sends the learner somewhere names it exactly as the page shows it.
export function ts(key, params = {}) {
  const page = { data: t('data.heading'), train: t('train.heading'), classify: t('classify.heading') };
  for (const preset of ['lecture', 'dense', 'big']) page[preset] = t(`preset.${preset}`);
  return t(key, { ...page, ...params });
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.includes('-') || !(key in node)) node.setAttribute(key, value);  // aria-*, SVG
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// Numbers as the lessons print them: up to `digits` decimals, no trailing zeros, a real minus sign.
export function fmt(value, digits = 3) {
  if (!Number.isFinite(value)) return String(value);
  const text = Number(value.toFixed(digits)).toString();
  return text === '-0' ? '0' : text.replace('-', '−');
}

export const pct = (p) => `${(100 * p).toFixed(1)}%`;

// The footer of a lesson: what the button will set in the lab (one sentence) and the button.
// action() applies the settings (ctx.lab.apply or an experiment) and may return a promise.
export function tryIt(root, id, { textKey, params = () => ({}), action }) {
  const box = el('div', { className: 'lesson-try' });
  box.innerHTML = `<h4 data-i18n="lessons.tryIt"></h4><p class="try-text"></p>
    <button type="button" class="primary" data-testid="lesson-try-${id}" data-i18n="lessons.tryButton"></button>
    <p class="try-status" role="status"></p>`;
  root.append(box);
  translateTree(box);
  const status = q(box, '.try-status');
  q(box, 'button').addEventListener('click', async () => {
    status.textContent = '';
    try {
      await action();
    } catch (err) {
      status.textContent = t('lessons.tryFailed', { message: err.message });
    }
  });
  return { render: () => (q(box, '.try-text').textContent = ts(textKey, params())) };
}

// A row of the lab's stored photos as buttons; onPick(image) when one is chosen. Shows at most
// `limit` photos, taken evenly from every class so each class is there.
export class PhotoPicker {
  constructor(container, { onPick, limit = 16, testid }) {
    this.container = container;
    this.onPick = onPick;
    this.limit = limit;
    this.images = [];
    this.selected = null;
    container.className = 'photo-picker';
    container.setAttribute('role', 'group');
    container.dataset.i18nAttr = 'aria-label:lessons.photos';
    if (testid) container.dataset.testid = testid;
    container.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-id]');
      if (!button) return;
      this.select(Number(button.dataset.id));
    });
  }

  // images: ctx.lab.storedImages(); classes: names. Keeps the selection when the photo is still there.
  update(images, classes) {
    const byClass = classes.map((_, k) => images.filter((im) => im.classIndex === k));
    const per = Math.max(1, Math.floor(this.limit / Math.max(1, classes.length)));
    this.images = byClass.flatMap((list) => list.slice(0, per));
    this.container.setAttribute('aria-label', t('lessons.photos'));
    this.container.replaceChildren(...this.images.map((im) => {
      const img = el('img', { src: im.thumbUrl, alt: '', width: 44, height: 44 });
      return el('button', { type: 'button', className: 'photo-choice', dataset: { id: String(im.id) },
        'aria-label': `${im.name} (${classes[im.classIndex] ?? ''})`, 'aria-pressed': String(im.id === this.selected?.id) }, img);
    }));
    if (!this.images.some((im) => im.id === this.selected?.id)) this.selected = null;
    return this.selected;
  }

  select(id, { notify = true } = {}) {
    this.selected = this.images.find((im) => im.id === id) ?? null;
    for (const b of this.container.querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.id) === id));
    if (this.selected && notify) this.onPick(this.selected);
  }

  // The first photo when none is chosen (or the chosen one is gone) → the selection, or null.
  selectFirst() {
    if (!this.selected && this.images.length) this.select(this.images[0].id, { notify: false });
    return this.selected;
  }
}

// A stored photo's thumbnail drawn at size×size → Float32Array (3, size, size) in [0, 1] (RGB planes).
export async function photoPixels(thumbUrl, size) {
  const img = new Image();
  img.src = thumbUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, 0, 0, size, size);
  const rgba = g.getImageData(0, 0, size, size).data;
  const plane = size * size;
  const chw = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) chw[c * plane + p] = rgba[4 * p + c] / 255;
  return chw;
}

// One channel of a (C, H, W) tensor → a canvas drawn `px` screen pixels per cell. mode 'grey'
// stretches the channel to its own min..max; 'colour' draws the three planes in [0, 1] as RGB;
// 'tint' draws the one channel in its own colour (red, green or blue), unstretched.
export function tensorCanvas(data, shape, { channel = 0, mode = 'grey', px = 6, label = '' } = {}) {
  const [, height, width] = shape;
  const plane = height * width;
  const canvas = el('canvas', { width, height, className: 'lesson-map', role: 'img', 'aria-label': label });
  canvas.style.width = `${width * px}px`;
  canvas.style.height = `${height * px}px`;
  let lo = 0;
  let hi = 1;
  if (mode === 'grey') {
    const slice = data.subarray(channel * plane, (channel + 1) * plane);
    lo = Math.min(...slice);
    hi = Math.max(...slice);
  }
  const range = hi - lo || 1;
  const image = new ImageData(width, height);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = mode === 'colour' ? data[c * plane + p] : mode === 'tint' && c !== channel ? lo : data[channel * plane + p];
      image.data[4 * p + c] = Math.round((255 * (v - lo)) / range);
    }
    image.data[4 * p + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}

// The learner's network as the lab builds it (presets.js), so layer indices match the real model.
function learnerSpec(state) {
  return buildSpec({ ...state, dropout: state.hp.dropout });
}

// The engine's shapes for the learner's net: a throwaway copy run on a blank photo.
export async function probeShapes(client, state) {
  const spec = learnerSpec(state);
  const x = new Float32Array(spec.input.channels * spec.input.height * spec.input.width);
  const { layers } = await client.request(Req.probe, { spec, x, n: 1 });
  return { spec, layers };
}
