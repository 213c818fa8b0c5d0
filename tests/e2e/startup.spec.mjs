// tests/e2e/startup.spec.mjs — the start-up race (issue 10): a model file imported while the engine
// is still loading (its .wasm held back) is loaded once the engine is up, and neither the first
// network description nor the stored lab coming back overwrites it.
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openPage, waitForTrainingEnd, setEpochs, loadDemo, readProbs, PHOTOS } from './helpers.mjs';
import { stored, classifyFile } from './keep-helpers.mjs';

const MODEL_SPEC = {
  input: { channels: 1, height: 24, width: 24 },
  classes: ['cat', 'dog', 'fox', 'owl'],
  layers: [{ type: 'conv2d', filters: 3, kernel: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 4 }],
};

// A model file made by the engine itself, in a page of its own.
async function modelFile(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('./examples/train.html');
  const bytes = await page.evaluate(async (spec) => {
    const { default: createCnnLab } = await import('../engine/cnnlab.js');
    const lab = await createCnnLab();
    const net = new lab.Network(JSON.stringify(spec), 5);
    return [...net.save()];
  }, MODEL_SPEC);
  await context.close();
  mkdirSync('build/e2e', { recursive: true });
  writeFileSync('build/e2e/startup-model.cnnlab', Buffer.from(bytes));
  return 'build/e2e/startup-model.cnnlab';
}

// Opens the page with the engine's .wasm held until release() (no service worker, which would
// answer from its cache past the hold).
async function openHeld(context) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/engine/cnnlab.wasm', async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto('./');
  return { page, problems, release };
}

async function expectImported(page) {
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#model-file .file-status')).toContainText('4 classes');
  for (const [i, name] of MODEL_SPEC.classes.entries()) await expect(page.getByTestId(`class-name-${i}`)).toHaveValue(name);
  await expect(page.locator('#model-editor .input-shape')).toHaveValue('1x24');
  // Still the imported net once the start-up has settled: it classifies with its four classes.
  expect(await classifyFile(page, PHOTOS.unseen)).toHaveLength(4);
  expect((await readProbs(page)).map((p) => p.cls)).toEqual(MODEL_SPEC.classes);
  await expect(page.getByTestId('class-name-0')).toHaveValue('cat');
}

test('a model imported while the engine loads is applied when it is up, not lost or overwritten', async ({ browser }) => {
  const model = await modelFile(browser);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const { page, problems, release } = await openHeld(context);
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'loading');
  await page.getByTestId('import-model').setInputFiles(model);
  await expect(page.locator('#model-file .file-status')).toContainText('as soon as the engine has started');
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'loading');  // it really was held
  release();
  await expectImported(page);
  expect(problems).toEqual([]);
  await context.close();
});

test('a model imported while the engine loads wins over the stored lab coming back', async ({ browser }) => {
  const model = await modelFile(browser);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const first = await context.newPage();
  const problems = await openPage(first);
  await loadDemo(first);
  await setEpochs(first, 1);
  await first.getByTestId('train').click();
  await waitForTrainingEnd(first);
  await expect.poll(async () => (await stored(first)).model).toBe(true);
  await first.close();

  const { page, problems: more, release } = await openHeld(context);
  await page.getByTestId('import-model').setInputFiles(model);
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'loading');
  release();
  await expectImported(page);
  await expect(page.locator('#data-summary')).toContainText('600');  // the stored photos came back too
  await expect(page.getByTestId('run-0')).toBeVisible();              // and the stored run
  expect([...problems, ...more]).toEqual([]);
  await context.close();
});
