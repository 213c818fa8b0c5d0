// tests/e2e/helpers.mjs — shared set-up for the page tests: real photo fixtures, console watching,
// waiting for the engine, and screenshots kept as artifacts.
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const OPENCV = '/usr/share/doc/opencv-doc/examples/data';

// Real colour photos from Debian packages (python3-skimage, opencv-doc), two loose "classes".
export const PHOTOS = {
  animals: [`${SKIMAGE}/chelsea.png`, `${OPENCV}/baboon.jpg`, `${OPENCV}/HappyFish.jpg`, `${OPENCV}/butterfly.jpg`],
  objects: [`${SKIMAGE}/coffee.png`, `${SKIMAGE}/rocket.jpg`, `${OPENCV}/apple.jpg`, `${OPENCV}/building.jpg`],
  unseen: `${SKIMAGE}/astronaut.png`,
  truncated: `${SKIMAGE}/truncated.jpg`,
};

export const SHOTS = 'build/e2e/screenshots';

// Opens the page and fails the test on any console error or uncaught exception.
export async function openPage(page, path = './') {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(path);
  await expect(page.locator('#engine-status')).toHaveAttribute('data-state', 'ready');
  return problems;
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// The epoch counter's number once training has finished (phase done or stopped).
export async function waitForTrainingEnd(page, timeout = 90_000) {
  await expect(page.locator('#training')).toHaveAttribute('data-phase', /^(done|stopped)$/, { timeout });
}

export async function setEpochs(page, n) {
  await page.locator('#hp-epochs').fill(String(n));
  await page.locator('#hp-epochs').press('Tab');
}

// A built-in demo set by id (default: Fashion-MNIST, 600 grey photos of 4 classes); the colour
// sets are apples-flowers (1,000 photos, the one "Start with the demo photos" loads) and shapes (1,200).
export const DEMO_COUNTS = { fashion: 600, 'apples-flowers': 1000, shapes: 1200 };
export async function loadDemo(page, id = 'fashion') {
  await page.getByTestId(`demo-${id}`).click();
  await expect(page.locator('#data-summary')).toContainText(String(DEMO_COUNTS[id]));
  await expect(page.getByTestId('add-class')).toBeEnabled();
}

// A demo set loaded and trained for `epochs`, to the end of the run.
export async function trainDemo(page, { epochs, id = 'fashion' }) {
  await loadDemo(page, id);
  await setEpochs(page, epochs);
  await page.getByTestId('train').click();
  await waitForTrainingEnd(page);
}

// Probabilities from the classify panel, as numbers.
export async function readProbs(page) {
  return page.getByTestId('prediction-probs').locator('li').evaluateAll((items) =>
    items.map((li) => ({ cls: li.dataset.class, p: Number(li.dataset.prob) })));
}
