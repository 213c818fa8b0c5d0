// views/dense-detail.js — the end of the network with the real numbers: the flattened vector as a
// strip, the largest contributions w·h to the winning class's logit, and softmax turning the
// logits into the probabilities Classify shows.
import { t } from '../i18n/index.js';
import { denseLogit } from '../inside.js';

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

// data: {activations, weights, spec (the trained net's), classes}
export class DenseDetailView {
  constructor(container) {
    this.container = container;
    container.dataset.testid = 'dense-detail';
  }

  update({ activations, weights, spec, classes }) {
    const ok = activations && weights && spec?.layers.some((l) => l.type === 'dense');
    this.container.hidden = !ok;
    if (!ok) return this.container.replaceChildren();
    const probs = Array.from(activations.probs ?? []);
    const k = probs.indexOf(Math.max(...probs));
    const d = denseLogit({ activations, weights, spec, k });
    const name = classes[k] ?? String(k + 1);
    const flat = activations.layers.find((l) => l.type === 'flatten');

    const heading = document.createElement('h4');
    heading.textContent = t('dense.title');
    const parts = [heading];
    if (flat) {
      parts.push(para(t('dense.flat', { n: flat.data.length, shape: activations.layers[flat.index - 1]?.shape.slice(-3).join('×') ?? '' })));
      parts.push(strip(flat.data));
    }
    parts.push(para(t('dense.logit', { name, n: d.inputSize, top: d.contributions.length })));
    const list = document.createElement('ol');
    list.className = 'dense-terms';
    for (const c of d.contributions) {
      const li = document.createElement('li');
      li.textContent = t('dense.term', { j: c.j + 1, w: fmt(c.weight), h: fmt(c.input), v: fmt(c.value) });
      li.classList.add(c.value >= 0 ? 'for' : 'against');
      list.append(li);
    }
    parts.push(list);
    const sum = para(t('dense.sum', { rest: fmt(d.rest), bias: fmt(d.bias), sum: fmt(d.sum), logit: fmt(d.logits[k]), name }), 'dense-sum');
    sum.dataset.sum = String(d.sum);
    sum.dataset.logit = String(d.logits[k]);
    parts.push(sum);
    const soft = para(t('dense.softmax', {
      logits: d.logits.map(fmt).join(', '),
      probs: d.probs.map((p, i) => `${classes[i] ?? i + 1} ${(100 * p).toFixed(1)}%`).join(', '),
    }), 'dense-softmax');
    parts.push(soft);
    this.container.replaceChildren(...parts);
    return undefined;
  }
}

function para(text, className = '') {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

// The flattened vector, one thin bar per value (dark = large), wrapped in rows of 128.
function strip(values) {
  const cols = Math.min(128, values.length);
  const rows = Math.ceil(values.length / cols);
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  canvas.className = 'flat-strip';
  canvas.style.height = `${Math.min(12 * rows, 96)}px`;
  canvas.setAttribute('aria-hidden', 'true');
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const image = new ImageData(cols, rows);
  values.forEach((v, n) => {
    const g = 255 - Math.round((255 * (v - lo)) / (hi - lo || 1));
    image.data.set([g, g, g, 255], 4 * n);
  });
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}
