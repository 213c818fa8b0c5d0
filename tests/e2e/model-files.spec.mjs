// tests/e2e/model-files.spec.mjs — model files both ways between the page and the CLI, and the
// page's ONNX export in ONNX Runtime: the same photos get the same probabilities everywhere.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';

import { PHOTOS, openPage, readProbs, screenshot, setEpochs, waitForTrainingEnd } from './helpers.mjs';
import { NATIVE_DIR, loadLab, maxAbsDiff } from '../node/helpers.mjs';

const CLI = path.join(NATIVE_DIR, 'cnnlab');
// The CLI prints probabilities to 6 decimals; native and WebAssembly agree to ~1e-6 besides.
const CLI_TOLERANCE = 1e-5;
const ORT_TOLERANCE = 1e-4;
const CLASSIFY = [PHOTOS.unseen, PHOTOS.animals[1], PHOTOS.objects[2]];

// The page's probabilities for each photo: all classified at once, then each picked from the grid.
async function pageProbs(page, files) {
  await page.getByTestId('predict-file').setInputFiles(files);
  await expect(page.locator('.prediction-grid li')).toHaveCount(files.length);
  const out = [];
  for (const [i, file] of files.entries()) {
    await page.locator('.prediction-grid button').nth(i).click();
    await expect(page.locator('.prediction-thumb')).toHaveAttribute('alt', path.basename(file));
    out.push(await readProbs(page));
  }
  return out;
}

function cliPredict(model, files) {
  const lines = execFileSync(CLI, ['predict', '--model', model, ...files]).toString().trim().split('\n');
  return lines.map((l) => JSON.parse(l));
}

async function download(page, testId, dir) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const to = path.join(dir, file.suggestedFilename());
  await file.saveAs(to);
  return to;
}

test('trained in the page: the CLI and ONNX Runtime classify photos as the page does', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnnlab-page-model-'));
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const problems = await openPage(page);
  await page.getByTestId('class-name-0').fill('animals');
  await page.getByTestId('class-name-1').fill('objects');
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await page.getByTestId('class-files-1').setInputFiles(PHOTOS.objects);
  await expect(page.locator('.class-card').nth(1).locator('.count')).toContainText('4');
  await setEpochs(page, 2);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
  const inPage = await pageProbs(page, CLASSIFY);

  const model = await download(page, 'export-model', dir);
  const cli = cliPredict(model, CLASSIFY);
  cli.forEach((line, i) => {
    expect(line.file).toBe(CLASSIFY[i]);
    expect(inPage[i].map((p) => p.cls)).toEqual(['animals', 'objects']);
    expect(maxAbsDiff(line.probs, inPage[i].map((p) => p.p))).toBeLessThanOrEqual(CLI_TOLERANCE);
  });

  // protobuf-es and ONNX's schema are fetched only now, from the site itself.
  const encoder = (url) => /\/vendor\/(protobuf-es\/index|onnx-proto)\.js$/.test(url);
  expect(requested.filter(encoder)).toEqual([]);
  const onnxFile = await download(page, 'export-onnx', dir);
  expect(requested.filter(encoder).length).toBe(2);
  await screenshot(page, 'model-files-onnx');
  expect(path.basename(onnxFile)).toBe('cnnlab-model.onnx');
  await expect(page.locator('#model-file .file-status')).toContainText('cnnlab-model.onnx');
  // The photos as the engine decodes them (the page's decoder is this same module).
  const lab = await loadLab();
  const x = new Float32Array(CLASSIFY.length * 3 * 32 * 32);
  CLASSIFY.forEach((f, i) => x.set(lab.decodeImage(fs.readFileSync(f), 3, 32, 32), i * 3 * 32 * 32));
  const session = await ort.InferenceSession.create(fs.readFileSync(onnxFile));
  const { probs } = await session.run({ image: new ort.Tensor('float32', x, [CLASSIFY.length, 3, 32, 32]) });
  expect(maxAbsDiff(probs.data, inPage.flatMap((r) => r.map((p) => p.p)))).toBeLessThanOrEqual(ORT_TOLERANCE);
  expect(problems).toEqual([]);
});

test('trained with the CLI on a folder of photos: the page loads it and classifies as the CLI does', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnnlab-cli-model-'));
  for (const [name, files] of [['animals', PHOTOS.animals], ['objects', PHOTOS.objects]]) {
    fs.mkdirSync(path.join(dir, 'data', name), { recursive: true });
    for (const f of files) fs.copyFileSync(f, path.join(dir, 'data', name, path.basename(f)));
  }
  const spec = {
    input: { channels: 3, height: 24, width: 24 },
    layers: [{ type: 'conv2d', filters: 6, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
      { type: 'flatten' }, { type: 'dense', units: 16 }, { type: 'tanh' }, { type: 'dense', units: 2 }],
  };
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  const model = path.join(dir, 'model.cnnlab');
  execFileSync(CLI, ['train', '--data', path.join(dir, 'data'), '--model', path.join(dir, 'spec.json'), '--epochs', '3',
    '--batch', '4', '--lr', '0.01', '--seed', '5', '--out', model], { stdio: ['ignore', 'ignore', 'pipe'] });
  const cli = cliPredict(model, CLASSIFY);

  const problems = await openPage(page);
  await page.getByTestId('import-model').setInputFiles({ name: 'model.cnnlab', mimeType: 'application/octet-stream', buffer: fs.readFileSync(model) });
  await expect(page.locator('#model-file .file-status')).not.toHaveClass(/error/);
  await expect(page.locator('#model-file .file-status')).toContainText(/2/);
  const inPage = await pageProbs(page, CLASSIFY);
  inPage.forEach((probs, i) => {
    expect(probs.map((p) => p.cls)).toEqual(['animals', 'objects']);  // the file's class names
    expect(maxAbsDiff(cli[i].probs, probs.map((p) => p.p))).toBeLessThanOrEqual(CLI_TOLERANCE);
  });
  expect(problems).toEqual([]);
});
