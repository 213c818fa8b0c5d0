// lessons/pooling.js — max pooling by the engine: first the lecture's two 4×4 convolution results
// shrunk to 2×2, then (with a trained net) one of the learner's own feature maps before and after.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { FILTERS, IMAGE_6X6, renderGrid } from './grid.js';
import { channelGrid, cleanNumber, runLayers } from './probe.js';
import { PhotoPicker, el, fmt, q, setMarkup, tensorCanvas, tryIt, ts } from './common.js';
import { presetLayers } from '../presets.js';

const first = (v) => (Array.isArray(v) ? v[0] : v);

export class PoolingLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.lecture = null;  // {before: [grid, grid], after: [grid, grid]} from the engine
    this.own = null;      // {before, after, layer, channel, channels} of the learner's net
    this.channel = 0;
    this.photo = null;
    setMarkup(root, `<p class="hint" data-i18n="lesson.pool.text"></p>
      <div class="mats pool"></div>
      <p class="lesson-output" data-testid="pool-channels"></p>
      <h4 data-i18n="lesson.pool.ownTitle"></h4>
      <p class="pool-status" role="status"></p>
      <div class="pool-own" hidden>
        <div class="pool-picker"></div>
        <label class="inline-field"><span data-i18n="lesson.pool.channel"></span> <select class="pool-channel" data-testid="pool-channel"></select></label>
        <div class="mats pool-maps"></div>
        <p class="hint pool-zoom-text"></p>
        <div class="mats pool-zoom"></div>
      </div>`);
    this.picker = new PhotoPicker(q(root, '.pool-picker'), { testid: 'pool-photos', onPick: (photo) => {
      this.photo = photo;
      this.loadOwn();
    } });
    q(root, '.pool-channel').addEventListener('change', (e) => {
      this.channel = Number(e.target.value);
      this.renderOwn();
    });
    this.footer = tryIt(root, 'pooling', {
      textKey: 'lesson.pool.try',
      action: () => ctx.lab.apply({ preset: 'lecture', layers: presetLayers('lecture') }),
    });
    ctx.lab.onModelChange(() => this.open());
    this.computeLecture();
  }

  // Both lecture filters at once: a 2-kernel convolution gives 2 channels, pooling keeps 2 channels.
  async computeLecture() {
    try {
      const { layers } = await runLayers(this.ctx.client, {
        input: [1, 6, 6],
        layers: [{ type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 0 }, { type: 'maxpool2d', size: 2, stride: 2 }],
        x: IMAGE_6X6.flat(),
        weights: [
          { name: '0.weight', shape: [2, 1, 3, 3], data: Float32Array.from([...FILTERS[1].flat(), ...FILTERS[2].flat()]) },
          { name: '0.bias', shape: [2], data: new Float32Array(2) },
        ],
      });
      const grids = (layer) => [0, 1].map((c) => channelGrid(layer, c).map((row) => row.map(cleanNumber)));
      this.lecture = { before: grids(layers[0]), after: grids(layers[1]), shapes: [layers[0].shape, layers[1].shape] };
    } catch (err) {
      this.lecture = { error: err.message };
    }
    this.render();
  }

  open() {
    this.picker.update(this.ctx.lab.storedImages(), this.ctx.lab.getState().classes);
    this.photo = this.picker.selectFirst();
    this.loadOwn();
  }

  // The first max-pooling layer of the learner's trained net, and what went into it, for one photo.
  async loadOwn() {
    this.own = null;
    this.ownError = null;
    if (this.ctx.lab.hasModel() && this.photo) {
      try {
        const acts = await this.ctx.client.request(Req.activations, { imageId: this.photo.id });
        const m = acts.layers.findIndex((l) => l.type === 'maxpool2d');
        if (m >= 0) {
          const spec = this.ctx.lab.getState().layers.filter((l) => l.type === 'maxpool2d')[0] ?? {};
          const before = m > 0 ? acts.layers[m - 1] : { ...acts.input, shape: [1, ...acts.input.shape] };
          this.own = { before, after: acts.layers[m], index: m, size: first(spec.size ?? 2), stride: first(spec.stride ?? spec.size ?? 2) };
          this.channel = Math.min(this.channel, before.shape[1] - 1);
        } else {
          this.ownError = t('lesson.pool.noPool');
        }
      } catch (err) {
        this.ownError = t('lesson.engineError', { message: err.message });
      }
    }
    this.render();
  }

  render() {
    const l = this.lecture;
    const mats = q(this.root, '.pool');
    const channels = q(this.root, '[data-testid=pool-channels]');
    if (l?.error) {
      mats.replaceChildren();
      channels.textContent = t('lesson.engineError', { message: l.error });
    } else if (l) {
      mats.replaceChildren(...[0, 1].flatMap((c) => [
        renderGrid(l.before[c], { caption: t('lesson.pool.before', { n: c + 1 }), mark: (i, j) => (((i >> 1) + (j >> 1)) % 2 ? 'alt' : '') }),
        renderGrid(l.after[c], { caption: t('lesson.pool.after', { n: c + 1 }), testid: `pool-output-${c + 1}` }),
      ]));
      channels.textContent = t('lesson.pool.channels', { before: l.shapes[0].slice(1).join(' × '), after: l.shapes[1].slice(1).join(' × ') });
    }
    this.renderOwn();
    this.footer.render();
  }

  renderOwn() {
    const status = q(this.root, '.pool-status');
    const box = q(this.root, '.pool-own');
    const own = this.own;
    if (!this.ctx.lab.hasModel()) status.textContent = ts('lesson.pool.noModel');
    else if (!this.photo) status.textContent = ts('lesson.noPhotos');
    else status.textContent = this.ownError ?? (own ? t('lesson.pool.own', { name: this.photo.name, layer: own.index + 1 }) : '…');
    box.hidden = !(this.ctx.lab.hasModel() && this.photo);
    if (!own) {
      q(this.root, '.pool-maps').replaceChildren();
      q(this.root, '.pool-zoom').replaceChildren();
      q(this.root, '.pool-zoom-text').textContent = '';
      return;
    }
    const select = q(this.root, '.pool-channel');
    const c = own.before.shape[1];
    if (select.options.length !== c) select.replaceChildren(...Array.from({ length: c }, (_, k) => new Option(String(k + 1), String(k))));
    select.value = String(this.channel);
    const [, , h, w] = own.before.shape;
    const [, , ph, pw] = own.after.shape;
    const before = tensorCanvas(own.before.data, own.before.shape.slice(1), { channel: this.channel, px: Math.max(2, Math.floor(160 / w)), label: `${h} × ${w}` });
    const after = tensorCanvas(own.after.data, own.after.shape.slice(1), { channel: this.channel, px: Math.max(2, Math.floor(160 / w)), label: `${ph} × ${pw}` });
    q(this.root, '.pool-maps').replaceChildren(
      el('figure', { className: 'grid-block' }, before, el('figcaption', { className: 'grid-caption' }, t('lesson.pool.ownBefore', { h, w }))),
      el('figure', { className: 'grid-block' }, after, el('figcaption', { className: 'grid-caption' }, t('lesson.pool.ownAfter', { h: ph, w: pw }))),
    );
    this.renderZoom(own);
  }

  // Numbers around the strongest pooled cell: a 2×2 block of the result and the windows it came from.
  renderZoom(own) {
    const beforeGrid = channelGrid(own.before, this.channel);
    const afterGrid = channelGrid(own.after, this.channel);
    const ph = afterGrid.length;
    const pw = afterGrid[0].length;
    let best = [0, 0];
    afterGrid.forEach((row, i) => row.forEach((v, j) => { if (v > afterGrid[best[0]][best[1]]) best = [i, j]; }));
    const a = Math.max(0, Math.min(best[0], ph - 2));
    const b = Math.max(0, Math.min(best[1], pw - 2));
    const rows = Math.min(2, ph);
    const cols = Math.min(2, pw);
    const { size, stride } = own;
    const r0 = a * stride;
    const c0 = b * stride;
    const region = beforeGrid.slice(r0, (a + rows - 1) * stride + size).map((row) => row.slice(c0, (b + cols - 1) * stride + size).map((v) => fmt(v, 2)));
    const pooled = afterGrid.slice(a, a + rows).map((row) => row.slice(b, b + cols).map((v) => fmt(v, 2)));
    q(this.root, '.pool-zoom-text').textContent = t('lesson.pool.zoom', { row: a + 1, col: b + 1, size });
    q(this.root, '.pool-zoom').replaceChildren(
      renderGrid(region, { caption: t('lesson.pool.zoomBefore'), testid: 'pool-own-before', wide: true, mark: (i, j) => ((Math.floor(i / stride) + Math.floor(j / stride)) % 2 ? 'alt' : '') }),
      renderGrid(pooled, { caption: t('lesson.pool.zoomAfter'), testid: 'pool-own-after', wide: true }),
    );
    const zoom = q(this.root, '[data-testid=pool-own-after]');
    zoom.dataset.size = String(size);
    zoom.dataset.stride = String(stride);
  }
}
