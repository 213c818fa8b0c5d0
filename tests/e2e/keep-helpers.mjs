// tests/e2e/keep-helpers.mjs — shared steps of the keeping, sharing and offline tests: what the page
// has stored in IndexedDB, runs' full-precision numbers, and classifying a held-out demo sample.
import { expect } from '@playwright/test';
import { PHOTOS } from './helpers.mjs';

// What the page has written to its database (only call once the page has opened it).
export function stored(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('cnnlab');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) {
        db.close();
        resolve(null);
        return;
      }
      const tx = db.transaction(['meta', 'photos']);
      const out = {};
      const meta = tx.objectStore('meta');
      tx.objectStore('photos').count().onsuccess = (e) => (out.photos = e.target.result);
      meta.get('runs').onsuccess = (e) => (out.runs = e.target.result?.length ?? 0);
      meta.get('model').onsuccess = (e) => (out.model = Boolean(e.target.result?.bytes));
      meta.get('progress').onsuccess = (e) => (out.progressEpochs = e.target.result?.history.length ?? 0);
      meta.get('settings').onsuccess = (e) => (out.classes = e.target.result?.classes ?? null);
      tx.oncomplete = () => {
        db.close();
        resolve(out);
      };
    };
  }));
}

// Every kept run's numbers as the runs list carries them (full precision).
export function runNumbers(page) {
  return page.locator('[data-testid^="run-"]').evaluateAll((items) => items.map((li) => ({
    ended: li.dataset.ended, valAcc: li.dataset.valAcc, trainAcc: li.dataset.trainAcc, trainLoss: li.dataset.trainLoss, valLoss: li.dataset.valLoss,
  })));
}

const probsShown = (page) => page.getByTestId('prediction-probs').locator('li').evaluateAll((items) => items.map((li) => Number(li.dataset.prob)));

// Classifies a photo file; → the probabilities shown (full precision).
export async function classifyFile(page, path) {
  await page.getByTestId('predict-file').setInputFiles(path);
  await expect(page.getByTestId('prediction-probs').locator('li').first()).toBeVisible();
  return probsShown(page);
}

// Classifies held-out demo sample i (a photo the demo set kept out of training); a demo set without
// held-out samples gets a photo from outside it instead. → the probabilities shown.
export async function classifySample(page, i = 0) {
  const sample = page.getByTestId(`classify-sample-${i}`);
  if (!(await sample.count())) return classifyFile(page, PHOTOS.unseen);
  await sample.click();
  await expect(page.getByTestId('prediction-label')).not.toBeEmpty();
  return probsShown(page);
}

// Reads a downloaded file's bytes.
export async function downloadBytes(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Whether the worker's own Content-Security-Policy stops code made from a string (the worker runs
// it itself, unlike DevTools evaluation, which is exempt) → 'blocked' or 'ran'.
export function stringCodeInWorker(worker) {
  return worker.evaluate(async () => {
    let violated = false;
    self.addEventListener('securitypolicyviolation', () => (violated = true), { once: true });
    delete self.cspProbe;
    setTimeout("self.cspProbe = 'ran'", 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return self.cspProbe === 'ran' ? 'ran' : violated ? 'blocked' : 'neither';
  });
}
