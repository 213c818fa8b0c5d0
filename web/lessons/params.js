// lessons/params.js — why a fully-connected net is a bad idea on a 60×60×3 photo: the engine counts
// the weights of both designs, and a line of arithmetic shows where the FC net's come from.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { formatCount } from '../views/model-editor.js';

const INPUT = { channels: 3, height: 60, width: 60 };  // the lecture's 60 × 60 × 3 = 10,800 inputs

function fcSpec(hidden) {
  return { input: INPUT, classes: ['ants', 'bees'], layers: [{ type: 'flatten' }, { type: 'dense', units: hidden }, { type: 'relu' }, { type: 'dense', units: 2 }] };
}

function cnnSpec(hidden) {
  return {
    input: INPUT,
    classes: ['ants', 'bees'],
    layers: [
      { type: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2, stride: 2 },
      { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2, stride: 2 },
      { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 3, stride: 3 },
      { type: 'flatten' }, { type: 'dense', units: hidden }, { type: 'relu' }, { type: 'dense', units: 2 },
    ],
  };
}

export class ParamsLesson {
  constructor(container, client) {
    this.container = container;
    this.client = client;
    this.hidden = 100;
    this.counts = null;
    this.error = null;
    container.innerHTML = `<h3 class="l-title"></h3><p class="l-text hint"></p>
      <label><span class="l-hidden"></span> <input type="number" class="hidden-units" min="1" max="2000" value="100"></label>
      <ul class="param-list">
        <li><span class="l-fc"></span> <strong data-testid="params-fc">…</strong></li>
        <li><span class="l-cnn"></span> <strong data-testid="params-cnn">…</strong></li>
      </ul>
      <p class="lesson-output l-math" aria-live="polite"></p>`;
    container.querySelector('.hidden-units').addEventListener('change', (e) => {
      this.hidden = Math.min(2000, Math.max(1, Math.round(Number(e.target.value)) || 100));
      e.target.value = this.hidden;
      this.count();
    });
    this.count();
  }

  // One forward pass of a throwaway net on a blank image: the engine reports its parameter count.
  async count() {
    const x = new Float32Array(INPUT.channels * INPUT.height * INPUT.width);
    try {
      const [fc, cnn] = await Promise.all([fcSpec(this.hidden), cnnSpec(this.hidden)].map((spec) =>
        this.client.request(Req.probe, { spec, x: x.slice(), n: 1 })));
      this.counts = { fc: fc.numParams, cnn: cnn.numParams };
      this.error = null;
    } catch (err) {
      this.counts = null;
      this.error = err.message;
    }
    this.update();
  }

  update() {
    const q = (sel) => this.container.querySelector(sel);
    const h = this.hidden;
    q('.l-title').textContent = t('lesson.params.title');
    q('.l-text').textContent = t('lesson.params.text');
    q('.l-hidden').textContent = t('lesson.params.hidden');
    q('.l-fc').textContent = t('lesson.params.fc', { h });
    q('.l-cnn').textContent = t('lesson.params.cnn', { h });
    q('[data-testid=params-fc]').textContent = this.counts ? formatCount(this.counts.fc) : '…';
    q('[data-testid=params-cnn]').textContent = this.counts ? formatCount(this.counts.cnn) : '…';
    q('.l-math').textContent = this.error
      ? t('lesson.params.error', { message: this.error })
      : t('lesson.params.math', { first: formatCount(10800 * h + h), h, ratio: this.counts ? Math.round(this.counts.fc / this.counts.cnn) : '…' });
  }

  reset() {}
}
