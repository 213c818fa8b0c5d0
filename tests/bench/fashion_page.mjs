// fashion_page.mjs — time to accuracy in the browser: Fashion-MNIST trained through the page's own
// worker path (protocol.js → worker/engine-worker.js → the engine) in headless Chromium, with the
// official 10,000 test images scored after every epoch. Reports the training seconds to reach
// --target test accuracy (default 0.91). Wall-clock seconds: run it on a quiet machine.
//
//   node tests/bench/fashion_page.mjs [--epochs 3] [--batch 32] [--lr 0.002] [--spec FILE]
//        [--threads] [--target 0.91] [--limit N]
// --threads serves the page cross-origin isolated, so the threaded engine runs (default: not
// isolated, the single-threaded engine, one core). --limit trains on the first N images only
// (a quick smoke run). Prints a table, then one JSON line.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.join(ROOT, 'build/site');
const DATA = '/usr/share/datasets/fashion-mnist';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const config = {
  epochs: Number(option('epochs', 3)),
  batchSize: Number(option('batch', 32)),
  lr: Number(option('lr', 0.002)),
  target: Number(option('target', 0.91)),
  limit: Number(option('limit', 0)),
  threads: args.includes('--threads'),
  spec: JSON.parse(fs.readFileSync(option('spec', path.join(ROOT, 'tests/bench/fashion_page_spec.json')), 'utf8')),
};

// IDX files: big-endian magic and sizes, then the bytes.
function readIdx(name) {
  const bytes = zlib.gunzipSync(fs.readFileSync(path.join(DATA, name)));
  const dims = bytes[3];
  return bytes.subarray(4 + 4 * dims);
}

const files = {
  '/data/train-images': readIdx('train-images-idx3-ubyte.gz'),
  '/data/train-labels': readIdx('train-labels-idx1-ubyte.gz'),
  '/data/test-images': readIdx('t10k-images-idx3-ubyte.gz'),
  '/data/test-labels': readIdx('t10k-labels-idx1-ubyte.gz'),
};

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

// build/site, plus the data set under /data/; isolation headers only with --threads.
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const headers = config.threads
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' }
    : {};
  if (files[url.pathname]) {
    res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' });
    res.end(files[url.pathname]);
    return;
  }
  const file = path.join(SITE, url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname);
  if (!file.startsWith(SITE) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: process.env.CNNLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
let result;
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(base);
  result = await page.evaluate(async (cfg) => {
    const { EngineClient, Ev, Req } = await import('./protocol.js');
    const bytes = async (name) => new Uint8Array(await (await fetch(`data/${name}`)).arrayBuffer());
    let [trainX, trainY, testX, testY] = await Promise.all(['train-images', 'train-labels', 'test-images', 'test-labels'].map(bytes));
    if (cfg.limit) {
      trainX = trainX.subarray(0, cfg.limit * 784);
      trainY = trainY.subarray(0, cfg.limit);
    }
    const client = new EngineClient();
    const info = await client.request(Req.init);
    await client.request(Req.addPixels, { channels: 1, height: 28, width: 28, pixels: trainX, labels: Int32Array.from(trainY) });
    await client.request(Req.build, { spec: cfg.spec, seed: 1 });

    const epochs = [];
    let paused = 0;  // ms spent scoring the test set between batches (training waits meanwhile)
    let testIds = null;
    const scored = [];
    const t0 = performance.now();
    client.on(Ev.epoch, (m) => {
      const at = performance.now();
      // Handled by the worker between two batches; training resumes once it has answered.
      scored.push(client.request(Req.predict, { ids: testIds }).then(({ predictions }) => {
        const took = performance.now() - at;
        let hits = 0;
        predictions.forEach((p, i) => (hits += p.ok && p.index === testY[i] ? 1 : 0));
        epochs.push({ epoch: m.epoch, seconds: (at - t0 - paused) / 1000, trainLoss: m.trainLoss, trainAcc: m.trainAcc,
          testAcc: hits / predictions.length, scoreSeconds: took / 1000 });
        paused += took;
      }));
    });
    const training = client.request(Req.train, { epochs: cfg.epochs, batchSize: cfg.batchSize, valSplit: 0, seed: 1,
      optimizer: { type: 'adam', lr: cfg.lr }, schedule: 'cosine' });
    // The test images join the store after training took its copy of the training images.
    testIds = (await client.request(Req.addPixels, { channels: 1, height: 28, width: 28, pixels: testX, labels: Int32Array.from(testY) })).ids;
    await training;
    await Promise.all(scored);
    client.worker.terminate();
    return { info, epochs };
  }, config);
} finally {
  await browser.close();
  server.close();
}

const reached = result.epochs.find((e) => e.testAcc >= config.target);
console.log(`Fashion-MNIST in headless Chromium through the page's worker, engine threads: ${result.info.threads}`);
console.log(`spec: ${config.spec.layers.map((l) => l.type + (l.filters ?? l.units ?? '')).join(' ')}; batch ${config.batchSize}, Adam lr ${config.lr}, cosine over ${config.epochs} epochs`);
console.log('epoch  train s  train acc  test acc');
for (const e of result.epochs) console.log(`${String(e.epoch).padStart(5)}  ${e.seconds.toFixed(1).padStart(7)}  ${e.trainAcc.toFixed(4).padStart(9)}  ${e.testAcc.toFixed(4).padStart(8)}`);
console.log(reached ? `reached ${config.target} test accuracy after ${reached.seconds.toFixed(1)} s of training (epoch ${reached.epoch})`
  : `did not reach ${config.target} test accuracy in ${config.epochs} epochs`);
console.log(JSON.stringify({ bench: 'fashion_page', ...config, spec: undefined, threads: result.info.threads, epochs: result.epochs,
  secondsToTarget: reached ? reached.seconds : null }));
