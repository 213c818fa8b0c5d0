// lessons/flatten.js — flatten → fully connected → softmax on the learner's own network: the engine's
// shapes (C·H·W of the last feature maps, the dense sizes) and, once trained, the real numbers of one
// photo: the flattened vector, the logits and their softmax next to the engine's probabilities.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { PhotoPicker, el, fmt, probeShapes, q, setMarkup, tryIt, ts } from './common.js';
import { presetLayers } from '../presets.js';

function softmax(z) {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export class FlattenLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.shapes = null;
    this.acts = null;
    this.photo = null;
    setMarkup(root, `<p class="hint" data-i18n="lesson.flatten.text"></p>
      <p class="lesson-output" data-testid="flatten-length"></p>
      <p class="formula" data-testid="flatten-path"></p>
      <h4 data-i18n="lesson.flatten.realTitle"></h4>
      <p class="flatten-status" role="status"></p>
      <div class="flatten-real" hidden>
        <div class="flatten-picker"></div>
        <figure class="lesson-figure wide"><canvas class="strip" height="1" data-testid="flatten-strip"></canvas>
          <figcaption class="hint strip-caption"></figcaption></figure>
        <div class="table-scroll"><table class="softmax-table" data-testid="flatten-softmax"><thead><tr>
          <th data-i18n="lesson.xent.class"></th><th class="num" data-i18n="lesson.flatten.logit"></th><th class="num">e<sup>z</sup></th>
          <th class="num" data-i18n="lesson.flatten.softmax"></th><th class="num" data-i18n="lesson.flatten.engine"></th></tr></thead><tbody></tbody></table></div>
      </div>`);
    this.picker = new PhotoPicker(q(root, '.flatten-picker'), { testid: 'flatten-photos', onPick: (photo) => {
      this.photo = photo;
      this.loadActs();
    } });
    this.footer = tryIt(root, 'flatten', {
      textKey: 'lesson.flatten.try',
      action: () => ctx.lab.apply({ preset: 'lecture', layers: presetLayers('lecture') }),
    });
    ctx.lab.onModelChange(() => this.open());
  }

  open() {
    this.loadShapes();
    this.picker.update(this.ctx.lab.storedImages(), this.ctx.lab.getState().classes);
    this.photo = this.picker.selectFirst();
    this.loadActs();
  }

  async loadShapes() {
    try {
      const { spec, layers } = await probeShapes(this.ctx.client, this.ctx.lab.getState());
      const f = spec.layers.findIndex((l) => l.type === 'flatten');
      this.shapes = f < 0 ? { none: true } : {
        before: f > 0 ? layers[f - 1].shape.slice(1) : [spec.input.channels, spec.input.height, spec.input.width],
        beforeType: f > 0 ? spec.layers[f - 1].type : 'input',
        flat: layers[f].shape[1],
        dense: spec.layers.map((l, i) => (l.type === 'dense' && i > f ? layers[i].shape[1] : null)).filter((v) => v !== null),
      };
    } catch (err) {
      this.shapes = { error: err.message };
    }
    this.render();
  }

  async loadActs() {
    this.acts = null;
    this.actsError = null;
    if (this.ctx.lab.hasModel() && this.photo) {
      try {
        this.acts = await this.ctx.client.request(Req.activations, { imageId: this.photo.id });
      } catch (err) {
        this.actsError = err.message;
      }
    }
    this.render();
  }

  render() {
    const s = this.shapes;
    const length = q(this.root, '[data-testid=flatten-length]');
    const path = q(this.root, '[data-testid=flatten-path]');
    if (!s) {
      length.textContent = '…';
      path.textContent = '';
    } else if (s.error || s.none) {
      length.textContent = s.error ? t('lesson.engineError', { message: s.error }) : t('lesson.flatten.none');
      path.textContent = '';
    } else {
      const [c, h, w] = s.before;
      const layer = s.beforeType === 'input' ? t('lesson.flatten.inputLayer') : t(`layer.${s.beforeType}`);
      length.textContent = t('lesson.flatten.length', { c, h, w, n: s.flat.toLocaleString('en-US'), layer });
      Object.assign(length.dataset, { c: String(c), h: String(h), w: String(w), value: String(s.flat) });
      path.textContent = t('lesson.flatten.path', { sizes: [s.flat, ...s.dense].map((n) => n.toLocaleString('en-US')).join(' → ') });
    }
    this.renderReal();
    this.footer.render();
  }

  renderReal() {
    const status = q(this.root, '.flatten-status');
    const box = q(this.root, '.flatten-real');
    const ready = this.ctx.lab.hasModel() && this.photo;
    box.hidden = !ready;
    if (!this.ctx.lab.hasModel()) status.textContent = ts('lesson.flatten.noModel');
    else if (!this.photo) status.textContent = ts('lesson.noPhotos');
    else if (this.actsError) status.textContent = t('lesson.engineError', { message: this.actsError });
    else status.textContent = this.acts ? t('lesson.flatten.photo', { name: this.photo.name }) : '…';
    const acts = this.acts;
    if (!ready || !acts) return;
    const flat = acts.layers.find((l) => l.type === 'flatten');
    if (flat) this.drawStrip(flat.data);
    const logits = [...acts.layers.at(-1).data];
    const probs = softmax(logits);
    const { classes } = this.ctx.lab.getState();
    const top = probs.indexOf(Math.max(...probs));
    q(this.root, '.softmax-table tbody').replaceChildren(...logits.map((z, k) => el('tr', { className: k === top ? 'true-row' : '' },
      el('td', {}, classes[k] ?? String(k)), el('td', { className: 'num' }, fmt(z, 3)), el('td', { className: 'num' }, fmt(Math.exp(z), 3)),
      el('td', { className: 'num', dataset: { softmax: String(probs[k]) } }, probs[k].toFixed(4)),
      el('td', { className: 'num', dataset: { engine: String(acts.probs[k]) } }, acts.probs[k].toFixed(4)))));
  }

  // The flattened vector as one row of cells, light = large; long vectors wrap to 64 cells a row.
  drawStrip(data) {
    const canvas = q(this.root, '.strip');
    const cols = Math.min(64, data.length);
    const rows = Math.ceil(data.length / cols);
    canvas.width = cols;
    canvas.height = rows;
    canvas.style.width = `${Math.min(100, cols * 6)}%`;
    canvas.style.aspectRatio = `${cols} / ${rows}`;
    const lo = Math.min(...data);
    const hi = Math.max(...data);
    const image = new ImageData(cols, rows);
    data.forEach((v, i) => {
      const g = Math.round((255 * (v - lo)) / (hi - lo || 1));
      image.data.set([g, g, g, 255], 4 * i);
    });
    canvas.getContext('2d').putImageData(image, 0, 0);
    canvas.dataset.length = String(data.length);
    q(this.root, '.strip-caption').textContent = t('lesson.flatten.strip', { n: data.length.toLocaleString('en-US'), cols });
  }
}
