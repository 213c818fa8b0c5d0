// tests/e2e/examples.spec.mjs — web/examples, as a tutorial author would use them: the 20-line page
// that trains through the JS API, and one lesson embedded in an iframe.
import { test, expect } from '@playwright/test';

test('examples/train.html trains a CNN through the JS API: the loss falls and both images are told apart', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto('./examples/train.html');
  const out = page.locator('#out');
  await expect(out).toHaveAttribute('data-last-loss', /\d/);
  const { firstLoss, lastLoss, probs, params } = await out.evaluate((el) => ({ ...el.dataset }));
  expect(Number(params)).toBe(4 * 9 + 4 + 2 * 64 + 2);  // conv 1→4 3×3, dense 4·4·4 → 2
  expect(Number(lastLoss)).toBeLessThan(Number(firstLoss) / 4);
  const [p0left, , , p1right] = JSON.parse(probs);
  expect(p0left).toBeGreaterThan(0.9);
  expect(p1right).toBeGreaterThan(0.9);
  await expect(out).toContainText('P(left)');
  expect(errors).toEqual([]);
});

test('examples/lesson.html embeds the convolution lesson, which works inside the iframe', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('./examples/lesson.html');
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await frame.getByTestId('conv-step').click();
  // The first 3×3 window of the lecture's image against filter 1 sums to 3.
  await expect(frame.getByTestId('conv-sum')).toContainText('3');
  // Embedded (the iframe's #lesson=conv&embed), it neither restores nor keeps a lab.
  await expect(frame.getByTestId('storage-status')).toHaveAttribute('data-state', 'off');
  expect(errors).toEqual([]);
});
