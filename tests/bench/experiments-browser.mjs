// experiments-browser.mjs — times the one-click experiments in headless Chromium (the engine's
// WASM SIMD build on the page's thread, as the worker runs it), on the built demo sets.
// Usage: node tests/bench/experiments-browser.mjs [--demo apples-flowers,shapes,fashion] [--exp fit,cnn-vs-fc,regularization]
// Prints wall-clock seconds and the CPU seconds Chromium's processes used (on a busy shared
// machine the CPU time is what an idle machine's wall-clock time would be).
// Files are served from the checkout by request interception (no TCP port): /build/site/… and
// /web/…, /tests/bench/… for the experiment code itself.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT } from '../node/helpers.mjs';
import { EXPERIMENTS } from '../../web/experiments.js';

const ORIGIN = 'http://cnnlab.bench';
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const demoIds = option('demo', 'apples-flowers,shapes,fashion').split(',');
const experimentIds = option('exp', Object.keys(EXPERIMENTS).join(',')).split(',');
// CPU seconds of a process and its descendants (utime + stime from /proc, 100 ticks a second):
// what the experiment costs whatever else the shared machine is doing.
function treeCpuSeconds(root) {
  const stats = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return [];  // the process ended while we looked
    }
  });
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of stats) if (!inTree.has(p.pid) && inTree.has(p.ppid)) grew = inTree.add(p.pid) && true;
  }
  return stats.filter((p) => inTree.has(p.pid)).reduce((a, p) => a + p.ticks, 0) / 100;
}

// Chromium runs as children of this process: their CPU time is the tree's minus our own.
const chromiumCpu = () => treeCpuSeconds(process.pid) - (process.cpuUsage().user + process.cpuUsage().system) / 1e6;

const browser = await chromium.launch({ executablePath: process.env.CNNLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' });
    const file = path.join(ROOT, decodeURIComponent(url.pathname));
    if (!file.startsWith(ROOT) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
  });
  page.on('console', (m) => console.log(m.text()));
  await page.goto(`${ORIGIN}/`);
  console.log(await page.evaluate(() => navigator.userAgent));
  for (const demoId of demoIds) {
    for (const id of experimentIds) {
      const cpu0 = chromiumCpu();
      const result = await page.evaluate(
        async ({ demoId, id }) => {
          const { default: createCnnLab } = await import('/build/site/engine/cnnlab.js');
          const { loadDemoSet } = await import('/web/demos.js');
          const { EXPERIMENTS, conclude } = await import('/web/experiments.js');
          const { runExperiment } = await import('/tests/bench/experiments-core.mjs');
          const lab = await createCnnLab();
          const demo = await loadDemoSet(fetch, demoId, '/build/site/demo/');
          const t0 = performance.now();
          const rows = runExperiment(lab, demo, EXPERIMENTS[id], {
            onRow: (r) => console.log(`  ${demoId} ${id} ${r.name} seed ${r.seed}: train ${(100 * r.trainAcc).toFixed(1)} val ${(100 * r.valAcc).toFixed(1)} ${r.seconds.toFixed(1)} s`),
          });
          const seconds = (performance.now() - t0) / 1000;
          return { seconds, conclusion: conclude(id, rows, { classCount: demo.meta.classes.length }) };
        },
        { demoId, id },
      );
      const cpu = chromiumCpu() - cpu0;
      console.log(`${demoId} ${id}: ${result.seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU in Chromium → ${result.conclusion.key} ${JSON.stringify(result.conclusion.params)}`);
    }
  }
} finally {
  await browser.close();
}
