// lessons/cross-entropy.js — the lecture's loss −Σ yᵢ·log(y'ᵢ) on one of the lab's photos: the net's
// probabilities (from the engine), the true class chosen by the learner, every term, and a curve
// of −log p showing what a confident wrong answer costs.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { PhotoPicker, el, fmt, q, setMarkup, tryIt, ts } from './common.js';

const W = 280;
const H = 150;
const P_MIN = 0.005;

export class CrossEntropyLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.photo = null;
    this.trueClass = 0;
    this.probs = null;     // the engine's y' for the chosen photo, or null without a trained net
    this.error = null;
    this.whatIf = 0.1;     // "what if the net gave the true class only this much"
    setMarkup(root, `<p class="hint" data-i18n="lesson.xent.text"></p>
      <p class="formula">loss = −Σ y<sub>i</sub> · log(y′<sub>i</sub>)</p>
      <p class="xent-status" role="status"></p>
      <div class="xent-picker"></div>
      <label class="inline-field true-field"><span data-i18n="lesson.xent.true"></span> <select class="true-class" data-testid="xent-true"></select></label>
      <div class="table-scroll"><table class="xent-terms" data-testid="xent-terms"><thead><tr>
        <th data-i18n="lesson.xent.class"></th><th class="num">y</th><th class="num">y′</th><th class="num">y · log y′</th></tr></thead>
        <tbody></tbody></table></div>
      <p class="lesson-output" aria-live="polite" data-testid="xent-loss"></p>
      <h4 data-i18n="lesson.xent.costTitle"></h4>
      <div class="neuron-layout"><figure class="lesson-figure"><svg class="xent-curve" viewBox="0 0 ${W} ${H}" role="img"></svg>
        <figcaption class="hint curve-caption"></figcaption></figure>
        <div><label class="slider"><span class="whatif-label"></span>
          <input type="range" min="0.01" max="0.99" step="0.01" value="${this.whatIf}" class="whatif" data-testid="xent-whatif"></label>
          <p class="whatif-out" aria-live="polite"></p></div></div>`);
    this.picker = new PhotoPicker(q(root, '.xent-picker'), {
      testid: 'xent-photos',
      onPick: (photo) => {
        this.photo = photo;
        this.trueClass = photo.classIndex;
        this.predict();
      },
    });
    q(root, '.true-class').addEventListener('change', (e) => {
      this.trueClass = Number(e.target.value);
      this.render();
    });
    q(root, '.whatif').addEventListener('input', (e) => {
      this.whatIf = Number(e.target.value);
      this.render();
    });
    this.footer = tryIt(root, 'cross-entropy', { textKey: 'lesson.xent.try', action: () => ctx.lab.apply({}) });
    ctx.lab.onModelChange(() => this.open());
  }

  open() {
    this.refreshPhotos();
    this.predict();
  }

  refreshPhotos() {
    const { classes } = this.ctx.lab.getState();
    const before = this.picker.selected;
    this.picker.update(this.ctx.lab.storedImages(), classes);
    this.photo = this.picker.selectFirst();
    if (this.photo && this.photo !== before) this.trueClass = this.photo.classIndex;
  }

  // Only the latest request's answer is shown (photos can be picked faster than the engine answers).
  async predict() {
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    let probs = null;
    let error = null;
    if (this.photo && this.ctx.lab.hasModel()) {
      try {
        const { predictions: [p] } = await this.ctx.client.request(Req.predict, { ids: [this.photo.id] });
        if (p.ok) probs = [...p.probs];
        else error = p.reason;
      } catch (err) {
        error = err.message;
      }
    }
    if (ticket !== this.ticket) return;
    this.probs = probs;
    this.error = error;
    this.render();
  }

  render() {
    const { classes } = this.ctx.lab.getState();
    const select = q(this.root, '.true-class');
    const key = classes.join('|');
    if (select.dataset.key !== key) {
      select.replaceChildren(...classes.map((name, k) => new Option(name, String(k))));
      select.dataset.key = key;
    }
    select.value = String(this.trueClass);
    const status = q(this.root, '.xent-status');
    const loss = q(this.root, '[data-testid=xent-loss]');
    const rows = [];
    if (!this.ctx.lab.storedImages().length) status.textContent = ts('lesson.noPhotos');
    else if (!this.ctx.lab.hasModel()) status.textContent = ts('lesson.xent.noModel');
    else if (this.error) status.textContent = t('lesson.engineError', { message: this.error });
    else status.textContent = this.photo ? t('lesson.xent.photo', { name: this.photo.name }) : '';
    if (this.probs) {
      const p = this.probs;
      let sum = 0;
      p.forEach((pk, k) => {
        const y = k === this.trueClass ? 1 : 0;
        const term = y * Math.log(Math.max(pk, 1e-12));
        sum += term;
        rows.push(el('tr', { className: y ? 'true-row' : '' },
          el('td', {}, classes[k] ?? String(k)), el('td', { className: 'num' }, String(y)),
          el('td', { className: 'num', dataset: { prob: String(pk) } }, pk.toFixed(4)), el('td', { className: 'num' }, fmt(term, 4))));
      });
      const top = p.indexOf(Math.max(...p));
      const verdict = top === this.trueClass ? 'lesson.xent.right' : 'lesson.xent.wrong';
      loss.textContent = `${t('lesson.xent.loss', { p: p[this.trueClass].toFixed(4), loss: fmt(-sum, 4) })} ${t(verdict, { chosen: classes[top] ?? top })}`;
      loss.dataset.value = String(-sum);
      loss.dataset.p = String(p[this.trueClass]);
    } else {
      loss.textContent = '';
      delete loss.dataset.value;
    }
    q(this.root, '.xent-terms tbody').replaceChildren(...rows);
    q(this.root, '.xent-terms').hidden = !rows.length;
    q(this.root, '.true-field').hidden = !rows.length;
    q(this.root, '.curve-caption').textContent = [t('lesson.xent.curve'), t('lesson.xent.curveSlider'), ...(this.probs ? [t('lesson.xent.curvePhoto')] : [])].join(' ');
    q(this.root, '.whatif-label').textContent = t('lesson.xent.whatIf', { p: this.whatIf.toFixed(2) });
    q(this.root, '.whatif-out').textContent = t('lesson.xent.whatIfLoss', { p: this.whatIf.toFixed(2), loss: fmt(-Math.log(this.whatIf), 3) });
    this.curve();
    this.footer.render();
  }

  // −log p for p ∈ (0, 1]: near 0 when sure and right, steep when sure and wrong.
  curve() {
    const yMax = -Math.log(P_MIN);
    const px = (p) => 28 + p * (W - 40);
    const py = (l) => H - 22 - (Math.min(l, yMax) / yMax) * (H - 34);
    const pts = [];
    for (let i = 0; i <= 100; i++) {
      const p = P_MIN + ((1 - P_MIN) * i) / 100;
      pts.push(`${px(p).toFixed(1)},${py(-Math.log(p)).toFixed(1)}`);
    }
    const dot = (p, cls) => `<circle cx="${px(p)}" cy="${py(-Math.log(Math.max(p, P_MIN)))}" r="5" class="${cls}"/>`;
    const svg = q(this.root, '.xent-curve');
    svg.setAttribute('aria-label', t('lesson.xent.curve'));
    svg.innerHTML = `<line x1="28" x2="${W - 8}" y1="${H - 22}" y2="${H - 22}" class="axis"/><line x1="28" x2="28" y1="8" y2="${H - 22}" class="axis"/>
      <text x="${W - 8}" y="${H - 26}" class="axis-label" text-anchor="end">p</text><text x="32" y="14" class="axis-label">−log p</text>
      ${[0, 0.5, 1].map((v) => `<text x="${px(v)}" y="${H - 8}" class="tick" text-anchor="middle">${v}</text>`).join('')}
      <polyline points="${pts.join(' ')}" class="curve"/>${dot(this.whatIf, 'marker off')}
      ${this.probs ? dot(this.probs[this.trueClass], 'marker') : ''}`;
  }
}
