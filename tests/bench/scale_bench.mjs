// scale_bench.mjs — ./build.sh bench scale: 500 photos of 12 megapixels added to the page in
// Chromium (decoded in the worker), as a learner would pick them. Reports the time, the tab's peak
// memory (the renderer process, which holds the page and its engine worker), the longest
// main-thread task, how often the progress bar moved, then one training epoch and a reload that
// brings the 500 back from the browser's storage.
// Usage: node tests/bench/scale_bench.mjs [COUNT] [DISTINCT]  (defaults 500, 50: the photos are
// DISTINCT different images, each under COUNT / DISTINCT names; decoding costs the same).
// CNNLAB_SITE_DIR serves another build of the site (default build/site).
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '../e2e/static-server.mjs';

const COUNT = Number(process.argv[2] ?? 500);
const DISTINCT = Math.min(COUNT, Number(process.argv[3] ?? 50));
const ROOT = new URL('../..', import.meta.url).pathname;
const DIR = join(ROOT, 'build/bench/photos-12mp');
const TOOL = join(ROOT, 'build/bench/make_photos');
const SRC = join(ROOT, 'tests/bench/photos/make_photos.cpp');

function photos() {
  mkdirSync(join(DIR, 'all'), { recursive: true });
  if (!existsSync(TOOL) || statSync(TOOL).mtimeMs < statSync(SRC).mtimeMs) {
    execFileSync('g++', ['-O2', '-isystem', '/usr/include/stb', '-o', TOOL, SRC]);
  }
  const distinct = (i) => join(DIR, `photo-${String(i).padStart(4, '0')}.jpg`);
  if (!existsSync(distinct(DISTINCT - 1))) {
    console.log(`generating ${DISTINCT} JPEGs of 4000×3000 …`);
    execFileSync(TOOL, [DIR, String(DISTINCT)]);
  }
  const files = [];
  for (let i = 0; i < COUNT; i++) {
    const name = join(DIR, 'all', `img-${String(i).padStart(4, '0')}.jpg`);
    if (!existsSync(name)) linkSync(distinct(i % DISTINCT), name);
    files.push(name);
  }
  return files;
}

// Resident memory of every renderer process under the browser (KiB → MB), the largest one.
function rendererMb(browserPid) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  let max = 0;
  const visit = (pid) => {
    for (const child of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=renderer')) {
          const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child}/status`, 'utf8'))?.[1] ?? 0);
          max = Math.max(max, kb / 1024);
        }
      } catch {
        // gone
      }
      visit(child);
    }
  };
  visit(browserPid);
  return max;
}

async function main() {
  const files = photos();
  const bytes = files.slice(0, DISTINCT).reduce((n, f) => n + statSync(f).size, 0) / DISTINCT;
  const site = await serveStatic(process.env.CNNLAB_SITE_DIR ?? join(ROOT, 'build/site'));
  const server = await chromium.launchServer({ executablePath: process.env.CNNLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const pid = server.process().pid;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rendererMb(pid))), 200);
  const browser = await chromium.connect(server.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 120_000 });
  const idleMb = rendererMb(pid);
  await page.evaluate(() => {
    window.benchLongest = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (window.benchLongest = Math.max(window.benchLongest, e.duration))))
      .observe({ type: 'longtask' });
    window.benchProgress = new Set();
    const bar = document.getElementById('data-progress');
    new MutationObserver(() => window.benchProgress.add(bar.value)).observe(bar, { attributes: true });
    setInterval(() => !bar.hidden && window.benchProgress.add(bar.value), 100);
  });
  const half = Math.ceil(COUNT / 2);
  const t0 = performance.now();
  for (const [i, group] of [files.slice(0, half), files.slice(half)].entries()) {
    await page.getByTestId(`class-files-${i}`).setInputFiles(group);
    await page.locator('#data-summary').filter({ hasText: new RegExp(`^${i === 0 ? half : COUNT} `) }).waitFor({ timeout: 1_800_000 });
  }
  const seconds = (performance.now() - t0) / 1000;
  const { longest, steps } = await page.evaluate(() => ({ longest: window.benchLongest, steps: window.benchProgress.size }));
  const refused = await page.locator('#refusals li').count();

  await page.locator('#hp-epochs').fill('1');
  await page.locator('#hp-epochs').press('Tab');
  const t1 = performance.now();
  await page.getByTestId('train').click();
  await page.locator('#training[data-phase="done"]').waitFor({ timeout: 600_000 });
  const trainSeconds = (performance.now() - t1) / 1000;
  // Kept in the browser: wait until all photos are stored, then reload and time their return.
  const storedCount = () => page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('cnnlab');
    open.onsuccess = () => {
      const count = open.result.transaction('photos').objectStore('photos').count();
      count.onsuccess = () => {
        open.result.close();
        resolve(count.result);
      };
    };
  }));
  for (let i = 0; i < 600 && (await storedCount()) !== COUNT; i++) await page.waitForTimeout(200);
  const t2 = performance.now();
  await page.reload();
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 300_000 });
  await page.locator('#data-summary').filter({ hasText: new RegExp(`^${COUNT} `) }).waitFor();
  const reloadSeconds = (performance.now() - t2) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rendererMb(pid));
  await browser.close();
  await server.close();
  await site.close();

  console.log(`scale: ${COUNT} photos of 12 MP (4000×3000 JPEG, ${(bytes / 1048576).toFixed(1)} MB each, ${DISTINCT} distinct) added in ${seconds.toFixed(1)} s `
    + `(${(COUNT / seconds).toFixed(1)} photos/s, ${(seconds / COUNT * 1000).toFixed(0)} ms each), ${refused} refused`);
  console.log(`scale: tab peak memory (renderer RSS, page + engine worker) ${peak.toFixed(0)} MB (${idleMb.toFixed(0)} MB before adding); `
    + `longest main-thread task ${longest.toFixed(0)} ms; progress bar showed ${steps} values`);
  console.log(`scale: one epoch on the ${COUNT} photos (lecture CNN, 3×32×32) ${trainSeconds.toFixed(1)} s; reload with all ${COUNT} back from storage ${reloadSeconds.toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
