// bundle.test.mjs — the class bundle file (web/bundle.js) and the snapshot checks it shares with the
// browser storage (web/snapshot.js): round trip, and every way a file is refused before anything is
// allocated or replaced.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BUNDLE_VERSION, BundleError, crc32, decodeBundle, encodeBundle } from '../../web/bundle.js';
import { checkSnapshot, SnapshotError } from '../../web/snapshot.js';
import { defaultSettings } from '../../web/state.js';
import { makeRun } from '../../web/runs.js';

const settings = { ...defaultSettings(['cats', '咖啡']), demo: 'fashion', experiment: 'fit' };
const pixels = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const history = [{ epoch: 1, trainLoss: 0.7, trainAcc: 0.5, valLoss: 0.69, valAcc: 0.5, lr: 0.001, seconds: 0.1 },
  { epoch: 2, trainLoss: 0.5123456789, trainAcc: 0.75, valLoss: null, valAcc: null, lr: 0.001, seconds: 0.1 }];
const run = makeRun({ id: 3, settings, history, batches: [{ x: 0.5, loss: 0.7, raw: 0.71 }], trainCount: 8, valCount: 2, ended: 'done' });

function lab() {
  return {
    settings,
    photos: [
      { key: 1, classIndex: 0, name: 'a.jpg', shape: { channels: 3, height: 96, width: 96 }, pixels: pixels(3 * 96 * 96, 1) },
      { key: 5, classIndex: 1, name: '杯子.png', shape: { channels: 1, height: 28, width: 28 }, pixels: pixels(784, 2) },
    ],
    samples: [{ index: 0, classIndex: 1, name: 'held-1.png', shape: { channels: 1, height: 28, width: 28 }, pixels: pixels(784, 3) }],
    runs: [run],
    trained: { runId: 3, settings, imported: false },
    model: pixels(1000, 4).buffer,
  };
}

// A bundle with its header replaced (and its checksum made right again): a well-formed lie.
function withHeader(bytes, edit) {
  const view = new DataView(bytes.buffer);
  const h = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + h)));
  const text = new TextEncoder().encode(JSON.stringify(edit(header)));
  const out = new Uint8Array(bytes.length - h + text.length);
  out.set(bytes.subarray(0, 16));
  new DataView(out.buffer).setUint32(12, text.length, true);
  out.set(text, 16);
  out.set(bytes.subarray(16 + h), 16 + text.length);
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

const refused = (bytes, key, detail) => assert.throws(() => decodeBundle(bytes), (err) => {
  assert.ok(err instanceof BundleError, `a BundleError, got ${err}`);
  assert.equal(err.key, key);
  if (detail) assert.match(err.message, detail);
  return true;
});

test('crc32 is the standard CRC-32', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('a bundle round-trips every photo, sample, run, setting and the model bytes', () => {
  const before = lab();
  const bytes = encodeBundle(before, { app: '0.1.0' });
  assert.deepEqual([...bytes.subarray(0, 8)], [...new TextEncoder().encode('CNNLAB'), 0, 0x42]);
  const after = decodeBundle(bytes);
  assert.deepEqual(after.photos, before.photos);
  assert.deepEqual(after.samples, before.samples);
  assert.deepEqual(after.runs, before.runs);
  assert.equal(after.runs[0].history[1].trainLoss, 0.5123456789);
  assert.deepEqual(after.settings, before.settings);
  assert.deepEqual(new Uint8Array(after.model), new Uint8Array(before.model));
  assert.deepEqual(after.trained, { runId: 3, settings, imported: false });
});

test('a bundle without a model or runs is fine', () => {
  const empty = { ...lab(), runs: [], trained: null, model: null, samples: [] };
  const after = decodeBundle(encodeBundle(empty));
  assert.equal(after.model, null);
  assert.equal(after.photos.length, 2);
});

test('foreign files, other versions and damaged bundles are refused, each with its reason', () => {
  const good = encodeBundle(lab());
  refused(new Uint8Array(0), 'keep.bundle.notBundle');
  refused(new TextEncoder().encode('{"input": {}}'), 'keep.bundle.notBundle');
  refused(Uint8Array.from([0x43, 0x4e, 0x4e, 0x4c, 0x41, 0x42, 0, 0x1a, 1, 0, 0, 0]), 'keep.bundle.isModel');
  refused(good.subarray(0, 12), 'keep.bundle.damaged');

  const newer = good.slice();
  new DataView(newer.buffer).setUint32(8, BUNDLE_VERSION + 1, true);
  assert.throws(() => decodeBundle(newer), (err) => err.key === 'keep.bundle.version' && err.params.found === BUNDLE_VERSION + 1);

  const flipped = good.slice();
  flipped[flipped.length - 500] ^= 0x10;  // one bit of the pixels or model
  refused(flipped, 'keep.bundle.damaged', /checksum/);
  refused(good.subarray(0, good.length - 1), 'keep.bundle.damaged', /checksum/);
});

test('a bundle whose checksum is right but whose header lies is refused before allocating', () => {
  const good = encodeBundle(lab());
  refused(withHeader(good, (h) => ({ ...h, pixelBytes: 2 ** 40 })), 'keep.bundle.damaged', /pixels: the header says/);
  refused(withHeader(good, (h) => ({ ...h, photos: [{ ...h.photos[0], height: 100000 }, h.photos[1]] })), 'keep.bundle.damaged', /at most 1024/);
  refused(withHeader(good, (h) => ({ ...h, modelBytes: h.modelBytes + 1 })), 'keep.bundle.damaged', /sections/);
  refused(withHeader(good, (h) => ({ ...h, photos: [{ ...h.photos[0], classIndex: 7 }, h.photos[1]] })), 'keep.bundle.damaged', /class 7/);
  refused(withHeader(good, (h) => ({ ...h, runs: [{ ...h.runs[0], history: [{ epoch: 1, trainLoss: 'low' }] }] })), 'keep.bundle.damaged', /epoch 1/);
  refused(withHeader(good, (h) => ({ ...h, settings: { ...h.settings, classes: ['only one'] } })), 'keep.bundle.damaged', /classes/);
  refused(withHeader(good, (h) => ({ ...h, trained: null })), 'keep.bundle.damaged', /do not go together/);
  const lyingLength = good.slice();
  new DataView(lyingLength.buffer).setUint32(12, 0xfffffff0, true);
  new DataView(lyingLength.buffer).setUint32(lyingLength.length - 4, crc32(lyingLength.subarray(0, lyingLength.length - 4)), true);
  refused(lyingLength, 'keep.bundle.damaged', /header length/);
});

test('checkSnapshot makes settings safe as a link would, and names what is wrong', () => {
  const snap = lab();
  const wild = { ...snap, settings: { ...settings, hp: { ...settings.hp, lr: 99, seed: -4 }, input: { channels: 3, size: 4 } } };
  const safe = checkSnapshot(wild);
  assert.equal(safe.settings.hp.lr, 10);
  assert.equal(safe.settings.hp.seed, 0);
  assert.deepEqual(safe.settings.input, { channels: 3, size: 32 });  // 4 px is below the smallest input: the default
  assert.throws(() => checkSnapshot({ ...snap, photos: [{ ...snap.photos[0], pixels: new Uint8Array(5) }] }), (err) => err instanceof SnapshotError && /photo 1: 5 pixel values/.test(err.detail));
  assert.throws(() => checkSnapshot({ ...snap, photos: [snap.photos[0], { ...snap.photos[1], key: 1 }] }), /photo 2: bad key/);
  assert.throws(() => checkSnapshot({ ...snap, runs: [run, run] }), /share an id/);
});
