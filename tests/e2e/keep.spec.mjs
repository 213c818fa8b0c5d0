// tests/e2e/keep.spec.mjs — nothing is lost: photos, names, settings, runs and the trained model come
// back after a reload (also in the middle of training, with the last saved epoch's model and the run
// marked interrupted); Start over clears it; full or refused storage is said, and the page works on.
import { test, expect } from '@playwright/test';
import { PHOTOS, openPage, waitForTrainingEnd, setEpochs, loadDemo, trainDemo } from './helpers.mjs';
import { stored, runNumbers, classifySample, classifyFile } from './keep-helpers.mjs';

test('own photos, 3 epochs, reload: photos, names, settings, runs and the model are back; Classify gives the same answer', async ({ page }) => {
  const problems = await openPage(page);
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-state', 'ok');
  await page.getByTestId('class-name-0').fill('animals');
  await page.getByTestId('class-name-1').fill('objects');
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects);
  await expect(page.locator('#data-summary')).toContainText('8');
  await setEpochs(page, 3);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  const probsBefore = await classifyFile(page, PHOTOS.unseen);
  const runsBefore = await runNumbers(page);
  expect(runsBefore).toHaveLength(1);
  await expect.poll(() => stored(page)).toEqual({ photos: 8, runs: 1, model: true, progressEpochs: 0, classes: ['animals', 'objects'] });

  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('class-name-0')).toHaveValue('animals');
  await expect(page.getByTestId('class-name-1')).toHaveValue('objects');
  await expect(page.locator('.class-card').nth(0).locator('.thumbs img')).toHaveCount(4);
  await expect(page.locator('.class-card').nth(1).locator('.thumbs img')).toHaveCount(4);
  await expect(page.locator('#hp-epochs')).toHaveValue('3');
  expect(await runNumbers(page)).toEqual(runsBefore);
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-train-points', '3');
  // The very same weights: the same photo gets the same probabilities, to the last digit.
  expect(await classifyFile(page, PHOTOS.unseen)).toEqual(probsBefore);
  // The restored photos train (the pixels the worker kept came back to it).
  await setEpochs(page, 1);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  expect(await runNumbers(page)).toHaveLength(2);
  expect(problems).toEqual([]);
});

test('photos added and the page reloaded at once: they are back', async ({ page }) => {
  const problems = await openPage(page);
  await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects);
  await expect(page.locator('.class-card').nth(1).locator('.count')).toContainText('4');
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('.class-card').nth(1).locator('.thumbs img')).toHaveCount(4);
  expect(problems).toEqual([]);
});

test('reload during training: the run comes back interrupted with its last saved epoch, and its model classifies', async ({ page }) => {
  const problems = await openPage(page);
  await loadDemo(page);
  await setEpochs(page, 300);
  await page.getByTestId('train').click();
  await expect.poll(async () => (await stored(page))?.progressEpochs ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#data-summary')).toContainText('600');
  const run = page.getByTestId('run-0');
  await expect(run).toHaveAttribute('data-ended', 'interrupted');
  const epochs = Number(await page.getByTestId('curve-loss').getAttribute('data-train-points'));
  expect(epochs).toBeGreaterThanOrEqual(2);
  await expect(page.locator('#training .train-status')).toContainText(`interrupted at epoch ${epochs} of 300`);
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'idle');
  await expect(page.getByTestId('train')).toBeEnabled();
  const probs = await classifySample(page, 0);
  expect(probs).toHaveLength(4);
  expect(Math.abs(probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  // Kept once more: a second reload shows the same run, now as a finished part of the list.
  await expect.poll(async () => (await stored(page)).progressEpochs).toBe(0);
  await page.reload();
  await expect(page.getByTestId('run-0')).toHaveAttribute('data-ended', 'interrupted');
  expect(await classifySample(page, 0)).toEqual(probs);
  expect(problems).toEqual([]);
});

test('a stored model this engine refuses is left out; photos, settings and runs come back', async ({ page }) => {
  const problems = await openPage(page);
  await trainDemo(page, { epochs: 1 });
  await expect.poll(async () => (await stored(page)).model).toBe(true);
  await page.evaluate(() => new Promise((resolve) => {
    indexedDB.open('cnnlab').onsuccess = (e) => {
      const db = e.target.result;
      const meta = db.transaction('meta', 'readwrite').objectStore('meta');
      meta.get('model').onsuccess = (got) => {
        const record = got.target.result;
        meta.put({ ...record, bytes: new Uint8Array(record.bytes.byteLength).buffer }, 'model').onsuccess = () => {
          db.close();
          resolve();
        };
      };
    };
  }));
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('keep-status')).toContainText('The model kept in this browser could not be loaded');
  await expect(page.locator('#data-summary')).toContainText('600');
  await expect(page.getByTestId('run-0')).toBeVisible();
  await expect(page.getByTestId('export-model')).toBeDisabled();
  await expect.poll(async () => (await stored(page)).model).toBe(false);
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('keep-status')).toBeEmpty();
  expect(problems).toEqual([]);
});

test('Start over asks first, then clears photos, runs and model for good', async ({ page }) => {
  const problems = await openPage(page);
  await trainDemo(page, { epochs: 1 });
  await expect.poll(async () => (await stored(page)).model).toBe(true);

  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByTestId('start-over').click();
  await expect(page.locator('#data-summary')).toContainText('600');  // "Cancel" keeps everything

  page.once('dialog', (dialog) => dialog.accept());
  await Promise.all([page.waitForEvent('load'), page.getByTestId('start-over').click()]);
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#data-summary')).toContainText(/^0 /);
  await expect(page.getByTestId('runs')).toBeHidden();
  await expect(page.getByTestId('export-model')).toBeDisabled();
  expect(page.url()).not.toContain('#demo');
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#data-summary')).toContainText(/^0 /);
  await expect.poll(() => stored(page)).toMatchObject({ photos: 0, runs: 0, model: false });
  expect(problems).toEqual([]);
});

test('storage refused (private window): the page says so in Chinese, and trains and classifies anyway', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  const page = await context.newPage();
  const problems = await openPage(page);
  const banner = page.getByTestId('storage-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('不允许页面保存数据');
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-problem', 'denied');
  await page.getByTestId('lang').selectOption('en');
  await expect(banner).toContainText('does not let the page keep data');
  await trainDemo(page, { epochs: 1 });
  expect(await classifySample(page, 0)).toHaveLength(4);
  expect(problems).toEqual([]);
  await context.close();
});

test('storage full: the page says so, keeps working, and tells how to keep the work', async ({ page, context }) => {
  // The browser's answer when the quota is used up, for any write bigger than a few settings (the
  // DevTools quota override does not reach Playwright's private contexts).
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (this.name === 'photos') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  const problems = await openPage(page);
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-state', 'ok');
  await loadDemo(page);
  const banner = page.getByTestId('storage-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('storage is full');
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-problem', 'full');
  await setEpochs(page, 1);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  expect(await classifySample(page, 1)).toHaveLength(4);
  expect(problems).toEqual([]);
});

test('a link that names a demo loads it and keeps the stored runs and model', async ({ context }) => {
  let page = await context.newPage();
  const problems = await openPage(page);
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects);
  await setEpochs(page, 1);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  await expect.poll(async () => (await stored(page)).model).toBe(true);
  const runs = await runNumbers(page);
  await page.close();

  page = await context.newPage();
  problems.push(...(await openPage(page, './#demo=fashion&epochs=2')));
  await expect(page.locator('#data-summary')).toContainText('600');
  await expect(page.getByTestId('class-name-3')).toHaveValue(/bag/i);
  await expect(page.locator('#hp-epochs')).toHaveValue('2');
  expect(await runNumbers(page)).toEqual(runs);
  await expect(page.getByTestId('export-model')).toBeEnabled();
  await expect.poll(async () => (await stored(page)).photos).toBe(600);
  expect(problems).toEqual([]);
});
