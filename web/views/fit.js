// views/fit.js — the lecture's three pictures (underfit / just right / overfit), with the one that
// matches the learner's own curves highlighted and the numbers that led there.
import { t } from '../i18n/index.js';

const VERDICTS = ['underfit', 'justright', 'overfit'];

// history: EpochMetrics[]; k: number of classes → {verdict, reason, params} | null.
// High bias: even the training set is not learnt — accuracy stays within half-way of chance (1/k)
// to perfect. High variance: the net does much better on photos it trained on than on held-out
// ones (a gap over 15 points), or validation loss has climbed 20% above its best while training
// loss kept falling.
export function diagnoseFit(history, k) {
  if (!history.length) return null;
  const last = history.at(-1);
  const chance = 1 / Math.max(2, k);
  const pct = (v) => Math.round(v * 100);
  if (last.trainAcc < chance + 0.5 * (1 - chance)) {
    return { verdict: 'underfit', reason: 'fit.why.underfit', params: { train: pct(last.trainAcc), chance: pct(chance) } };
  }
  const withVal = history.filter((m) => Number.isFinite(m.valLoss));
  if (withVal.length) {
    const best = withVal.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    const gap = last.trainAcc - last.valAcc;
    if (gap > 0.15) {
      return { verdict: 'overfit', reason: 'fit.why.gap', params: { train: pct(last.trainAcc), val: pct(last.valAcc) } };
    }
    if (last.valLoss > 1.2 * best.valLoss && last.trainLoss < best.trainLoss) {
      return { verdict: 'overfit', reason: 'fit.why.rising', params: { best: best.epoch, epoch: last.epoch } };
    }
    return { verdict: 'justright', reason: 'fit.why.justright', params: { train: pct(last.trainAcc), val: pct(last.valAcc) } };
  }
  return { verdict: 'justright', reason: 'fit.why.noval', params: { train: pct(last.trainAcc) } };
}

// Best epoch = lowest validation loss (lowest training loss without a validation set).
export function bestEpoch(history) {
  if (!history.length) return null;
  const key = history.some((m) => Number.isFinite(m.valLoss)) ? 'valLoss' : 'trainLoss';
  return history.filter((m) => Number.isFinite(m[key])).reduce((a, b) => (b[key] < a[key] ? b : a)).epoch;
}

// data: {history, classCount}
export class FitView {
  constructor(container) {
    this.container = container;
    container.innerHTML = `<h3 class="fit-heading"></h3><p class="fit-intro hint"></p><div class="fit-cards">${VERDICTS.map(
      (v) => `<article class="fit-card" data-testid="fit-${v}" data-verdict="${v}">
        <svg class="fit-sketch" viewBox="0 0 120 70" aria-hidden="true">${sketch(v)}</svg>
        <h4></h4><p class="fit-tag"></p><p class="fit-text"></p><p class="fit-why" aria-live="polite"></p></article>`,
    ).join('')}</div>`;
    this.data = { history: [], classCount: 2 };
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const diagnosis = diagnoseFit(this.data.history, this.data.classCount);
    this.container.querySelector('.fit-heading').textContent = t('fit.heading');
    this.container.querySelector('.fit-intro').textContent = diagnosis ? t('fit.intro') : t('fit.waiting');
    for (const card of this.container.querySelectorAll('.fit-card')) {
      const v = card.dataset.verdict;
      const active = diagnosis?.verdict === v;
      card.classList.toggle('active', active);
      card.dataset.active = String(active);
      if (active) card.setAttribute('aria-current', 'true');
      else card.removeAttribute('aria-current');
      card.querySelector('h4').textContent = t(`fit.${v}`);
      card.querySelector('.fit-tag').textContent = t(`fit.${v}.tag`);
      card.querySelector('.fit-text').textContent = t(`fit.${v}.text`);
      card.querySelector('.fit-why').textContent = active ? `${t('fit.yours')} ${t(diagnosis.reason, diagnosis.params)}` : '';
    }
  }

  reset() {
    this.update({ history: [] });
  }
}

// The lecture's three sketches: a straight line through curved data, a good curve, a wiggly one.
function sketch(verdict) {
  const dots = [[10, 55], [22, 42], [35, 30], [50, 24], [64, 22], [78, 26], [92, 34], [108, 48]]
    .map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3" fill="#1d4ed8"/>`).join('');
  const path = {
    underfit: 'M5 50 L115 30',
    justright: 'M5 60 Q60 -5 115 55',
    overfit: 'M5 58 L22 40 L28 52 L35 28 L44 36 L50 20 L58 30 L64 18 L72 32 L78 22 L86 42 L92 30 L100 52 L108 44 L115 52',
  }[verdict];
  return `${dots}<path d="${path}" fill="none" stroke="#c2410c" stroke-width="2"/>`;
}
