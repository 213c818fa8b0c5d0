// lessons/fit.js — underfitting, a good fit and overfitting: the lecture's three curve-fit pictures next
// to the learner's own runs (kept by the lab), and a button that runs the lab's fit experiment.
import { t } from '../i18n/index.js';
import { presetLayers } from '../presets.js';
import { q, setMarkup, tryIt, ts } from './common.js';
import { renderRuns, runsLegend } from './runs.js';

const CASES = ['underfit', 'justright', 'overfit'];

// The lecture's pictures, drawn again: the same noisy points, fitted by a straight line (too simple),
// a smooth curve (just right) and a curve through every point (too flexible).
const POINTS = [[8, 60], [20, 44], [32, 38], [44, 26], [56, 30], [68, 20], [80, 24], [92, 30], [104, 26], [114, 40]];
const FITS = {
  underfit: 'M4 50 L118 32',
  justright: 'M4 64 C30 28, 60 16, 118 34',
  overfit: `M4 70 ${POINTS.map(([x, y], i) => `L${x} ${y} L${x + 6} ${y + (i % 2 ? -14 : 14)}`).join(' ')}`,
};

function picture(which) {
  const dots = POINTS.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3" class="pt"/>`).join('');
  return `<svg viewBox="0 0 122 80" class="fit-picture" aria-hidden="true">${dots}<path d="${FITS[which]}" class="fit-line"/></svg>`;
}

export class FitLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.running = false;
    this.error = null;
    setMarkup(root, `<p class="hint" data-i18n="lesson.fit.text"></p>
      <div class="fit-pictures">${CASES.map((c) => `<figure class="fit-case" data-case="${c}">${picture(c)}
        <figcaption><strong data-i18n="lesson.fit.${c}"></strong><br><span class="muted" data-i18n="lesson.fit.${c}Tag"></span>
        <br><span class="small" data-i18n="lesson.fit.${c}Curves"></span></figcaption></figure>`).join('')}</div>
      <h4 data-i18n="lesson.fit.runsTitle"></h4>
      <p class="hint runs-text" data-i18n="lesson.fit.runsText"></p>
      <div class="row wrap"><button type="button" class="run-exp" data-testid="lesson-fit-experiment" data-i18n="lesson.fit.runButton"></button></div>
      <p class="runs-status" role="status"></p>
      <ul class="runs" data-testid="lesson-fit-runs"></ul><div class="legend-host"></div>`);
    q(root, '.run-exp').addEventListener('click', () => this.experiment());
    this.footer = tryIt(root, 'fit', {
      textKey: 'lesson.fit.try',
      action: () => ctx.lab.apply({ preset: 'big', layers: presetLayers('big'), hp: { dropout: 0, augment: '', weightDecay: 0, epochs: 30 } }),
    });
    ctx.lab.onModelChange(() => this.render());
  }

  open() {
    this.render();
  }

  async experiment() {
    this.running = true;
    this.error = null;
    this.render();
    try {
      await this.ctx.lab.runExperiment('fit');
    } catch (err) {
      this.error = err.message;
    }
    this.running = false;
    this.render();
  }

  render() {
    const runs = this.ctx.lab.keptRuns();
    q(this.root, '.run-exp').disabled = this.running;
    q(this.root, '.runs-status').textContent = this.running ? t('lessons.running')
      : this.error ? t('lessons.experimentFailed', { message: this.error })
        : runs.length ? t('lesson.fit.yourRuns', { n: runs.length }) : ts('lessons.noRuns');
    q(this.root, '.runs-text').hidden = !runs.length;  // it explains the cards, so only with cards
    q(this.root, '.runs').replaceChildren(...renderRuns(runs, 'lesson-fit-run'));
    q(this.root, '.legend-host').replaceChildren(...(runs.length ? [runsLegend()] : []));
    this.footer.render();
  }
}
