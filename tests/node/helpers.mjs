// helpers.mjs — loads the built WASM engine in Node and holds the fixtures the Node tests share.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The shipped module by default; CNNLAB_ENGINE_DIR points elsewhere (e.g. a private build).
export const ENGINE_DIR = path.resolve(process.env.CNNLAB_ENGINE_DIR ?? path.join(ROOT, 'build/site/engine'));
export const NATIVE_DIR = path.resolve(process.env.CNNLAB_NATIVE_DIR ?? path.join(ROOT, 'build/native'));
export const PHOTO_DIR = '/usr/lib/python3/dist-packages/skimage/data';

// Emscripten 3.1.6's ES-module output still calls require() and reads __dirname under Node, and
// would fetch() the .wasm by path: give it both globals and hand it the bytes.
export async function loadLab(dir = ENGINE_DIR) {
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= dir;
  const { default: createCnnLab } = await import(pathToFileURL(path.join(dir, 'cnnlab.js')).href);
  return createCnnLab({ wasmBinary: fs.readFileSync(path.join(dir, 'cnnlab.wasm')) });
}

// The lecture's CNN on 32×32 colour photos, two classes.
export const LECTURE_SPEC = {
  input: { channels: 3, height: 32, width: 32 },
  classes: ['ants', 'bees'],
  layers: [
    { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'conv2d', filters: 32, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 64 },
    { type: 'relu' },
    { type: 'dense', units: 2 },
  ],
};

// Deterministic values in [lo, hi) (a 32-bit LCG), so tests need no stored fixtures.
export function pseudoRandom(n, seed = 1, lo = 0, hi = 1) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}

export function photo(name) {
  return new Uint8Array(fs.readFileSync(path.join(PHOTO_DIR, name)));
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
