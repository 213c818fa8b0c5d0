// tests/e2e/learner.spec.mjs — a learner's whole path with real photos: two classes, train three
// epochs, read the curves and the fit verdict, classify an unseen photo, save and reload the model.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PHOTOS, openPage, screenshot, waitForTrainingEnd, setEpochs, readProbs } from './helpers.mjs';

test('photos of two classes → train 3 epochs → curves, fit verdict, classify, save and load', async ({ page }) => {
  const problems = await openPage(page);

  await page.getByTestId('class-name-0').fill('animals');
  await page.getByTestId('class-name-1').fill('objects');
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await expect(page.locator('.class-card').nth(0).locator('.count')).toContainText('4');
  await page.getByTestId('class-files-1').setInputFiles([...PHOTOS.objects, PHOTOS.truncated]);
  await expect(page.locator('.class-card').nth(1).locator('.count')).toContainText('4');
  // The broken file is refused and named, the others are kept.
  await expect(page.locator('#refusals')).toContainText('truncated.jpg');
  await expect(page.locator('.class-card').nth(0).locator('.thumbs img')).toHaveCount(4);

  // The editor shows the engine's shapes for the lecture CNN at 32×32 colour.
  await expect(page.getByTestId('param-total')).not.toHaveText('—');
  await expect(page.locator('.layers tbody tr').first().locator('.shape')).toHaveText('8×32×32');

  await setEpochs(page, 3);
  await page.locator('#settings summary').click();  // all settings are folded under Advanced
  await page.locator('#hp-valSplit').fill('0.25');
  await page.locator('#hp-valSplit').press('Tab');
  await expect(page).toHaveURL(/epochs=3/);  // the settings live in the link
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  await expect(page.getByTestId('epoch')).toHaveAttribute('data-epoch', '3');

  for (const id of ['curve-loss', 'curve-accuracy']) {
    const curve = page.getByTestId(id);
    await expect(curve).toHaveAttribute('data-train-points', '3');
    await expect(curve).toHaveAttribute('data-val-points', '3');
    await expect(curve.locator('canvas')).toHaveCount(1);
  }
  // Exactly one of the lecture's three cases is highlighted.
  const active = await page.locator('.fit-card[data-active="true"]').count();
  expect(active).toBe(1);
  await screenshot(page, 'learner-trained');

  // Train more: one extra epoch of the same run, numbered 4.
  await page.locator('.continue-epochs').fill('1');
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('epoch')).toHaveAttribute('data-epoch', '4');
  await waitForTrainingEnd(page);
  await expect(page.getByTestId('curve-accuracy')).toHaveAttribute('data-val-points', '4');

  await page.getByTestId('predict-file').setInputFiles(PHOTOS.unseen);
  await expect(page.getByTestId('prediction-label')).toHaveText(/^(animals|objects)$/);
  const probs = await readProbs(page);
  expect(probs.map((p) => p.cls)).toEqual(['animals', 'objects']);
  const sum = probs.reduce((a, p) => a + p.p, 0);
  expect(Math.abs(sum - 1)).toBeLessThan(1e-4);
  const top = probs.reduce((a, b) => (b.p > a.p ? b : a));
  await expect(page.getByTestId('prediction-label')).toHaveText(top.cls);
  // The lecture's cross-entropy for this photo, for the class the learner says is true.
  const other = probs.find((p) => p !== top);
  await page.locator('.xent-class').selectOption({ label: other.cls });
  const loss = Number((await page.getByTestId('cross-entropy').textContent()).match(/= (\d+\.\d+)/)[1]);
  expect(loss).toBeCloseTo(-Math.log(other.p), 2);
  // Inside the net: the photo as it sees it and the feature maps of its convolution layers.
  await page.locator('.feature-maps summary').click();
  expect(await page.locator('.feature-maps .fm-row').count()).toBeGreaterThan(2);
  expect(await page.locator('.feature-maps canvas').count()).toBeGreaterThan(8);

  // Several photos → a grid, one card each.
  await page.getByTestId('predict-file').setInputFiles([PHOTOS.unseen, ...PHOTOS.animals.slice(0, 2)]);
  await expect(page.locator('.prediction-grid li')).toHaveCount(3);
  await screenshot(page, 'learner-classified');

  // Save the model, load it back, and it classifies the same photo the same way.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  const saved = await download.path();
  const bytes = readFileSync(saved);
  expect(bytes.length).toBeGreaterThan(1000);
  await page.getByTestId('predict-file').setInputFiles(PHOTOS.unseen);
  const before = await readProbs(page);
  await page.getByTestId('import-model').setInputFiles({ name: 'model.cnnlab', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.locator('#model-file .file-status')).toContainText(/2/);
  await page.getByTestId('predict-file').setInputFiles(PHOTOS.unseen);
  const after = await readProbs(page);
  after.forEach((p, k) => expect(p.p).toBeCloseTo(before[k].p, 5));

  // A file that is not a model is refused with a message, and the page carries on.
  await page.getByTestId('import-model').setInputFiles({ name: 'bad.cnnlab', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model file') });
  await expect(page.locator('#model-file .file-status')).toHaveClass(/error/);

  expect(problems).toEqual([]);
});
