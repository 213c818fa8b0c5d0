// tests/node/analysis.test.mjs — the fit verdict, table-driven over synthetic histories (every case a
// learner's report found wrong included), Wilson intervals against hand-computed values, best epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseFit, wilson, neededValidation, bestEpoch, lrKind, Smoother } from '../../web/analysis.js';

// One epoch's metrics; val* may be null (no validation set).
const m = (epoch, trainLoss, trainAcc, valLoss = null, valAcc = null) => ({ epoch, trainLoss, trainAcc, valLoss, valAcc });
// A history from per-epoch arrays.
const curves = ({ tl, ta, vl = [], va = [] }) => tl.map((_, i) => m(i + 1, tl[i], ta[i], vl[i] ?? null, va[i] ?? null));

const adam = (lr = 0.001) => ({ type: 'adam', lr });
const sgd = (lr = 0.01) => ({ type: 'sgd', lr });

// [name, input, expected verdict, expected reason, expected advice (or undefined: any)]
const CASES = [
  ['no epoch yet', { history: [] }, null],
  // The learner's report: Adam at lr 0.2 kills the net at 50%; the page said "underfit, raise the lr".
  ['adam lr 0.2: first epoch blows up, then dead at 50%',
    { history: curves({ tl: [9.4, 0.7, 0.694, 0.693], ta: [0.5, 0.5, 0.49, 0.5], vl: [0.69, 0.69, 0.69, 0.69], va: [0.5, 0.5, 0.5, 0.5] }),
      classCount: 2, trainCount: 192, valCount: 48, optimizer: adam(0.2) },
    'unstable', 'fit.why.blowup', 'fit.advice.lowerLr'],
  ['adam lr 0.2: no blow-up recorded, stuck at the loss of guessing',
    { history: curves({ tl: [0.72, 0.71, 0.7], ta: [0.5, 0.51, 0.5], vl: [0.69, 0.69, 0.69], va: [0.5, 0.5, 0.5] }),
      classCount: 2, trainCount: 192, valCount: 48, optimizer: adam(0.2) },
    'unstable', 'fit.why.stuckHigh', 'fit.advice.lowerLr'],
  ['the engine stopped the run (divergence guard)',
    { history: [], classCount: 2, trainCount: 10, valCount: 2, optimizer: adam(10), diverged: true },
    'unstable', 'fit.why.diverged', 'fit.advice.lowerLr'],
  ['a loss spike in epoch 3',
    { history: curves({ tl: [0.6, 0.4, 3.1, 0.5], ta: [0.7, 0.85, 0.6, 0.8], vl: [0.6, 0.45, 2, 0.6], va: [0.7, 0.8, 0.6, 0.75] }),
      classCount: 2, trainCount: 400, valCount: 100, optimizer: adam(0.05) },
    'unstable', 'fit.why.spike', 'fit.advice.lowerLr'],
  ['NaN loss', { history: [m(1, 0.6, 0.7, 0.6, 0.7), m(2, NaN, 0.5, NaN, 0.5)], classCount: 2, trainCount: 100, valCount: 20 },
    'unstable', 'fit.why.nan', 'fit.advice.lowerLr'],
  // The report: 7% training accuracy on 4 classes was called "close to guessing (25%)".
  ['7% on 4 classes is well below chance, with a high rate',
    { history: curves({ tl: [1.6, 1.5], ta: [0.1, 0.07], vl: [1.5, 1.5], va: [0.1, 0.08] }), classCount: 4, trainCount: 192, valCount: 48, optimizer: adam(0.05) },
    'unstable', 'fit.why.belowChance', 'fit.advice.lowerLr'],
  // Seen in the page: a tiny net after one epoch at a small rate is still its random start (9%).
  ['9% on 4 classes after one slow epoch: not learnt yet, not unstable',
    { history: curves({ tl: [1.45], ta: [0.09], vl: [1.42], va: [0.12] }), classCount: 4, trainCount: 192, valCount: 48, optimizer: adam(0.0003) },
    'underfit', 'fit.why.belowChanceEarly', 'fit.advice.longer'],
  ['at chance after two epochs, loss barely down: too early to call it stuck',
    { history: curves({ tl: [1.40, 1.385], ta: [0.22, 0.24], vl: [1.39, 1.385], va: [0.25, 0.25] }), classCount: 4, trainCount: 192, valCount: 48, optimizer: adam() },
    'underfit', 'fit.why.slowStart', 'fit.advice.longer'],
  ['at chance, rate far too low: raise it (never for a high rate)',
    { history: curves({ tl: [0.6935, 0.693, 0.6932], ta: [0.49, 0.51, 0.5], vl: [0.693, 0.693, 0.693], va: [0.5, 0.5, 0.5] }),
      classCount: 2, trainCount: 192, valCount: 48, optimizer: adam(1e-6) },
    'underfit', 'fit.why.stuckLow', 'fit.advice.raiseLr'],
  ['at chance, usual rate, loss flat for three epochs: check the data',
    { history: curves({ tl: [0.694, 0.693, 0.6935], ta: [0.5, 0.52, 0.5], vl: [0.693, 0.693, 0.693], va: [0.5, 0.5, 0.5] }), classCount: 2, trainCount: 192, valCount: 48, optimizer: adam() },
    'underfit', 'fit.why.stuck', 'fit.advice.checkData'],
  ['at chance but the loss has started to fall: train longer',
    { history: curves({ tl: [0.69, 0.64], ta: [0.5, 0.53], vl: [0.68, 0.63], va: [0.5, 0.55] }), classCount: 2, trainCount: 192, valCount: 48, optimizer: adam() },
    'underfit', 'fit.why.slowStart', 'fit.advice.longer'],
  ['tiny net, two epochs: 62% on 2 classes, loss still falling',
    { history: curves({ tl: [0.68, 0.6], ta: [0.56, 0.62], vl: [0.66, 0.6], va: [0.58, 0.63] }), classCount: 2, trainCount: 400, valCount: 100, optimizer: adam() },
    'underfit', 'fit.why.underfit', 'fit.advice.longer'],
  ['60% on 4 classes after the loss levelled off: a bigger net',
    { history: curves({ tl: [1.2, 1.05, 1.04], ta: [0.5, 0.58, 0.6], vl: [1.1, 1.06, 1.05], va: [0.52, 0.58, 0.59] }), classCount: 4, trainCount: 400, valCount: 100, optimizer: adam() },
    'underfit', 'fit.why.underfit', 'fit.advice.bigger'],
  // The report: one photo per class, nothing to validate on, and the page said "just right".
  ['one photo per class: no validation set at all',
    { history: curves({ tl: [0.6, 0.2, 0.05], ta: [0.5, 1, 1] }), classCount: 2, trainCount: 2, valCount: 0, optimizer: adam() },
    'unsure', 'fit.why.noval', 'fit.advice.addVal'],
  ['one photo per class, stopped while still at 50% in training: nothing to judge on',
    { history: curves({ tl: [0.69, 0.6], ta: [0.5, 0.5] }), classCount: 2, trainCount: 2, valCount: 0, optimizer: adam() },
    'unsure', 'fit.why.noval', 'fit.advice.addVal'],
  // The report: two validation photos at 50% with no word on sample size.
  ['two validation photos, one right',
    { history: curves({ tl: [0.5, 0.2], ta: [0.8, 0.95], vl: [0.6, 0.7], va: [0.5, 0.5] }), classCount: 2, trainCount: 8, valCount: 2, optimizer: adam() },
    'unsure', 'fit.why.fewval', 'fit.advice.addVal'],
  ['clear overfitting: 99% vs 70% on 200 validation photos',
    { history: curves({ tl: [0.5, 0.2, 0.05], ta: [0.8, 0.95, 0.99], vl: [0.6, 0.7, 0.9], va: [0.7, 0.71, 0.7] }), classCount: 2, trainCount: 800, valCount: 200, optimizer: adam() },
    'overfit', 'fit.why.gap', 'fit.advice.regularise'],
  ['validation loss climbing while training loss falls (gap still small)',
    { history: curves({ tl: [0.5, 0.3, 0.2, 0.1], ta: [0.8, 0.9, 0.93, 0.96], vl: [0.4, 0.3, 0.38, 0.45], va: [0.86, 0.9, 0.9, 0.9] }), classCount: 2, trainCount: 800, valCount: 200, optimizer: adam() },
    'overfit', 'fit.why.rising', 'fit.advice.stopEarly'],
  ['the same climb on 6 validation photos is noise, not overfitting',
    { history: curves({ tl: [0.5, 0.3, 0.2, 0.1], ta: [0.8, 0.9, 0.93, 0.96], vl: [0.4, 0.3, 0.38, 0.45], va: [0.83, 0.83, 0.83, 0.83] }), classCount: 2, trainCount: 24, valCount: 6, optimizer: adam() },
    'unsure', 'fit.why.fewval', 'fit.advice.addVal'],
  ['a big gap on 5 validation photos cannot be told from chance',
    { history: curves({ tl: [0.5, 0.1], ta: [0.9, 1], vl: [0.6, 0.8], va: [0.6, 0.6] }), classCount: 2, trainCount: 20, valCount: 5, optimizer: adam() },
    'unsure', 'fit.why.fewval', 'fit.advice.addVal'],
  ['just right: 95% and 93% on 200 validation photos',
    { history: curves({ tl: [0.5, 0.25, 0.15], ta: [0.8, 0.92, 0.95], vl: [0.45, 0.25, 0.2], va: [0.82, 0.91, 0.93] }), classCount: 2, trainCount: 800, valCount: 200, optimizer: adam() },
    'justright', 'fit.why.justright', 'fit.advice.keep'],
  ['just right on 4 classes with sgd',
    { history: curves({ tl: [1.1, 0.5, 0.3], ta: [0.6, 0.85, 0.9], vl: [0.9, 0.5, 0.35], va: [0.65, 0.84, 0.88] }), classCount: 4, trainCount: 400, valCount: 100, optimizer: sgd() },
    'justright', 'fit.why.justright', 'fit.advice.keep'],
  ['100% on a 48-photo validation set is enough to call',
    { history: curves({ tl: [0.3, 0.05], ta: [0.9, 1], vl: [0.1, 0.02], va: [1, 1] }), classCount: 4, trainCount: 192, valCount: 48, optimizer: adam() },
    'justright', 'fit.why.justright', 'fit.advice.keep'],
];

for (const [name, input, verdict, reason, advice] of CASES) {
  test(`fit verdict: ${name}`, () => {
    const d = diagnoseFit(input);
    if (verdict === null) return assert.equal(d, null);
    assert.equal(d.verdict, verdict, JSON.stringify(d));
    assert.equal(d.reason, reason);
    if (advice) assert.equal(d.advice, advice);
  });
}

test('fit verdict: a too-high learning rate is never advised to go higher', () => {
  for (const [, input] of CASES) {
    const d = diagnoseFit(input);
    if (d && lrKind(input.optimizer) === 'high') assert.notEqual(d.advice, 'fit.advice.raiseLr', JSON.stringify(input.optimizer));
  }
});

test('fit verdict: reports the validation interval and the photos that would decide it', () => {
  const d = diagnoseFit(CASES.find((c) => c[0].startsWith('two validation'))[1]);
  assert.equal(d.params.valCount, 2);
  assert.deepEqual([d.params.low, d.params.high], [9, 91]);
  assert.ok(d.stats.needed > 2 && Number.isInteger(d.stats.needed));
  // With that many photos at the same accuracy the verdict is decided (here: overfitting, 95% vs 50%).
  const n = d.stats.needed;
  const decided = diagnoseFit({ ...CASES.find((c) => c[0].startsWith('two validation'))[1], valCount: n });
  assert.notEqual(decided.verdict, 'unsure');
});

test('Wilson interval: hand-computed values', () => {
  const close = (a, b) => assert.ok(Math.abs(a - b) < 5e-4, `${a} vs ${b}`);
  // 1 of 2: centre 0.5, half-width 1.96·√(0.125 + 0.9604/16)/(1 + 1.9208) = 0.4055
  let w = wilson(1, 2);
  close(w.low, 0.0945);
  close(w.high, 0.9055);
  // 45 of 50
  w = wilson(45, 50);
  close(w.low, 0.7864);
  close(w.high, 0.9565);
  // 0 of 10 never goes below 0; 10 of 10 never above 1
  assert.equal(wilson(0, 10).low, 0);
  assert.equal(wilson(10, 10).high, 1);
  close(wilson(10, 10).low, 0.7225);
  assert.deepEqual(wilson(0, 0), { p: NaN, low: 0, high: 1 });
});

test('needed validation photos: more when the accuracies sit near the border', () => {
  const easy = neededValidation(0.95, 0.95);
  const hard = neededValidation(0.95, 0.84);  // an 11-point gap: close to both borders
  assert.ok(easy < hard, `${easy} < ${hard}`);
  assert.ok(easy >= 5 && easy <= 40, String(easy));
});

test('best epoch: lowest validation loss, else lowest training loss', () => {
  assert.equal(bestEpoch([m(1, 0.5, 0.8, 0.6, 0.7), m(2, 0.3, 0.9, 0.4, 0.8), m(3, 0.2, 0.95, 0.5, 0.8)]), 2);
  assert.equal(bestEpoch([m(1, 0.5, 0.8), m(2, 0.3, 0.9)]), 2);
  assert.equal(bestEpoch([]), null);
});

test('smoother: debiased EMA starts at the first value and follows a step', () => {
  const s = new Smoother(0.8);
  assert.equal(s.push(2), 2);
  const values = [];
  for (let i = 0; i < 40; i++) values.push(s.push(1));
  assert.ok(values[0] > 1 && values[0] < 2);
  assert.ok(Math.abs(values.at(-1) - 1) < 1e-3);
});
