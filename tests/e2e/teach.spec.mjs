// tests/e2e/teach.spec.mjs — the fit verdicts provoked for real, in both languages: unstable at a huge
// learning rate, can't-tell with one photo per class, underfit with a tiny net trained briefly; two
// runs kept and overlaid, the log-scale loss axis, and no silent clamping of the learning rate.
import { test, expect } from '@playwright/test';
import { PHOTOS, openPage, screenshot, waitForTrainingEnd, setEpochs, loadDemo, trainDemo } from './helpers.mjs';

const LOCALES = { en: 'en-US', zh: 'zh-CN' };

async function verdictOf(page) {
  const box = page.getByTestId('fit-verdict');
  await expect(box).not.toHaveAttribute('data-verdict', 'none');
  return box.getAttribute('data-verdict');
}

async function setLr(page, value) {
  await page.getByTestId('lr').fill(String(value));
  await page.getByTestId('lr').press('Tab');
}

for (const lang of ['en', 'zh']) {
  test.describe(`verdicts (${lang})`, () => {
    test.use({ locale: LOCALES[lang] });

    test('a huge learning rate: the value is capped with a note, the run blows up, the verdict is unstable', async ({ page }) => {
      const problems = await openPage(page);
      await loadDemo(page);
      await setLr(page, 50);
      await expect(page.getByTestId('lr')).toHaveValue('10');
      await expect(page.locator('#hp-lr-note')).toContainText('10');  // says why the value changed
      await setEpochs(page, 3);
      await page.getByTestId('train').click();
      await expect(page.locator('#training')).toHaveAttribute('data-phase', 'error', { timeout: 60_000 });
      expect(await verdictOf(page)).toBe('unstable');
      await expect(page.getByTestId('fit-unstable')).toHaveAttribute('data-active', 'true');
      // The curve up to the blow-up is drawn, not left blank.
      expect(Number(await page.getByTestId('curve-loss').getAttribute('data-batch-points'))).toBeGreaterThan(0);
      // … up to the loss that blew up (the engine refuses a batch whose loss passes 10⁴).
      expect(Number(await page.getByTestId('curve-loss').getAttribute('data-batch-max'))).toBeGreaterThan(1e4);
      // The advice matches the cause: a lower rate, never a higher one.
      await expect(page.locator('.fit-advice')).toContainText(lang === 'en' ? /lower the learning rate/i : /调低/);
      await expect(page.getByTestId('run-0')).toHaveAttribute('data-ended', 'diverged');
      await screenshot(page, `teach-unstable-${lang}`);
      expect(problems).toEqual([]);
    });

    test('one photo per class: nothing to validate on, so the verdict is "can\'t tell yet"', async ({ page }) => {
      const problems = await openPage(page);
      await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals.slice(0, 1));
      await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects.slice(0, 1));
      await expect(page.locator('#data-summary')).toContainText('2');
      await setEpochs(page, 5);
      await page.getByTestId('train').click();
      await waitForTrainingEnd(page);
      expect(await verdictOf(page)).toBe('unsure');
      await expect(page.getByTestId('fit-unsure')).toHaveAttribute('data-active', 'true');
      await expect(page.getByTestId('fit-justright')).toHaveAttribute('data-active', 'false');
      await expect(page.locator('.fit-evidence')).toContainText(lang === 'en' ? /no photos were held out/ : /没有留出/);
      await screenshot(page, `teach-unsure-${lang}`);
      expect(problems).toEqual([]);
    });

    test('a tiny net trained for one epoch underfits', async ({ page }) => {
      const problems = await openPage(page);
      await loadDemo(page);
      await page.locator('#model-editor .preset').selectOption('tiny');
      await setEpochs(page, 1);
      await page.getByTestId('train').click();
      await waitForTrainingEnd(page);
      expect(await verdictOf(page)).toBe('underfit');
      await expect(page.getByTestId('fit-underfit')).toHaveAttribute('data-active', 'true');
      const text = await page.getByTestId('fit-verdict').textContent();
      expect(text).toMatch(lang === 'en' ? /Underfitting/ : /欠拟合/);
      expect(problems).toEqual([]);
    });
  });
}

test('two runs stay, overlaid on the charts, named by what changed; log scale; runs toggle', async ({ page }) => {
  const problems = await openPage(page);
  await trainDemo(page, { epochs: 2 });
  await page.locator('#settings summary').click();
  await page.locator('#hp-dropout').fill('0.5');
  await page.locator('#hp-dropout').press('Tab');
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);

  await expect(page.getByTestId('runs').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('run-1')).toContainText('dropout 0.25 → 0.5');
  for (const i of [0, 1]) {
    const acc = Number(await page.getByTestId(`run-${i}`).getAttribute('data-val-acc'));
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
  }
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-lines', '2');
  await expect(page.getByTestId('curve-accuracy')).toHaveAttribute('data-lines', '2');
  // The first run hidden: one line left.
  await page.getByTestId('run-0').locator('input[type=checkbox]').uncheck();
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-lines', '1');

  await page.getByTestId('loss-log').check();
  await expect(page).toHaveURL(/lossLog=1/);
  await expect(page.getByTestId('curve-loss').locator('.u-axis').nth(1)).toBeVisible();
  await screenshot(page, 'teach-two-runs');
  expect(problems).toEqual([]);
});

test('phone (390 px): every tap target of the photos → train → try it flow and the results is at least 44 px', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = await openPage(page);
  await trainDemo(page, { epochs: 2 });
  await expect(page.getByTestId('confusion')).toBeVisible();
  for (const details of await page.locator('main details').all()) await details.evaluate((d) => { d.open = true; });
  const small = await page.evaluate(() => {
    const targets = document.querySelectorAll('.intro, #data, #train, #classify, #results, #files');
    return [...targets].flatMap((root) => [...root.querySelectorAll('button, input, select, summary, a, .file-button')])
      .filter((el) => !el.classList.contains('visually-hidden-input'))  // drawn as its .file-button label
      // A checkbox is tapped through its whole label.
      .map((el) => ({ el, r: (el.type === 'checkbox' ? el.closest('label') ?? el : el).getBoundingClientRect() }))
      .filter(({ el, r }) => r.width > 0 && getComputedStyle(el).visibility !== 'hidden' && (r.height < 44 || r.width < 24))
      .map(({ el, r }) => `${el.tagName} ${el.dataset.testid ?? el.className} ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
  expect(small).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, 'teach-390-zh');
  expect(problems).toEqual([]);
  await context.close();
});
