// simd.test.mjs — the shipped .wasm really runs on WebAssembly SIMD (wabt's disassembler counts it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { ENGINE_DIR } from './helpers.mjs';

test('cnnlab.wasm contains thousands of v128 / f32x4 instructions', () => {
  const listing = execFileSync('wasm-objdump', ['-d', path.join(ENGINE_DIR, 'cnnlab.wasm')], { maxBuffer: 1 << 30 }).toString();
  const count = (re) => (listing.match(re) ?? []).length;
  const v128 = count(/\bv128\.\w+/g);
  const f32x4 = count(/\bf32x4\.\w+/g);
  const fma = count(/\bf32x4\.(mul|add)\b/g);
  // Measured on the SIMD build: ~1,900 v128.*, ~1,000 f32x4.* (620 mul/add); without -msimd128: none.
  assert.ok(v128 > 1000, `only ${v128} v128 instructions`);
  assert.ok(f32x4 > 500, `only ${f32x4} f32x4 instructions`);
  assert.ok(fma > 200, `only ${fma} f32x4.mul/add: the GEMM kernels are not vectorised`);
});
