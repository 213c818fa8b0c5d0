// tests/e2e/inside.spec.mjs — looking inside the learner's trained network: the first-layer filters
// and the saliency map render; clicking a feature-map cell shows a multiply-add whose result is that
// cell's value; the last layer's contributions add up to the engine's logit; works at 390 px.
import { test, expect } from '@playwright/test';
import { PHOTOS, openPage, screenshot, DEMO_COUNTS, trainDemo } from './helpers.mjs';

async function trainAndClassify(page) {
  await trainDemo(page, { epochs: 2 });
  await page.getByTestId('predict-file').setInputFiles(PHOTOS.unseen);
  await expect(page.getByTestId('prediction-label')).not.toHaveText('');
}

const number = async (locator, attr) => Number(await locator.getAttribute(attr));

test('filters, saliency, a feature-map cell worked out, and the logit as a sum', async ({ page }) => {
  const problems = await openPage(page);
  await trainAndClassify(page);

  // The lecture CNN's first convolution has 8 filters, each drawn.
  const filters = page.getByTestId('filters');
  await expect(filters.locator('.filter-list canvas')).toHaveCount(8);
  await filters.locator('select').selectOption({ index: 2 });  // every kernel of the second conv layer
  await expect(filters.locator('.kernel-row')).toHaveCount(16);
  await expect(filters.locator('.kernel-row').first().locator('canvas')).toHaveCount(8);

  const saliency = page.getByTestId('saliency');
  await expect(saliency.locator('.saliency-map')).toHaveAttribute('data-max', /\d/);
  expect(await number(saliency.locator('.saliency-map'), 'data-max')).toBeGreaterThan(0);

  const detail = page.getByTestId('conv-detail').locator('.detail-total');
  // A cell of the first convolution, of the second (8 input channels), and of a max pooling.
  for (const id of ['feature-map-0-3', 'feature-map-3-1', 'feature-map-2-5']) {
    await page.getByTestId(id).click({ position: { x: 30, y: 50 } });
    await expect(page.getByTestId(id)).toHaveClass(/selected/);
    await expect(page.getByTestId('conv-detail')).toContainText(id === 'feature-map-2-5' ? /largest/ : /multiplications/);
    const sum = await number(detail, 'data-sum');
    const value = await number(detail, 'data-value');
    expect(Math.abs(sum - value), `${id}: ${sum} vs ${value}`).toBeLessThan(1e-4);
  }

  const dense = page.getByTestId('dense-detail').locator('.dense-sum');
  expect(Math.abs((await number(dense, 'data-sum')) - (await number(dense, 'data-logit')))).toBeLessThan(1e-4);
  await expect(page.getByTestId('dense-detail').locator('.dense-terms li')).toHaveCount(8);
  await screenshot(page, 'inside-1280');

  // The confusion matrix: a mix-up cell opens a gallery of exactly its photos, most confident first.
  const matrix = page.getByTestId('confusion');
  await expect(matrix).toBeVisible();
  const k = await number(matrix, 'data-classes');
  const counts = [];
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) counts.push({ r, c, n: await number(page.getByTestId(`confusion-cell-${r}-${c}`), 'data-count') });
  const total = counts.reduce((a, x) => a + x.n, 0);
  expect(total).toBe(DEMO_COUNTS.fashion * 0.2);  // the default validation split: 30 of each class's 150
  const mixUp = counts.filter((x) => x.r !== x.c).sort((a, b) => b.n - a.n)[0];
  expect(mixUp.n, 'two epochs on grey clothing leave some mix-ups').toBeGreaterThan(0);
  await page.getByTestId(`confusion-cell-${mixUp.r}-${mixUp.c}`).click();
  const gallery = page.getByTestId('gallery');
  await expect(gallery).toHaveAttribute('data-count', String(mixUp.n));
  await expect(gallery.getByTestId('gallery-item')).toHaveCount(Math.min(mixUp.n, 60));
  const confidences = await gallery.getByTestId('gallery-item').evaluateAll((items) => items.map((li) => Number(li.dataset.pChosen)));
  expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  for (const p of confidences) expect(p).toBeGreaterThanOrEqual(1 / k);  // the chosen class had the top probability
  // The most confident mistake, opened inside the net: the net names the class the matrix put it in.
  await gallery.getByTestId('gallery-open-0').click();
  const chosen = (await page.locator('#confusion thead th').nth(mixUp.c + 1).textContent()).trim();
  await expect(page.locator('.inside-caption')).toContainText(chosen);
  await expect(page.getByTestId('filters').locator('.filter-list canvas')).toHaveCount(8);
  expect(problems).toEqual([]);
});

test('look inside on a phone (390 px, 中文): nothing wider than the screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = await openPage(page);
  await trainAndClassify(page);
  await page.getByTestId('feature-map-0-0').tap();
  await expect(page.getByTestId('conv-detail')).toContainText('乘法');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.locator('#inside').screenshot({ path: 'build/e2e/screenshots/inside-390-zh.png' });
  expect(problems).toEqual([]);
  await context.close();
});
