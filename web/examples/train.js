// examples/train.js — the 20 lines of examples/train.html: CNN Lab's engine through its JS API.
import createCnnLab from '../engine/cnnlab.js';  // from your copy of build/site

const lab = await createCnnLab();
// 32 made-up 8×8 grey images: class 0 is bright on the left, class 1 bright on the right.
const n = 32, x = new Float32Array(n * 64), y = new Int32Array(n);
for (let i = 0; i < n; i++) {
  y[i] = i % 2;
  for (let p = 0; p < 64; p++) x[i * 64 + p] = ((p % 8 < 4) === (y[i] === 0) ? 0.8 : 0.2) + ((i * 7 + p * 3) % 10) / 50;
}
const net = new lab.Network(JSON.stringify({
  input: { channels: 1, height: 8, width: 8 }, classes: ['left', 'right'],
  layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
    { type: 'flatten' }, { type: 'dense', units: 2 }],
}), 1);
net.setOptimizer(JSON.stringify({ type: 'adam', lr: 0.01 }));
const losses = Array.from({ length: 40 }, () => net.trainBatch(x, y));  // 40 steps on the whole batch
const probs = net.predict(x.subarray(0, 2 * 64));                      // the first two images
const out = document.getElementById('out');
out.textContent = `${net.numParams()} weights; loss ${losses[0].toFixed(3)} → ${losses.at(-1).toFixed(3)}\n`
  + `image 0 (left):  P(left) = ${probs[0].toFixed(3)}\nimage 1 (right): P(right) = ${probs[3].toFixed(3)}`;
Object.assign(out.dataset, { firstLoss: losses[0], lastLoss: losses.at(-1), probs: JSON.stringify([...probs]), params: net.numParams() });
net.delete();
