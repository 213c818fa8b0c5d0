// tests/e2e/inputs.spec.mjs — the other ways photos come in (browser-decoded WebP, drag-and-drop, the
// camera), and a link that carries the settings. (The fit verdict's rules are unit-tested in
// tests/node/analysis.test.mjs and provoked for real in teach.spec.mjs.)
import { test, expect } from '@playwright/test';
import { openPage, loadDemo } from './helpers.mjs';

// A real photo re-encoded by the browser as WebP, which stb_image cannot read.
async function webpOf(page, path) {
  const base64 = await page.evaluate(async (url) => {
    // A data: URL decoded by hand: the page's CSP lets it fetch only its own origin.
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(url.split(',')[1]), (c) => c.charCodeAt(0))]));
    const canvas = new OffscreenCanvas(96, 64);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, 96, 64);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/webp' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  }, path);
  return Buffer.from(base64, 'base64');
}

test('a WebP photo goes through the browser decoder and is kept', async ({ page }) => {
  const problems = await openPage(page);
  // The demo's own PNG-free data is raw pixels, so a photo is made in the page from a thumbnail.
  await loadDemo(page);
  const src = await page.locator('.class-card .thumbs img').first().getAttribute('src');
  const webp = await webpOf(page, src);
  expect(webp.subarray(8, 12).toString()).toBe('WEBP');
  const count = page.locator('.class-card').nth(1).locator('.count');
  const before = parseInt(await count.textContent(), 10);
  await page.getByTestId('class-files-1').setInputFiles({ name: 'photo.webp', mimeType: 'image/webp', buffer: webp });
  await expect(count).toContainText(String(before + 1));
  await expect(page.locator('#refusals')).not.toContainText('photo.webp');
  expect(problems).toEqual([]);
});

test('photos dropped on a class card are added to that class', async ({ page }) => {
  const problems = await openPage(page);
  await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(40, 30);
    const ctx = canvas.getContext('2d');
    const transfer = new DataTransfer();
    for (const colour of ['#c00', '#0a0', '#00c']) {
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 40, 30);
      transfer.items.add(new File([await canvas.convertToBlob({ type: 'image/png' })], `${colour.slice(1)}.png`, { type: 'image/png' }));
    }
    document.querySelectorAll('.class-card')[1].dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('.class-card').nth(1).locator('.count')).toContainText('3');
  await expect(page.locator('.class-card').nth(0).locator('.count')).toContainText('0');
  expect(problems).toEqual([]);
});

test('a dropped folder of class folders is grouped by sub-folder (ImageFolder layout)', async ({ page }) => {
  await openPage(page);
  const groups = await page.evaluate(async () => {
    const { filesFromDrop } = await import('./views/drop.js');
    // Stand-ins for the browser's FileSystemEntry objects of a drop: hymenoptera/{ants,bees}/…
    const file = (name) => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File(['x'], name)) });
    const dir = (name, children) => {
      let read = false;
      return { isFile: false, isDirectory: true, name, createReader: () => ({ readEntries: (ok) => { ok(read ? [] : children); read = true; } }) };
    };
    const root = dir('hymenoptera', [dir('ants', [file('a1.jpg'), file('a2.jpg'), dir('more', [file('a3.jpg')])]),
      dir('bees', [file('b1.jpg'), file('.DS_Store')]), file('README.txt')]);
    const transfer = { items: [{ kind: 'file', webkitGetAsEntry: () => root }, { kind: 'file', webkitGetAsEntry: () => file('loose.png') }] };
    return (await filesFromDrop(transfer)).map((g) => [g.folder, g.files.map((f) => f.name).sort()]);
  });
  expect(groups).toEqual([
    ['ants', ['a1.jpg', 'a2.jpg', 'a3.jpg']],
    ['bees', ['b1.jpg']],
    ['hymenoptera', ['README.txt']],
    [null, ['loose.png']],
  ]);
});

test('the camera (Chromium fake device) snaps photos into a class', async ({ page }) => {
  const problems = await openPage(page);
  await page.locator('.class-card').nth(0).locator('button.camera').click();
  const dialog = page.locator('#camera-dialog');
  await expect(dialog).toBeVisible();
  await expect.poll(() => page.locator('#camera-video').evaluate((v) => v.videoWidth)).toBeGreaterThan(0);
  await page.locator('#camera-snap').click();
  await page.locator('#camera-snap').click();
  await expect(page.locator('.class-card').nth(0).locator('.count')).toContainText('2');
  await page.locator('#camera-close').click();
  await expect(dialog).toBeHidden();
  expect(problems).toEqual([]);
});

test('a link carries the settings: classes, input size, epochs, seed', async ({ page }) => {
  const problems = await openPage(page, './#classes=cats|dogs|birds&in=1x28&epochs=7&seed=9&optimizer=sgd');
  await expect(page.getByTestId('class-name-2')).toHaveValue('birds');
  await expect(page.locator('#hp-epochs')).toHaveValue('7');
  await expect(page.locator('#hp-seed')).toHaveValue('9');
  await expect(page.locator('#hp-optimizer')).toHaveValue('sgd');
  await expect(page.locator('#model-editor .input-shape')).toHaveValue('1x28');
  await page.locator('#hp-lr').fill('0.01');
  await page.locator('#hp-lr').press('Tab');
  await expect(page).toHaveURL(/lr=0\.01/);
  expect(problems).toEqual([]);
});
