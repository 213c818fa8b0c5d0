// layer-table.spec.mjs — the model editor offers the engine's layer table: its types (average
// pooling included, with no page code of its own), its starting values and its limits.
import { expect, test } from '@playwright/test';

import { openPage } from './helpers.mjs';

test('the editor adds an average pooling layer from the engine\'s table; fields take the engine\'s limits', async ({ page }) => {
  const problems = await openPage(page);
  const types = await page.locator('#model-editor .add-type option').evaluateAll((options) => options.map((o) => o.value));
  expect(types).toEqual(['conv2d', 'maxpool2d', 'avgpool2d', 'dense', 'flatten', 'relu', 'sigmoid', 'tanh', 'softmax', 'dropout']);

  const rows = page.locator('.layers tbody tr[data-index]');
  const total = page.getByTestId('param-total');
  await page.locator('#model-editor .preset').selectOption('lecture');
  await expect(total).not.toHaveText('—');
  const lecture = Number((await total.textContent()).replace(/,/g, ''));
  const count = await rows.count();
  await page.locator('#model-editor .advanced-layers summary').click();  // the layer table is folded under Advanced
  await page.locator('#model-editor .add-type').selectOption('avgpool2d');
  await page.locator('#model-editor .add-layer').click();
  await expect(rows).toHaveCount(count + 1);
  // Appended after the fully connected layers it has no image to pool: the engine says so.
  await expect(page.getByTestId('model-error')).toContainText('avgpool2d');
  // Moved up to just before flatten (the lecture net's 7th layer), it halves the feature maps.
  for (let i = count; i > 6; i--) await rows.nth(i).locator('button[data-action="up"]').click();
  const pool = rows.nth(6);
  await expect(pool.locator('.layer-type')).toHaveValue('avgpool2d');
  await expect(pool.locator('input[data-field="size"]')).toHaveValue('2');
  await expect(pool.locator('input[data-field="stride"]')).toHaveValue('2');  // copies size, as the engine does
  await expect(page.getByTestId('model-error')).toHaveText('');
  await expect(pool.locator('.shape')).toHaveText('16×4×4');
  // The dense layer after flatten now sees 16·4·4 = 256 values instead of 16·8·8 = 1,024.
  await expect(total).toHaveText((lecture - (1024 - 256) * 32).toLocaleString('en-US'));

  // The limits are the engine's: a conv's filters stop at 4096.
  const filters = rows.first().locator('input[data-field="filters"]');
  await expect(filters).toHaveAttribute('max', '4096');
  await filters.fill('99999');
  await filters.press('Tab');
  await expect(rows.first().locator('input[data-field="filters"]')).toHaveValue('4096');
  expect(problems).toEqual([]);
});
