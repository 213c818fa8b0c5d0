// lessons/convolution.js — the lecture's 6×6 image and 3×3 filters, convolved one step at a time
// with stride 1 or 2, then max pooling of the result (the image gets smaller).
import { t } from '../i18n/index.js';
import { FILTERS, IMAGE_6X6, convolve, maxPool, renderGrid } from './grid.js';

export class ConvolutionLesson {
  constructor(container) {
    this.container = container;
    this.filter = 1;
    this.stride = 1;
    this.step = 0;  // how many output cells are computed so far
    container.innerHTML = `<h3 class="l-title"></h3><p class="l-text hint"></p>
      <div class="row wrap">
        <label><span class="l-filter"></span> <select class="filter"><option value="1"></option><option value="2"></option></select></label>
        <label><span class="l-stride"></span> <select class="stride" data-testid="conv-stride"><option value="1">1</option><option value="2">2</option></select></label>
        <button type="button" class="step" data-testid="conv-step"></button>
        <button type="button" class="all" data-testid="conv-all"></button>
        <button type="button" class="restart"></button>
      </div>
      <div class="mats"></div>
      <p class="lesson-output conv-sum" aria-live="polite" data-testid="conv-sum"></p>
      <h4 class="l-pool-title"></h4><p class="l-pool-text hint"></p>
      <div class="mats pool"></div>`;
    const q = (sel) => container.querySelector(sel);
    q('.filter').addEventListener('change', (e) => { this.filter = Number(e.target.value); this.step = 0; this.update(); });
    q('.stride').addEventListener('change', (e) => { this.stride = Number(e.target.value); this.step = 0; this.update(); });
    q('.step').addEventListener('click', () => { this.step = Math.min(this.step + 1, this.total()); this.update(); });
    q('.all').addEventListener('click', () => { this.step = this.total(); this.update(); });
    q('.restart').addEventListener('click', () => { this.step = 0; this.update(); });
  }

  output() {
    return convolve(IMAGE_6X6, FILTERS[this.filter], this.stride);
  }

  total() {
    return this.output().length ** 2;
  }

  update() {
    const q = (sel) => this.container.querySelector(sel);
    q('.l-title').textContent = t('lesson.conv.title');
    q('.l-text').textContent = t('lesson.conv.text');
    q('.l-filter').textContent = t('lesson.conv.filter');
    q('.l-stride').textContent = t('lesson.conv.stride');
    q('.filter').options[0].textContent = t('lesson.conv.filterN', { n: 1 });
    q('.filter').options[1].textContent = t('lesson.conv.filterN', { n: 2 });
    q('.step').textContent = t('lesson.conv.step');
    q('.all').textContent = t('lesson.conv.all');
    q('.restart').textContent = t('lesson.conv.restart');

    const out = this.output();
    const n = out.length;
    const s = this.stride;
    const filter = FILTERS[this.filter];
    const current = this.step > 0 ? this.step - 1 : -1;  // the cell computed last
    const ci = Math.floor(current / n);
    const cj = current % n;
    const inWindow = (i, j) => current >= 0 && i >= ci * s && i < ci * s + 3 && j >= cj * s && j < cj * s + 3;
    q('.mats').replaceChildren(
      renderGrid(IMAGE_6X6, { caption: t('lesson.conv.image'), mark: (i, j, v) => [v ? 'on' : '', inWindow(i, j) ? 'window' : ''].join(' ') }),
      renderGrid(filter, { caption: t('lesson.conv.filterN', { n: this.filter }) }),
      renderGrid(out, {
        caption: t('lesson.conv.output', { n }),
        blank: (i, j) => i * n + j >= this.step,
        mark: (i, j) => (i === ci && j === cj ? 'current' : ''),
        testid: 'conv-output',
      }),
    );
    if (current >= 0) {
      const terms = [];
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) terms.push(`${IMAGE_6X6[ci * s + u][cj * s + v]}·${filter[u][v]}`);
      q('.conv-sum').textContent = t('lesson.conv.sum', { i: ci + 1, j: cj + 1, terms: terms.join(' + '), value: out[ci][cj] });
    } else {
      q('.conv-sum').textContent = t('lesson.conv.start');
    }

    // Max pooling 2×2 on the finished stride-1 output of filter 1 and 2: the lecture's "new image".
    q('.l-pool-title').textContent = t('lesson.pool.title');
    q('.l-pool-text').textContent = t('lesson.pool.text');
    q('.pool').replaceChildren(...[1, 2].flatMap((f) => {
      const full = convolve(IMAGE_6X6, FILTERS[f], 1);
      const pooled = maxPool(full, 2);
      return [
        renderGrid(full, { caption: t('lesson.pool.before', { n: f }), mark: (i, j) => (((i >> 1) + (j >> 1)) % 2 ? 'window' : '') }),
        renderGrid(pooled, { caption: t('lesson.pool.after', { n: f }), testid: `pool-output-${f}` }),
      ];
    }));
  }

  reset() {
    this.step = 0;
    this.update();
  }
}
