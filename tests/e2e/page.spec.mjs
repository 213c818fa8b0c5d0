// tests/e2e/page.spec.mjs — languages, accessibility (axe-core), phone width, keyboard, the model
// editor's engine-reported shapes and errors, and every page hook of DESIGN.md present.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, screenshot, loadDemo } from './helpers.mjs';

const HOOKS = ['class-name-0', 'class-name-1', 'class-files-0', 'class-files-1', 'add-class', 'train', 'stop', 'epoch',
  'curve-loss', 'curve-accuracy', 'predict-file', 'prediction-label', 'prediction-probs', 'fit-underfit',
  'fit-justright', 'fit-overfit', 'export-model', 'import-model', 'lang'];

test('every page hook exists; class files inputs take many files', async ({ page }) => {
  const problems = await openPage(page);
  for (const id of HOOKS) await expect(page.getByTestId(id), id).toHaveCount(1);
  await expect(page.getByTestId('class-files-0')).toHaveAttribute('multiple', '');
  await page.getByTestId('add-class').click();
  await expect(page.getByTestId('class-name-2')).toBeVisible();
  await expect(page.getByTestId('class-files-2')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('language: follows the browser, switches the visible text, is remembered', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = await openPage(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('train')).toHaveText('开始训练');
  await expect(page.getByTestId('class-name-0')).toHaveValue('蚂蚁');
  await expect(page.getByTestId('class-name-1')).toHaveValue('蜜蜂');
  await screenshot(page, 'page-zh');

  await page.getByTestId('lang').selectOption('en');
  await expect(page.getByTestId('train')).toHaveText('Train');
  await expect(page.locator('#h-data')).toHaveText('1 · Your photos');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('class-name-0')).toHaveValue('ants');  // untouched defaults follow
  await page.reload();
  await expect(page.getByTestId('train')).toHaveText('Train');  // remembered over the browser's zh
  await expect(page.getByTestId('lang')).toHaveValue('en');
  expect(problems).toEqual([]);
  await context.close();
});

test('both languages have every text, and no raw text key shows on the page', async ({ page }) => {
  const problems = await openPage(page);
  await loadDemo(page);
  for (const lang of ['zh', 'en']) {
    await page.getByTestId('lang').selectOption(lang);
    const found = await page.evaluate(async () => {
      const en = (await import('./i18n/en.js')).default;
      const zh = (await import('./i18n/zh.js')).default;
      const onlyOne = [...new Set([...Object.keys(en), ...Object.keys(zh)])].filter((k) => !(k in en) || !(k in zh));
      const raw = document.body.innerText.match(/\b(?:data|model|train|hp|fit|classify|files|lesson|curves|preset|layer|field|maps|camera|refusals|engine|nav)\.[a-zA-Z][\w.]*/g) ?? [];
      return { onlyOne, raw };
    });
    expect(found).toEqual({ onlyOne: [], raw: [] });
  }
  expect(problems).toEqual([]);
});

test('axe-core: no serious or critical violations, before and after training', async ({ page }) => {
  const problems = await openPage(page);
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const audit = async () => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations
      .filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  };
  expect(await audit()).toEqual([]);
  await loadDemo(page);
  await page.locator('#hp-epochs').fill('1');
  await page.locator('#hp-epochs').press('Tab');
  await page.getByTestId('train').click();
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('confusion')).toBeVisible();  // audited too: it arrives just after 'done'
  expect(await audit()).toEqual([]);
  expect(problems).toEqual([]);
});

test('phone width (390 px): nothing wider than the screen, the main controls reachable', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = await openPage(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const id of ['class-name-0', 'add-class', 'train', 'lang', 'export-model']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, id).toBeLessThanOrEqual(390);
  }
  await screenshot(page, 'page-390px');
  expect(problems).toEqual([]);
  await context.close();
});

test('keyboard: rename a class, change a setting and start training without a mouse', async ({ page }) => {
  const problems = await openPage(page);
  await loadDemo(page);
  await page.getByTestId('class-name-0').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('shirts');
  await expect(page.getByTestId('class-name-0')).toHaveValue('shirts');
  await page.locator('#hp-epochs').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.getByTestId('train').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#training')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  // Every control that does something can take the focus (no click-only widgets).
  const unfocusable = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
    .filter((el) => !el.disabled && el.tabIndex < 0).map((el) => el.outerHTML.slice(0, 80)));
  expect(unfocusable).toEqual([]);
  expect(problems).toEqual([]);
});

test('model editor: presets change the engine-reported weights; a bad net shows the engine error', async ({ page }) => {
  const problems = await openPage(page);
  const total = page.getByTestId('param-total');
  await expect(total).not.toHaveText('—');
  const lecture = Number((await total.textContent()).replace(/,/g, ''));
  await page.locator('#model-editor .preset').selectOption('dense');
  // Fully connected on 32×32×3: 3072·64 + 64 + 64·2 + 2 weights.
  const dense = 3072 * 64 + 64 + 64 * 2 + 2;
  await expect(total).toHaveText(dense.toLocaleString('en-US'));
  expect(dense).toBeGreaterThan(lecture);  // the lecture's point: the CNN needs far fewer weights

  await page.locator('#model-editor .preset').selectOption('lecture');
  await page.locator('#model-editor .input-shape').selectOption('3x16');
  await page.locator('#model-editor .advanced-layers summary').click();  // the layer table is folded under Advanced
  // At 16×16 the second convolution sees an 8×8 map: an 11×11 kernel without padding cannot fit.
  const kernel = page.locator('.layers tbody tr[data-index="3"] input[data-field="kernel"]');
  await kernel.fill('11');
  await kernel.press('Tab');
  const padding = page.locator('.layers tbody tr[data-index="3"] input[data-field="padding"]');
  await padding.fill('0');
  await padding.press('Tab');
  await expect(page.getByTestId('model-error')).toContainText(/conv2d/i);
  await expect(page.getByTestId('train')).toBeDisabled();
  await page.locator('#model-editor .preset').selectOption('lecture');
  await expect(page.getByTestId('model-error')).toHaveText('');
  expect(problems).toEqual([]);
});
