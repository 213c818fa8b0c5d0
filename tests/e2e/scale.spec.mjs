// tests/e2e/scale.spec.mjs — big camera photos (12 megapixels, JPEG made by the browser's own
// encoder) are decoded in the worker with a progress bar while the page stays responsive, and kept
// small (they come back after a reload). ./build.sh bench scale does the same with 500 photos and
// reports the time and the tab's memory.
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openPage } from './helpers.mjs';

const DIR = 'build/e2e/scale';

// A 4000×3000 JPEG drawn in the page: light, shapes and noise (compresses like a photo).
async function bigJpeg(page, seed) {
  const base64 = await page.evaluate(async (s) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const ctx = canvas.getContext('2d');
    const gradient = ctx.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, `hsl(${(s * 47) % 360} 60% 40%)`);
    gradient.addColorStop(1, `hsl(${(s * 47 + 120) % 360} 50% 70%)`);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 4000, 3000);
    let r = s + 1;
    const rand = () => ((r = (Math.imul(r, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < 300; i++) {
      ctx.fillStyle = `hsl(${rand() * 360} 70% ${30 + rand() * 40}% / 0.5)`;
      ctx.beginPath();
      ctx.arc(rand() * 4000, rand() * 3000, 20 + rand() * 400, 0, 2 * Math.PI);
      ctx.fill();
    }
    const noise = ctx.getImageData(0, 0, 4000, 3000);
    for (let i = 0; i < noise.data.length; i += 4) noise.data[i] += (rand() * 24) | 0;
    ctx.putImageData(noise, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, seed);
  return Buffer.from(base64, 'base64');
}

test('16 photos of 12 MP: decoded in the worker with a progress bar, no long task on the page, kept after a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const problems = await openPage(page);
  mkdirSync(DIR, { recursive: true });
  const files = [];
  for (const k of [0, 1]) {
    const jpeg = await bigJpeg(page, k);
    expect(jpeg.length).toBeGreaterThan(1_000_000);
    files.push(Array.from({ length: 8 }, (_, i) => {
      writeFileSync(`${DIR}/class${k}-${i}.jpg`, jpeg);
      return `${DIR}/class${k}-${i}.jpg`;
    }));
  }
  await page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (window.longest = Math.max(window.longest, e.duration)))).observe({ type: 'longtask' });
    const bar = document.getElementById('data-progress');
    window.progress = [];
    setInterval(() => !bar.hidden && window.progress.push(bar.value), 50);
  });
  for (const [k, group] of files.entries()) {
    await page.getByTestId(`class-files-${k}`).setInputFiles(group);
    await expect(page.locator('.class-card').nth(k).locator('.count')).toContainText('8', { timeout: 120_000 });
  }
  await expect(page.getByTestId('add-progress')).toBeHidden();
  await expect(page.locator('#data-summary')).toContainText('16');
  await expect(page.locator('#refusals')).not.toContainText('.jpg');
  const { longest, progress } = await page.evaluate(() => ({ longest: window.longest, progress: window.progress }));
  expect(progress.some((v) => v > 0 && v < 1), `the bar moved part-way: ${progress}`).toBe(true);
  expect(longest).toBeLessThan(200);
  await expect(page.locator('.class-card').nth(1).locator('.thumbs img')).toHaveCount(8);

  await page.reload();
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#data-summary')).toContainText('16');
  expect(problems).toEqual([]);
});
