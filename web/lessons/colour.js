// lessons/colour.js — colour images: a 3×3×3 kernel on an RGB picture (each channel's products summed,
// then the three sums added), and 2–4 kernels giving 2–4 output maps, computed by the engine.
import { t } from '../i18n/index.js';
import { FILTERS, IMAGE_6X6, renderGrid } from './grid.js';
import { channelGrid, runLayers } from './probe.js';
import { PhotoPicker, el, fmt, photoPixels, q, setMarkup, tensorCanvas, tryIt, ts } from './common.js';

const PHOTO_SIZE = 16;
const CHANNELS = ['R', 'G', 'B'];
const same = (k) => [k, k, k];  // one 3×3 slice per colour channel
const ZERO = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
// Kernels [in = R, G, B][3][3]: the lecture's two filters in every channel, a horizontal line, and
// one that only a colour kernel can be: red minus green at the centre.
const KERNELS = [
  same(FILTERS[1]),
  same(FILTERS[2]),
  same([[-1, -1, -1], [1, 1, 1], [-1, -1, -1]]),
  [[[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, -1, 0], [0, 0, 0]], ZERO],
];

// The built-in picture when the lab has no photos: red = the lecture's image, green = its mirror.
function lecturePicture() {
  const red = IMAGE_6X6.flat();
  const green = IMAGE_6X6.flatMap((row) => [...row].reverse());
  return { size: 6, x: Float32Array.from([...red, ...green, ...new Array(36).fill(0)]) };
}

// A canvas with a size × size cell outline at row i, column j (the kernel's window, or its output).
function boxed(canvas, px, i, j, size) {
  const box = el('span', { className: 'pos-box' });
  Object.assign(box.style, { left: `${j * px}px`, top: `${i * px}px`, width: `${size * px}px`, height: `${size * px}px` });
  return el('span', { className: 'map-wrap' }, canvas, box);
}

export class ColourLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.count = 2;      // kernels
    this.kernel = 0;     // whose sum is written out
    this.pos = [1, 1];   // output row, column
    this.picture = lecturePicture();
    this.source = null;  // the stored photo, or null for the built-in picture
    this.maps = null;    // the engine's output {shape, data}
    const options = (n, from = 1) => Array.from({ length: n }, (_, i) => `<option value="${i + from - 1}">${i + from}</option>`).join('');
    setMarkup(root, `<p class="hint" data-i18n="lesson.colour.text"></p>
      <div class="colour-picker"></div><p class="hint colour-source"></p>
      <div class="mats colour-input"></div>
      <div class="row wrap">
        <label class="inline-field"><span data-i18n="lesson.colour.count"></span> <select class="k-count" data-testid="colour-count">
          <option value="2">2</option><option value="3">3</option><option value="4">4</option></select></label>
        <label class="inline-field"><span data-i18n="lesson.colour.kernel"></span> <select class="k-pick" data-testid="colour-kernel">${options(2)}</select></label>
        <label class="inline-field"><span data-i18n="lesson.colour.row"></span> <select class="pos-row" data-testid="colour-row"></select></label>
        <label class="inline-field"><span data-i18n="lesson.colour.col"></span> <select class="pos-col" data-testid="colour-col"></select></label>
      </div>
      <div class="colour-products"></div>
      <p class="lesson-output" aria-live="polite" data-testid="colour-sum"></p>
      <h4 data-i18n="lesson.colour.mapsTitle"></h4>
      <div class="mats colour-maps"></div><p class="lesson-output" data-testid="colour-shape"></p>`);
    this.picker = new PhotoPicker(q(root, '.colour-picker'), { testid: 'colour-photos', onPick: (photo) => this.usePhoto(photo) });
    q(root, '.k-count').addEventListener('change', (e) => {
      this.count = Number(e.target.value);
      this.kernel = Math.min(this.kernel, this.count - 1);
      this.compute();
    });
    q(root, '.k-pick').addEventListener('change', (e) => {
      this.kernel = Number(e.target.value);
      this.render();
    });
    q(root, '.pos-row').addEventListener('change', (e) => { this.pos[0] = Number(e.target.value); this.render(); });
    q(root, '.pos-col').addEventListener('change', (e) => { this.pos[1] = Number(e.target.value); this.render(); });
    this.footer = tryIt(root, 'colour', {
      textKey: 'lesson.colour.try',
      params: () => ({ k: this.count }),
      action: () => {
        const { layers, input } = ctx.lab.getState();
        const first = layers.findIndex((l) => l.type === 'conv2d');
        if (first < 0) throw new Error(ts('lesson.conv.noConv'));
        ctx.lab.apply({ preset: 'custom', input: { ...input, channels: 3 }, layers: layers.map((l, i) => (i === first ? { ...l, filters: this.count } : l)) });
      },
    });
    this.compute();
  }

  open() {
    this.picker.update(this.ctx.lab.storedImages(), this.ctx.lab.getState().classes);
    const photo = this.picker.selectFirst();
    if (photo && photo !== this.source) this.usePhoto(photo);
  }

  async usePhoto(photo) {
    try {
      this.picture = { size: PHOTO_SIZE, x: await photoPixels(photo.thumbUrl, PHOTO_SIZE) };
      this.source = photo;
    } catch {
      this.picture = lecturePicture();
      this.source = null;
    }
    this.compute();
  }

  async compute() {
    const picture = this.picture;
    const { size, x } = picture;
    const kernels = KERNELS.slice(0, this.count);
    try {
      const { layers } = await runLayers(this.ctx.client, {
        input: [3, size, size],
        layers: [{ type: 'conv2d', filters: this.count, kernel: 3, stride: 1, padding: 0 }],
        x,
        weights: [{ name: '0.weight', shape: [this.count, 3, 3, 3], data: Float32Array.from(kernels.flat(3)) },
          { name: '0.bias', shape: [this.count], data: new Float32Array(this.count) }],
      });
      this.maps = layers[0];
      this.mapsFor = picture;
      this.error = null;
    } catch (err) {
      this.maps = null;
      this.error = err.message;
    }
    this.render();
  }

  // (C, H, W) value of the picture.
  pixel(c, i, j) {
    const n = this.picture.size;
    return this.picture.x[c * n * n + i * n + j];
  }

  render() {
    const n = this.picture.size;
    const out = n - 2;
    this.pos = this.pos.map((v) => Math.min(v, out - 1));
    const syncSelect = (sel, count, value) => {
      const s = q(this.root, sel);
      if (s.options.length !== count) s.replaceChildren(...Array.from({ length: count }, (_, i) => new Option(String(i + 1), String(i))));
      s.value = String(value);
    };
    syncSelect('.pos-row', out, this.pos[0]);
    syncSelect('.pos-col', out, this.pos[1]);
    syncSelect('.k-pick', this.count, this.kernel);
    q(this.root, '.colour-source').textContent = this.source ? t('lesson.colour.photo', { name: this.source.name, n }) : t('lesson.colour.builtIn');
    const [i0, j0] = this.pos;
    const inWin = (i, j) => i >= i0 && i < i0 + 3 && j >= j0 && j < j0 + 3;
    // The picture, then each channel in its own colour; the kernel's 3 × 3 window is outlined.
    const PX = Math.max(6, Math.floor(96 / n));  // screen pixels per picture pixel
    const figure = (canvas, caption) => el('figure', { className: 'grid-block' }, boxed(canvas, PX, i0, j0, 3), el('figcaption', { className: 'grid-caption' }, caption));
    q(this.root, '.colour-input').replaceChildren(
      figure(tensorCanvas(this.picture.x, [3, n, n], { mode: 'colour', px: PX, label: t('lesson.colour.rgb') }), t('lesson.colour.rgb')),
      ...CHANNELS.map((name, c) => {
        const caption = t(`lesson.colour.ch${name}`);
        const grid = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => this.pixel(c, i, j)));
        return n <= 6
          ? renderGrid(grid, { caption, mark: (i, j, v) => [v ? 'on' : '', inWin(i, j) ? 'window' : ''].join(' ') })
          : figure(tensorCanvas(this.picture.x, [3, n, n], { channel: c, mode: 'tint', px: PX, label: caption }), caption);
      }),
    );
    this.renderProducts();
    this.renderMaps();
    this.footer.render();
  }

  // Σ over R, G, B of Σ patch · kernel slice: one number of one output map.
  renderProducts() {
    const k = KERNELS[this.kernel];
    const [i0, j0] = this.pos;
    const patches = [0, 1, 2].map((c) => [0, 1, 2].map((u) => [0, 1, 2].map((v) => this.pixel(c, i0 + u, j0 + v))));
    const sums = patches.map((p, c) => p.reduce((s, row, u) => row.reduce((s2, v, w) => s2 + v * k[c][u][w], s), 0));
    q(this.root, '.colour-products').replaceChildren(...CHANNELS.map((name, c) => el('div', { className: 'mats colour-channel' },
      renderGrid(patches[c].map((row) => row.map((v) => fmt(v, 2))), { caption: t('lesson.colour.patch', { ch: t(`lesson.colour.ch${name}`) }), wide: true }),
      renderGrid(k[c], { caption: t('lesson.colour.slice', { ch: t(`lesson.colour.ch${name}`), k: this.kernel + 1 }) }),
      el('p', { className: 'formula' }, t('lesson.colour.chSum', { ch: name, sum: fmt(sums[c], 3) })))));
    const total = sums[0] + sums[1] + sums[2];
    const line = q(this.root, '[data-testid=colour-sum]');
    const m = this.picture.size - 2;
    const maps = this.current();
    const engine = maps ? maps.data[this.kernel * m * m + i0 * m + j0] : NaN;
    line.textContent = this.error
      ? t('lesson.engineError', { message: this.error })
      : t('lesson.colour.total', { r: fmt(sums[0], 3), g: fmt(sums[1], 3), b: fmt(sums[2], 3), total: fmt(total, 3), k: this.kernel + 1, row: i0 + 1, col: j0 + 1, engine: fmt(engine, 3) });
    Object.assign(line.dataset, { total: String(total), engine: String(engine), patch: JSON.stringify(patches), kernel: JSON.stringify(k) });
  }

  // The engine's maps, if they were computed for the picture shown now (a newer request may be out).
  current() {
    return this.maps && this.mapsFor === this.picture && this.maps.shape[1] === this.count ? this.maps : null;
  }

  renderMaps() {
    const maps = this.current();
    const shape = q(this.root, '[data-testid=colour-shape]');
    if (!maps) {
      q(this.root, '.colour-maps').replaceChildren();
      shape.textContent = '';
      return;
    }
    const [, c, h, w] = maps.shape;
    // Small maps (the built-in picture) as numbers, photo-sized ones as pictures.
    q(this.root, '.colour-maps').replaceChildren(...Array.from({ length: c }, (_, k) => {
      const caption = t('lesson.colour.map', { k: k + 1 });
      return h <= 4
        ? renderGrid(channelGrid(maps, k).map((row) => row.map((v) => fmt(v, 2))), { caption, wide: true, testid: `colour-map-${k + 1}` })
        : el('figure', { className: 'grid-block' }, boxed(tensorCanvas(maps.data, maps.shape.slice(1), { channel: k, px: 8, label: caption }), 8, ...this.pos, 1),
          el('figcaption', { className: 'grid-caption' }, caption));
    }));
    shape.textContent = t('lesson.colour.shape', { k: c, h, w });
    shape.dataset.channels = String(c);
  }
}
