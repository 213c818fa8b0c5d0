// views/fit.js — the diagnosis of the learner's run: five cases (the lecture's underfit / just right /
// overfit, plus "can't tell yet" and "unstable"), each drawn as the lecture's curve-fit picture and
// as the shape its loss curves take, with the one that matches highlighted and its evidence.
import { t } from '../i18n/index.js';

export const VERDICTS = ['underfit', 'justright', 'overfit', 'unsure', 'unstable'];

// data: {diagnosis: analysis.diagnoseFit result | null}
export class FitView {
  constructor(container) {
    this.container = container;
    container.innerHTML = `<h3 class="fit-heading" data-i18n="fit.heading"></h3>
      <div class="fit-verdict" data-testid="fit-verdict" data-verdict="none" role="status" aria-live="polite">
        <p class="fit-summary"></p><p class="fit-evidence"></p><p class="fit-advice"></p>
      </div>
      <div class="fit-cards">${VERDICTS.map((v) => `<article class="fit-card" data-testid="fit-${v}" data-verdict="${v}">
        <div class="fit-pictures" aria-hidden="true">
          <svg class="fit-sketch" viewBox="0 0 120 70">${lecturePicture(v)}</svg>
          <svg class="fit-sketch" viewBox="0 0 120 70">${curveShape(v)}</svg>
        </div>
        <h4 data-i18n="fit.${v}"></h4><p class="fit-tag" data-i18n="fit.${v}.tag"></p><p class="fit-text" data-i18n="fit.${v}.text"></p>
      </article>`).join('')}</div>
      <p class="fit-legend hint" data-i18n="fit.legend"></p>`;
    this.data = { diagnosis: null };
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const d = this.data.diagnosis;
    const box = this.container.querySelector('.fit-verdict');
    box.dataset.verdict = d?.verdict ?? 'none';
    const p = d?.params ?? {};
    box.querySelector('.fit-summary').textContent = d ? t('fit.verdict', { name: t(`fit.${d.verdict}`) }) : t('fit.waiting');
    box.querySelector('.fit-evidence').textContent = d ? t(d.reason, p) : '';
    box.querySelector('.fit-advice').textContent = d ? t(d.advice, p) : '';
    for (const card of this.container.querySelectorAll('.fit-card')) {
      const active = d?.verdict === card.dataset.verdict;
      card.classList.toggle('active', active);
      card.dataset.active = String(active);
      if (active) card.setAttribute('aria-current', 'true');
      else card.removeAttribute('aria-current');
    }
  }

  reset() {
    this.update({ diagnosis: null });
  }
}

const DOTS = [[10, 55], [22, 42], [35, 30], [50, 24], [64, 22], [78, 26], [92, 34], [108, 48]];
const dot = ([x, y], r = 3) => `<circle cx="${x}" cy="${y}" r="${r}" fill="#1d4ed8"/>`;
const line = (d, extra = '') => `<path d="${d}" fill="none" stroke="#c2410c" stroke-width="2" ${extra}/>`;

// The lecture's pictures: a model (orange) fitted to data points (blue).
function lecturePicture(verdict) {
  const dots = DOTS.map((p) => dot(p)).join('');
  switch (verdict) {
    case 'underfit': return dots + line('M5 50 L115 30');
    case 'justright': return dots + line('M5 60 Q60 -5 115 55');
    case 'overfit': return dots + line('M5 58 L22 40 L28 52 L35 28 L44 36 L50 20 L58 30 L64 18 L72 32 L78 22 L86 42 L92 30 L100 52 L108 44 L115 52');
    // Two points: a straight line, a bend and a wiggle all fit them.
    case 'unsure': return dot([35, 30], 3.5) + dot([78, 26], 3.5)
      + line('M5 33 L115 24', 'stroke-dasharray="4 3"') + line('M5 62 Q56 -4 115 60', 'stroke-dasharray="4 3" opacity="0.7"')
      + `<text x="60" y="66" text-anchor="middle" font-size="14" fill="#64748b">?</text>`;
    // Steps too big: the fitted curve jumps right past the data.
    default: return dots + line('M5 50 L25 5 L40 68 L58 2 L74 66 L92 4 L115 68');
  }
}

// The loss curves of each case: training (blue, solid) and validation (orange, dashed) over epochs.
function curveShape(verdict) {
  const axes = '<path d="M8 4 V64 H116" fill="none" stroke="#94a3b8" stroke-width="1"/>';
  const train = (d) => `<path d="${d}" fill="none" stroke="#1d4ed8" stroke-width="2"/>`;
  const val = (d) => `<path d="${d}" fill="none" stroke="#c2410c" stroke-width="2" stroke-dasharray="5 3"/>`;
  switch (verdict) {
    case 'underfit': return axes + train('M10 14 Q40 30 112 34') + val('M10 16 Q40 32 112 37');
    case 'justright': return axes + train('M10 10 Q30 52 112 56') + val('M10 12 Q32 50 112 52');
    case 'overfit': return axes + train('M10 10 Q30 52 112 60') + val('M10 12 Q35 40 60 40 Q90 40 112 22');
    case 'unsure': return axes + '<path d="M10 4 Q35 30 112 20 L112 62 Q35 62 10 24 Z" fill="#c2410c" opacity="0.15"/>'
      + train('M10 10 Q30 52 112 56') + val('M10 14 Q35 46 112 42');
    default: return axes + train('M10 30 L22 44 L30 8 L40 50 L48 4 L58 40 L66 6 L78 36 L88 2 L100 30 L112 4');
  }
}
