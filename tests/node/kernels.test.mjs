// kernels.test.mjs — the WebAssembly build's own hand kernels (direct, Winograd and row Winograd convolution with
// bias and ReLU, SIMD 2×2 max pooling) on odd shapes, through the API, against plain JavaScript in
// float64.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadLab, pseudoRandom } from './helpers.mjs';

let lab;
before(async () => {
  lab = await loadLab();
});

const out = (n, k, s, p) => Math.floor((n + 2 * p - k) / s) + 1;

// Cross-correlation with zero padding, NCHW, weights [O, C, kh, kw], in float64.
function convolve(x, n, g, w, b) {
  const ho = out(g.h, g.kh, g.sh, g.ph), wo = out(g.w, g.kw, g.sw, g.pw);
  const y = new Float64Array(n * g.o * ho * wo);
  for (let i = 0; i < n; i++)
    for (let o = 0; o < g.o; o++)
      for (let r = 0; r < ho; r++)
        for (let q = 0; q < wo; q++) {
          let s = b[o];
          for (let c = 0; c < g.c; c++)
            for (let u = 0; u < g.kh; u++)
              for (let v = 0; v < g.kw; v++) {
                const ih = r * g.sh - g.ph + u, iw = q * g.sw - g.pw + v;
                if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
                s += x[((i * g.c + c) * g.h + ih) * g.w + iw] * w[((o * g.c + c) * g.kh + u) * g.kw + v];
              }
          y[((i * g.o + o) * ho + r) * wo + q] = s;
        }
  return y;
}

function softmaxRows(z, n) {
  const k = z.length / n, p = new Float64Array(z.length);
  for (let i = 0; i < n; i++) {
    const row = z.subarray(i * k, (i + 1) * k);
    const m = Math.max(...row);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(row[j] - m);
    for (let j = 0; j < k; j++) p[i * k + j] = Math.exp(row[j] - m) / sum;
  }
  return p;
}

// A one-conv network ending in flatten, so its logits are the convolution's outputs.
function convNet(g, relu) {
  const k = g.o * out(g.h, g.kh, g.sh, g.ph) * out(g.w, g.kw, g.sw, g.pw);
  const layers = [{ type: 'conv2d', filters: g.o, kernel: [g.kh, g.kw], stride: [g.sh, g.sw], padding: [g.ph, g.pw] }];
  if (relu) layers.push({ type: 'relu' });
  layers.push({ type: 'flatten' });
  const spec = { input: { channels: g.c, height: g.h, width: g.w }, classes: Array.from({ length: k }, (_, i) => `c${i}`), layers };
  return new lab.Network(JSON.stringify(spec), 1);
}

const SHAPES = [
  { c: 3, h: 32, w: 32, o: 16, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },  // lecture conv1
  { c: 1, h: 28, w: 28, o: 8, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2 },   // shifted-rows layout (MNIST conv1)
  { c: 1, h: 9, w: 13, o: 5, kh: 5, kw: 5, sh: 1, sw: 2, ph: 2, pw: 2 },    // shifted rows, stride along W
  { c: 8, h: 10, w: 19, o: 5, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2 },   // last tile of a row pulled back
  { c: 2, h: 5, w: 3, o: 5, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },     // rows narrower than a tile
  { c: 5, h: 7, w: 13, o: 9, kh: 2, kw: 3, sh: 1, sw: 1, ph: 0, pw: 1 },    // odd everything
  { c: 3, h: 9, w: 11, o: 3, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 },    // stride 2: gathered panels
  { c: 4, h: 12, w: 9, o: 7, kh: 1, kw: 4, sh: 3, sw: 1, ph: 0, pw: 2 },
  { c: 16, h: 9, w: 11, o: 5, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },   // Winograd F(2×2, 3×3)
  { c: 17, h: 8, w: 13, o: 6, kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 1 },   // Winograd, odd output 6×13
];

// Shapes predict() runs through the row Winograd kernel F(4, 5) (5 wide, stride 1, small images).
const ROW_WINOGRAD = [
  { c: 8, h: 14, w: 14, o: 16, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2 },  // MNIST conv2 (workload C)
  { c: 3, h: 9, w: 13, o: 5, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2 },    // odd output width
  { c: 3, h: 7, w: 11, o: 6, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0 },    // no padding: 3×7 output
  { c: 3, h: 9, w: 17, o: 7, kh: 3, kw: 5, sh: 1, sw: 1, ph: 1, pw: 2 },    // 3 kernel rows
  { c: 1, h: 6, w: 6, o: 3, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0 },     // 2×2 output: one 4-tile group
];
SHAPES.push(...ROW_WINOGRAD);

// predict() gives probabilities only; log(p_i / p_0) = z_i − z_0 recovers its logits to ~1e-6.
for (const g of ROW_WINOGRAD) {
  const name = `c${g.c} ${g.h}×${g.w} → ${g.o}, kernel ${g.kh}×${g.kw}, padding ${g.ph}×${g.pw}`;
  test(`row Winograd ${name}: predict's logits (ReLU fused or not) match float64 JavaScript to 1e-5`, () => {
    const n = 2;
    // Realistic magnitudes: ReLU'd activations in [0, 3], He-sized weights.
    const x = pseudoRandom(n * g.c * g.h * g.w, 11, -3, 3).map((v) => Math.max(v, 0));
    const a = Math.sqrt(6 / (g.c * g.kh * g.kw));
    const w = pseudoRandom(g.o * g.c * g.kh * g.kw, 12, -a, a);
    const b = pseudoRandom(g.o, 13, -0.1, 0.1);
    const want = convolve(x, n, g, w, b);
    const k = want.length / n;
    for (const relu of [false, true]) {
      const net = convNet(g, relu);
      try {
        net.setWeights([{ name: '0.weight', shape: [g.o, g.c, g.kh, g.kw], data: w }, { name: '0.bias', shape: [g.o], data: b }]);
        const z = want.map((v) => (relu ? Math.max(v, 0) : v));
        const probs = net.predict(x);
        let worst = 0;
        for (let i = 0; i < n; i++)
          for (let j = 1; j < k; j++) {
            const got = Math.log(probs[i * k + j] / probs[i * k]), exact = z[i * k + j] - z[i * k];
            worst = Math.max(worst, Math.abs(got - exact));
            assert.ok(Math.abs(got - exact) <= 1e-5 * (1 + Math.abs(z[i * k + j]) + Math.abs(z[i * k])),
              `image ${i} logit ${j}: ${got}, want ${exact} (relu ${relu})`);
          }
      } finally {
        net.delete();
      }
    }
  });
}

for (const g of SHAPES) {
  const name = `c${g.c} ${g.h}×${g.w} → ${g.o}, kernel ${g.kh}×${g.kw}, stride ${g.sh}×${g.sw}, padding ${g.ph}×${g.pw}`;
  test(`convolution ${name}: forward and predict (ReLU fused) match float64 JavaScript`, () => {
    const n = 3;
    const x = pseudoRandom(n * g.c * g.h * g.w, 5, -1, 1);
    const w = pseudoRandom(g.o * g.c * g.kh * g.kw, 6, -1, 1);
    const b = pseudoRandom(g.o, 7, -1, 1);
    const want = convolve(x, n, g, w, b);
    for (const relu of [false, true]) {
      const net = convNet(g, relu);
      try {
        net.setWeights([{ name: '0.weight', shape: [g.o, g.c, g.kh, g.kw], data: w }, { name: '0.bias', shape: [g.o], data: b }]);
        const z = want.map((v) => (relu ? Math.max(v, 0) : v));
        const logits = net.forward(x);
        assert.equal(logits.length, z.length);
        for (let i = 0; i < z.length; i++)
          assert.ok(Math.abs(logits[i] - z[i]) <= 1e-5 * (1 + Math.abs(z[i])), `forward[${i}] = ${logits[i]}, want ${z[i]}`);
        const probs = net.predict(x);
        const p = softmaxRows(z, n);
        for (let i = 0; i < p.length; i++)
          assert.ok(Math.abs(probs[i] - p[i]) <= 1e-4 * p[i] + 1e-9, `predict[${i}] = ${probs[i]}, want ${p[i]} (relu ${relu})`);
      } finally {
        net.delete();
      }
    }
  });
}

test('2×2 max pooling on widths around the SIMD width keeps the maxima (forward and predict)', () => {
  for (const w of [2, 3, 8, 9, 15, 17]) {
    const c = 2, h = 4, n = 2, wo = Math.floor(w / 2), ho = h / 2;
    const spec = { input: { channels: c, height: h, width: w }, classes: Array.from({ length: c * ho * wo }, (_, i) => `c${i}`),
      layers: [{ type: 'maxpool2d', size: 2 }, { type: 'flatten' }] };
    const net = new lab.Network(JSON.stringify(spec), 1);
    try {
      // Values from a small set, so ties are common.
      const x = pseudoRandom(n * c * h * w, w).map((v) => Math.floor(v * 4));
      const want = [];
      for (let p = 0; p < n * c; p++)
        for (let r = 0; r < ho; r++)
          for (let q = 0; q < wo; q++) {
            const at = (i, j) => x[p * h * w + (2 * r + i) * w + 2 * q + j];
            want.push(Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1)));
          }
      assert.deepEqual(Array.from(net.forward(x)), want, `width ${w}`);
      const probs = net.predict(x);
      const p = softmaxRows(Float64Array.from(want), n);
      for (let i = 0; i < p.length; i++) assert.ok(Math.abs(probs[i] - p[i]) <= 1e-5 * p[i], `width ${w} predict[${i}]`);
    } finally {
      net.delete();
    }
  }
});

test('3×3 max pooling without padding (unrolled path) keeps the maxima for strides 1 to 4 (forward and predict)', () => {
  for (const [h, w] of [[14, 14], [7, 11], [3, 3]])
    for (const s of [1, 2, 3, 4]) {
      const c = 2, n = 2, ho = out(h, 3, s, 0), wo = out(w, 3, s, 0);
      const spec = { input: { channels: c, height: h, width: w }, classes: Array.from({ length: c * ho * wo }, (_, i) => `c${i}`),
        layers: [{ type: 'maxpool2d', size: 3, stride: s }, { type: 'flatten' }] };
      const net = new lab.Network(JSON.stringify(spec), 1);
      try {
        const x = pseudoRandom(n * c * h * w, h * w + s).map((v) => Math.floor(v * 4));
        const want = [];
        for (let p = 0; p < n * c; p++)
          for (let r = 0; r < ho; r++)
            for (let q = 0; q < wo; q++) {
              let m = -Infinity;
              for (let i = 0; i < 3; i++)
                for (let j = 0; j < 3; j++) m = Math.max(m, x[p * h * w + (r * s + i) * w + q * s + j]);
              want.push(m);
            }
        assert.deepEqual(Array.from(net.forward(x)), want, `${h}×${w} stride ${s}`);
        const probs = net.predict(x);
        const p = softmaxRows(Float64Array.from(want), n);
        for (let i = 0; i < p.length; i++) assert.ok(Math.abs(probs[i] - p[i]) <= 1e-5 * p[i], `${h}×${w} stride ${s} predict[${i}]`);
      } finally {
        net.delete();
      }
    }
});
