// hostile-input.test.mjs — deeply nested JSON, forged model files and cut images reach the WASM
// engine through every entry point as thrown Errors (never a RangeError or an abort), and each
// refusal leaves the heap where it was.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { LECTURE_SPEC, loadLab, photo } from './helpers.mjs';

let lab;
before(async () => {
  lab = await loadLab();
});

const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);
const deepSpec = (depth) => JSON.stringify({ ...LECTURE_SPEC, extra: 0 }).replace('"extra":0', `"extra":${nested(depth)}`);

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

// A sealed model file (magic, version 1, lengths, header, weights, CRC-32) around `header` text.
function forge(header, weights = new Uint8Array(0)) {
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(24 + text.length + weights.length + 4);
  const view = new DataView(out.buffer);
  out.set([0x43, 0x4e, 0x4e, 0x4c, 0x41, 0x42, 0x00, 0x1a]);
  view.setUint32(8, 1, true);
  view.setUint32(12, text.length, true);
  view.setUint32(16, weights.length, true);
  out.set(text, 24);
  out.set(weights, 24 + text.length);
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function refusedWith(fn, pattern) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error && !(err instanceof RangeError), `${err}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('JSON nested 8,000 and 100,000 deep is refused at every entry point', () => {
  for (const depth of [8000, 100000]) {
    refusedWith(() => new lab.Network(deepSpec(depth), 1), /^model spec nests lists or objects more than 64 levels deep/);
    refusedWith(() => lab.Network.load(forge(`{"format":"cnnlab-model","spec":${nested(depth)}}`)),
      /^model file header nests lists or objects more than 64 levels deep/);
    const net = new lab.Network(LECTURE_SPEC, 1);
    const set = new lab.Dataset(3, 32, 32, ['a', 'b']);
    try {
      refusedWith(() => net.setOptimizer(`{"lr":${nested(depth)}}`), /^optimizer settings nests/);
      refusedWith(() => new lab.Trainer(net, set, null, `{"epochs":${nested(depth)}}`), /^trainer config nests/);
    } finally {
      set.delete();
      net.delete();
    }
  }
  // Moderate nesting is not refused for its depth.
  try {
    new lab.Network(deepSpec(10), 1).delete();
  } catch (err) {
    assert.doesNotMatch(err.message, /nests/);
  }
});

test('a model file declaring a huge layer without its weights is refused before it is built', () => {
  const spec = { input: { channels: 3, height: 64, width: 64 }, classes: ['a', 'b'],
    layers: [{ type: 'flatten' }, { type: 'dense', units: 21845 }, { type: 'dense', units: 2 }] };
  const header = JSON.stringify({ format: 'cnnlab-model', spec, classes: ['a', 'b'],
    input: spec.input, weights: [] });
  refusedWith(() => lab.Network.load(forge(header, new Uint8Array(138000))),
    /^model file: its spec needs at least 268496897 weights but the file holds 34500/);
});

test('cut images are refused, and a top-down BMP decodes', () => {
  const png = photo('chelsea.png');
  refusedWith(() => lab.decodeImage(png.subarray(0, png.length / 2), 3, 8, 8), /^truncated PNG image/);
  // A 2×2 top-down 24-bit BMP: red, green / blue, white.
  const bmp = new Uint8Array(54 + 16);
  const v = new DataView(bmp.buffer);
  bmp.set([0x42, 0x4d]);
  v.setUint32(2, bmp.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, 2, true);
  v.setInt32(22, -2, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  bmp.set([0, 0, 255, 0, 255, 0, 0, 0], 54);  // B,G,R red; green; 2 bytes padding
  bmp.set([255, 0, 0, 255, 255, 255, 0, 0], 62);  // blue; white; padding
  const chw = lab.decodeImage(bmp, 3, 2, 2);
  assert.deepEqual(Array.from(chw), [1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
  refusedWith(() => lab.decodeImage(bmp.subarray(0, 60), 3, 2, 2), /^truncated BMP image/);
});

test('refusals of hostile input leave the heap where it was', () => {
  const png = photo('chelsea.png');
  const cut = png.subarray(0, png.length / 2);
  const deep = deepSpec(100000);
  const header = forge(`{"format":"cnnlab-model","spec":${nested(1000)}}`);
  const once = () => {
    assert.throws(() => new lab.Network(deep, 1));
    assert.throws(() => lab.Network.load(header));
    assert.throws(() => lab.decodeImage(cut, 3, 32, 32));
  };
  once();  // warm-up: first calls allocate lasting runtime state
  const start = lab.heapInUse();
  for (let i = 0; i < 50; i++) once();
  const grown = lab.heapInUse() - start;
  assert.ok(grown <= 4096, `${grown} bytes still in use after 150 refusals`);
});
