// tests/e2e/lessons.spec.mjs — the lecture's lessons: the neuron's arithmetic, the 6×6 convolution's
// golden values at stride 1 and 2, max pooling, and the engine's parameter counts (FC vs CNN).
import { test, expect } from '@playwright/test';
import { openPage } from './helpers.mjs';

const gridValues = (locator) => locator.locator('.cell').allTextContents();

test('convolution steps to the lecture golden values; pooling shrinks 4×4 to 2×2', async ({ page }) => {
  const problems = await openPage(page);
  const out = page.getByTestId('conv-output');
  expect((await gridValues(out)).every((v) => v === '')).toBe(true);
  await page.getByTestId('conv-step').click();
  // First stop: the top-left 3×3 window against filter 1 gives 3.
  await expect(page.getByTestId('conv-sum')).toContainText('= 3');
  await page.getByTestId('conv-all').click();
  expect((await gridValues(out)).map(Number)).toEqual([3, -1, -3, -1, -3, 1, 0, -3, -3, -3, 0, 1, 3, -2, -2, -1]);

  await page.getByTestId('conv-stride').selectOption('2');
  await page.getByTestId('conv-all').click();
  // Stride 2 visits rows/columns 0 and 2 of the stride-1 result.
  expect((await gridValues(out)).map(Number)).toEqual([3, -3, -3, 0]);
  expect((await gridValues(page.getByTestId('pool-output-1'))).map(Number)).toEqual([3, 0, 3, 1]);
  expect(problems).toEqual([]);
});

test('parameter counts come from the engine: FC on 60×60×3 needs far more weights than the CNN', async ({ page }) => {
  const problems = await openPage(page);
  const fc = page.getByTestId('params-fc');
  await expect(fc).not.toHaveText('…');
  // 10,800·100 + 100 (hidden) + 100·2 + 2 (output).
  await expect(fc).toHaveText((10800 * 100 + 100 + 100 * 2 + 2).toLocaleString('en-US'));
  const cnn = Number((await page.getByTestId('params-cnn').textContent()).replace(/,/g, ''));
  expect(cnn).toBeGreaterThan(0);
  expect(cnn * 10).toBeLessThan(10800 * 100);
  await expect(page.getByTestId('neuron-output')).toContainText("y' = sigmoid(z) = 0.574");
  expect(problems).toEqual([]);
});
