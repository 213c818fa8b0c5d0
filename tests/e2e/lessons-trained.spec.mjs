// tests/e2e/lessons-trained.spec.mjs — the lessons on the learner's own trained network: the
// cross-entropy of a chosen photo against the probabilities the Classify step reports, max pooling of
// their own feature map, the flatten length and softmax of real logits, the hand-made classifier
// against the CNN; then every lesson at 1280 and 390 px in both languages: a screenshot, axe-core,
// nothing wider than a phone, tap targets of 44 px.
import { test, expect } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PHOTOS, SHOTS, openPage, readProbs, setEpochs, waitForTrainingEnd, trainDemo } from './helpers.mjs';

const IDS = ['neuron', 'fc-net', 'cross-entropy', 'fit', 'ants-bees', 'then-now', 'fc-too-big', 'conv', 'colour', 'pooling', 'flatten', 'applications'];
const num = (s) => Number(String(s).replace('−', '-'));

async function openLesson(page, id) {
  await page.evaluate((h) => { location.hash = h; }, `lesson=${id}`);
  await expect(page.getByTestId(`lesson-${id}`)).toBeVisible();
}

// axe-core on the lessons section: serious and critical violations only.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function audit(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run('#lessons', { resultTypes: ['violations'] }));
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function grid(locator) {
  const n = await locator.evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  const cells = (await locator.locator('.cell').allTextContents()).map(num);
  return Array.from({ length: cells.length / n }, (_, i) => cells.slice(i * n, (i + 1) * n));
}

test('nearest class mean: leave-one-out and plain accuracy on a hand-checked set', async ({ page }) => {
  const problems = await openPage(page);
  const result = await page.evaluate(async () => {
    const { nearestMean } = await import('./lessons/then-now.js');
    // Class 0: 0, 1; class 1: 5, 6, 20. Plain means 0.5 and 10.33 → 5 goes wrong (4 of 5 right).
    // Leaving each photo out moves class 1's mean to 13 for 5 and to 12.5 for 6 → both wrong (3 of 5).
    const f = [[0], [1], [5], [6], [20]];
    const y = [0, 0, 1, 1, 1];
    return { loo: nearestMean(f, y, 2, { leaveOneOut: true }).accuracy, all: nearestMean(f, y, 2, { leaveOneOut: false }).accuracy };
  });
  expect(result).toEqual({ loo: 0.6, all: 0.8 });
  expect(problems).toEqual([]);
});

test('on the learner’s trained net: cross-entropy, pooling, flatten, then vs now, runs; screenshots', async ({ page }) => {
  test.setTimeout(300_000);
  const problems = await openPage(page);
  await page.getByTestId('class-name-0').fill('animals');
  await page.getByTestId('class-name-1').fill('objects');
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects);
  await expect(page.locator('#data-summary')).toContainText('8');
  await setEpochs(page, 3);
  // Before training: cross-entropy has no probabilities yet; flatten stays open while the net trains.
  await openLesson(page, 'cross-entropy');
  await expect(page.getByTestId('xent-terms')).toBeHidden();
  await openLesson(page, 'flatten');
  await expect(page.getByTestId('flatten-softmax')).toBeHidden();
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  // The open lesson follows the model change by itself; the hidden one catches up when opened.
  await expect(page.getByTestId('flatten-softmax').locator('tbody tr')).toHaveCount(2);

  // Cross-entropy of chelsea.png (a cat, filed under animals) = −log of the probability that the
  // Classify step reports for the same photo.
  await openLesson(page, 'cross-entropy');
  const lesson = page.getByTestId('lesson-cross-entropy');
  await lesson.getByRole('button', { name: /^chelsea\.png/ }).click();
  const loss = page.getByTestId('xent-loss');
  await expect(loss).toHaveAttribute('data-value', /\d/);
  await page.getByTestId('predict-file').setInputFiles(`${PHOTOS.animals[0]}`);
  await expect(page.getByTestId('prediction-label')).toHaveText(/^(animals|objects)$/);
  const probs = await readProbs(page);
  for (const [k, cls] of [[0, 'animals'], [1, 'objects']]) {
    await page.getByTestId('xent-true').selectOption({ value: String(k) });
    const p = probs.find((q) => q.cls === cls).p;
    // The lesson reads the photo as the page keeps it (96 px, see README "Nothing lost"), Classify the
    // original file: the same −log p up to that resizing (a wrong formula is off by far more).
    await expect.poll(async () => Math.abs(Number(await loss.getAttribute('data-value')) + Math.log(p))).toBeLessThan(1e-2);
    await expect(page.getByTestId('xent-terms').locator('tbody tr')).toHaveCount(2);
  }

  // Max pooling of the learner's own feature map: each pooled number is the largest of its window.
  await openLesson(page, 'pooling');
  await expect(page.getByTestId('pool-own-after')).toBeVisible();
  const before = await grid(page.getByTestId('pool-own-before'));
  const after = await grid(page.getByTestId('pool-own-after'));
  after.forEach((row, i) => row.forEach((v, j) => {
    expect(v).toBe(Math.max(before[2 * i][2 * j], before[2 * i][2 * j + 1], before[2 * i + 1][2 * j], before[2 * i + 1][2 * j + 1]));
  }));
  await page.getByTestId('pool-channel').selectOption({ value: '3' });
  await expect(page.getByTestId('pool-channel')).toHaveValue('3');

  // Flatten: C·H·W of the lecture CNN at 32×32 (16 channels of 8×8), and softmax of the real logits
  // equal to the engine's probabilities.
  await openLesson(page, 'flatten');
  const length = page.getByTestId('flatten-length');
  await expect(length).toHaveAttribute('data-value', '1024');
  const d = await length.evaluate((el) => ({ ...el.dataset }));
  expect(Number(d.c) * Number(d.h) * Number(d.w)).toBe(1024);
  await expect(page.getByTestId('flatten-strip')).toHaveAttribute('data-length', '1024');
  const rows = page.getByTestId('flatten-softmax').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (let k = 0; k < 2; k++) {
    const mine = Number(await rows.nth(k).locator('[data-softmax]').getAttribute('data-softmax'));
    const engine = Number(await rows.nth(k).locator('[data-engine]').getAttribute('data-engine'));
    expect(Math.abs(mine - engine)).toBeLessThan(1e-5);
  }

  // Then vs now: the CNN's accuracy on all photos equals what Classify says for the same 8 files.
  await openLesson(page, 'then-now');
  const cnnAll = page.getByTestId('thennow-cnn-all');
  await expect(cnnAll).toHaveAttribute('data-value', /\d/);
  const hand = Number(await page.getByTestId('thennow-hand-loo').getAttribute('data-value'));
  expect(hand).toBeGreaterThanOrEqual(0);
  expect(hand).toBeLessThanOrEqual(1);
  await page.getByTestId('predict-file').setInputFiles([...PHOTOS.animals, ...PHOTOS.objects]);
  await expect(page.locator('.prediction-grid button')).toHaveCount(8);
  const labels = (await page.locator('.prediction-grid button > span:nth-of-type(1)').allTextContents()).map((s) => s.split(' · ')[0]);
  expect(labels).toHaveLength(8);
  const right = labels.filter((l, i) => l === (i < 4 ? 'animals' : 'objects')).length;
  expect(Number(await cnnAll.getAttribute('data-value'))).toBeCloseTo(right / 8, 9);
  await expect(page.getByTestId('thennow-cnn-val')).toHaveAttribute('data-value', /\d/);

  // The run just trained is kept and shown; the story knows the net is trained.
  await openLesson(page, 'fit');
  await expect(page.getByTestId('lesson-fit-run-0')).toHaveAttribute('data-train-acc', /\d/);
  await openLesson(page, 'ants-bees');
  await expect(page.getByTestId('antsbees-step-1')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('antsbees-step-3')).toHaveAttribute('data-done', 'true');

  // The colour lesson now works on the first stored photo (16×16 → 14×14 maps).
  await openLesson(page, 'colour');
  await expect(page.getByTestId('lesson-colour').locator('.colour-source')).toContainText('16 × 16');
  const sum = page.getByTestId('colour-sum');
  await expect(sum).not.toHaveAttribute('data-engine', 'NaN');
  await expect.poll(async () => {
    const s = await sum.evaluate((el) => ({ ...el.dataset }));
    return Math.abs(Number(s.total) - Number(s.engine));
  }).toBeLessThan(1e-5);

  mkdirSync(SHOTS, { recursive: true });
  for (const lang of ['en', 'zh']) {
    await page.getByTestId('lang').selectOption(lang);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const id of IDS) {
        await openLesson(page, id);
        await page.waitForTimeout(300);  // the engine's answer and the redraw
        await page.locator('#lessons').screenshot({ path: `${SHOTS}/lesson-${id}-${lang}-${width}.png` });
        if (width > 400) {
          expect(await audit(page), `${lang} ${id}`).toEqual([]);
          continue;
        }
        // A phone: nothing wider than the screen, and every control at least 44 px tall.
        const phone = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          small: [...document.querySelectorAll('#lesson-list :is(a, button, select, input)')]
            .filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 44)
            .map((e) => `${e.tagName} ${e.className} ${e.textContent.slice(0, 20)}`),
        }));
        expect(phone, `${lang} ${id}`).toEqual({ overflow: 0, small: [] });
      }
    }
  }
  expect(problems).toEqual([]);
});

test('on the grey demo set (28×28, 4 classes): the lessons read its photos and its trained net', async ({ page }) => {
  const problems = await openPage(page);
  await trainDemo(page, { epochs: 1 });
  await openLesson(page, 'cross-entropy');
  await expect(page.getByTestId('xent-terms').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('xent-loss')).toHaveAttribute('data-value', /\d/);
  await openLesson(page, 'flatten');
  // conv p1 + pool, twice, on 28×28: 16 channels of 7×7.
  await expect(page.getByTestId('flatten-length')).toHaveAttribute('data-value', String(16 * 7 * 7));
  await expect(page.getByTestId('flatten-strip')).toHaveAttribute('data-length', String(16 * 7 * 7));
  await openLesson(page, 'pooling');
  await expect(page.getByTestId('pool-own-after').locator('.cell')).toHaveCount(4);
  await openLesson(page, 'then-now');
  await expect(page.getByTestId('lesson-then-now').locator('.thennow-status')).toContainText('300');  // the lesson uses at most 300 photos
  await expect(page.getByTestId('thennow-cnn-all')).toHaveAttribute('data-value', /\d/);
  expect(problems).toEqual([]);
});

