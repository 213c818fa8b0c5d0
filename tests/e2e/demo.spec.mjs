// tests/e2e/demo.spec.mjs — the built-in demo set trains to better than chance while the page stays
// responsive; Stop halts a long run part-way and Continue picks it up again.
import { test, expect } from '@playwright/test';
import { openPage, screenshot, waitForTrainingEnd, setEpochs, loadDemo, SHOTS } from './helpers.mjs';

test('demo data: one click, train, better than chance, no long main-thread tasks', async ({ page }) => {
  const problems = await openPage(page);
  await loadDemo(page);
  await expect(page.getByTestId('class-name-3')).toHaveValue(/bag/i);
  await expect(page.locator('#model-editor .input-shape')).toHaveValue('1x28');

  // Long tasks (main thread busy > 50 ms) are recorded from here on; training must not cause any
  // over 200 ms — it runs in the worker.
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask', buffered: false });
  });
  await setEpochs(page, 20);
  await page.getByTestId('train').click();
  // While training runs the page answers: typing in a class name updates it at once.
  await page.getByTestId('class-name-0').fill('T-shirt!');
  await expect(page.getByTestId('class-name-0')).toHaveValue('T-shirt!');
  await waitForTrainingEnd(page);
  const longTasks = await page.evaluate(() => window.__longTasks);
  expect(Math.max(0, ...longTasks)).toBeLessThan(200);

  // The worker reports batches at most every 100 ms; 3 epochs of the demo take longer than that.
  expect(Number(await page.getByTestId('curve-loss').getAttribute('data-batch-points'))).toBeGreaterThan(0);
  await page.getByTestId('curve-accuracy').locator('summary').click();  // "show the numbers"
  const valAcc = await page.getByTestId('curve-accuracy').locator('.curve-table tbody tr').last().locator('td').nth(2).textContent();
  expect(parseFloat(valAcc)).toBeGreaterThan(40);  // four classes: chance is 25%

  // The confusion matrix of the validation photos: K×K counts adding up to the validation count the
  // status line reports, and its diagonal share is the last epoch's validation accuracy.
  const { cells, diagonal } = await readConfusion(page, 4);
  const valCount = await statusValCount(page);
  const total = cells.flat().reduce((a, b) => a + b, 0);
  expect(total).toBe(valCount);
  expect(Math.abs((100 * diagonal) / total - parseFloat(valAcc))).toBeLessThanOrEqual(0.05 + 1e-9);
  await screenshot(page, 'demo-trained');
  await page.locator('#confusion').screenshot({ path: `${SHOTS}/demo-confusion.png` });
  expect(problems).toEqual([]);
});

// The confusion table's counts as numbers[K][K] (rows = true class) and the diagonal's sum.
async function readConfusion(page, k) {
  const table = page.getByTestId('confusion');
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(k);
  await expect(table.locator('tbody td.cm-cell')).toHaveCount(k * k);
  const cells = await table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.querySelectorAll('td.cm-cell')].map((td) => td.textContent.trim())));
  for (const row of cells) for (const c of row) expect(c).toMatch(/^\d+$/);
  const counts = cells.map((row) => row.map(Number));
  return { cells: counts, diagonal: counts.reduce((sum, row, i) => sum + row[i], 0) };
}

// "… checked on 48." — the validation count of the run as the worker reported it.
async function statusValCount(page) {
  const text = await page.locator('#training .train-status').textContent();
  return Number(text.match(/(\d+)\D*$/)[1]);
}

test('Stop halts training part-way; Resume goes on from there', async ({ page }) => {
  const problems = await openPage(page);
  await loadDemo(page);
  await setEpochs(page, 300);
  await page.getByTestId('train').click();
  const epoch = page.getByTestId('epoch');
  const epochNow = async () => Number(await epoch.getAttribute('data-epoch'));
  await expect.poll(epochNow, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByTestId('stop').click();
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'stopped');
  const stoppedAt = await epochNow();
  // Stopped part-way, the matrix scores the weights as they are: still every validation photo once.
  const stopped = await readConfusion(page, 4);
  expect(stopped.cells.flat().reduce((a, b) => a + b, 0)).toBe(await statusValCount(page));
  expect(stoppedAt).toBeLessThan(300);
  await expect(page.getByTestId('stop')).toBeDisabled();
  await expect(epoch).toContainText('300');  // the plan is kept

  // Resume: the same run goes on (epoch numbers continue), then stop it again.
  await page.getByTestId('continue').click();
  await expect.poll(epochNow, { timeout: 60_000 }).toBeGreaterThan(stoppedAt + 1);
  await page.getByTestId('stop').click();
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'stopped');
  const history = Number(await page.getByTestId('curve-loss').getAttribute('data-train-points'));
  expect(history).toBeGreaterThan(stoppedAt);
  await screenshot(page, 'demo-stopped');
  expect(problems).toEqual([]);
});
