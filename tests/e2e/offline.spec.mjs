// tests/e2e/offline.spec.mjs — after one visit the site works offline (its service worker has every
// file), the engine worker gets the page's policy as a header from it, and a new build replaces the
// old cache cleanly.
import { test, expect } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { openPage, trainDemo } from './helpers.mjs';
import { classifySample, stringCodeInWorker } from './keep-helpers.mjs';
import { serveStatic } from './static-server.mjs';

// Service workers are off in the other page tests (playwright.config.mjs); these turn them on.
test.use({ serviceWorkers: 'allow' });

// Waits until the service worker is active (its install cached every file) → the cache names.
async function installed(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return (await caches.keys()).filter((k) => k.startsWith('cnnlab '));
  });
}

test('after one visit: offline, the page reloads, trains the demo and classifies a held-out photo', async ({ page, context }) => {
  const problems = await openPage(page);
  expect(await installed(page)).toHaveLength(1);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await trainDemo(page, { epochs: 2 });
  expect(await classifySample(page, 3)).toHaveLength(4);
  expect(problems).toEqual([]);
  // The engine worker's script came from the service worker with the page's policy as a header.
  const [worker] = page.workers();
  expect(await stringCodeInWorker(worker)).toBe('blocked');
  await context.setOffline(false);
});

test('a new build replaces the old one: its cache installs, takes over, and the old cache is deleted', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cnnlab-site-'));
  cpSync('build/site', dir, { recursive: true });
  const server = await serveStatic(dir);
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    const problems = await openPage(page, server.url);
    const [first] = await installed(page);
    expect(first).toMatch(/ [0-9a-f]{16}$/);

    // The next build: one file changed, sw.js rebuilt from its source.
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('<title>CNN Lab</title>', '<title>CNN Lab, next build</title>'));
    cpSync('web/sw.js', join(dir, 'sw.js'));
    execFileSync('node', ['web/tools/make-sw.mjs', dir]);
    await page.reload();  // the browser checks sw.js on navigation and finds the new one
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('cnnlab '))), { timeout: 30_000 })
      .toEqual([expect.not.stringContaining(first.split(' ').at(-1))]);
    await page.reload();
    await expect(page).toHaveTitle('CNN Lab, next build');
    await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
