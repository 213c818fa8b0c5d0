// analysis.js — what a run's curves can honestly say, computed without the DOM: the fit verdict
// with its uncertainty, Wilson intervals, the best epoch, and the smoothing of per-batch losses.

const Z95 = 1.96;
// A validation accuracy this far under the training accuracy is overfitting, when it is measured
// well enough to be sure (see diagnoseFit).
export const OVERFIT_GAP = 0.1;
// "Just right" promises that the net does nearly as well on photos it never saw: even at the
// pessimistic end of the validation accuracy's 95% interval, the gap stays within this.
const JUSTRIGHT_TOLERANCE = 0.2;
// Training accuracy under chance + this share of the way to 100% is high bias (underfitting).
export const UNDERFIT_SHARE = 0.6;
const MIN_TRAIN_TO_JUDGE = 10;

/**
 * Wilson score interval of a proportion: k successes out of n, at 95% by default. Unlike p ± z·se
 * it stays inside [0, 1] and is honest for small n (2 photos, 1 right → 9%–91%).
 * @returns {{p: number, low: number, high: number}}
 */
export function wilson(k, n, z = Z95) {
  if (!(n > 0)) return { p: NaN, low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

// The learning rates beyond which a run is likely too fast, and under which it is likely too slow,
// for the optimizers the page offers (Adam's usual 1e-3; SGD with momentum's usual 1e-2).
const LR_RANGE = { adam: [1e-4, 1e-2], sgd: [1e-3, 0.1] };
export function lrKind({ type = 'adam', lr } = {}) {
  const [low, high] = LR_RANGE[type] ?? LR_RANGE.adam;
  if (!(lr > 0)) return 'normal';
  return lr > high ? 'high' : lr < low ? 'low' : 'normal';
}

/**
 * The lecture's diagnosis of one run, made only as strong as the numbers allow.
 *
 * input: {history: EpochMetrics[] ({epoch, trainLoss, trainAcc, valLoss, valAcc}), classCount,
 *         trainCount, valCount, optimizer: {type, lr}, diverged: boolean (the run was stopped by
 *         the engine's divergence guard)}
 * → null before any epoch, else {verdict, reason, params, advice, stats}, where verdict is one of
 *   'underfit' | 'justright' | 'overfit' | 'unsure' | 'unstable', reason and advice are i18n keys
 *   (both filled from params), and stats = {chance, train, val: {p, low, high, n} | null, needed}.
 *
 * In order: a run that blew up or jumps about is *unstable* (the learning rate is too high); one
 * that does no better than guessing is unstable or underfit depending on the loss and the rate;
 * low training accuracy is *underfit* (high bias); without validation photos nothing can be said
 * about the rest (*unsure*); a training accuracy above the validation accuracy's 95% interval, or
 * a validation loss climbing while the training loss falls, is *overfit* (high variance); a
 * validation interval too wide to promise a small gap is *unsure*, with the number of validation
 * photos that would decide it; otherwise *just right*.
 */
export function diagnoseFit({ history = [], classCount = 2, trainCount = 0, valCount = 0, optimizer = {}, diverged = false } = {}) {
  const k = Math.max(2, classCount);
  const chance = 1 / k;
  const logK = Math.log(k);
  const done = history.filter((m) => m && Number.isFinite(m.trainLoss) && Number.isFinite(m.trainAcc));
  const lr = optimizer.lr;
  const rate = lrKind(optimizer);
  const pct = (v) => Math.round(100 * v);
  const base = { chance: pct(chance), lr, epochs: done.length };
  const result = (verdict, reason, params, advice, extra = {}) => ({
    verdict, reason, advice, params: { ...base, ...params }, stats: { chance, train: done.at(-1)?.trainAcc ?? null, val: null, needed: null, ...extra },
  });

  if (diverged) {
    return result('unstable', 'fit.why.diverged', { epoch: history.length + 1 }, 'fit.advice.lowerLr');
  }
  if (!done.length) return null;
  if (history.some((m) => m && (m.trainLoss === null || Number.isNaN(m.trainLoss)))) {
    return result('unstable', 'fit.why.nan', {}, 'fit.advice.lowerLr');
  }
  const first = done[0];
  const last = done.at(-1);
  // A net starts near the loss of guessing (log K); an epoch averaging far above it took steps so
  // large that it became confidently wrong.
  if (first.trainLoss > 3 * logK) {
    return result('unstable', 'fit.why.blowup', { loss: round2(first.trainLoss), guess: round2(logK) }, 'fit.advice.lowerLr');
  }
  for (let i = 1; i < done.length; i++) {
    const before = Math.min(...done.slice(0, i).map((m) => m.trainLoss));
    if (done[i].trainLoss > 2 * before && done[i].trainLoss > logK) {
      return result('unstable', 'fit.why.spike', { epoch: done[i].epoch, loss: round2(done[i].trainLoss), before: round2(before) }, 'fit.advice.lowerLr');
    }
  }

  // Guessing level: the training accuracy cannot be told apart from chance on this many photos.
  const n = Math.max(1, trainCount);
  const se = Math.sqrt((chance * (1 - chance)) / n);
  // On a handful of training photos an accuracy says little about bias; the validation rules below
  // (usually "can't tell yet") speak for such a run.
  const low = trainCount >= MIN_TRAIN_TO_JUDGE && last.trainAcc < chance + UNDERFIT_SHARE * (1 - chance);
  const trainParams = { train: pct(last.trainAcc), trainCount };
  // Below chance is what a net's random start gives in its first epochs; only with a high rate is
  // it a sign of steps that throw the net about.
  if (low && last.trainAcc < chance - 2 * se && rate === 'high') {
    return result('unstable', 'fit.why.belowChance', trainParams, 'fit.advice.lowerLr');
  }
  if (low && last.trainAcc <= chance + 2 * se) {
    const start = last.trainAcc < chance - 2 * se ? 'fit.why.belowChanceEarly' : 'fit.why.slowStart';
    // Learning shows as a loss below that of guessing, or (at a usual rate) one still falling; a
    // few epochs are too few to call a flat loss stuck. At a high rate a net knocked dead drifts
    // back to the loss of guessing, which is no sign of learning.
    const falling = last.trainLoss < 0.98 * first.trainLoss;
    if (last.trainLoss < 0.95 * logK || (rate !== 'high' && (falling || done.length < 3))) {
      return result('underfit', start, trainParams, rate === 'low' ? 'fit.advice.raiseLr' : 'fit.advice.longer');
    }
    if (rate === 'high') return result('unstable', 'fit.why.stuckHigh', trainParams, 'fit.advice.lowerLr');
    if (rate === 'low') return result('underfit', 'fit.why.stuckLow', trainParams, 'fit.advice.raiseLr');
    return result('underfit', 'fit.why.stuck', trainParams, 'fit.advice.checkData');
  }
  if (low) {
    const falling = done.length >= 2 && last.trainLoss < 0.9 * done.at(-2).trainLoss;
    return result('underfit', 'fit.why.underfit', trainParams, falling ? 'fit.advice.longer' : rate === 'low' ? 'fit.advice.raiseLr' : 'fit.advice.bigger');
  }

  const withVal = done.filter((m) => Number.isFinite(m.valAcc) && Number.isFinite(m.valLoss));
  if (!(valCount > 0) || !withVal.length || !Number.isFinite(last.valAcc)) {
    return result('unsure', 'fit.why.noval', trainParams, 'fit.advice.addVal', { needed: neededValidation(last.trainAcc, last.trainAcc, trainCount) });
  }
  const val = { ...wilson(Math.round(last.valAcc * valCount), valCount), n: valCount };
  const valParams = { ...trainParams, val: pct(last.valAcc), low: pct(val.low), high: pct(val.high), valCount };
  const gap = last.trainAcc - last.valAcc;
  if (gap >= OVERFIT_GAP && last.trainAcc > val.high && gapIsReal(last.trainAcc, trainCount, last.valAcc, valCount)) {
    return result('overfit', 'fit.why.gap', valParams, 'fit.advice.regularise', { val });
  }
  const best = withVal.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  // Validation loss on a handful of photos jumps about on its own; only a real set counts.
  if (valCount >= 20 && best.epoch < last.epoch && last.valLoss > 1.2 * best.valLoss && last.trainLoss < best.trainLoss) {
    return result('overfit', 'fit.why.rising', { ...valParams, best: best.epoch, epoch: last.epoch }, 'fit.advice.stopEarly', { val });
  }
  if (last.trainAcc - val.low > JUSTRIGHT_TOLERANCE) {
    const needed = neededValidation(last.trainAcc, last.valAcc, trainCount);
    return result('unsure', 'fit.why.fewval', { ...valParams, needed: needed ?? '—' }, 'fit.advice.addVal', { val, needed });
  }
  return result('justright', 'fit.why.justright', valParams, 'fit.advice.keep', { val });
}

/**
 * How many validation photos would decide between "just right" and "overfit", if the validation
 * accuracy stayed at valAcc: the smallest n at which either the interval's low end is within the
 * tolerance of the training accuracy, or its high end is below it by the overfitting gap (a gap
 * real even on trainCount training photos). null when no n up to 100,000 decides it (the accuracies sit right at the border).
 */
export function neededValidation(trainAcc, valAcc, trainCount = Infinity) {
  const decided = (n) => {
    const { low, high } = wilson(Math.round(valAcc * n), n);
    return trainAcc - low <= JUSTRIGHT_TOLERANCE || (trainAcc - valAcc >= OVERFIT_GAP && trainAcc > high && gapIsReal(trainAcc, Math.min(trainCount, 1e5), valAcc, n));
  };
  let hi = 10;
  while (hi <= 100000 && !decided(hi)) hi *= 2;
  if (hi > 100000) return null;
  let lo = Math.floor(hi / 2);
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (decided(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

// Is a training accuracy on n1 photos really above a validation accuracy on n2 photos, or could
// the luck of which photos were held out give that gap? (Both are counts on finite sets.) Fisher's
// exact test, one-sided at 2.5% (the 95% two-sided level used everywhere here): given how many
// photos were wrong in all, the chance that at least this many of them fell in the validation set.
function gapIsReal(p1, n1, p2, n2) {
  if (!(n1 > 0 && n2 > 0)) return false;
  const wrong1 = n1 - Math.round(p1 * n1);
  const wrong2 = n2 - Math.round(p2 * n2);
  const wrong = wrong1 + wrong2;
  const total = n1 + n2;
  let p = 0;
  for (let x = wrong2; x <= Math.min(wrong, n2); x++) {
    p += Math.exp(logChoose(n2, x) + logChoose(n1, wrong - x) - logChoose(total, wrong));
  }
  return p < 0.025;
}

function logChoose(n, k) {
  if (k < 0 || k > n) return -Infinity;
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIALS = [0];
function logFactorial(n) {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1] + Math.log(i));
  return LOG_FACTORIALS[n];
}

/** Best epoch = lowest validation loss (lowest training loss without a validation set). */
export function bestEpoch(history) {
  if (!history.length) return null;
  const key = history.some((m) => Number.isFinite(m.valLoss)) ? 'valLoss' : 'trainLoss';
  const finite = history.filter((m) => Number.isFinite(m[key]));
  return finite.length ? finite.reduce((a, b) => (b[key] < a[key] ? b : a)).epoch : null;
}

/**
 * Debiased exponential moving average (as TensorBoard smooths): s_n = β·s_{n−1} + (1−β)·x_n,
 * shown as s_n / (1 − βⁿ) so the first points are not pulled towards 0.
 */
export class Smoother {
  constructor(beta = 0.8) {
    this.beta = beta;
    this.reset();
  }

  push(x) {
    this.n += 1;
    this.s = this.beta * this.s + (1 - this.beta) * x;
    return this.s / (1 - this.beta ** this.n);
  }

  reset() {
    this.s = 0;
    this.n = 0;
  }
}

function round2(v) {
  return Math.round(v * 100) / 100;
}
