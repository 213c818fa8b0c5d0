// experiments.js — the page's one-click experiments (what each configuration is) and conclude(),
// which turns their measured results into a plain-words verdict. DOM-free: the page, the Node
// tests and tests/bench/experiments.mjs import it. Measured numbers: README "Demo data and experiments".
//
// A configuration: {key, name: {en, zh}, change: {en, zh}, layers, dropout, config}, where layers
// is the model spec's layers WITHOUT the final dense(K) (the page appends it, see presets.js
// buildSpec; a {type: 'dropout'} layer takes `dropout` as its rate and is left out at 0) and
// config = {epochs, batchSize, valSplit, perClassLimit, augment, schedule, optimizer: {type, lr,
// weightDecay}} (schedule: the engine Trainer's 'cosine' or 'none'; the worker passes it on).
// The seed comes from the experiment's `seeds`: it drives weight initialisation, the validation
// split, shuffling and augmentation, as the page's seed setting does. perClassLimit (0 = all)
// caps the TRAINING photos per class after the validation split, so every configuration of an
// experiment is measured on the same validation photos.
//
// A result row: {name (the configuration's key), valAcc, trainAcc (final epoch, 0–1), params,
// seconds, seed, valCount (validation photos; needed to judge sample size)}.
import { OVERFIT_GAP, UNDERFIT_SHARE, wilson } from './analysis.js';

export { wilson };

const conv = (filters) => ({ type: 'conv2d', filters, kernel: 3, stride: 1, padding: 1 });
const relu = { type: 'relu' };
const pool = { type: 'maxpool2d', size: 2, stride: 2 };
const flatten = { type: 'flatten' };
const dense = (units) => ({ type: 'dense', units });
const dropout = { type: 'dropout' };
const adam = (lr) => ({ type: 'adam', lr, weightDecay: 0 });

// The lecture's recipe, (convolution → ReLU → max pooling) three times: the last pooling leaves a
// 4×4 map at 32×32, so a shape is recognised wherever it sits, with few weights.
const CNN = [conv(8), relu, pool, conv(16), relu, pool, conv(32), relu, pool, flatten, dense(32), relu, dropout];
// The page's "fully connected" preset: every pixel wired to each of 64 neurons.
const FC = [flatten, dense(64), relu, dropout];

// Cosine learning-rate decay (the engine's `schedule`) settles every run by its last epoch, so
// the final accuracies compared are not a snapshot of a still jumping curve.
const base = { epochs: 10, batchSize: 32, valSplit: 0.2, perClassLimit: 0, augment: [], schedule: 'cosine', optimizer: adam(0.003) };

export const EXPERIMENTS = {
  // Underfit, just right, overfit — each provoked on purpose.
  fit: {
    id: 'fit',
    seeds: [1],
    runs: [
      {
        key: 'tooSmall',
        name: { en: 'Too small, too short', zh: '太小、训练太短' },
        change: { en: '2 filters with stride 2, 2 epochs', zh: '2 个卷积核、步长 2，只训练 2 轮' },
        layers: [{ type: 'conv2d', filters: 2, kernel: 3, stride: 2, padding: 1 }, relu, { type: 'maxpool2d', size: 4, stride: 4 }, flatten],
        dropout: 0,
        config: { ...base, epochs: 2, optimizer: adam(0.001) },
      },
      {
        key: 'justRight',
        name: { en: 'Balanced, regularised', zh: '适中、有正则化' },
        change: { en: 'CNN, dropout 0.25, flip + crop, all photos', zh: '卷积网络，dropout 0.25，翻转 + 裁剪，全部照片' },
        layers: CNN,
        dropout: 0.25,
        config: { ...base, epochs: 20, augment: ['flip', 'crop'] },
      },
      {
        key: 'overfit',
        name: { en: 'Large, no regularisation, few photos', zh: '大网络、无正则化、照片少' },
        change: { en: 'wide CNN, no dropout or augmentation, 20 photos per class', zh: '宽卷积网络，无 dropout 和数据增强，每类 20 张' },
        layers: [conv(16), relu, pool, conv(32), relu, pool, flatten, dense(128), relu],
        dropout: 0,
        // lr 0.0003: at 0.001 this wide net's loss leaps in its first steps (an unstable start).
        config: { ...base, epochs: 40, batchSize: 16, perClassLimit: 20, optimizer: adam(0.0003) },
      },
    ],
  },

  // The lecture's central claim: on photos whose objects can be anywhere, a CNN beats a
  // fully-connected net, with far fewer weights. The FC net gets 4× the epochs: designed for equal
  // training time, it now has the longer training (the convolution kernels got faster), and the
  // conclusion states the measured times rather than assuming them equal. Each gets the learning
  // rate that suits it, and a constant one (a sweep on apples vs flowers, README: the FC net stops
  // learning at 0.001 and above, as its 3,072 inputs per neuron all move together, and does worse
  // with cosine decay). Same data, same validation photos, no dropout, no augmentation.
  'cnn-vs-fc': {
    id: 'cnn-vs-fc',
    seeds: [1, 2, 3],
    runs: [
      {
        key: 'cnn',
        name: { en: 'CNN', zh: '卷积网络' },
        change: { en: '3 × (conv 3×3 → ReLU → max pool), dense 32; 10 epochs, lr 0.003', zh: '3 × (卷积 3×3 → ReLU → 最大池化)，全连接 32；10 轮，学习率 0.003' },
        layers: CNN,
        dropout: 0,
        config: { ...base, schedule: 'none' },
      },
      {
        key: 'fc',
        name: { en: 'Fully connected', zh: '全连接网络' },
        change: { en: 'every pixel → 64 neurons; 40 epochs (4× the CNN’s), lr 0.0003', zh: '每个像素 → 64 个神经元；40 轮（卷积网络的 4 倍），学习率 0.0003' },
        layers: FC,
        dropout: 0,
        config: { ...base, schedule: 'none', epochs: 40, optimizer: adam(0.0003) },
      },
    ],
  },

  // Dropout and augmentation against overfitting, each alone, on a small subset where they matter
  // (both together, dropout 0.5 with flip + crop, learned too slowly to finish within the budget).
  regularization: {
    id: 'regularization',
    seeds: [1, 2, 3],
    runs: [
      {
        key: 'none',
        name: { en: 'No regularisation', zh: '无正则化' },
        change: { en: 'dropout 0, no augmentation', zh: 'dropout 0，无数据增强' },
        layers: CNN,
        dropout: 0,
        config: { ...base, epochs: 40, batchSize: 16, perClassLimit: 50 },
      },
      {
        key: 'dropout',
        name: { en: 'Dropout', zh: 'Dropout' },
        change: { en: 'dropout 0 → 0.5', zh: 'dropout 0 → 0.5' },
        layers: CNN,
        dropout: 0.5,
        config: { ...base, epochs: 40, batchSize: 16, perClassLimit: 50 },
      },
      {
        key: 'augment',
        name: { en: 'Augmentation', zh: '数据增强' },
        change: { en: 'augmentation: flip + crop', zh: '数据增强：翻转 + 裁剪' },
        layers: CNN,
        dropout: 0,
        config: { ...base, epochs: 40, batchSize: 16, perClassLimit: 50, augment: ['flip', 'crop'] },
      },
    ],
  },
};

// ---- Conclusions ---------------------------------------------------------------------------

// The page's fit verdict and these conclusions judge by the same rules (analysis.js).
const Z95 = 1.96;
// Fewer validation photos than this per run and a difference is "too few photos to tell".
const FEW_VAL = 30;

const pct = (v) => Math.round(100 * v);
const points = (v) => Math.round(1000 * v) / 10;  // a difference in percentage points, 1 decimal
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const range = (xs) => Math.max(...xs) - Math.min(...xs);
const count = (n) => n.toLocaleString('en');  // 196,802 (read the same way in Chinese)

// The rows of one configuration, summarised over its seeds; validation counts pooled.
function summary(rows, name) {
  const own = rows.filter((r) => r.name === name);
  if (!own.length) return null;
  const valCount = own.reduce((a, r) => a + (r.valCount ?? 0), 0);
  const correct = own.reduce((a, r) => a + Math.round(r.valAcc * (r.valCount ?? 0)), 0);
  return {
    name,
    bySeed: new Map(own.map((r) => [r.seed, r.valAcc])),
    val: mean(own.map((r) => r.valAcc)),
    train: mean(own.map((r) => r.trainAcc)),
    params: own[0].params,
    seconds: mean(own.map((r) => r.seconds)),
    seedCount: own.length,
    minValCount: Math.min(...own.map((r) => r.valCount ?? 0)),
    valCount,
    interval: valCount > 0 ? wilson(correct, valCount) : null,
  };
}

// Newcombe's interval of the difference of two proportions, built from their Wilson intervals
// (Newcombe 1998, method 10): does a − b stay away from 0 at 95%?
function differenceInterval(a, b) {
  const d = a.p - b.p;
  return { low: d - Math.hypot(a.p - a.low, b.high - b.p), high: d + Math.hypot(a.high - a.p, b.p - b.low) };
}

// Validation photos per run that would make a difference this size clear at 95% if the
// accuracies stayed as measured: z²·(p₁q₁ + p₂q₂) / d² in all, shared between the seeds.
function photosNeeded(a, b, seeds) {
  const d = Math.abs(a - b);
  if (d < 0.005) return null;
  return Math.ceil((Z95 * Z95 * (a * (1 - a) + b * (1 - b))) / (d * d) / Math.max(1, seeds));
}

/**
 * Compares configuration `a` with `b` (summaries): is a's lead over b real? Runs with the same
 * seed are paired (same validation photos, same start), so the spread that counts is how much the
 * margin itself changes from seed to seed.
 * → {outcome: 'a' | 'b' | 'flip' | 'level' | 'spread' | 'sample' | 'fewVal', params}
 * - 'flip': with 2 or more seeds, not every seed has the same winner;
 * - 'level': no seed goes the other way, but some are level (a tie);
 * - 'spread': the same winner on every seed, but the mean margin is not larger than the spread
 *   (max − min) of the per-seed margins;
 * - 'fewVal' / 'sample': the 95% interval of the difference of the pooled validation accuracies
 *   (Wilson intervals, combined by Newcombe's method) includes 0 — 'fewVal' when a run had
 *   fewer than FEW_VAL validation photos;
 * - else the winner.
 */
function compare(a, b) {
  const diff = a.val - b.val;
  const margins = [...a.bySeed.keys()].filter((seed) => b.bySeed.has(seed)).map((seed) => a.bySeed.get(seed) - b.bySeed.get(seed));
  const seeds = margins.length;
  const spread = seeds ? range(margins) : 0;
  const sameWinner = margins.every((m) => Math.sign(m) === Math.sign(diff) && m !== 0);
  const aWins = margins.filter((m) => m > 0).length;
  const interval = a.interval && b.interval ? differenceInterval(a.interval, b.interval) : { low: -1, high: 1 };
  const unclear = interval.low <= 0 && interval.high >= 0;
  const params = {
    a: pct(a.val), b: pct(b.val), diff: points(Math.abs(diff)), spread: points(spread), seeds: Math.max(seeds, Math.min(a.seedCount, b.seedCount)),
    n: Math.min(a.minValCount, b.minValCount), needed: photosNeeded(a.val, b.val, Math.min(a.seedCount, b.seedCount)) ?? '—',
    aWins, bWins: margins.filter((m) => m < 0).length,
  };
  const ties = margins.filter((m) => m === 0).length;
  // Never the other way round, but level on some seeds: not a flip, still not a clear difference.
  const level = ties > 0 && margins.every((m) => m === 0 || Math.sign(m) === Math.sign(diff));
  if (seeds >= 2 && !sameWinner) return { outcome: level ? 'level' : 'flip', params: { ...params, ties, decided: seeds - ties } };
  if (seeds >= 2 && Math.abs(diff) <= spread) return { outcome: 'spread', params };
  if (unclear) return { outcome: params.n < FEW_VAL ? 'fewVal' : 'sample', params };
  return { outcome: diff > 0 ? 'a' : 'b', params };
}

// Training times within this factor of each other count as "about as long".
const TIME_SIMILAR = 1.5;

function concludeCnnVsFc(rows) {
  const cnn = summary(rows, 'cnn');
  const fc = summary(rows, 'fc');
  if (!cnn || !fc) return null;
  const { outcome, params } = compare(cnn, fc);
  const all = {
    ...params, cnn: params.a, fc: params.b, cnnParams: count(cnn.params), fcParams: count(fc.params),
    ratio: Math.round((10 * fc.params) / cnn.params) / 10, cnnSeconds: Math.round(cnn.seconds), fcSeconds: Math.round(fc.seconds),
  };
  const key = { a: 'exp.cnnfc.win', b: 'exp.cnnfc.loss', flip: 'exp.cnnfc.tieFlip', level: 'exp.cnnfc.tieLevel', spread: 'exp.cnnfc.tieSpread', sample: 'exp.cnnfc.tieSample', fewVal: 'exp.fewVal' }[outcome];
  const notes = [];
  // Which net trained longer, as measured on this machine (kernels and threads change the balance).
  const timeRatio = cnn.seconds / Math.max(fc.seconds, 1e-9);
  const timeKey = timeRatio > TIME_SIMILAR ? 'exp.cnnfc.timeCnnLonger' : timeRatio < 1 / TIME_SIMILAR ? 'exp.cnnfc.timeFcLonger' : 'exp.cnnfc.timeSimilar';
  if (outcome === 'a' && Number.isFinite(timeRatio) && cnn.seconds > 0) notes.push({ key: timeKey, params: all });
  // Without a clear win the text says when the lecture's effect does show (the loss text has it).
  if (outcome !== 'a' && outcome !== 'b') notes.push({ key: 'exp.cnnfc.whenItShows', params: all });
  if (cnn.seedCount < 2) notes.push({ key: 'exp.oneSeed', params: {} });
  return { key, params: all, notes };
}

function concludeFit(rows, classCount) {
  const small = summary(rows, 'tooSmall');
  const good = summary(rows, 'justRight');
  const big = summary(rows, 'overfit');
  if (!small || !good || !big) return null;
  const chance = 1 / Math.max(2, classCount);
  const params = {
    smallTrain: pct(small.train), smallVal: pct(small.val), goodTrain: pct(good.train), goodVal: pct(good.val),
    bigTrain: pct(big.train), bigVal: pct(big.val), gap: pct(big.train - big.val), chance: pct(chance),
  };
  const notes = [];
  // Each configuration must really show what it stands for, or the text says it did not.
  if (!(small.train < chance + UNDERFIT_SHARE * (1 - chance) && small.train < good.train - 0.1)) notes.push({ key: 'exp.fit.noUnderfit', params });
  if (!(big.train - big.val >= OVERFIT_GAP && (!big.interval || big.train > big.interval.high))) notes.push({ key: 'exp.fit.noOverfit', params });
  if (!(good.train - good.val < OVERFIT_GAP && good.val >= Math.max(small.val, big.val))) notes.push({ key: 'exp.fit.noJustRight', params });
  if (good.minValCount < FEW_VAL) notes.push({ key: 'exp.fewValFit', params: { n: good.minValCount } });
  return { key: notes.length ? 'exp.fit.partial' : 'exp.fit.all', params, notes };
}

function concludeRegularization(rows, lang) {
  const none = summary(rows, 'none');
  const others = EXPERIMENTS.regularization.runs.filter((r) => r.key !== 'none').map((r) => summary(rows, r.key)).filter(Boolean);
  if (!none || !others.length) return null;
  const best = others.reduce((x, y) => (y.val > x.val ? y : x));
  const { outcome, params } = compare(best, none);
  const run = EXPERIMENTS.regularization.runs.find((r) => r.key === best.name);
  const all = {
    ...params, best: run?.name[lang] ?? run?.name.en ?? best.name, bestVal: pct(best.val), noneVal: pct(none.val),
    gapNone: pct(none.train - none.val), gapBest: pct(best.train - best.val),
  };
  const key = { a: 'exp.reg.helps', b: 'exp.reg.hurts', flip: 'exp.reg.tieFlip', level: 'exp.reg.tieLevel', spread: 'exp.reg.tieSpread', sample: 'exp.reg.tieSample', fewVal: 'exp.fewVal' }[outcome];
  return { key, params: all, notes: none.seedCount < 2 ? [{ key: 'exp.oneSeed', params: {} }] : [] };
}

/**
 * The plain-words conclusion of an experiment from its real results.
 * rows: result rows (see the top of this file); context: {classCount, lang ('en' | 'zh')}.
 * → null when a configuration has no rows yet, else {key, params, notes: [{key, params}]}, where
 *   key and notes are i18n keys of web/i18n/experiments.js, filled from params.
 */
export function conclude(experimentId, rows, { classCount = 2, lang = 'en' } = {}) {
  if (!Array.isArray(rows)) throw new TypeError(`conclude(${experimentId}): rows must be an array`);
  if (experimentId === 'cnn-vs-fc') return concludeCnnVsFc(rows);
  if (experimentId === 'fit') return concludeFit(rows, classCount);
  if (experimentId === 'regularization') return concludeRegularization(rows, lang);
  throw new Error(`conclude: unknown experiment "${experimentId}" (have: ${Object.keys(EXPERIMENTS).join(', ')})`);
}
