// inside.js — the arithmetic of the "look inside" views, DOM-free: where each conv/pool layer's input
// comes from, the multiply-add behind one cell of a feature map, the max behind a pooled cell, and
// the contributions behind a logit. Tensors are the worker's {shape, data} (protocol.js Activations).

// A layer option as [h, w] (the spec allows an int or a pair).
export const pair = (v, fallback) => (v === undefined ? [fallback, fallback] : Array.isArray(v) ? v : [v, v]);

// (…, C, H, W) of a tensor without its batch axis.
export const chw = (tensor) => tensor.shape.slice(-3);

// The input of layer `index`: the photo for the first layer, else the previous layer's output.
export function layerInput(activations, index) {
  return index === 0 ? activations.input : activations.layers[index - 1];
}

// weights: [{name, shape, data}] → the tensor named "<index>.<which>".
export function weightOf(weights, index, which) {
  return weights.find((w) => w.name === `${index}.${which}`) ?? null;
}

/**
 * The lecture's convolution at one output cell, with the learner's numbers:
 * y[co, i, j] = b[co] + Σ_ci Σ_ki Σ_kj x[ci, i·sh − ph + ki, j·sw − pw + kj] · w[co, ci, ki, kj]
 * (cells outside the input are padding zeros and add nothing).
 * → {terms: [{ci, ki, kj, y, x, input, weight, product, padding}], perChannel: [Σ over ci's window],
 *    bias, sum, value (what the engine computed for that cell), kernel: [kh, kw], inputShape}
 */
export function convCell({ activations, weights, layer, index, channel, i, j }) {
  const input = layerInput(activations, index);
  const [ci, h, w] = chw(input);
  const weight = weightOf(weights, index, 'weight');
  const bias = weightOf(weights, index, 'bias');
  const [kh, kw] = pair(layer.kernel, 3);
  const [sh, sw] = pair(layer.stride, 1);
  const [ph, pw] = pair(layer.padding, 0);
  const terms = [];
  const perChannel = [];
  for (let c = 0; c < ci; c++) {
    let partial = 0;
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const y = i * sh - ph + a;
        const x = j * sw - pw + b;
        const inside = y >= 0 && y < h && x >= 0 && x < w;
        const value = inside ? input.data[(c * h + y) * w + x] : 0;
        const wv = weight.data[((channel * ci + c) * kh + a) * kw + b];
        terms.push({ ci: c, ki: a, kj: b, y, x, input: value, weight: wv, product: value * wv, padding: !inside });
        partial += value * wv;
      }
    }
    perChannel.push(partial);
  }
  const b = bias ? bias.data[channel] : 0;
  const out = activations.layers[index];
  const [, oh, ow] = chw(out);
  return {
    terms, perChannel, bias: b, sum: perChannel.reduce((s, v) => s + v, b),
    value: out.data[(channel * oh + i) * ow + j], kernel: [kh, kw], inputShape: [ci, h, w],
  };
}

/** Max pooling at one output cell: the window's cells (padding never wins) and the largest. */
export function poolCell({ activations, layer, index, channel, i, j }) {
  const input = layerInput(activations, index);
  const [, h, w] = chw(input);
  const [kh, kw] = pair(layer.size, 2);
  const [sh, sw] = pair(layer.stride ?? layer.size, 2);
  const [ph, pw] = pair(layer.padding, 0);
  const cells = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const y = i * sh - ph + a;
      const x = j * sw - pw + b;
      if (y >= 0 && y < h && x >= 0 && x < w) cells.push({ y, x, value: input.data[(channel * h + y) * w + x] });
    }
  }
  const out = activations.layers[index];
  const [, oh, ow] = chw(out);
  const max = Math.max(...cells.map((c) => c.value));
  const mean = cells.reduce((s, c) => s + c.value, 0) / cells.length;
  return { cells, max, mean, value: out.data[(channel * oh + i) * ow + j] };
}

/**
 * The last dense layer's logit for class k as a sum: z_k = b_k + Σ_j w[k, j] · h_j, with h the
 * layer's input. → {index, inputSize, contributions (top `top` by size, largest first), rest (the
 * sum of the others), bias, sum, logits (the engine's), probs (softmax of the logits)}
 */
export function denseLogit({ activations, weights, spec, k, top = 8 }) {
  const index = spec.layers.map((l) => l.type).lastIndexOf('dense');
  const h = layerInput(activations, index).data;
  const w = weightOf(weights, index, 'weight');
  const b = weightOf(weights, index, 'bias');
  const n = h.length;
  const all = Array.from({ length: n }, (_, j) => ({ j, input: h[j], weight: w.data[k * n + j], value: h[j] * w.data[k * n + j] }));
  const sorted = [...all].sort((p, q) => Math.abs(q.value) - Math.abs(p.value));
  const shown = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((s, c) => s + c.value, 0);
  const bias = b ? b.data[k] : 0;
  const logits = Array.from(activations.layers[index].data);
  return { index, inputSize: n, contributions: shown, rest, bias, sum: all.reduce((s, c) => s + c.value, bias), logits, probs: softmax(logits) };
}

export function softmax(logits) {
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
