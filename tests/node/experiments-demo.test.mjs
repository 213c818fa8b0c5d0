// experiments-demo.test.mjs — the colour demo generator (deterministic, balanced, held-out apart
// from training, colour no clue to the class), the built demo files and web/demos.js's loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';
import { COLOUR_SETS, generate, buildColourSet, SIZE } from '../../web/tools/colour-demo.mjs';
import { loadDemoIndex, loadDemoSet } from '../../web/demos.js';
import { fileFetch } from '../bench/experiments.mjs';

const DEMO_DIR = path.join(ROOT, 'build/site/demo');
const IMAGE = 3 * SIZE * SIZE;

// Each shipped set is drawn once for all the tests below (about a second each).
const drawn = new Map();
function built(id) {
  if (!drawn.has(id)) drawn.set(id, buildColourSet(id));
  return drawn.get(id);
}

test('generator: the same seed gives the same bytes, another seed other bytes, any prefix is the same', () => {
  for (const id of Object.keys(COLOUR_SETS)) {
    const a = generate(id, 12, 7);
    const b = generate(id, 12, 7);
    assert.deepEqual(a.labels, b.labels);
    assert.ok(Buffer.from(a.pixels).equals(Buffer.from(b.pixels)), `${id}: seed 7 twice gave different pixels`);
    const other = generate(id, 12, 8);
    for (let n = 0; n < 12; n++) {
      assert.ok(!Buffer.from(a.pixels.subarray(n * IMAGE, (n + 1) * IMAGE)).equals(Buffer.from(other.pixels.subarray(n * IMAGE, (n + 1) * IMAGE))),
        `${id}: image ${n} is the same under seeds 7 and 8`);
    }
    const prefix = generate(id, 5, 7);
    assert.ok(Buffer.from(prefix.pixels).equals(Buffer.from(a.pixels.subarray(0, 5 * IMAGE))), `${id}: a 5-image set is not the prefix of a 12-image one`);
  }
});

test('generator: classes balanced in training and held-out parts; held-out images are not training images', () => {
  for (const id of Object.keys(COLOUR_SETS)) {
    const { set, train, heldout } = built(id);
    const k = set.classes.length;
    const count = (labels) => labels.reduce((c, l) => ((c[l] += 1), c), new Array(k).fill(0));
    assert.deepEqual(count(train.labels), new Array(k).fill(set.perClass), `${id}: training classes`);
    assert.deepEqual(count(heldout.labels), new Array(k).fill(set.heldoutPerClass), `${id}: held-out classes`);
    assert.equal(train.pixels.length, train.labels.length * IMAGE);
    // Not just no exact copy: every held-out image differs from every training image by a mean of
    // several grey levels per value (a near-copy would sit close to 0).
    for (let h = 0; h < heldout.labels.length; h++) {
      const x = heldout.pixels.subarray(h * IMAGE, (h + 1) * IMAGE);
      let nearest = Infinity;
      for (let n = 0; n < train.labels.length; n++) {
        const y = train.pixels.subarray(n * IMAGE, (n + 1) * IMAGE);
        let d = 0;
        for (let i = 0; i < IMAGE; i++) d += Math.abs(x[i] - y[i]);
        nearest = Math.min(nearest, d / IMAGE);
      }
      assert.ok(nearest > 10, `${id}: held-out image ${h} is a near copy of a training image (mean difference ${nearest.toFixed(1)})`);
    }
  }
});

// Effect size (Cohen's d) of the class means of per-image mean values: how far apart the classes
// sit, in standard deviations of one image. A first generator, with a linear random generator
// seeded by image index, had brightness d 0.23–0.32 by class (the class leaked into the
// background); now 0.07–0.10 (per channel ≤ 0.17).
function effectSize(perImage, labels, k) {
  const groups = Array.from({ length: k }, () => []);
  perImage.forEach((v, n) => groups[labels[n]].push(v));
  const means = groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const pooled = Math.sqrt(groups.reduce((a, g, j) => a + g.reduce((b, v) => b + (v - means[j]) ** 2, 0), 0) / (perImage.length - k));
  return (Math.max(...means) - Math.min(...means)) / pooled;
}

test('generator: colour and brightness give no class away', () => {
  for (const id of Object.keys(COLOUR_SETS)) {
    const { set, train } = built(id);
    const plane = SIZE * SIZE;
    const channelMean = (n, c) => {
      let s = 0;
      for (let i = 0; i < plane; i++) s += train.pixels[n * IMAGE + c * plane + i];
      return s / plane;
    };
    const channels = [0, 1, 2].map((c) => train.labels.map((_, n) => channelMean(n, c)));
    const brightness = train.labels.map((_, n) => (channels[0][n] + channels[1][n] + channels[2][n]) / 3);
    const k = set.classes.length;
    const d = effectSize(brightness, train.labels, k);
    assert.ok(d < 0.15, `${id}: mean brightness differs by class (d = ${d.toFixed(3)})`);
    channels.forEach((values, c) => {
      const dc = effectSize(values, train.labels, k);
      assert.ok(dc < 0.25, `${id}: channel ${c} differs by class (d = ${dc.toFixed(3)})`);
    });
  }
});

test('generator: a set that does not exist or a bad count is refused by name', () => {
  assert.throws(() => generate('ants', 4, 1), /colour demo "ants" does not exist \(have: apples-flowers, shapes\)/);
  assert.throws(() => generate('shapes', -1, 1), /count must be a whole number/);
});

test('built site: index.json lists every demo, each loads with its held-out samples and matches the generator', async () => {
  const fetchFn = fileFetch(DEMO_DIR);
  const index = await loadDemoIndex(fetchFn, '');
  assert.deepEqual(index.map((d) => d.id), ['apples-flowers', 'shapes', 'fashion']);
  for (const entry of index) {
    for (const lang of ['en', 'zh']) {
      assert.ok(entry.name[lang] && entry.description[lang], `${entry.id}: no ${lang} name or description`);
    }
    const demo = await loadDemoSet(fetchFn, entry.id, '');
    assert.ok(demo.heldout.count >= 2 * demo.meta.classes.length, `${entry.id}: ${demo.heldout.count} held-out samples`);
    assert.equal(demo.heldout.start, demo.train.count);
    for (const c of demo.meta.classes) assert.ok(c.en && c.zh, `${entry.id}: a class without both names`);
    if (COLOUR_SETS[entry.id]) {
      const { train, heldout } = built(entry.id);
      assert.ok(Buffer.from(demo.pixels.subarray(0, train.pixels.length)).equals(Buffer.from(train.pixels)), `${entry.id}: shipped training pixels differ`);
      assert.ok(Buffer.from(demo.image(demo.heldout.start)).equals(Buffer.from(heldout.pixels.subarray(0, IMAGE))), `${entry.id}: shipped held-out pixels differ`);
      assert.deepEqual(demo.heldout.labels, heldout.labels);
    }
  }
});

test('demos.js: an unknown id and a file of the wrong size are refused by name', async () => {
  const files = {
    'demo/index.json': JSON.stringify([{ id: 'x', name: {}, description: {}, file: 'x.bin', meta: 'x.json' }]),
    'demo/x.json': JSON.stringify({ id: 'x', channels: 1, height: 2, width: 2, classes: [{ en: 'a' }, { en: 'b' }], labels: [0, 1], heldout: { labels: [1] } }),
    'demo/x.bin': new Uint8Array(11),
  };
  const fetchFn = async (p) =>
    p in files
      ? { ok: true, json: async () => JSON.parse(files[p]), arrayBuffer: async () => files[p].buffer }
      : { ok: false, status: 404 };
  await assert.rejects(loadDemoSet(fetchFn, 'y'), /demo set "y" is not in demo\/index.json \(have: x\)/);
  await assert.rejects(loadDemoSet(fetchFn, 'x'), /demo\/x.bin: 11 bytes, expected 12 \(2 training \+ 1 held-out images of 1×2×2\)/);
  files['demo/x.bin'] = new Uint8Array(12);
  const demo = await loadDemoSet(fetchFn, 'x');
  assert.deepEqual({ train: demo.train, heldout: demo.heldout }, { train: { labels: [0, 1], count: 2 }, heldout: { labels: [1], start: 2, count: 1 } });
  delete files['demo/x.json'];
  await assert.rejects(loadDemoSet(fetchFn, 'x'), /demo\/x.json: HTTP 404/);
});
