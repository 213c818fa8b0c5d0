// lessons/neuron.js — the lecture's single neuron y' = f(w1·x1 + w2·x2 + w3·x3 + b): sliders, and a
// plot of f with the current z marked on it.
import { t } from '../i18n/index.js';
import { fmt, q, setMarkup, tryIt } from './common.js';
import { presetLayers } from '../presets.js';

const ACTIVATIONS = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), range: [-0.1, 1.1] },
  relu: { f: (z) => Math.max(0, z), range: [-0.5, 6] },
  tanh: { f: (z) => Math.tanh(z), range: [-1.1, 1.1] },
  identity: { f: (z) => z, range: [-6, 6] },
};
const VARS = ['x1', 'x2', 'x3', 'w1', 'w2', 'w3', 'b'];
const Z_RANGE = [-6, 6];
const W = 280;
const H = 160;

export class NeuronLesson {
  constructor(root, ctx) {
    this.root = root;
    this.values = { x1: 1, x2: 0.5, x3: -1, w1: 0.8, w2: -0.4, w3: 0.3, b: 0 };
    this.f = 'sigmoid';
    const slider = (key) => `<label class="slider"><span class="var">${key} = <output data-out="${key}"></output></span>
      <input type="range" min="-2" max="2" step="0.1" value="${this.values[key]}" data-var="${key}" data-testid="neuron-${key}"></label>`;
    setMarkup(root, `<p class="hint" data-i18n="lesson.neuron.text"></p>
      <div class="neuron-layout">
        <div class="lesson-controls">${VARS.map(slider).join('')}
          <label class="slider"><span data-i18n="lesson.neuron.f"></span>
            <select data-testid="neuron-f">${Object.keys(ACTIVATIONS).map((k) => `<option value="${k}">${k}</option>`).join('')}</select></label>
        </div>
        <figure class="lesson-figure"><svg class="f-plot" viewBox="0 0 ${W} ${H}" role="img" data-testid="neuron-plot"></svg>
          <figcaption class="plot-caption hint"></figcaption></figure>
      </div>
      <p class="lesson-output" aria-live="polite"><span class="z-line"></span><br><strong data-testid="neuron-output"></strong></p>`);
    q(root, 'select').value = this.f;
    root.addEventListener('input', (e) => {
      if (e.target.dataset.var) this.values[e.target.dataset.var] = Number(e.target.value);
      if (e.target.tagName === 'SELECT') this.f = e.target.value;
      this.render();
    });
    this.footer = tryIt(root, 'neuron', {
      textKey: 'lesson.neuron.try',
      action: () => ctx.lab.apply({ preset: 'dense', layers: presetLayers('dense') }),
    });
  }

  // z = Σ wᵢ·xᵢ + b, y' = f(z)
  compute() {
    const v = this.values;
    const z = v.w1 * v.x1 + v.w2 * v.x2 + v.w3 * v.x3 + v.b;
    return { z, y: ACTIVATIONS[this.f].f(z) };
  }

  render() {
    const v = this.values;
    for (const out of this.root.querySelectorAll('[data-out]')) out.textContent = fmt(v[out.dataset.out], 1);
    const { z, y } = this.compute();
    q(this.root, '.z-line').textContent =
      `z = ${fmt(v.w1, 1)}·${fmt(v.x1, 1)} + ${fmt(v.w2, 1)}·${fmt(v.x2, 1)} + ${fmt(v.w3, 1)}·${fmt(v.x3, 1)} + ${fmt(v.b, 1)} = ${fmt(z, 2)}`;
    const output = q(this.root, '[data-testid=neuron-output]');
    output.textContent = `y' = ${this.f}(z) = ${y.toFixed(3)}`;
    output.dataset.value = String(y);
    this.plot(z, y);
    this.footer.render();
  }

  // f over z ∈ [-6, 6] and a dot at (z, f(z)); a z outside the plot is pinned to its edge.
  plot(z, y) {
    const { f, range } = ACTIVATIONS[this.f];
    const [z0, z1] = Z_RANGE;
    const [y0, y1] = range;
    const px = (zz) => 24 + ((zz - z0) / (z1 - z0)) * (W - 32);
    const py = (yy) => H - 20 - ((Math.min(y1, Math.max(y0, yy)) - y0) / (y1 - y0)) * (H - 30);
    const points = [];
    for (let i = 0; i <= 120; i++) {
      const zz = z0 + ((z1 - z0) * i) / 120;
      points.push(`${px(zz).toFixed(1)},${py(f(zz)).toFixed(1)}`);
    }
    const zc = Math.min(z1, Math.max(z0, z));
    const off = z !== zc;
    const svg = q(this.root, '.f-plot');
    svg.setAttribute('aria-label', t('lesson.neuron.plot', { f: this.f, z: fmt(z, 2), y: fmt(y, 3) }));
    svg.innerHTML = `<line x1="24" x2="${W - 8}" y1="${py(0)}" y2="${py(0)}" class="axis"/>
      <line x1="${px(0)}" x2="${px(0)}" y1="6" y2="${H - 20}" class="axis"/>
      <text x="${W - 10}" y="${py(0) - 4}" class="axis-label" text-anchor="end">z</text>
      <text x="${px(0) + 4}" y="14" class="axis-label">f(z)</text>
      ${[-6, -3, 3, 6].map((tick) => `<text x="${px(tick)}" y="${H - 6}" class="tick" text-anchor="middle">${tick}</text>`).join('')}
      <polyline points="${points.join(' ')}" class="curve"/>
      <line x1="${px(zc)}" x2="${px(zc)}" y1="${py(0)}" y2="${py(y)}" class="marker-line"/>
      <circle cx="${px(zc)}" cy="${py(y)}" r="5" class="marker${off ? ' off' : ''}"/>`;
    q(this.root, '.plot-caption').textContent = off
      ? t('lesson.neuron.offPlot', { z: fmt(z, 2) })
      : t('lesson.neuron.onPlot', { z: fmt(z, 2), y: fmt(y, 3) });
  }
}
