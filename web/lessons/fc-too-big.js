// lessons/fc-too-big.js — why a fully-connected net is a bad idea on a 60×60×3 photo: the engine counts
// the weights of both designs, and the learner's own runs show the FC net's gap on real photos.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { formatCount } from '../views/model-editor.js';
import { presetLayers } from '../presets.js';
import { el, q, setMarkup, tryIt, ts } from './common.js';
import { isCnn, renderRuns, runsLegend } from './runs.js';

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

export class FcTooBigLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.hidden = 100;
    this.counts = null;
    this.error = null;
    this.running = false;
    this.runError = null;
    setMarkup(root, `<p class="hint" data-i18n="lesson.fcTooBig.text"></p>
      <p class="formula">60 × 60 × 3 = 10,800 → x<sub>1</sub>, x<sub>2</sub>, …, x<sub>10800</sub></p>
      <label class="inline-field"><span data-i18n="lesson.fcTooBig.hidden"></span> <input type="number" class="hidden-units" min="1" max="2000" value="100" data-testid="params-hidden"></label>
      <ul class="param-list">
        <li><span class="l-fc"></span> <strong data-testid="params-fc">…</strong></li>
        <li><span class="l-cnn"></span> <strong data-testid="params-cnn">…</strong></li>
      </ul>
      <p class="lesson-output l-math" aria-live="polite"></p>
      <h4 data-i18n="lesson.fcTooBig.runsTitle"></h4>
      <p class="hint" data-i18n="lesson.fcTooBig.runsText"></p>
      <div class="row wrap"><button type="button" class="run-exp" data-testid="lesson-fc-experiment" data-i18n="lesson.fcTooBig.runButton"></button></div>
      <p class="runs-status" role="status"></p>
      <div class="runs-columns"><section><h5 data-i18n="lesson.fcTooBig.fcRuns"></h5><ul class="runs fc-runs"></ul></section>
        <section><h5 data-i18n="lesson.fcTooBig.cnnRuns"></h5><ul class="runs cnn-runs"></ul></section></div>
      <div class="legend-host"></div>`);
    q(root, '.hidden-units').addEventListener('change', (e) => {
      this.hidden = Math.min(2000, Math.max(1, Math.round(Number(e.target.value)) || 100));
      e.target.value = this.hidden;
      this.count();
    });
    q(root, '.run-exp').addEventListener('click', () => this.experiment());
    this.footer = tryIt(root, 'fc-too-big', {
      textKey: 'lesson.fcTooBig.try',
      action: () => ctx.lab.apply({ preset: 'dense', layers: presetLayers('dense'), input: { channels: 3, size: 60 } }),
    });
    ctx.lab.onModelChange(() => this.render());
    this.count();
  }

  open() {
    this.render();
  }

  // One forward pass of a throwaway net on a blank image: the engine reports its parameter count.
  async count() {
    const x = new Float32Array(INPUT.channels * INPUT.height * INPUT.width);
    try {
      const [fc, cnn] = await Promise.all([fcSpec(this.hidden), cnnSpec(this.hidden)].map((spec) =>
        this.ctx.client.request(Req.probe, { spec, x: x.slice(), n: 1 })));
      this.counts = { fc: fc.numParams, cnn: cnn.numParams };
      this.error = null;
    } catch (err) {
      this.counts = null;
      this.error = err.message;
    }
    this.render();
  }

  async experiment() {
    this.running = true;
    this.runError = null;
    this.render();
    try {
      await this.ctx.lab.runExperiment('cnn-vs-fc');
    } catch (err) {
      this.runError = err.message;
    }
    this.running = false;
    this.render();
  }

  render() {
    const q2 = (sel) => q(this.root, sel);
    const h = this.hidden;
    q2('.l-fc').textContent = t('lesson.fcTooBig.fc', { h });
    q2('.l-cnn').textContent = t('lesson.fcTooBig.cnn', { h });
    q2('[data-testid=params-fc]').textContent = this.counts ? formatCount(this.counts.fc) : '…';
    q2('[data-testid=params-cnn]').textContent = this.counts ? formatCount(this.counts.cnn) : '…';
    q2('.l-math').textContent = this.error
      ? t('lesson.engineError', { message: this.error })
      : t('lesson.fcTooBig.math', { first: formatCount(10800 * h + h), h, ratio: this.counts ? Math.round(this.counts.fc / this.counts.cnn) : '…' });
    const runs = this.ctx.lab.keptRuns();
    q2('.run-exp').disabled = this.running;
    q2('.runs-status').textContent = this.running ? t('lessons.running')
      : this.runError ? t('lessons.experimentFailed', { message: this.runError })
        : runs.length ? '' : ts('lessons.noRuns');
    const column = (list, prefix, noneKey) => (list.length ? renderRuns(list, prefix) : [el('li', { className: 'hint small' }, t(noneKey))]);
    q2('.fc-runs').replaceChildren(...column(runs.filter((r) => !isCnn(r)), 'fc-run', 'lesson.fcTooBig.noFc'));
    q2('.cnn-runs').replaceChildren(...column(runs.filter(isCnn), 'cnn-run', 'lesson.fcTooBig.noCnn'));
    q2('.runs-columns').hidden = !runs.length;
    q2('.legend-host').replaceChildren(...(runs.length ? [runsLegend()] : []));
    this.footer.render();
  }
}
