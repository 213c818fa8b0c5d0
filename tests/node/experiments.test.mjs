// experiments.test.mjs — the one-click experiments: conclude() on synthetic results for every
// branch, their text in both languages, every configuration a valid network, the split rule, and
// a reduced CNN-vs-FC run through the WASM engine on the colour demo (the CNN must win).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadLab, ROOT } from './helpers.mjs';
import { EXPERIMENTS, conclude, wilson } from '../../web/experiments.js';
import strings from '../../web/i18n/experiments.js';
import { buildSpec } from '../../web/presets.js';
import { loadDemoSet } from '../../web/demos.js';
import { runExperiment } from '../bench/experiments-core.mjs';
import { fileFetch, say } from '../bench/experiments.mjs';

// Rows of one configuration: one per validation accuracy, seeds 1, 2, …
function rows(name, vals, { train = 1, valCount = 200, params = 1000, seconds = 10 } = {}) {
  return vals.map((valAcc, i) => ({ name, valAcc, trainAcc: Array.isArray(train) ? train[i] : train, params, seconds, seed: i + 1, valCount }));
}

// Every placeholder of the conclusion and its notes is filled, in both languages.
function assertSays(result) {
  for (const lang of ['en', 'zh']) {
    for (const part of [result, ...result.notes]) {
      const text = say(lang, part);
      assert.doesNotMatch(text, /\{\w+\}/, `${lang} ${part.key}: unfilled placeholder in "${text}"`);
    }
  }
}

test('cnn-vs-fc: a win larger than the seed spread, with its numbers', () => {
  const result = conclude('cnn-vs-fc', [
    ...rows('cnn', [0.9, 0.88, 0.92], { params: 22514, seconds: 14 }),
    ...rows('fc', [0.65, 0.7, 0.62], { params: 196802, seconds: 9 }),
  ]);
  assert.equal(result.key, 'exp.cnnfc.win');
  assert.deepEqual(
    { cnn: result.params.cnn, fc: result.params.fc, diff: result.params.diff, seeds: result.params.seeds, spread: result.params.spread, ratio: result.params.ratio },
    { cnn: 90, fc: 66, diff: 24.3, seeds: 3, spread: 12, ratio: 8.7 },
  );
  assert.equal(result.params.fcParams, '196,802');
  // 14 s against 9 s: the CNN had 1.6× the time, and the text says so.
  assert.deepEqual(result.notes.map((n) => n.key), ['exp.cnnfc.timeCnnLonger']);
  assert.match(say('en', result), /The CNN won: 90% .* against 66% .* 24\.3 points ahead on average over 3 seeds/);
  assertSays(result);
});

test('cnn-vs-fc: the training times are told as they were, not assumed equal', () => {
  const won = (cnnSeconds, fcSeconds) => conclude('cnn-vs-fc', [
    ...rows('cnn', [0.9, 0.88, 0.92], { seconds: cnnSeconds }), ...rows('fc', [0.65, 0.7, 0.62], { seconds: fcSeconds }),
  ]).notes.map((n) => n.key);
  assert.deepEqual(won(2, 5), ['exp.cnnfc.timeFcLonger']);  // the page measured this: the FC net had 2.5× the time
  assert.deepEqual(won(8, 4), ['exp.cnnfc.timeCnnLonger']);
  assert.deepEqual(won(4, 5), ['exp.cnnfc.timeSimilar']);
  const result = conclude('cnn-vs-fc', [...rows('cnn', [0.9, 0.88, 0.92], { seconds: 2 }), ...rows('fc', [0.65, 0.7, 0.62], { seconds: 5 })]);
  assert.match(say('en', result.notes[0]), /fully-connected net even trained longer: 5 s against the CNN’s 2 s/);
  assertSays(result);
});

test('cnn-vs-fc: a winner that changes between seeds, or a margin within its spread, is no clear winner; says when the effect shows', () => {
  const result = conclude('cnn-vs-fc', [...rows('cnn', [0.8, 0.7, 0.9]), ...rows('fc', [0.78, 0.74, 0.8])]);
  assert.equal(result.key, 'exp.cnnfc.tieFlip');  // margins +2, −4, +10: not the same winner each time
  assert.deepEqual({ aWins: result.params.aWins, bWins: result.params.bWins }, { aWins: 2, bWins: 1 });
  assert.deepEqual(result.notes.map((n) => n.key), ['exp.cnnfc.whenItShows']);
  assertSays(result);
  // Ahead on every seed by +5, +1, +20: the 8.7-point mean is within the 19-point spread.
  const spread = conclude('cnn-vs-fc', [...rows('cnn', [0.9, 0.75, 0.8]), ...rows('fc', [0.85, 0.74, 0.6])]);
  assert.equal(spread.key, 'exp.cnnfc.tieSpread');
  assert.deepEqual({ diff: spread.params.diff, spread: spread.params.spread }, { diff: 8.7, spread: 19 });
  assertSays(spread);
});

test('a tie on a seed is not a change of winner: "level", with the counts', () => {
  // Measured on apples vs flowers, regularisation: augmentation +3.5, ±0, +4 points.
  const reg = conclude('regularization', [...rows('none', [0.8, 0.765, 0.78]), ...rows('augment', [0.835, 0.765, 0.82])]);
  assert.equal(reg.key, 'exp.reg.tieLevel');
  assert.deepEqual({ ties: reg.params.ties, decided: reg.params.decided, seeds: reg.params.seeds }, { ties: 1, decided: 2, seeds: 3 });
  assert.match(say('en', reg), /differed on 2 of 3 seeds, always the same way, and were level on 1/);
  assertSays(reg);
  // Measured on Fashion-MNIST: the CNN +0.8, ±0, +1.7 points.
  const fashion = conclude('cnn-vs-fc', [...rows('cnn', [0.992, 0.958, 0.992]), ...rows('fc', [0.983, 0.958, 0.975])]);
  assert.equal(fashion.key, 'exp.cnnfc.tieLevel');
  assertSays(fashion);
  // One seed the other way is still a flip.
  assert.equal(conclude('cnn-vs-fc', [...rows('cnn', [0.9, 0.8, 0.7]), ...rows('fc', [0.85, 0.8, 0.75])]).key, 'exp.cnnfc.tieFlip');
});

test('cnn-vs-fc: the fully-connected net winning is told as it is', () => {
  const result = conclude('cnn-vs-fc', [...rows('cnn', [0.85, 0.86, 0.84]), ...rows('fc', [0.95, 0.96, 0.94])]);
  assert.equal(result.key, 'exp.cnnfc.loss');
  assert.deepEqual({ cnn: result.params.cnn, fc: result.params.fc, diff: result.params.diff }, { cnn: 85, fc: 95, diff: 10 });
  assert.match(say('en', result), /Here the fully-connected net did better: 95% .* the CNN’s 85%/);
  assertSays(result);
});

test('cnn-vs-fc: a handful of validation photos cannot decide; one seed is flagged', () => {
  const tiny = conclude('cnn-vs-fc', [...rows('cnn', [0.75], { valCount: 8 }), ...rows('fc', [0.5], { valCount: 8 })]);
  assert.equal(tiny.key, 'exp.fewVal');
  assert.equal(tiny.params.n, 8);
  assert.ok(tiny.params.needed > 8, `needed ${tiny.params.needed}`);
  assert.deepEqual(tiny.notes.map((n) => n.key), ['exp.cnnfc.whenItShows', 'exp.oneSeed']);
  assertSays(tiny);
  // Enough photos to rule out "tiny", still too few for a 10-point gap: the intervals overlap.
  const sample = conclude('cnn-vs-fc', [...rows('cnn', [0.8, 0.81], { valCount: 40 }), ...rows('fc', [0.7, 0.71], { valCount: 40 })]);
  assert.equal(sample.key, 'exp.cnnfc.tieSample');
  assertSays(sample);
  // The same accuracies on 400 photos per run are a real difference.
  assert.equal(conclude('cnn-vs-fc', [...rows('cnn', [0.8, 0.81], { valCount: 400 }), ...rows('fc', [0.7, 0.71], { valCount: 400 })]).key, 'exp.cnnfc.win');
});

test('fit: each case shown is named; a case that did not show is said so', () => {
  const shown = [...rows('tooSmall', [0.68], { train: 0.7 }), ...rows('justRight', [0.88], { train: 0.9 }), ...rows('overfit', [0.65], { train: 1 })];
  const all = conclude('fit', shown, { classCount: 2 });
  assert.equal(all.key, 'exp.fit.all');
  assert.deepEqual(all.notes, []);
  assert.equal(all.params.gap, 35);
  assertSays(all);
  const partial = conclude('fit', [...rows('tooSmall', [0.85], { train: 0.95 }), ...rows('justRight', [0.88], { train: 0.9 }), ...rows('overfit', [0.86], { train: 0.9 })], { classCount: 2 });
  assert.equal(partial.key, 'exp.fit.partial');
  assert.deepEqual(partial.notes.map((n) => n.key), ['exp.fit.noUnderfit', 'exp.fit.noOverfit']);
  assertSays(partial);
  // Chance depends on the classes: 70% training accuracy is underfitting for 2 classes (chance
  // 50%), not for 10 (chance 10%: 70% is two thirds of the way to 100%).
  assert.equal(conclude('fit', shown, { classCount: 10 }).notes[0].key, 'exp.fit.noUnderfit');
  const fewVal = conclude('fit', shown.map((r) => ({ ...r, valCount: 6 })), { classCount: 2 });
  assert.ok(fewVal.notes.some((n) => n.key === 'exp.fewValFit'));
});

test('regularization: helps, hurts and no clear effect, naming the best configuration in the reader’s language', () => {
  const helps = conclude('regularization', [
    ...rows('none', [0.6, 0.62]), ...rows('dropout', [0.63, 0.64], { train: 0.9 }), ...rows('augment', [0.75, 0.77], { train: 0.8 }),
  ], { lang: 'zh' });
  assert.equal(helps.key, 'exp.reg.helps');
  assert.deepEqual({ best: helps.params.best, gapNone: helps.params.gapNone, gapBest: helps.params.gapBest }, { best: '数据增强', gapNone: 39, gapBest: 4 });
  assertSays(helps);
  const hurts = conclude('regularization', [...rows('none', [0.9, 0.91]), ...rows('dropout', [0.7, 0.72]), ...rows('augment', [0.75, 0.74])]);
  assert.equal(hurts.key, 'exp.reg.hurts');
  assert.equal(hurts.params.best, 'Augmentation');
  // Measured on apples vs flowers (cosine schedule): augmentation gained 6 points on every seed.
  // The seeds move both runs together (same validation photos), so this is a clear effect though
  // each run's accuracy varies by 6.5 points between seeds.
  const paired = conclude('regularization', [...rows('none', [0.785, 0.82, 0.755]), ...rows('augment', [0.845, 0.88, 0.815], { train: 0.91 })]);
  assert.equal(paired.key, 'exp.reg.helps');
  assert.deepEqual({ diff: paired.params.diff, spread: paired.params.spread, best: paired.params.best }, { diff: 6, spread: 0, best: 'Augmentation' });
  const tie = conclude('regularization', [...rows('none', [0.7, 0.8]), ...rows('dropout', [0.74, 0.78])]);
  assert.equal(tie.key, 'exp.reg.tieFlip');
  assertSays(tie);
  // Measured on shapes: augmentation ahead on every seed, by 2.9, 17.9 and 9.6 points.
  const uneven = conclude('regularization', [...rows('none', [0.55, 0.546, 0.55]), ...rows('augment', [0.579, 0.725, 0.646])]);
  assert.equal(uneven.key, 'exp.reg.tieSpread');
  assertSays(uneven);
});

test('conclude: missing configurations give null; an unknown experiment or bad rows are refused', () => {
  assert.equal(conclude('cnn-vs-fc', rows('cnn', [0.9])), null);
  assert.equal(conclude('fit', []), null);
  assert.throws(() => conclude('dropout', []), /unknown experiment "dropout" \(have: fit, cnn-vs-fc, regularization\)/);
  assert.throws(() => conclude('fit', null), /rows must be an array/);
});

test('wilson: known intervals (1 of 2 → 9%–91%; 90 of 100 → 82.6%–94.5%)', () => {
  const a = wilson(1, 2);
  assert.deepEqual([a.low, a.high].map((v) => Math.round(100 * v)), [9, 91]);
  const b = wilson(90, 100);
  assert.deepEqual([b.low, b.high].map((v) => Math.round(1000 * v)), [826, 945]);
});

test('i18n: every conclusion key has English and Chinese text with the same placeholders', () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(strings.zh).sort(), Object.keys(strings.en).sort());
  for (const key of Object.keys(strings.en)) assert.deepEqual(placeholders(strings.zh[key]), placeholders(strings.en[key]), key);
});

test('every experiment configuration is a network the engine builds, for colour 32×32 and grey 28×28', async () => {
  const lab = await loadLab();
  for (const experiment of Object.values(EXPERIMENTS)) {
    assert.ok(experiment.seeds.length >= 1);
    for (const run of experiment.runs) {
      for (const lang of ['en', 'zh']) assert.ok(run.name[lang] && run.change[lang], `${experiment.id}/${run.key}: no ${lang} text`);
      for (const input of [{ channels: 3, size: 32 }, { channels: 1, size: 28 }]) {
        const net = new lab.Network(buildSpec({ input, layers: run.layers, classes: ['a', 'b'], dropout: run.dropout }), 1);
        assert.ok(net.numParams() > 0);
        net.delete();
      }
    }
  }
  assert.ok(EXPERIMENTS['cnn-vs-fc'].seeds.length >= 3);
});

// The real design, shortened (60% of the epochs, 250 training photos per class, 2 seeds): the CNN
// must still win clearly on the two-class colour demo, and conclude() must say so.
test('engine: the CNN beats the fully-connected net on the colour demo, averaged over seeds', async () => {
  const lab = await loadLab();
  const demo = await loadDemoSet(fileFetch(path.join(ROOT, 'build/site/demo')), 'apples-flowers', '');
  const experiment = EXPERIMENTS['cnn-vs-fc'];
  const runs = experiment.runs.map((run) => ({ ...run, config: { ...run.config, epochs: Math.round(run.config.epochs * 0.6), perClassLimit: 250 } }));
  const results = runExperiment(lab, demo, experiment, { seeds: [1, 2], runs });
  const meanOf = (name) => results.filter((r) => r.name === name).reduce((a, r) => a + r.valAcc, 0) / 2;
  const cnn = meanOf('cnn');
  const fc = meanOf('fc');
  assert.ok(cnn > fc + 0.1, `CNN ${(100 * cnn).toFixed(1)}% vs FC ${(100 * fc).toFixed(1)}%`);
  const result = conclude('cnn-vs-fc', results, { classCount: 2 });
  assert.equal(result.key, 'exp.cnnfc.win', JSON.stringify(result));
  assert.ok(results.every((r) => r.valCount === 200 && r.trainCount === 500));
  assert.ok(results.find((r) => r.name === 'cnn').params < results.find((r) => r.name === 'fc').params / 5);
});
