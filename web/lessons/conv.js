// lessons/conv.js — the lecture's 6×6 image and 3×3 filters convolved one step at a time by the
// engine, with stride 1 or 2 and padding 0 or 1, and the output-size formula with the learner's numbers.
import { t } from '../i18n/index.js';
import { FILTERS, IMAGE_6X6, renderGrid } from './grid.js';
import { channelGrid, cleanNumber, runLayers, slideSize } from './probe.js';
import { fmt, probeShapes, q, setMarkup, tryIt, ts } from './common.js';

export class ConvLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.filter = 1;
    this.stride = 1;
    this.padding = 0;
    this.step = 0;      // how many output cells are shown so far
    this.out = null;    // the engine's output grid for the current settings
    this.error = null;
    this.learner = null;
    const select = (cls, key, values, testid) => `<label class="inline-field"><span data-i18n="${key}"></span>
      <select class="${cls}" data-testid="${testid}">${values.map((v) => `<option value="${v}">${v}</option>`).join('')}</select></label>`;
    setMarkup(root, `<p class="hint" data-i18n="lesson.conv.text"></p><p class="hint" data-i18n="lesson.conv.paddingText"></p>
      <div class="row wrap">
        <label class="inline-field"><span data-i18n="lesson.conv.filter"></span> <select class="filter" data-testid="conv-filter">
          <option value="1"></option><option value="2"></option></select></label>
        ${select('stride', 'lesson.conv.stride', [1, 2], 'conv-stride')}
        ${select('padding', 'lesson.conv.padding', [0, 1], 'conv-padding')}
      </div>
      <div class="row wrap">
        <button type="button" class="step" data-testid="conv-step" data-i18n="lesson.conv.step"></button>
        <button type="button" class="all" data-testid="conv-all" data-i18n="lesson.conv.all"></button>
        <button type="button" class="restart" data-i18n="lesson.conv.restart"></button>
      </div>
      <div class="mats"></div>
      <p class="lesson-output" aria-live="polite" data-testid="conv-sum"></p>
      <h4 data-i18n="lesson.conv.sizeTitle"></h4><p class="hint" data-i18n="lesson.conv.sizeText"></p>
      <p class="formula" data-testid="conv-size"></p>
      <p class="formula" data-testid="conv-learner-size"></p>`);
    const change = (key) => (e) => {
      this[key] = Number(e.target.value);
      this.step = 0;
      this.compute();
    };
    q(root, '.filter').addEventListener('change', change('filter'));
    q(root, '.stride').addEventListener('change', change('stride'));
    q(root, '.padding').addEventListener('change', change('padding'));
    q(root, '.step').addEventListener('click', () => {
      this.step = Math.min(this.step + 1, this.total());
      this.render();
    });
    q(root, '.all').addEventListener('click', () => {
      this.step = this.total();
      this.render();
    });
    q(root, '.restart').addEventListener('click', () => {
      this.step = 0;
      this.render();
    });
    this.footer = tryIt(root, 'conv', {
      textKey: 'lesson.conv.try',
      params: () => ({ s: this.stride, p: this.padding }),
      action: () => {
        const { layers } = ctx.lab.getState();
        const first = layers.findIndex((l) => l.type === 'conv2d');
        if (first < 0) throw new Error(ts('lesson.conv.noConv'));
        ctx.lab.apply({ preset: 'custom', layers: layers.map((l, i) => (i === first ? { ...l, stride: this.stride, padding: this.padding } : l)) });
      },
    });
    ctx.lab.onModelChange(() => this.learnerSize());
    this.compute();
  }

  open() {
    this.learnerSize();
  }

  total() {
    return this.out ? this.out.length * this.out[0].length : 0;
  }

  // The image with `padding` rings of zeros: what the filter actually slides over.
  padded() {
    const p = this.padding;
    const n = IMAGE_6X6.length + 2 * p;
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => IMAGE_6X6[i - p]?.[j - p] ?? 0));
  }

  async compute() {
    const f = FILTERS[this.filter];
    try {
      const result = await runLayers(this.ctx.client, {
        input: [1, 6, 6],
        layers: [{ type: 'conv2d', filters: 1, kernel: 3, stride: this.stride, padding: this.padding }],
        x: IMAGE_6X6.flat(),
        weights: [{ name: '0.weight', shape: [1, 1, 3, 3], data: Float32Array.from(f.flat()) }, { name: '0.bias', shape: [1], data: new Float32Array(1) }],
      });
      this.out = channelGrid(result.layers[0]).map((row) => row.map(cleanNumber));
      this.error = null;
    } catch (err) {
      this.out = null;
      this.error = err.message;
    }
    this.render();
  }

  // The learner's first convolution: the same formula with their numbers, and the engine's answer.
  async learnerSize() {
    const state = this.ctx.lab.getState();
    const index = state.layers.findIndex((l) => l.type === 'conv2d');
    if (index < 0) {
      this.learner = { none: true };
    } else {
      const layer = state.layers[index];
      const first = (v) => (Array.isArray(v) ? v[0] : v);  // [h, w] settings: the height is shown
      try {
        const { layers } = await probeShapes(this.ctx.client, state);
        this.learner = { n: state.input.size, k: first(layer.kernel), s: first(layer.stride ?? 1), p: first(layer.padding ?? 0), engine: layers[index].shape.slice(-2) };
      } catch (err) {
        this.learner = { error: err.message };
      }
    }
    this.render();
  }

  render() {
    const f = FILTERS[this.filter];
    const filterSelect = q(this.root, '.filter');
    filterSelect.options[0].textContent = t('lesson.conv.filterN', { n: 1 });
    filterSelect.options[1].textContent = t('lesson.conv.filterN', { n: 2 });
    const s = this.stride;
    const p = this.padding;
    const image = this.padded();
    const out = this.out ?? [];
    const n = out.length;
    const current = this.step > 0 ? this.step - 1 : -1;  // the cell computed last
    const ci = Math.floor(current / n);
    const cj = current % n;
    const inWindow = (i, j) => current >= 0 && i >= ci * s && i < ci * s + 3 && j >= cj * s && j < cj * s + 3;
    const isPad = (i, j) => i < p || j < p || i >= image.length - p || j >= image.length - p;
    q(this.root, '.mats').replaceChildren(
      renderGrid(image, {
        caption: p ? t('lesson.conv.paddedImage', { n: image.length, p }) : t('lesson.conv.image'),
        mark: (i, j, v) => [v ? 'on' : '', isPad(i, j) ? 'pad' : '', inWindow(i, j) ? 'window' : ''].join(' '),
      }),
      renderGrid(f, { caption: t('lesson.conv.filterN', { n: this.filter }) }),
      ...(n ? [renderGrid(out, {
        caption: t('lesson.conv.output', { n }),
        blank: (i, j) => i * n + j >= this.step,
        mark: (i, j) => (i === ci && j === cj ? 'current' : ''),
        testid: 'conv-output',
      })] : []),
    );
    const sum = q(this.root, '[data-testid=conv-sum]');
    if (this.error) {
      sum.textContent = t('lesson.engineError', { message: this.error });
    } else if (current >= 0) {
      const terms = [];
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) terms.push(`${image[ci * s + u][cj * s + v]}·${fmt(f[u][v], 0)}`);
      sum.textContent = t('lesson.conv.sum', { i: ci + 1, j: cj + 1, terms: terms.join(' + '), value: fmt(out[ci][cj], 3) });
    } else {
      sum.textContent = t('lesson.conv.start');
    }
    const size = q(this.root, '[data-testid=conv-size]');
    const formula = slideSize(6, 3, s, p);
    size.textContent = t('lesson.conv.size', { n: 6, p, k: 3, s, inner: 6 + 2 * p - 3, out: formula, engine: n ? `${n} × ${n}` : '…' });
    size.dataset.value = String(formula);
    size.dataset.engine = String(n);
    this.renderLearner();
    this.footer.render();
  }

  renderLearner() {
    const line = q(this.root, '[data-testid=conv-learner-size]');
    const l = this.learner;
    if (!l) line.textContent = '…';
    else if (l.none) line.textContent = t('lesson.conv.learnerNone');
    else if (l.error) line.textContent = t('lesson.engineError', { message: l.error });
    else {
      const out = slideSize(l.n, l.k, l.s, l.p);
      line.textContent = t('lesson.conv.learner', { n: l.n, p: l.p, k: l.k, s: l.s, inner: l.n + 2 * l.p - l.k, out, engine: l.engine.join(' × ') });
      line.dataset.value = String(out);
      line.dataset.engine = l.engine.join('x');
    }
  }
}
