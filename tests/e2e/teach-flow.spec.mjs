// tests/e2e/teach-flow.spec.mjs — the teaching flow end to end: at 1280×800 the demo, Train (in view
// without scrolling) and a held-out photo classified, in both languages; the fit experiment provokes
// underfit, just right and overfit for real, and what the page says of each run matches its numbers;
// CNN vs fully connected on apples vs flowers, the conclusion's numbers checked against the rows; and
// under 中文 a refused photo, a refused model file and a bad net each say why in Chinese while nothing
// already loaded is lost.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PHOTOS, openPage, screenshot, waitForTrainingEnd, setEpochs, readProbs } from './helpers.mjs';

const LOCALES = { en: 'en-US', zh: 'zh-CN' };
const DEMO = 'apples-flowers';  // what "Start with the demo photos" loads
const CJK = /[\u4e00-\u9fff]/;
// What must never reach the learner: the engine's or the C++ library's own text.
const LEAKS = ['[json.exception', 'std::', 'what():', 'Error:', 'undefined', 'NaN', '{'];

// Runs of four or more English words (a sentence left untranslated); single tokens such as "PNG",
// "conv2d" or a file name are allowed.
const englishRuns = (text) => text.match(/[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}/g) ?? [];

const pct = (v) => Math.round(100 * v);

// Matches `text` against an i18n template ("{name} looks like:") as a whole → its params, or null.
function matchTemplate(text, template) {
  const names = [];
  const source = template.split(/(\{\w+\})/).map((part) => {
    const name = part.match(/^\{(\w+)\}$/)?.[1];
    if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(name);
    return '([\\s\\S]*?)';
  }).join('');
  const m = text.trim().match(new RegExp(`^${source}$`));
  return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) : null;
}

function expectTemplate(text, template, what) {
  const params = matchTemplate(text, template);
  expect(params, `${what}: "${text}" should read as the template "${template}"`).not.toBeNull();
  return params;
}

// The page's own catalogs (page text, engine errors, experiments), as the page loads them.
async function catalogs(page) {
  return page.evaluate(async () => {
    const load = async (path) => (await import(path)).default;
    const [en, zh, errors, experiments] = await Promise.all(['./i18n/en.js', './i18n/zh.js', './i18n/errors.js', './i18n/experiments.js'].map(load));
    return { en: { ...en, ...experiments.en }, zh: { ...zh, ...experiments.zh }, err: errors };
  });
}

async function demoMeta(page) {
  const response = await page.request.get(`demo/${DEMO}.json`);
  expect(response.ok()).toBe(true);
  return response.json();
}

async function loadDefaultDemo(page) {
  await page.getByTestId('load-demo').click();
  await expect(page.locator('#data-summary')).toContainText('1000');
  await expect(page.getByTestId('add-class')).toBeEnabled();
  await expect(page.getByTestId(`demo-${DEMO}`)).toHaveAttribute('aria-pressed', 'true');
}

async function switchLang(page, lang) {
  await page.getByTestId('lang').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
}

// The experiment rows as numbers, keyed by configuration, with the cells the page shows.
async function experimentRows(page) {
  const rows = await page.getByTestId('experiment-row').evaluateAll((trs) => trs.map((tr) => ({
    key: tr.dataset.name, val: Number(tr.dataset.valAcc), train: Number(tr.dataset.trainAcc), params: Number(tr.dataset.params),
    seeds: Number(tr.dataset.seeds), cells: [...tr.children].map((c) => c.textContent.trim()),
  })));
  return Object.fromEntries(rows.map((r) => [r.key, r]));
}

// "93% (94%, 87%, 98%)" → {mean: 93, seeds: [94, 87, 98]}
function percentsOf(cell) {
  const numbers = [...cell.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
  return { mean: numbers[0], seeds: numbers.slice(1) };
}

// The kept runs with their verdict badges.
async function keptRuns(page) {
  return page.getByTestId('runs').locator('li').evaluateAll((items) => items.map((li) => ({
    label: li.querySelector('.run-change').textContent.trim(), val: Number(li.dataset.valAcc), train: Number(li.dataset.trainAcc),
    verdict: li.querySelector('.run-verdict').dataset.verdict ?? '', verdictText: li.querySelector('.run-verdict').textContent.trim(),
    metrics: li.querySelector('.run-metrics').textContent.trim(),
  })));
}

function timed(label, start) {
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  test.info().annotations.push({ type: 'duration', description: `${label}: ${seconds} s` });
  console.log(`${label}: ${seconds} s`);
}

// ---- 1 · demo → Train (in view) → a held-out photo classified ----------------------------------

for (const lang of ['en', 'zh']) {
  test.describe(`teaching flow at 1280×800 (${lang})`, () => {
    test.use({ locale: LOCALES[lang], viewport: { width: 1280, height: 800 } });

    test('the demo, then Train is in view without scrolling; a held-out photo gets a class of the demo and probabilities that add up to 1', async ({ page }) => {
      test.setTimeout(120_000);
      const problems = await openPage(page);
      const meta = await demoMeta(page);
      const classNames = meta.classes.map((c) => c[lang]);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await loadDefaultDemo(page);
      await expect(page.getByTestId('class-name-0')).toHaveValue(classNames[0]);
      await expect(page.getByTestId('class-name-1')).toHaveValue(classNames[1]);

      // Train, with the demo loaded and the page where it opened: fully inside the 1280×800 window,
      // not covered by anything, ready to click.
      const train = page.getByTestId('train');
      await expect(train).toBeEnabled();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const box = await train.boundingBox();
      expect(box).not.toBeNull();
      expect(box.width).toBeGreaterThan(0);
      expect(box.height).toBeGreaterThan(0);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(box.y + box.height).toBeLessThanOrEqual(800);
      await expect(train).toBeInViewport({ ratio: 1 });
      const onTop = await train.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit === el || el.contains(hit);
      });
      expect(onTop).toBe(true);

      await setEpochs(page, 3);
      await train.click();
      await waitForTrainingEnd(page);
      await expect(page.locator('#training')).toHaveAttribute('data-phase', 'done');
      expect(await page.evaluate(() => window.scrollY)).toBe(0);  // nothing above scrolled the page either

      // Held-out photo 0 (never trained on) through Classify.
      const sample = page.getByTestId('classify-sample-0');
      await expect(sample).toBeEnabled();
      await sample.click();
      const label = page.getByTestId('prediction-label');
      await expect(label).not.toBeEmpty();
      const probs = await readProbs(page);
      expect(probs.map((p) => p.cls)).toEqual(classNames);
      for (const { p } of probs) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(Math.abs(probs.reduce((a, { p }) => a + p, 0) - 1)).toBeLessThan(1e-4);
      // The label is a class of the demo and the most probable one; the bars say the same numbers.
      const labelText = (await label.textContent()).trim();
      expect(classNames).toContain(labelText);
      const best = probs.reduce((a, b) => (b.p > a.p ? b : a));
      expect(labelText).toBe(best.cls);
      await expect(page.getByTestId('prediction-probs').locator('li.top')).toHaveAttribute('data-class', best.cls);
      const shown = await page.getByTestId('prediction-probs').locator('.prob-value').allTextContents();
      expect(shown).toEqual(probs.map(({ p }) => `${(p * 100).toFixed(1)}%`));
      // The cross-entropy −log p of the class picked as the truth, for the class shown and, picked
      // by hand, for the photo's real class. (That the real class should be picked by default is
      // the known bug at the end of this file.)
      const xent = page.getByTestId('cross-entropy');
      const picked = Number(await page.locator('.xent-class').inputValue());
      await expect(xent).toContainText(`−log(${probs[picked].p.toFixed(3)}) = ${(-Math.log(probs[picked].p)).toFixed(3)}`);
      const truth = meta.heldout.labels[0];
      await page.locator('.xent-class').selectOption(String(truth));
      await expect(xent).toContainText(`−log(${probs[truth].p.toFixed(3)}) = ${(-Math.log(probs[truth].p)).toFixed(3)}`);

      const topLine = (await page.locator('.prediction-top').textContent()).trim();
      const modelLine = (await page.locator('.classify-model').textContent()).trim();
      if (lang === 'zh') {
        expect(labelText).toMatch(CJK);
        for (const { cls } of probs) expect(cls).toMatch(CJK);
        expect(topLine).toMatch(/看起来是/);
        expect(modelLine).toMatch(CJK);
        expect(englishRuns(modelLine)).toEqual([]);
        await expect(page.getByTestId('cross-entropy')).toContainText('交叉熵');
      } else {
        expect(labelText).not.toMatch(CJK);
        expect(topLine).toMatch(/looks like:/);
        expect(modelLine).toMatch(/Classifying with the network of Run 1/);
      }
      await screenshot(page, `teach-flow-classified-${lang}`);
      expect(problems).toEqual([]);
    });
  });
}

// ---- 2 · the fit experiment: underfit, just right, overfit for real ----------------------------

test('the fit experiment provokes overfitting for real; each run\'s verdict and the conclusion match its numbers (en, then 中文)', async ({ page }) => {
  test.setTimeout(300_000);
  const problems = await openPage(page);
  const text = await catalogs(page);
  await loadDefaultDemo(page);
  const start = Date.now();
  await page.getByTestId('experiment-fit').click();
  const result = page.getByTestId('experiment-result');
  await expect(result).toHaveAttribute('data-phase', 'done', { timeout: 270_000 });
  timed('fit experiment (3 runs, apples-flowers)', start);
  await expect(page.getByTestId('experiment-row')).toHaveCount(3);
  const rows = await experimentRows(page);
  expect(Object.keys(rows)).toEqual(['tooSmall', 'justRight', 'overfit']);
  const { tooSmall: small, justRight: good, overfit: big } = rows;

  // Each row shows its own numbers (one seed: the mean is that run).
  for (const row of [small, good, big]) {
    expect(row.seeds).toBe(1);
    for (const v of [row.train, row.val]) expect(v >= 0 && v <= 1).toBe(true);
    expect(row.cells[2]).toBe(row.params.toLocaleString('en-US'));
    expect(row.cells[3]).toBe(`${pct(row.train)}%`);
    expect(row.cells[4]).toBe(`${pct(row.val)}%`);
  }

  // The three runs are kept, named by their configuration, each with its verdict.
  const runs = await keptRuns(page);
  expect(runs.map((r) => r.label)).toEqual([small, good, big].map((r) => r.cells[0]));
  const verdicts = runs.map((r) => r.verdict);
  expect(verdicts).toEqual(['underfit', 'justright', 'overfit']);
  [small, good, big].forEach((row, i) => {
    expect(runs[i].val).toBe(row.val);
    expect(runs[i].train).toBe(row.train);
  });
  // What the page claims, checked against the numbers it shows:
  // overfitting — training accuracy well above validation (the page's own bar is a 10-point gap);
  expect(big.train - big.val).toBeGreaterThanOrEqual(0.1);
  // underfitting — low on the training photos too: clearly below the balanced net on both;
  expect(small.train).toBeLessThan(good.train - 0.1);
  expect(small.val).toBeLessThan(good.val - 0.1);
  // just right — a small gap, and the best of the three on new photos.
  expect(Math.abs(good.train - good.val)).toBeLessThan(0.1);
  expect(good.val).toBeGreaterThanOrEqual(Math.max(small.val, big.val));
  // The large run is the last one trained: the verdict panel says overfitting, with its numbers.
  const verdict = page.getByTestId('fit-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'overfit');
  await expect(page.getByTestId('fit-overfit')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('fit-underfit')).toHaveAttribute('data-active', 'false');
  await expect(verdict.locator('.fit-evidence')).toContainText(`${pct(big.train)}%`);
  await expect(verdict.locator('.fit-evidence')).toContainText(`${pct(big.val)}%`);

  // The conclusion says all three showed, with the rows' numbers (and the gap of the large net).
  const conclusion = page.locator('.exp-conclusion');
  await expect(conclusion).toHaveAttribute('data-key', 'exp.fit.all');
  await expect(page.locator('.exp-notes li')).toHaveCount(0);
  const expected = {
    smallTrain: pct(small.train), smallVal: pct(small.val), goodTrain: pct(good.train), goodVal: pct(good.val),
    bigTrain: pct(big.train), bigVal: pct(big.val), gap: pct(big.train - big.val),
  };
  const said = expectTemplate(await conclusion.textContent(), text.en['exp.fit.all'], 'fit conclusion (en)');
  expect(Object.fromEntries(Object.keys(expected).map((k) => [k, Number(said[k])]))).toEqual(expected);
  expect(Math.abs(expected.gap - (expected.bigTrain - expected.bigVal))).toBeLessThanOrEqual(1);

  // The same results in 中文: names, verdicts and the conclusion follow the language, numbers stay.
  await switchLang(page, 'zh');
  const zhRuns = await keptRuns(page);
  expect(zhRuns.map((r) => r.verdict)).toEqual(verdicts);
  expect(zhRuns.map((r) => r.verdictText)).toEqual(['fit.underfit', 'fit.justright', 'fit.overfit'].map((k) => text.zh[k]));
  for (const r of zhRuns) expect(r.label).toMatch(CJK);
  const zhSaid = expectTemplate(await conclusion.textContent(), text.zh['exp.fit.all'], 'fit conclusion (zh)');
  expect(Object.fromEntries(Object.keys(expected).map((k) => [k, Number(zhSaid[k])]))).toEqual(expected);
  await expect(verdict.locator('.fit-summary')).toContainText(text.zh['fit.overfit']);
  await screenshot(page, 'teach-flow-fit-experiment-zh');
  expect(problems).toEqual([]);
});

// ---- 3 · CNN vs fully connected on apples vs flowers -------------------------------------------

test.describe('CNN vs fully connected (中文)', () => {
  test.use({ locale: LOCALES.zh });

  test('CNN vs fully connected (3 seeds): the CNN is ahead on new photos, and the conclusion says by how much, as the rows show (中文, then en)', async ({ page }) => {
    test.setTimeout(600_000);
    const problems = await openPage(page);
    const text = await catalogs(page);
    await loadDefaultDemo(page);
    const start = Date.now();
    await page.getByTestId('experiment-cnn-vs-fc').click();
    const result = page.getByTestId('experiment-result');
    await expect(result).toHaveAttribute('data-phase', 'done', { timeout: 570_000 });
    timed('CNN vs FC experiment (2 configurations × 3 seeds, apples-flowers)', start);
    await expect(page.getByTestId('experiment-row')).toHaveCount(2);
    const { cnn, fc } = await experimentRows(page);
    expect(cnn.seeds).toBe(3);
    expect(fc.seeds).toBe(3);

    // The rows: averages over the seeds, each seed beside.
    const cnnVal = percentsOf(cnn.cells[4]);
    const fcVal = percentsOf(fc.cells[4]);
    expect(cnnVal.mean).toBe(pct(cnn.val));
    expect(fcVal.mean).toBe(pct(fc.val));
    expect(cnnVal.seeds).toHaveLength(3);
    expect(fcVal.seeds).toHaveLength(3);
    for (const row of [cnnVal, fcVal]) {
      const meanOfShown = row.seeds.reduce((a, b) => a + b, 0) / 3;
      expect(Math.abs(meanOfShown - row.mean)).toBeLessThanOrEqual(1);
    }
    // The first seed's run of each is kept: its accuracy is the first seed's value shown.
    const runs = await keptRuns(page);
    expect(runs.map((r) => r.label)).toEqual([cnn.cells[0], fc.cells[0]]);
    expect(pct(runs[0].val)).toBe(cnnVal.seeds[0]);
    expect(pct(runs[1].val)).toBe(fcVal.seeds[0]);

    // The lecture's claim, in the page's numbers: the CNN is right more often on new photos.
    expect(cnn.val).toBeGreaterThan(fc.val);
    expect(cnn.params).toBeLessThan(fc.params);

    // The conclusion: the CNN won, by the difference of the rows (one decimal), ahead on each seed.
    const conclusion = page.locator('.exp-conclusion');
    const key = await conclusion.getAttribute('data-key');
    expect(key, `conclusion: ${await conclusion.textContent()}`).toBe('exp.cnnfc.win');
    const check = (said) => {
      expect(Number(said.cnn)).toBe(pct(cnn.val));
      expect(Number(said.fc)).toBe(pct(fc.val));
      expect(Number(said.seeds)).toBe(3);
      const diff = Number(said.diff);
      expect(diff).toBe(Math.round(1000 * (cnn.val - fc.val)) / 10);
      expect(Math.abs(diff - (cnnVal.mean - fcVal.mean))).toBeLessThanOrEqual(1);  // as the rounded rows show
      expect(diff).toBeGreaterThan(0);
      // "ahead on each seed": every seed's CNN value shown is above the FC's, and the spread of the
      // per-seed leads is what those values give (within their rounding).
      const margins = cnnVal.seeds.map((v, i) => v - fcVal.seeds[i]);
      for (const m of margins) expect(m).toBeGreaterThanOrEqual(0);
      expect(Math.abs(Number(said.spread) - (Math.max(...margins) - Math.min(...margins)))).toBeLessThanOrEqual(2);
      expect(Number(said.spread)).toBeLessThanOrEqual(diff);  // else the page would not call it a win
      expect(said.cnnParams).toBe(cnn.params.toLocaleString('en-US'));
      expect(said.fcParams).toBe(fc.params.toLocaleString('en-US'));
      expect(Number(said.ratio)).toBe(Math.round((10 * fc.params) / cnn.params) / 10);
      return diff;
    };
    const zhText = (await conclusion.textContent()).trim();
    const zhDiff = check(expectTemplate(zhText, text.zh['exp.cnnfc.win'], 'CNN vs FC conclusion (zh)'));
    expect(zhText).toMatch(CJK);
    expect(zhText).toMatch(/卷积网络赢了/);
    expect(englishRuns(zhText)).toEqual([]);
    expect(cnn.cells[0]).toMatch(CJK);  // the configurations' names follow the language too
    expect(fc.cells[0]).toMatch(CJK);
    await screenshot(page, 'teach-flow-cnn-vs-fc-zh');

    // The same rows said in English.
    await switchLang(page, 'en');
    const enText = (await conclusion.textContent()).trim();
    const enDiff = check(expectTemplate(enText, text.en['exp.cnnfc.win'], 'CNN vs FC conclusion (en)'));
    expect(enDiff).toBe(zhDiff);
    expect(enText).not.toMatch(CJK);
    expect(enText).toMatch(new RegExp(`The CNN won: .* ${String(enDiff).replace('.', '\\.')} points ahead`));
    expect(problems).toEqual([]);
  });
});

// ---- 4 · 中文: refusals in Chinese, nothing lost -------------------------------------------------

// A real PNG cut to a third of its length.
const cutPng = () => {
  const bytes = readFileSync(PHOTOS.objects[0]);  // coffee.png
  return bytes.subarray(0, Math.floor(bytes.length / 3));
};

// The refusal list's lines, each "file: reason".
const refusalLines = (page) => page.locator('#refusals li').allTextContents();

// "notes.txt: <reason>" → the reason's params ({message}, and {browser} when the browser's decoder
// was tried too), read with the page's own templates of `lang`.
function refusalReason(text, line, name, lang) {
  expect(line.startsWith(`${name}: `), `refusal "${line}"`).toBe(true);
  const reason = line.slice(name.length + 2);
  const params = matchTemplate(reason, text[lang]['data.refusedBoth']) ?? matchTemplate(reason, text[lang]['data.refusedEngine']);
  expect(params, `refusal "${line}"`).not.toBeNull();
  return params;
}

test.describe('refusals in 中文', () => {
  test.use({ locale: LOCALES.zh });

  test('a refused photo, a refused model file and a bad net each say why in Chinese; the photos, the trained net and the last good network stay', async ({ page }) => {
    test.setTimeout(180_000);
    const problems = await openPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const text = await catalogs(page);
    const err = (lang, code) => text.err[lang][code];
    await loadDefaultDemo(page);
    await setEpochs(page, 2);
    await page.getByTestId('train').click();
    await waitForTrainingEnd(page);

    // What is there before: photos per class, the total, the trained net and what it says of a photo.
    const counts = page.locator('.class-card .count');
    const summary = page.locator('#data-summary');
    const countsBefore = await counts.allTextContents();
    const summaryBefore = await summary.textContent();
    expect(countsBefore).toEqual(['500 张照片', '500 张照片']);
    const thumbsBefore = await page.locator('.class-card .thumbs img').count();
    const modelLine = page.locator('.classify-model');
    await page.getByTestId('classify-sample-0').click();
    await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
    const probsBefore = await readProbs(page);
    const modelBefore = await modelLine.textContent();
    expect(modelBefore).toMatch(CJK);
    // The trained model as a file, to damage below.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
    const modelBytes = readFileSync(await download.path());
    expect(modelBytes.length).toBeGreaterThan(1000);

    // -- photos that are not photos: a text file and a cut-off PNG, into class 1.
    const files = page.getByTestId('class-files-0');
    await files.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text, not a photo\n') });
    await expect(page.locator('#refusals li')).toHaveCount(1);
    await expect(page.getByTestId('add-class')).toBeEnabled();
    await files.setInputFiles({ name: 'half.png', mimeType: 'image/png', buffer: cutPng() });
    await expect(page.locator('#refusals li')).toHaveCount(2);
    await expect(page.getByTestId('add-class')).toBeEnabled();
    await expect(page.locator('#refusals .refusals-heading')).toHaveText(text.zh['refusals.heading'].replace('{n}', '2'));
    const zhRefusals = await refusalLines(page);
    const photoCodes = [['notes.txt', 'image.unsupported', {}], ['half.png', 'image.truncated', { format: 'PNG' }]];
    photoCodes.forEach(([name, code, params], i) => {
      const line = zhRefusals[i];
      // The reason is the engine's code in Chinese; the browser's own decoder failed as well
      // (its words are checked in the known-bug test below).
      const { message } = refusalReason(text, line, name, 'zh');
      const said = expectTemplate(message, err('zh', code), `refusal of ${name}`);
      for (const [k, v] of Object.entries(params)) expect(said[k]).toBe(v);
      expect(message).toMatch(CJK);
      expect(englishRuns(message)).toEqual([]);
      for (const leak of LEAKS) expect(line).not.toContain(leak);
    });
    // Nothing was lost or added.
    expect(await counts.allTextContents()).toEqual(countsBefore);
    await expect(summary).toHaveText(summaryBefore);
    expect(await page.locator('.class-card .thumbs img').count()).toBe(thumbsBefore);

    // -- model files that are not (whole) models: words, a photo, the real model cut in half.
    const status = page.locator('#model-file .file-status');
    const importModel = page.getByTestId('import-model');
    const bogus = [
      [{ name: 'model.cnnlab', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model file at all') }, 'model_file.unknown'],
      [{ name: 'photo.cnnlab', mimeType: 'application/octet-stream', buffer: readFileSync(PHOTOS.objects[0]) }, 'model_file.foreign'],
      [{ name: 'half.cnnlab', mimeType: 'application/octet-stream', buffer: modelBytes.subarray(0, Math.floor(modelBytes.length / 2)) }, 'model_file.truncated'],
    ];
    const zhStatus = [];
    for (const [file, code] of bogus) {
      await importModel.setInputFiles(file);
      // Wait for this file's own message (the first words of its Chinese sentence).
      await expect(status).toContainText(err('zh', code).split('{')[0].replace(/[：。]$/, ''));
      await expect(status).toHaveClass(/error/);
      const line = (await status.textContent()).trim();
      const outer = expectTemplate(line, text.zh['files.loadError'], `model file ${file.name}`);
      const said = expectTemplate(outer.message, err('zh', code), `model file ${file.name}`);
      if (code === 'model_file.foreign') expect(said.format).toBe('PNG');
      if (code === 'model_file.truncated') {
        expect(Number(said.expected)).toBeGreaterThan(Number(said.got));
        expect(Number(said.got)).toBe(Math.floor(modelBytes.length / 2));
      }
      expect(line).toMatch(CJK);
      expect(englishRuns(line)).toEqual([]);
      for (const leak of LEAKS) expect(line).not.toContain(leak);
      zhStatus.push(line);
    }
    // The trained net is still the one that classifies, and it says the same of the same photo.
    await expect(modelLine).toHaveText(modelBefore);
    await expect(page.getByTestId('export-model')).toBeEnabled();
    await page.getByTestId('classify-sample-0').click();
    await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
    (await readProbs(page)).forEach((p, k) => {
      expect(p.cls).toBe(probsBefore[k].cls);
      expect(p.p).toBeCloseTo(probsBefore[k].p, 6);
    });
    expect(await counts.allTextContents()).toEqual(countsBefore);

    // -- a bad net in the layer editor (under the Advanced fold): a convolution after the dense layers.
    const total = page.getByTestId('param-total');
    await expect(total).not.toHaveText('—');
    const totalBefore = await total.textContent();
    const rows = page.locator('.layers tbody tr[data-index]');
    await page.locator('#model-editor .advanced-layers summary').click();
    await expect(rows.first()).toBeVisible();
    const typesBefore = await rows.locator('.layer-type').evaluateAll((s) => s.map((el) => el.value));
    await page.locator('#model-editor .add-type').selectOption('conv2d');
    await page.locator('#model-editor .add-layer').click();
    const modelError = page.getByTestId('model-error');
    await expect(modelError).not.toBeEmpty();
    const zhModelError = (await modelError.textContent()).trim();
    const outer = expectTemplate(zhModelError, text.zh['model.invalid'], 'bad net');
    const said = expectTemplate(outer.message, err('zh', 'spec.needs_image_input'), 'bad net');
    expect(said.type).toBe('conv2d');  // (its layer number: the last test of this file)
    expect(zhModelError).toMatch(CJK);
    expect(englishRuns(zhModelError)).toEqual([]);
    for (const leak of LEAKS) expect(zhModelError).not.toContain(leak);
    await expect(page.getByTestId('train')).toBeDisabled();
    // The training line, still reporting the finished run, says why Train is off.
    await expect(page.locator('#training .train-status')).toContainText(text.zh['train.badNet']);
    // The edit is refused, not applied: the net built before is still there, layer for layer, and
    // the trained net still classifies.
    expect(await rows.locator('.layer-type').evaluateAll((s) => s.map((el) => el.value))).toEqual([...typesBefore, 'conv2d']);
    await expect(modelLine).toHaveText(modelBefore);
    await page.getByTestId('classify-sample-0').click();
    await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
    (await readProbs(page)).forEach((p, k) => expect(p.p).toBeCloseTo(probsBefore[k].p, 6));
    await screenshot(page, 'teach-flow-refusals-zh');

    // -- the same messages in English are different sentences (so the Chinese ones were not English).
    await switchLang(page, 'en');
    const enRefusals = await refusalLines(page);
    photoCodes.forEach(([name, code], i) => {
      expect(enRefusals[i]).not.toBe(zhRefusals[i]);
      expect(enRefusals[i]).not.toMatch(CJK);
      const { message } = refusalReason(text, enRefusals[i], name, 'en');
      expectTemplate(message, err('en', code), `refusal of ${name} (en)`);
    });
    expect((await status.textContent()).trim()).not.toBe(zhStatus.at(-1));
    expectTemplate((await status.textContent()).trim(), text.en['files.loadError'], 'model file (en)');
    const enModelError = (await modelError.textContent()).trim();
    expect(enModelError).not.toBe(zhModelError);
    const enOuter = expectTemplate(enModelError, text.en['model.invalid'], 'bad net (en)');
    expectTemplate(enOuter.message, err('en', 'spec.needs_image_input'), 'bad net (en)');
    await switchLang(page, 'zh');
    await expect(modelError).toHaveText(zhModelError);

    // -- the bad layer removed: the net is exactly the one before, and Train is back.
    await rows.last().locator('button[data-action="remove"]').click();
    await expect(modelError).toHaveText('');
    await expect(total).toHaveText(totalBefore);
    expect(await rows.locator('.layer-type').evaluateAll((s) => s.map((el) => el.value))).toEqual(typesBefore);
    await expect(page.getByTestId('train')).toBeEnabled();
    expect(await counts.allTextContents()).toEqual(countsBefore);
    expect(problems).toEqual([]);
  });
});

// ---- bugs these tests found, now fixed: each test guards its fix -----------------------------

test.describe('fixed bugs stay fixed', () => {
  test.use({ locale: LOCALES.zh });

  // When the engine refused a photo and the browser's decoder failed too, the reason ended with the
  // browser's own English message: "不是 JPEG、PNG、BMP 或 GIF 图片。；浏览器也无法读取（The source
  // image could not be decoded.）" (web/photos.js viaBrowser() passed the DOMException's message on).
  test('中文: a refused photo\'s reason has no English sentence from the browser', async ({ page }) => {
    const problems = await openPage(page);
    const text = await catalogs(page);
    await page.getByTestId('class-files-0').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text, not a photo\n') });
    await expect(page.locator('#refusals li')).toHaveCount(1);
    expect(problems).toEqual([]);
    const line = (await page.locator('#refusals li').textContent()).trim();
    const { message, browser = '' } = refusalReason(text, line, 'notes.txt', 'zh');
    expectTemplate(message, text.err.zh['image.unsupported'], 'refusal of notes.txt');
    expect(englishRuns(browser)).toEqual([]);
  });

  // A held-out demo photo's true class is known, and the README says the cross-entropy defaults to
  // it; when the net got the photo wrong, the class picked was the net's answer: web/views/classify.js
  // reset the select only when the selected index or the class names changed, and
  // controller.classifySample() shows the result first without trueIndex, then with it.
  test('a misclassified held-out photo: the cross-entropy starts at its real class', async ({ page }) => {
    const problems = await openPage(page);
    const meta = await demoMeta(page);
    await loadDefaultDemo(page);
    await setEpochs(page, 3);
    await page.getByTestId('train').click();
    await waitForTrainingEnd(page);
    const names = meta.classes.map((c) => c.zh);
    // The first held-out photo the net gets wrong (none: nothing to show, the test is skipped).
    let wrong = -1;
    for (let i = 0; i < meta.heldout.labels.length && wrong < 0; i++) {
      await page.getByTestId(`classify-sample-${i}`).click();
      await expect(page.locator('.prediction-top .lbl')).toContainText(`heldout-${i + 1}.png`);
      await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
      if ((await page.getByTestId('prediction-label').textContent()).trim() !== names[meta.heldout.labels[i]]) wrong = i;
    }
    test.skip(wrong < 0, 'the net got every held-out photo right');
    expect(problems).toEqual([]);
    await expect(page.locator('.xent-class')).toHaveValue(String(meta.heldout.labels[wrong]), { timeout: 5_000 });
  });

  // The editor numbers its rows from 1 (and leaves dropout at rate 0 out of the net), the engine
  // numbers the spec's layers from 0 (cpp/spec.h): a conv2d appended as row 11 of the demo's net was
  // reported as "第 10 层（conv2d）", and row 10 is the dropout layer. The editor now turns the
  // engine's index into its row number (web/views/model-editor.js withRowNumber).
  test('a bad net\'s message names the editor row of the bad layer', async ({ page }) => {
    const problems = await openPage(page);
    const text = await catalogs(page);
    await loadDefaultDemo(page);
    await page.locator('#model-editor .advanced-layers summary').click();
    await page.locator('#model-editor .add-type').selectOption('conv2d');
    await page.locator('#model-editor .add-layer').click();
    const modelError = page.getByTestId('model-error');
    await expect(modelError).not.toBeEmpty();
    expect(problems).toEqual([]);
    const outer = expectTemplate((await modelError.textContent()).trim(), text.zh['model.invalid'], 'bad net');
    const said = expectTemplate(outer.message, text.err.zh['spec.needs_image_input'], 'bad net');
    expect(said.type).toBe('conv2d');
    const row = page.locator('.layers tbody tr[data-index]').filter({ has: page.locator('td.num', { hasText: new RegExp(`^${said.layer}$`) }) });
    await expect(row).toHaveCount(1);
    await expect(row.locator('.layer-type')).toHaveValue('conv2d', { timeout: 5_000 });
  });
});
