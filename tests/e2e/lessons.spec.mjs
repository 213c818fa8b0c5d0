// tests/e2e/lessons.spec.mjs — the lecture as a path of lessons, before any training: every lesson
// opens from #lesson=<id> in both languages, and each one's computed value is checked against an
// independent computation here (the neuron, the 3-4-2 net, the 6×6 convolution's golden values and
// padded sizes, the colour kernel's sum, max pooling, the parameter counts, the flatten length).
import { test, expect } from '@playwright/test';
import { openPage } from './helpers.mjs';

const IDS = ['neuron', 'fc-net', 'cross-entropy', 'fit', 'ants-bees', 'then-now', 'fc-too-big', 'conv', 'colour', 'pooling', 'flatten', 'applications'];
const IMAGE = ['100001', '010010', '001100', '100010', '010010', '001010'].map((r) => [...r].map(Number));
const FILTER1 = [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]];
const FILTER2 = [[-1, 1, -1], [-1, 1, -1], [-1, 1, -1]];

const gridValues = async (locator) => (await locator.locator('.cell').allTextContents()).map((v) => (v === '' ? '' : Number(v.replace('−', '-'))));

// Sets a range input the way a drag does: the value, then an input event.
async function setRange(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

function correlate(image, filter, stride = 1) {
  const n = Math.floor((image.length - 3) / stride) + 1;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) s += image[i * stride + u][j * stride + v] * filter[u][v];
    return s;
  }));
}

async function openLesson(page, id) {
  await page.evaluate((h) => { location.hash = h; }, `lesson=${id}`);
  await expect(page.getByTestId(`lesson-${id}`)).toBeVisible();
}

test('every lesson opens from #lesson=<id> in both languages; no raw key, every key in both catalogs', async ({ page }) => {
  const problems = await openPage(page, './#lesson=neuron');
  const catalogs = await page.evaluate(async () => {
    const { default: lessons } = await import('./i18n/lessons.js');
    return { en: Object.keys(lessons.en), zh: Object.keys(lessons.zh) };
  });
  expect(catalogs.en.filter((k) => !catalogs.zh.includes(k))).toEqual([]);
  expect(catalogs.zh.filter((k) => !catalogs.en.includes(k))).toEqual([]);
  for (const lang of ['en', 'zh']) {
    await page.getByTestId('lang').selectOption(lang);
    for (const id of IDS) {
      await openLesson(page, id);
      const lesson = page.getByTestId(`lesson-${id}`);
      await expect(page.getByTestId(`lesson-link-${id}`)).toHaveAttribute('aria-current', 'step');
      await expect(page.locator('.lesson:not([hidden])')).toHaveCount(1);  // one lesson open at a time
      await expect(lesson.getByTestId(`lesson-try-${id}`)).toBeVisible();
      const text = await lesson.innerText();
      expect(text.match(/\blessons?\.[a-zA-Z][\w.]*/g) ?? [], `${lang} ${id}`).toEqual([]);
      if (lang === 'zh') expect(text, id).toMatch(/[\u4e00-\u9fff]/);
    }
  }
  expect(problems).toEqual([]);
});

test('a link with other settings opens its lesson, keeps the settings, and the path records the lesson', async ({ page }) => {
  const problems = await openPage(page, './#classes=cats|dogs&lesson=conv');
  await expect(page.getByTestId('lesson-conv')).toBeVisible();
  await expect(page.getByTestId('class-name-0')).toHaveValue('cats');
  await page.getByTestId('lesson-link-pooling').click();
  await expect(page.getByTestId('lesson-pooling')).toBeVisible();
  await expect(page.getByTestId('lesson-conv')).toBeHidden();
  expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('lesson')).toBe('pooling');
  await page.getByTestId('lesson-pooling').locator('.lesson-next').click();
  await expect(page.getByTestId('lesson-flatten')).toBeVisible();
  expect(problems).toEqual([]);
});

test('#lesson=<id>&embed shows just that lesson; its try-it opens the lab, set up, in a new tab', async ({ page, context }) => {
  const problems = await openPage(page, './#lesson=conv&embed');
  await expect(page.getByTestId('lesson-conv')).toBeVisible();
  for (const sel of ['#data', '#train', '.lesson-path', '.site-header']) await expect(page.locator(sel)).toBeHidden();
  await page.getByTestId('conv-stride').selectOption('2');
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('lesson-try-conv').click()]);
  await expect(tab.getByTestId('lesson-conv')).toBeVisible();
  await expect(tab.locator('#data')).toBeVisible();
  const p = new URLSearchParams(new URL(tab.url()).hash.slice(1));
  expect([p.get('lesson'), p.has('embed')]).toEqual(['conv', false]);
  expect(JSON.parse(p.get('layers')).find((l) => l.type === 'conv2d').stride).toBe(2);
  expect(problems).toEqual([]);
});

test('neuron: y′ = f(Σ w·x + b) for the sliders, for every f', async ({ page }) => {
  const problems = await openPage(page, './#lesson=neuron');
  const values = { x1: 1.5, x2: -0.5, x3: 2, w1: -0.7, w2: 1.2, w3: 0.4, b: 0.3 };
  for (const [k, v] of Object.entries(values)) await setRange(page.getByTestId(`neuron-${k}`), v);
  const z = values.w1 * values.x1 + values.w2 * values.x2 + values.w3 * values.x3 + values.b;  // −0.55
  const expected = { sigmoid: 1 / (1 + Math.exp(-z)), relu: Math.max(0, z), tanh: Math.tanh(z), identity: z };
  for (const [f, y] of Object.entries(expected)) {
    await page.getByTestId('neuron-f').selectOption(f);
    const out = page.getByTestId('neuron-output');
    await expect(out).toContainText(`${f}(z) = ${y.toFixed(3)}`);
    expect(Math.abs(Number(await out.getAttribute('data-value')) - y)).toBeLessThan(1e-9);
  }
  await expect(page.getByTestId('neuron-plot').locator('circle')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('fc-net: the drawn 3-4-2 net gives softmax(W2·relu(W1·x + b1) + b2) for the inputs', async ({ page }) => {
  const problems = await openPage(page, './#lesson=fc-net');
  const x = [0.8, -1.3, 1.7];
  for (let i = 0; i < 3; i++) await setRange(page.getByTestId(`fcnet-x${i + 1}`), x[i]);
  const w = await page.evaluate(async () => (await import('./lessons/fc-net.js')).START_WEIGHTS);
  const h = w.w1.map((row, j) => Math.max(0, row[0] * x[0] + row[1] * x[1] + row[2] * x[2] + w.b1[j]));
  const z = w.w2.map((row, k) => row[0] * h[0] + row[1] * h[1] + row[2] * h[2] + row[3] * h[3] + w.b2[k]);
  const p1 = 1 / (1 + Math.exp(z[1] - z[0]));
  const out = page.getByTestId('fcnet-output');
  await expect(out).toContainText(p1.toFixed(3));
  const shown = JSON.parse(await out.getAttribute('data-values'));
  expect(Math.abs(shown[0] - p1)).toBeLessThan(1e-9);
  expect(Math.abs(shown[1] - (1 - p1))).toBeLessThan(1e-9);
  // 3·4 + 4·2 edges drawn, and every hidden value shown in its circle.
  await expect(page.getByTestId('fcnet-drawing').locator('line.edge')).toHaveCount(20);
  await expect(page.getByTestId('fcnet-drawing')).toContainText(h[0].toFixed(2).replace(/\.?0+$/, ''));
  await page.getByTestId('lesson-fc-net').getByRole('button', { name: 'New random weights' }).click();
  await expect(out).not.toContainText(p1.toFixed(3));
  expect(problems).toEqual([]);
});

test('conv: the engine gives the lecture golden values at stride 1 and 2; padding and the output size formula', async ({ page }) => {
  const problems = await openPage(page, './#lesson=conv');
  const out = page.getByTestId('conv-output');
  expect((await gridValues(out)).every((v) => v === '')).toBe(true);
  await page.getByTestId('conv-step').click();
  await expect(page.getByTestId('conv-sum')).toContainText('= 3');  // top-left window × filter 1
  await page.getByTestId('conv-all').click();
  expect(await gridValues(out)).toEqual([3, -1, -3, -1, -3, 1, 0, -3, -3, -3, 0, 1, 3, -2, -2, -1]);
  await page.getByTestId('conv-filter').selectOption('2');
  await page.getByTestId('conv-all').click();
  expect(await gridValues(out)).toEqual(correlate(IMAGE, FILTER2).flat());

  await page.getByTestId('conv-filter').selectOption('1');
  await page.getByTestId('conv-stride').selectOption('2');
  await page.getByTestId('conv-all').click();
  expect(await gridValues(out)).toEqual([3, -3, -3, 0]);  // rows/columns 0 and 2 of the stride-1 result

  // Padding 1: ⌊(6 + 2 − 3) / s⌋ + 1 → 6 at stride 1, 3 at stride 2; the engine agrees.
  const size = page.getByTestId('conv-size');
  for (const [stride, n] of [[1, 6], [2, 3]]) {
    await page.getByTestId('conv-stride').selectOption(String(stride));
    await page.getByTestId('conv-padding').selectOption('1');
    await expect(size).toHaveAttribute('data-value', String(n));
    await expect(size).toHaveAttribute('data-engine', String(n));
    await page.getByTestId('conv-all').click();
    await expect(out.locator('.cell')).toHaveCount(n * n);
  }
  // The padded corner: zeros around the image, so the top-left output sees only image[0..1][0..1].
  await page.getByTestId('conv-stride').selectOption('1');
  await page.getByTestId('conv-all').click();
  const padded = await gridValues(out);
  expect(padded[0]).toBe(IMAGE[0][0] * FILTER1[1][1] + IMAGE[0][1] * FILTER1[1][2] + IMAGE[1][0] * FILTER1[2][1] + IMAGE[1][1] * FILTER1[2][2]);
  // The learner's first convolution (lecture CNN: 32×32 input, kernel 3, padding 1, stride 1) → 32.
  await expect(page.getByTestId('conv-learner-size')).toHaveAttribute('data-value', '32');
  await expect(page.getByTestId('conv-learner-size')).toHaveAttribute('data-engine', '32x32');
  expect(problems).toEqual([]);
});

test('try it in the lab: the conv lesson sets stride 2 in the learner’s first convolution', async ({ page }) => {
  const problems = await openPage(page, './#lesson=conv');
  await page.getByTestId('conv-stride').selectOption('2');
  await page.getByTestId('lesson-try-conv').click();
  await expect.poll(() => page.evaluate(() => JSON.parse(new URLSearchParams(location.hash.slice(1)).get('layers') ?? '[]')
    .find((l) => l.type === 'conv2d')?.stride)).toBe(2);
  await expect(page.locator('#train')).toBeInViewport();
  expect(problems).toEqual([]);
});

test('colour: each channel’s products summed, the three sums added, equal the engine’s output map', async ({ page }) => {
  const problems = await openPage(page, './#lesson=colour');
  await page.getByTestId('colour-count').selectOption('3');
  await expect(page.getByTestId('colour-shape')).toHaveAttribute('data-channels', '3');
  await expect(page.getByTestId('lesson-colour').locator('.colour-maps > figure')).toHaveCount(3);
  const sum = page.getByTestId('colour-sum');
  for (const [kernel, row, col] of [[0, 0, 2], [1, 3, 1], [2, 1, 2]]) {  // not symmetric: row ≠ column matters
    await page.getByTestId('colour-kernel').selectOption({ value: String(kernel) });
    await page.getByTestId('colour-row').selectOption({ value: String(row) });
    await page.getByTestId('colour-col').selectOption({ value: String(col) });
    await expect(sum).not.toHaveAttribute('data-engine', 'NaN');
    const d = await sum.evaluate((el) => ({ ...el.dataset }));
    const patch = JSON.parse(d.patch);
    const k = JSON.parse(d.kernel);
    let mine = 0;
    for (let c = 0; c < 3; c++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) mine += patch[c][u][v] * k[c][u][v];
    expect(Math.abs(mine - Number(d.engine))).toBeLessThan(1e-5);
    expect(Math.abs(mine - Number(d.total))).toBeLessThan(1e-9);
    // Without photos the picture is red = the lecture image, green = its mirror, blue = 0.
    const mirror = IMAGE.map((r) => [...r].reverse());
    const lecture = [FILTER1, FILTER2, [[-1, -1, -1], [1, 1, 1], [-1, -1, -1]]][kernel];
    const expected = correlate(IMAGE, lecture)[row][col] + correlate(mirror, lecture)[row][col];
    expect(Number(d.engine)).toBeCloseTo(expected, 5);
  }
  expect(problems).toEqual([]);
});

test('pooling: the engine pools both lecture filters 4×4 → 2×2; two kernels, two channels', async ({ page }) => {
  const problems = await openPage(page, './#lesson=pooling');
  const pool = (g) => [[0, 0], [0, 2], [2, 0], [2, 2]].map(([i, j]) => Math.max(g[i][j], g[i][j + 1], g[i + 1][j], g[i + 1][j + 1]));
  await expect(page.getByTestId('pool-output-1').locator('.cell')).toHaveCount(4);
  expect(await gridValues(page.getByTestId('pool-output-1'))).toEqual([3, 0, 3, 1]);
  expect(await gridValues(page.getByTestId('pool-output-2'))).toEqual(pool(correlate(IMAGE, FILTER2)));
  await expect(page.getByTestId('pool-channels')).toContainText('2 × 4 × 4');
  await expect(page.getByTestId('pool-channels')).toContainText('2 × 2 × 2');
  expect(problems).toEqual([]);
});

test('fc-too-big: parameter counts come from the engine; the experiment button answers', async ({ page }) => {
  const problems = await openPage(page, './#lesson=fc-too-big');
  const fc = page.getByTestId('params-fc');
  await expect(fc).toHaveText((10800 * 100 + 100 + 100 * 2 + 2).toLocaleString('en-US'));  // 10,800·100 + 100 + 100·2 + 2
  const cnn = Number((await page.getByTestId('params-cnn').textContent()).replace(/,/g, ''));
  expect(cnn).toBeGreaterThan(0);
  expect(cnn * 10).toBeLessThan(10800 * 100);
  await page.getByTestId('params-hidden').fill('10');
  await page.getByTestId('params-hidden').press('Tab');
  await expect(fc).toHaveText((10800 * 10 + 10 + 10 * 2 + 2).toLocaleString('en-US'));
  await page.getByTestId('lesson-fc-experiment').click();
  await expect(page.getByTestId('lesson-fc-experiment')).toBeEnabled();
  await expect(page.getByTestId('lesson-fc-too-big').locator('.runs-status')).not.toBeEmpty();
  expect(problems).toEqual([]);
});

test('flatten: the length is the learner’s C·H·W, from the engine, and follows the input size', async ({ page }) => {
  const problems = await openPage(page, './#lesson=flatten');
  const length = page.getByTestId('flatten-length');
  for (const [hash, [c, h, w]] of [['', [16, 8, 8]], ['in=3x28', [16, 7, 7]], ['in=1x20', [16, 5, 5]]]) {
    if (hash) {
      await page.evaluate((h2) => { location.hash = `${h2}&lesson=flatten`; }, hash);
      await page.getByTestId('lesson-link-pooling').click();  // reopening re-reads the learner's net
      await page.getByTestId('lesson-link-flatten').click();
    }
    await expect(length).toHaveAttribute('data-value', String(c * h * w));
    const d = await length.evaluate((el) => ({ ...el.dataset }));
    expect([Number(d.c), Number(d.h), Number(d.w)]).toEqual([c, h, w]);
  }
  await expect(page.getByTestId('flatten-path')).toContainText('400 → 32 → 2');
  expect(problems).toEqual([]);
});

test('applications: four pictures, and a link to the page\'s saliency map', async ({ page }) => {
  const problems = await openPage(page, './#lesson=applications');
  for (const a of ['classify', 'detect', 'segment', 'style']) {
    await expect(page.getByTestId(`app-${a}`).locator('svg > *').first()).toBeAttached();
    await expect(page.getByTestId(`app-${a}`).locator('svg')).toHaveAttribute('aria-label', /\S/);
  }
  await page.getByTestId('lesson-applications').locator('.saliency-link a').click();
  await expect(page.locator('#inside')).toBeInViewport();
  expect(problems).toEqual([]);
});
