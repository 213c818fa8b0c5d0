// wasm_bench.mjs — WebAssembly speed in Node: the lecture CNN's trainBatch and predict (batch 32)
// and a 512×512×512 float GEMM, for the shipped SIMD build against the same engine without SIMD.
// Usage: node tests/bench/wasm_bench.mjs [SIMD_DIR] [NOSIMD_DIR] [--seconds S]
//   defaults: build/site/engine and build/wasm/nosimd (cmake --build build/wasm --target cnnlab_nosimd)
// Prints a table and, last, one JSON line with every number.
import fs from 'node:fs';
import path from 'node:path';

import { LECTURE_SPEC, ROOT, loadLab, pseudoRandom } from '../node/helpers.mjs';

const args = process.argv.slice(2);
const secondsAt = args.indexOf('--seconds');
const seconds = secondsAt >= 0 ? Number(args.splice(secondsAt, 2)[1]) : 3;
const [simdDir = path.join(ROOT, 'build/site/engine'), nosimdDir = path.join(ROOT, 'build/wasm/nosimd')] = args;
const BATCH = 32;

// Calls fn until `seconds` have passed (after 3 warm-up calls); returns calls per second.
function rate(fn) {
  for (let i = 0; i < 3; i++) fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    fn();
    calls++;
  }
  return calls / ((performance.now() - t0) / 1000);
}

async function measure(dir) {
  const lab = await loadLab(dir);
  const net = new lab.Network(LECTURE_SPEC, 1);
  net.setOptimizer({ type: 'adam', lr: 1e-3 });
  const x = pseudoRandom(BATCH * 3 * 32 * 32, 3);
  const y = Int32Array.from({ length: BATCH }, (_, i) => i % 2);
  const train = BATCH * rate(() => net.trainBatch(x, y));
  const predict = BATCH * rate(() => net.predict(x));
  net.delete();
  // A dense layer 512 → 512 on 512 samples is one 512×512×512 GEMM: 2·512³ flops.
  const n = 512;
  const gemmNet = new lab.Network({ input: { channels: n, height: 1, width: 1 }, classes: Array.from({ length: n }, (_, i) => `c${i}`),
    layers: [{ type: 'flatten' }, { type: 'dense', units: n }] }, 1);
  const gx = pseudoRandom(n * n, 4);
  const gflops = (rate(() => gemmNet.forward(gx)) * 2 * n ** 3) / 1e9;
  gemmNet.delete();
  return { simd: lab.simdInfo(), trainImagesPerSecond: train, predictImagesPerSecond: predict, gemmGflops: gflops };
}

const builds = { simd: simdDir, nosimd: nosimdDir };
const results = {};
for (const [name, dir] of Object.entries(builds)) {
  if (!fs.existsSync(path.join(dir, 'cnnlab.wasm'))) {
    console.error(`wasm_bench: no ${name} build in ${dir}`);
    process.exit(1);
  }
  results[name] = await measure(dir);
}

const row = (label, key, unit) => {
  const [a, b] = [results.simd[key], results.nosimd[key]];
  console.log(`${label.padEnd(30)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)}  ${(a / b).toFixed(2)}×  ${unit}`);
};
console.log(`WebAssembly in Node ${process.version}, lecture CNN 3×32×32, batch ${BATCH}, ${seconds} s per measurement`);
console.log(`${''.padEnd(30)} ${'SIMD'.padStart(9)} ${'no SIMD'.padStart(9)}  speed-up`);
row('trainBatch', 'trainImagesPerSecond', 'images/s');
row('predict', 'predictImagesPerSecond', 'images/s');
row('GEMM 512×512×512 (dense fwd)', 'gemmGflops', 'GFLOP/s');
const speedup = Object.fromEntries(['trainImagesPerSecond', 'predictImagesPerSecond', 'gemmGflops'].map((k) => [k, results.simd[k] / results.nosimd[k]]));
console.log(JSON.stringify({ bench: 'wasm', batch: BATCH, ...results, speedup }));
