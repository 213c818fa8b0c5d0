// native.test.mjs — the native engine and the WASM engine agree: forward, saliency, gradients and one Adam
// step of the lecture CNN with fixed weights, and the decoded pixels of the same photo files.
// The native side is build/native/cnnlab_native_ref (tests/node/native_ref.cpp).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';

import { LECTURE_SPEC, NATIVE_DIR, PHOTO_DIR, loadLab, maxAbsDiff, photo, pseudoRandom } from './helpers.mjs';

const TOLERANCE = 1e-5;
const NATIVE = path.join(NATIVE_DIR, 'cnnlab_native_ref');
let lab;
before(async () => {
  lab = await loadLab();
  assert.ok(fs.existsSync(NATIVE), `${NATIVE} is missing (built by the native CMake build)`);
});

const native = (...args) => JSON.parse(execFileSync(NATIVE, args, { maxBuffer: 1 << 28 }).toString());

// Fixed weights: He-scaled pseudo-random values, so nothing depends on either side's initialiser.
function fixedWeights(net) {
  return net.getWeights().map((w, k) => {
    const fanIn = w.shape.slice(1).reduce((a, b) => a * b, 1);
    const bound = w.shape.length > 1 ? Math.sqrt(6 / fanIn) : 0.1;
    return { name: w.name, shape: w.shape, data: pseudoRandom(w.data.length, 100 + k, -bound, bound) };
  });
}

function assertClose(actual, expected, what) {
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= TOLERANCE, `${what}: max |native − wasm| = ${diff}`);
}

test('forward, saliency, gradients and one Adam step of the lecture CNN agree within 1e-5', () => {
  const n = 4;
  const optimizer = { type: 'adam', lr: 1e-3, weightDecay: 0 };
  const net = new lab.Network(LECTURE_SPEC, 1);
  try {
    const weights = fixedWeights(net);
    const x = pseudoRandom(n * 3 * 32 * 32, 5);
    const y = new Int32Array([0, 1, 1, 0]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnnlab-')), 'case.json');
    fs.writeFileSync(file, JSON.stringify({ spec: LECTURE_SPEC, seed: 1, weights: weights.map((w) => ({ ...w, data: [...w.data] })), x: [...x], y: [...y], optimizer }));
    const ref = native('step', file);

    net.setWeights(weights);
    net.setOptimizer(optimizer);
    assertClose(net.forward(x), ref.logits, 'logits');
    const saliency = net.saliency(x, 1);
    assert.equal(saliency.length, n * 3 * 32 * 32);
    assert.ok(saliency.filter((v) => v !== 0).length > 1000, 'the saliency map is not trivially zero');
    assertClose(saliency, ref.saliency, 'saliency of class 1');
    const { loss, grads } = net.gradients(x, y);
    assert.ok(Math.abs(loss - ref.loss) <= TOLERANCE, `loss ${loss} vs ${ref.loss}`);
    assert.deepEqual(grads.map((g) => g.name), ref.grads.map((g) => g.name));
    let nonzero = 0;
    grads.forEach((g, i) => {
      assertClose(g.data, ref.grads[i].data, `gradient ${g.name}`);
      nonzero += g.data.filter((v) => v !== 0).length;
    });
    assert.ok(nonzero > 1000, 'the gradients are not trivially zero');
    net.trainBatch(x, y);
    const after = net.getWeights();
    after.forEach((w, i) => {
      assertClose(w.data, ref.weights[i].data, `weights ${w.name} after one Adam step`);
      assert.ok(maxAbsDiff(w.data, weights[i].data) > 1e-4, `${w.name} moved`);
    });
  } finally {
    net.delete();
  }
});

test('decoded pixels of real photos agree within 1e-5 (PNG and JPEG, colour and grey)', () => {
  for (const [file, channels, height, width] of [['coffee.png', 3, 32, 32], ['hubble_deep_field.jpg', 3, 60, 60],
    ['chelsea.png', 1, 28, 28], ['astronaut.png', 3, 96, 64]]) {
    const wasm = lab.decodeImage(photo(file), channels, height, width);
    const ref = native('decode', path.join(PHOTO_DIR, file), String(channels), String(height), String(width));
    assert.equal(wasm.length, channels * height * width);
    assertClose(wasm, ref.data, `${file} at ${channels}×${height}×${width}`);
  }
});
