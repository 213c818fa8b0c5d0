// lessons/fc-net.js — a small fully-connected network (3 inputs → 4 ReLU neurons → 2 outputs with
// softmax) drawn with its weights on the edges; every activation updates as the inputs move.
import { t } from '../i18n/index.js';
import { fmt, q, setMarkup, tryIt } from './common.js';
import { presetLayers } from '../presets.js';

// Weights [out][in] as in the engine (PyTorch layout), chosen by hand so each neuron differs.
export const START_WEIGHTS = {
  w1: [[0.9, -0.4, 0.2], [-0.6, 0.8, 0.5], [0.3, 0.3, -0.9], [-0.2, -0.7, 0.6]],
  b1: [0.1, 0, -0.2, 0.3],
  w2: [[1.2, -0.8, 0.6, -0.5], [-0.7, 1.0, -0.4, 0.9]],
  b2: [0, 0.1],
};

// x: 3 inputs → {z1, h (ReLU), z2 (logits), p (softmax)}: h = relu(W1·x + b1), p = softmax(W2·h + b2).
function forward(x, { w1, b1, w2, b2 }) {
  const z1 = w1.map((row, j) => row.reduce((s, w, i) => s + w * x[i], b1[j]));
  const h = z1.map((z) => Math.max(0, z));
  const z2 = w2.map((row, k) => row.reduce((s, w, j) => s + w * h[j], b2[k]));
  const top = Math.max(...z2);
  const e = z2.map((z) => Math.exp(z - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return { z1, h, z2, p: e.map((v) => v / sum) };
}

// A seeded generator (so "new weights" is reproducible within a visit): xorshift32 → [-1, 1).
function randomWeights(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return Math.round((((s >>> 0) / 2 ** 32) * 2 - 1) * 10) / 10;
  };
  return {
    w1: Array.from({ length: 4 }, () => [next(), next(), next()]),
    b1: Array.from({ length: 4 }, next),
    w2: Array.from({ length: 2 }, () => [next(), next(), next(), next()]),
    b2: [next(), next()],
  };
}

const X = [40, 190, 340];        // column x of inputs, hidden, outputs in the drawing
const ROWS = { 3: [60, 130, 200], 4: [35, 95, 165, 225], 2: [95, 165] };

export class FcNetLesson {
  constructor(root, ctx) {
    this.root = root;
    this.x = [1, 0.5, -0.5];
    this.weights = structuredClone(START_WEIGHTS);
    this.seed = 7;
    this.focus = 0;  // the hidden neuron whose sum is written out
    const slider = (i) => `<label class="slider"><span class="var">x${i + 1} = <output data-out="${i}"></output></span>
      <input type="range" min="-2" max="2" step="0.1" value="${this.x[i]}" data-x="${i}" data-testid="fcnet-x${i + 1}"></label>`;
    setMarkup(root, `<p class="hint" data-i18n="lesson.fcNet.text"></p>
      <div class="lesson-controls">${[0, 1, 2].map(slider).join('')}</div>
      <figure class="lesson-figure wide"><svg class="net" viewBox="0 0 390 260" role="img" data-testid="fcnet-drawing"></svg>
        <figcaption class="hint" data-i18n="lesson.fcNet.legend"></figcaption></figure>
      <div class="row wrap" role="group" data-i18n-attr="aria-label:lesson.fcNet.pick"><span data-i18n="lesson.fcNet.pick"></span>
        ${[0, 1, 2, 3].map((j) => `<button type="button" class="pick-h" data-hidden="${j}">h${j + 1}</button>`).join('')}</div>
      <div class="row wrap"><button type="button" class="reweigh" data-i18n="lesson.fcNet.random"></button>
        <button type="button" class="reset" data-i18n="lesson.fcNet.reset"></button></div>
      <p class="lesson-output" aria-live="polite"><span class="focus-line"></span><br><strong data-testid="fcnet-output"></strong></p>`);
    root.addEventListener('input', (e) => {
      if (e.target.dataset.x === undefined) return;
      this.x[Number(e.target.dataset.x)] = Number(e.target.value);
      this.render();
    });
    q(root, '.reweigh').addEventListener('click', () => {
      this.seed += 1;
      this.weights = randomWeights(this.seed * 2654435761);
      this.render();
    });
    q(root, '.reset').addEventListener('click', () => {
      this.weights = structuredClone(START_WEIGHTS);
      this.render();
    });
    root.addEventListener('click', (e) => {
      const node = e.target.closest('button[data-hidden]');
      if (node) {
        this.focus = Number(node.dataset.hidden);
        this.render();
      }
    });
    this.footer = tryIt(root, 'fc-net', {
      textKey: 'lesson.fcNet.try',
      action: () => ctx.lab.apply({ preset: 'dense', layers: presetLayers('dense') }),
    });
  }

  render() {
    for (const out of this.root.querySelectorAll('[data-out]')) out.textContent = fmt(this.x[Number(out.dataset.out)], 1);
    const r = forward(this.x, this.weights);
    this.draw(r);
    const j = this.focus;
    const terms = this.weights.w1[j].map((w, i) => `${fmt(w, 1)}·${fmt(this.x[i], 1)}`).join(' + ');
    q(this.root, '.focus-line').textContent = t('lesson.fcNet.sum', {
      j: j + 1, terms, b: fmt(this.weights.b1[j], 1), z: fmt(r.z1[j], 2), h: fmt(r.h[j], 2),
    });
    for (const b of this.root.querySelectorAll('.pick-h')) b.setAttribute('aria-pressed', String(Number(b.dataset.hidden) === j));
    const output = q(this.root, '[data-testid=fcnet-output]');
    output.textContent = t('lesson.fcNet.output', { p1: r.p[0].toFixed(3), p2: r.p[1].toFixed(3) });
    output.dataset.values = JSON.stringify(r.p);
    this.footer.render();
  }

  // Edges: blue for a positive weight, orange for a negative one, width ∝ |w|. Nodes show values.
  draw(r) {
    const { w1, w2 } = this.weights;
    const edge = (x1, y1, x2, y2, w, title) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"
      class="edge ${w >= 0 ? 'pos' : 'neg'}" stroke-width="${(0.5 + 3 * Math.abs(w)).toFixed(2)}"><title>${title}</title></line>`;
    const node = (x, y, label, value, extra = '') => `<g class="node" ${extra}>
      <circle cx="${x}" cy="${y}" r="24"/><text x="${x}" y="${y - 4}" text-anchor="middle" class="node-name">${label}</text>
      <text x="${x}" y="${y + 12}" text-anchor="middle" class="node-value">${value}</text></g>`;
    const edges = [
      ...w1.flatMap((row, j) => row.map((w, i) => edge(X[0], ROWS[3][i], X[1], ROWS[4][j], w, `w = ${fmt(w, 1)} (x${i + 1} → h${j + 1})`))),
      ...w2.flatMap((row, k) => row.map((w, j) => edge(X[1], ROWS[4][j], X[2], ROWS[2][k], w, `w = ${fmt(w, 1)} (h${j + 1} → y'${k + 1})`))),
    ];
    const nodes = [
      ...this.x.map((v, i) => node(X[0], ROWS[3][i], `x${i + 1}`, fmt(v, 1))),
      ...r.h.map((v, j) => node(X[1], ROWS[4][j], `h${j + 1}`, fmt(v, 2), j === this.focus ? 'data-focus="true"' : '')),
      ...r.p.map((v, k) => node(X[2], ROWS[2][k], `y'${k + 1}`, v.toFixed(2))),
    ];
    const svg = q(this.root, '.net');
    svg.setAttribute('aria-label', t('lesson.fcNet.drawing', { p1: r.p[0].toFixed(3), p2: r.p[1].toFixed(3) }));
    svg.innerHTML = edges.join('') + nodes.join('');
  }
}
