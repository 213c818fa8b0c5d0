// lessons/neuron.js — the lecture's single neuron y' = f(w1·x1 + w2·x2 + w3·x3 + b), with sliders.
import { t } from '../i18n/index.js';

const ACTIVATIONS = {
  relu: (z) => Math.max(0, z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  identity: (z) => z,
};

export class NeuronLesson {
  constructor(container) {
    this.container = container;
    this.values = { x1: 1, x2: 0.5, x3: -1, w1: 0.8, w2: -0.4, w3: 0.3, b: 0 };
    this.f = 'sigmoid';
    const slider = (key) => `<label><span data-key="${key}"></span>
      <input type="range" min="-2" max="2" step="0.1" value="${this.values[key]}" data-var="${key}"></label>`;
    container.innerHTML = `<h3 class="l-title"></h3><p class="l-text hint"></p>
      <div class="lesson-controls">${['x1', 'x2', 'x3', 'w1', 'w2', 'w3', 'b'].map(slider).join('')}
        <label><span class="l-f"></span><select class="f">${Object.keys(ACTIVATIONS).map((k) => `<option value="${k}">${k}</option>`).join('')}</select></label>
      </div>
      <p class="lesson-output" aria-live="polite" data-testid="neuron-output"></p>`;
    container.querySelector('.f').value = this.f;
    container.addEventListener('input', (e) => {
      if (e.target.dataset.var) this.values[e.target.dataset.var] = Number(e.target.value);
      if (e.target.classList.contains('f')) this.f = e.target.value;
      this.update();
    });
  }

  // z = Σ wᵢ·xᵢ + b, y' = f(z)
  compute() {
    const v = this.values;
    const z = v.w1 * v.x1 + v.w2 * v.x2 + v.w3 * v.x3 + v.b;
    return { z, y: ACTIVATIONS[this.f](z) };
  }

  update() {
    const q = (sel) => this.container.querySelector(sel);
    q('.l-title').textContent = t('lesson.neuron.title');
    q('.l-text').textContent = t('lesson.neuron.text');
    q('.l-f').textContent = t('lesson.neuron.f');
    for (const span of this.container.querySelectorAll('[data-key]')) {
      span.textContent = `${span.dataset.key} = ${this.values[span.dataset.key].toFixed(1)}`;
    }
    const v = this.values;
    const { z, y } = this.compute();
    q('.lesson-output').textContent =
      `z = ${v.w1.toFixed(1)}·${v.x1.toFixed(1)} + ${v.w2.toFixed(1)}·${v.x2.toFixed(1)} + ${v.w3.toFixed(1)}·${v.x3.toFixed(1)} + ${v.b.toFixed(1)} = ${z.toFixed(2)};  y' = ${this.f}(z) = ${y.toFixed(3)}`;
  }

  reset() {}
}
