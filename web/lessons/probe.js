// lessons/probe.js — runs one small operation (a convolution, a pooling) through the real engine, the
// way lessons show it: a throwaway network ending in flatten, with given weights, on given pixels.
import { Req } from '../protocol.js';

const pair = (v) => (Array.isArray(v) ? v : [v, v]);

// The output size of a window sliding over n cells (PyTorch's formula): ⌊(n + 2p − k) / s⌋ + 1.
export function slideSize(n, kernel, stride, padding) {
  return Math.floor((n + 2 * padding - kernel) / stride) + 1;
}

// (C, H, W) after each layer, as the engine will compute it; used only to give the throwaway net one
// "class" per output value (the engine refuses a spec whose last size differs, so it checks this too).
function shapeAfter([c, h, w], layers) {
  let shape = [c, h, w];
  for (const layer of layers) {
    if (layer.type === 'conv2d' || layer.type === 'maxpool2d') {
      const [kh, kw] = pair(layer.type === 'conv2d' ? layer.kernel : layer.size ?? 2);
      const [sh, sw] = pair(layer.stride ?? (layer.type === 'conv2d' ? 1 : layer.size ?? 2));
      const [ph, pw] = pair(layer.padding ?? 0);
      shape = [layer.type === 'conv2d' ? layer.filters : shape[0], slideSize(shape[1], kh, sh, ph), slideSize(shape[2], kw, sw, pw)];
    } else if (layer.type === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (layer.type === 'dense') {
      shape = [layer.units];
    }
  }
  return shape;
}

/**
 * Runs `layers` (then flatten) on x: (C, H, W) with the given weights.
 * @returns {Promise<{numParams: number, layers: Array<{index, type, shape: number[], data: Float32Array}>}>}
 */
export function runLayers(client, { input, layers, x, weights }) {
  const all = [...layers, { type: 'flatten' }];
  const [k] = shapeAfter(input, all);
  const spec = {
    input: { channels: input[0], height: input[1], width: input[2] },
    classes: Array.from({ length: k }, (_, i) => `out${i}`),
    layers: all,
  };
  return client.request(Req.probe, { spec, x: Float32Array.from(x), n: 1, weights });
}

// A 2-D grid (rows of numbers) from one channel of an engine tensor shaped [N, C, H, W].
export function channelGrid({ shape, data }, channel = 0) {
  const [h, w] = shape.slice(-2);
  const base = channel * h * w;
  return Array.from({ length: h }, (_, i) => Array.from(data.subarray(base + i * w, base + (i + 1) * w)));
}

// Float32 results printed as the lecture does: whole numbers stay whole (3, −1), others 3 decimals.
export function cleanNumber(v) {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-5 ? r : Math.round(v * 1000) / 1000;
}
