// threads.spec.mjs — the threaded engine: sw.js makes the page cross-origin isolated on a plain
// static server, the engine worker then runs engine-mt/ on every core, and a seed trains to the
// same bits there as with the single-threaded engine of a page without isolation.
import { expect, test } from '@playwright/test';

const SPEC = {
  input: { channels: 1, height: 16, width: 16 },
  classes: ['a', 'b', 'c'],
  layers: [
    // 5×5 at stride 1: predict runs it through the row Winograd kernel (cpp/kernels/winograd_row.*).
    { type: 'conv2d', filters: 8, kernel: 5, padding: 2 }, { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 12, kernel: 3, stride: 2, padding: 1 }, { type: 'relu' },
    { type: 'flatten' }, { type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dropout', rate: 0.2 },
    { type: 'dense', units: 3 },
  ],
};

// Trains through the page's own worker protocol (the page's engine selection included) on seeded
// pixels; returns the engine info, every epoch's metrics (not the seconds) and the final weights.
function trainInPage(page) {
  return page.evaluate(async (spec) => {
    const { EngineClient, Req } = await import('./protocol.js');
    const client = new EngineClient();
    try {
      const info = await client.request(Req.init);
      let s = 7;
      const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
      const n = 120, size = 16 * 16, pixels = new Uint8Array(n * size), labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = i % 3;
        for (let j = 0; j < size; j++) pixels[i * size + j] = Math.floor(85 * (labels[i] + random()));
      }
      const { ids } = await client.request(Req.addPixels, { channels: 1, height: 16, width: 16, pixels, labels });
      const run = await client.request(Req.train, { spec, config: { epochs: 3, batchSize: 20, valSplit: 0.25, seed: 3, augment: ['flip', 'crop'] } });
      const { weights } = await client.request(Req.weights);
      // Inference of every stored image in one batch (the threaded engine splits it between threads).
      const { predictions } = await client.request(Req.predict, { ids });
      return {
        info,
        probs: predictions.map((p) => Array.from(p.probs)),
        history: run.history.map(({ seconds, ...metrics }) => metrics),
        weights: weights.map((w) => ({ name: w.name, data: Array.from(w.data) })),
      };
    } finally {
      client.worker.terminate();
    }
  }, SPEC);
}

// The first visit registers sw.js; from the next page load on the page is isolated.
async function openIsolated(page) {
  await page.goto('./');
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)).catch(() => false), { timeout: 30_000 })
    .toBe(true);
  await page.reload();
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
}

test.describe('threads', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the service worker isolates the page, the threaded engine runs, and trains to the same bits as the single-threaded one', async ({ page, browser }, info) => {
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await openIsolated(page);
    const threaded = await trainInPage(page);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(threaded.info.threads).toBe(Math.min(8, cores));
    if (cores > 1) expect(threaded.info.threads).toBeGreaterThan(1);

    const plain = await browser.newContext({ serviceWorkers: 'block', baseURL: info.project.use.baseURL });
    try {
      const page1 = await plain.newPage();
      await page1.goto('./');
      expect(await page1.evaluate(() => window.crossOriginIsolated)).toBe(false);
      const single = await trainInPage(page1);
      expect(single.info.threads).toBe(1);
      expect(threaded.history.length).toBe(3);
      expect(threaded.history).toEqual(single.history);
      expect(threaded.weights).toEqual(single.weights);
      // The trained net's predictions agree too, each image's to 1e-6.
      expect(threaded.probs.length).toBe(120);
      const worst = Math.max(...threaded.probs.flatMap((row, i) => row.map((p, k) => Math.abs(p - single.probs[i][k]))));
      expect(worst).toBeLessThan(1e-6);
    } finally {
      await plain.close();
    }
    expect(problems).toEqual([]);
  });
});
