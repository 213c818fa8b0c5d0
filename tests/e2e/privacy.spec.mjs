// tests/e2e/privacy.spec.mjs — nothing leaves the machine: every request of a whole session (demo,
// own photos, train, classify, exports, an experiment, every lesson) goes to the site's own origin,
// under the page's Content-Security-Policy with no violation; and with the README's policy sent as a
// header, the engine worker runs under it too (no eval there) and still trains.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PHOTOS, openPage, trainDemo } from './helpers.mjs';
import { classifySample, stringCodeInWorker } from './keep-helpers.mjs';
import { serveStatic } from './static-server.mjs';

// Every policy violation, in the page or its workers, said on the console (openPage fails on those).
async function reportViolations(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
}

// Lesson ids the page links to (`#lesson=<id>`), or the convolution lesson the examples embed.
async function lessonIds(page) {
  const ids = await page.locator('a[href^="#lesson="]').evaluateAll((links) => links.map((a) => new URLSearchParams(a.hash.slice(1)).get('lesson')));
  return ids.length ? [...new Set(ids)] : ['conv'];
}

async function clickForDownload(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  expect(await download.failure()).toBeNull();
}

test('a whole session asks nothing of any other origin and breaks no rule of the page\'s CSP', async ({ page, context, baseURL }) => {
  test.setTimeout(300_000);
  const origin = new URL(baseURL).origin;
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await reportViolations(context);
  const problems = await openPage(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).not.toMatch(/'unsafe-(eval|inline)'|\*/);

  await trainDemo(page, { epochs: 2 });
  await classifySample(page, 1);
  await page.getByTestId('predict-file').setInputFiles(PHOTOS.unseen);
  await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
  await clickForDownload(page, 'export-model');
  if (await page.getByTestId('export-onnx').count()) await clickForDownload(page, 'export-onnx');
  await clickForDownload(page, 'export-bundle');
  await page.getByTestId('class-files-0').setInputFiles(PHOTOS.animals);
  await expect(page.locator('#data-summary')).toContainText('604');

  // One experiment, long enough for its first configuration to finish.
  await page.getByTestId('experiment-fit').click();
  await expect(page.getByTestId('experiment-row').first()).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('experiment-stop').click();
  await expect(page.locator('#training')).not.toHaveAttribute('data-phase', /^(preparing|training|stopping)$/);
  expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('experiment')).toBe('fit');

  for (const id of await lessonIds(page)) {
    await page.goto('about:blank');
    problems.push(...(await openPage(page, `./#lesson=${id}`)));
    await expect(page.locator('#lesson-list')).toBeVisible();
  }
  await page.waitForTimeout(500);  // late requests (the service worker's cache) are counted too
  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(blob|data|about):/.test(url));
  expect(foreign).toEqual([]);
  expect(requests.length).toBeGreaterThan(20);
  expect(problems).toEqual([]);
});

// The header README "Hosting" gives, read from the README so the two cannot drift apart.
function readmePolicy() {
  const line = readFileSync('README.md', 'utf8').split('\n').find((l) => l.startsWith('Content-Security-Policy: '));
  return line.slice('Content-Security-Policy: '.length);
}

test('with the README\'s policy as a header, the engine worker runs under it (no eval) and trains', async ({ browser }) => {
  const policy = readmePolicy();
  expect(policy).not.toMatch(/'unsafe-(eval|inline)'/);
  const server = await serveStatic('build/site', { headers: { 'Content-Security-Policy': policy } });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await reportViolations(context);
  const page = await context.newPage();
  const workerConsole = [];
  page.on('worker', (worker) => worker.on('console', (msg) => msg.type() === 'error' && workerConsole.push(msg.text())));
  const problems = await openPage(page, server.url);
  await trainDemo(page, { epochs: 1 });
  expect(await classifySample(page, 0)).toHaveLength(4);
  await clickForDownload(page, 'export-bundle');
  expect(problems).toEqual([]);
  expect(workerConsole).toEqual([]);
  // The worker's own policy forbids making code from strings (the probe's refusal is the only one),
  // so the engine above did without.
  const [worker] = page.workers();
  expect(await stringCodeInWorker(worker)).toBe('blocked');
  await context.close();
  await server.close();
});
