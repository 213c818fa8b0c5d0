// tests/e2e/share.spec.mjs — handing a lab on: the class bundle (saved, opened elsewhere, damaged or
// foreign files refused with nothing lost), links that reproduce a run to the last digit, the
// copy-link button, and a link that names an experiment.
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import { openPage, waitForTrainingEnd, setEpochs, loadDemo } from './helpers.mjs';
import { runNumbers, classifySample, downloadBytes } from './keep-helpers.mjs';

const TMP = 'build/e2e/share';

async function exportBundle(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bundle').click()]);
  await expect(page.getByTestId('keep-status')).toContainText('Class bundle saved: 600 photos');
  return downloadBytes(download);
}

function file(name, bytes) {
  mkdirSync(TMP, { recursive: true });
  writeFileSync(`${TMP}/${name}`, bytes);
  return `${TMP}/${name}`;
}

test('class bundle: saved in one browser, opened in a fresh one with photos, runs and model; bad files refused, nothing lost', async ({ browser }) => {
  const teacher = await browser.newContext();
  let page = await teacher.newPage();
  const problems = await openPage(page);
  await loadDemo(page);
  await page.getByTestId('class-name-0').fill('Tee');
  await setEpochs(page, 2);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  const runs = await runNumbers(page);
  const probs = await classifySample(page, 2);
  const bundle = await exportBundle(page);
  expect(bundle.subarray(0, 8)).toEqual(Buffer.from('CNNLAB\0B', 'latin1'));
  await teacher.close();

  const learner = await browser.newContext();
  page = await learner.newPage();
  problems.push(...(await openPage(page)));
  // First some work of the learner's own, which a refused file must leave alone.
  await page.getByTestId('class-name-1').fill('mine');
  const damaged = Buffer.from(bundle);
  damaged[damaged.length - 100] ^= 1;
  await page.getByTestId('import-bundle').setInputFiles(file('damaged.cnnlab-bundle', damaged));
  await expect(page.getByTestId('keep-status')).toContainText('damaged');
  const newer = Buffer.from(bundle);
  newer.writeUInt32LE(2, 8);
  await page.getByTestId('import-bundle').setInputFiles(file('newer.cnnlab-bundle', newer));
  await expect(page.getByTestId('keep-status')).toContainText('another version of CNN Lab (format 2');
  await page.getByTestId('lang').selectOption('zh');
  await page.getByTestId('import-bundle').setInputFiles(file('model.cnnlab', Buffer.from('CNNLAB\0\x1a-not-a-bundle', 'latin1')));
  await expect(page.getByTestId('keep-status')).toContainText('这是一个模型文件');
  await page.getByTestId('lang').selectOption('en');
  await expect(page.getByTestId('class-name-1')).toHaveValue('mine');
  await expect(page.locator('#data-summary')).toContainText(/^0 /);

  await page.getByTestId('import-bundle').setInputFiles(file('class.cnnlab-bundle', bundle));
  await expect(page.getByTestId('keep-status')).toContainText('Class bundle opened: 600 photos in 4 classes, 1 runs');
  await expect(page.locator('#data-summary')).toContainText('600');
  await expect(page.getByTestId('class-name-0')).toHaveValue('Tee');
  await expect(page.locator('#hp-epochs')).toHaveValue('2');
  expect(await runNumbers(page)).toEqual(runs);
  // The teacher's trained model, without training: the same sample, the same probabilities.
  expect(await classifySample(page, 2)).toEqual(probs);
  await learner.close();
  expect(problems).toEqual([]);
});

// A link with every setting spelled out and a built-in demo: what a teacher shares.
const LINK = './#demo=fashion&in=1x28&preset=lecture&epochs=1&batchSize=16&lr=0.002&optimizer=adam&seed=7&valSplit=0.2&augment=flip';

async function firstEpochOf(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = await openPage(page, LINK);
  await expect(page.locator('#data-summary')).toContainText('600');  // the link loaded its demo
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  const [numbers] = await runNumbers(page);
  await context.close();
  expect(problems).toEqual([]);
  return numbers;
}

test('two fresh browsers opening the same link get the same first epoch, to the last digit', async ({ browser }) => {
  const a = await firstEpochOf(browser);
  const b = await firstEpochOf(browser);
  for (const key of ['trainLoss', 'valLoss', 'trainAcc', 'valAcc']) expect(Number.isFinite(Number(a[key])), key).toBe(true);
  expect(a.trainLoss).toMatch(/\d\.\d{6,}/);  // full precision, not a rounded display value
  expect(b).toEqual(a);
});

test('copy link puts the page address with its settings on the clipboard; it opens the same settings', async ({ browser }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = await openPage(page);
  await loadDemo(page);
  await setEpochs(page, 7);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('keep-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(link).toContain('demo=fashion');
  expect(link).toContain('epochs=7');

  const other = await browser.newContext();
  const second = await other.newPage();
  problems.push(...(await openPage(second, link)));
  await expect(second.locator('#data-summary')).toContainText('600');
  await expect(second.locator('#hp-epochs')).toHaveValue('7');
  await other.close();
  await context.close();
  expect(problems).toEqual([]);
});

test('a link that names an experiment shows it ready to run, and does not run it', async ({ page }) => {
  const problems = await openPage(page, './#demo=fashion&experiment=cnn-vs-fc');
  await expect(page.locator('#data-summary')).toContainText('600');
  const box = page.locator('#experiments');
  await expect(box).toHaveAttribute('data-ready', 'cnn-vs-fc');
  await expect(page.getByTestId('experiment-cnn-vs-fc')).toHaveClass(/chosen/);
  await expect(box.locator('.exp-status')).toContainText('“CNN vs fully connected” is ready');
  await expect(page.getByTestId('experiment-result')).toBeHidden();
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'idle');
  expect(await runNumbers(page)).toEqual([]);
  expect(problems).toEqual([]);
});
