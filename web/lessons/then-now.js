// lessons/then-now.js — then: features picked by hand, now: features learned. A hand-made classifier
// (colour histogram + nearest class mean, in plain JS on the lab's photos) against the learner's CNN
// on the same photos, both accuracies computed for real.
import { t } from '../i18n/index.js';
import { Req } from '../protocol.js';
import { presetLayers } from '../presets.js';
import { el, pct, photoPixels, q, setMarkup, tryIt, ts } from './common.js';

const BINS = 8;        // per colour channel
const SIZE = 24;       // thumbnails are read at 24×24: enough for a histogram
const MAX_PHOTOS = 300;
const BAR_COLOURS = ['#dc2626', '#16a34a', '#2563eb'];

// (3, H, W) in [0, 1] → 3·BINS values: each channel's histogram, as shares of its pixels.
function colourHistogram(chw) {
  const plane = chw.length / 3;
  const h = new Array(3 * BINS).fill(0);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) h[c * BINS + Math.min(BINS - 1, Math.floor(chw[c * plane + p] * BINS))] += 1 / plane;
  }
  return h;
}

const l1 = (a, b) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);

// Nearest class mean: each photo goes to the class whose average histogram is closest (L1).
// leaveOneOut: the photo's own histogram is taken out of its class mean first, so it is judged as a
// photo the classifier never saw. → {accuracy, means}
export function nearestMean(features, labels, classCount, { leaveOneOut }) {
  const sums = Array.from({ length: classCount }, () => new Array(features[0]?.length ?? 0).fill(0));
  const counts = new Array(classCount).fill(0);
  features.forEach((f, i) => {
    counts[labels[i]] += 1;
    f.forEach((v, d) => (sums[labels[i]][d] += v));
  });
  const means = sums.map((s, k) => s.map((v) => v / Math.max(1, counts[k])));
  let right = 0;
  features.forEach((f, i) => {
    let best = -1;
    let bestDist = Infinity;
    for (let k = 0; k < classCount; k++) {
      const own = leaveOneOut && k === labels[i];
      const n = counts[k] - (own ? 1 : 0);
      if (n <= 0) continue;
      const mean = own ? sums[k].map((v, d) => (v - f[d]) / n) : means[k];
      const dist = l1(f, mean);
      if (dist < bestDist) [best, bestDist] = [k, dist];
    }
    if (best === labels[i]) right += 1;
  });
  return { accuracy: features.length ? right / features.length : NaN, means };
}

export class ThenNowLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.result = null;
    setMarkup(root, `<div class="flows">
        <p class="flow"><strong data-i18n="lesson.thenNow.then"></strong> <span data-i18n="lesson.thenNow.thenFlow"></span></p>
        <p class="flow"><strong data-i18n="lesson.thenNow.now"></strong> <span data-i18n="lesson.thenNow.nowFlow"></span></p></div>
      <p class="hint" data-i18n="lesson.thenNow.text"></p>
      <h4 data-i18n="lesson.thenNow.testTitle"></h4><p class="hint" data-i18n="lesson.thenNow.testText"></p>
      <p class="thennow-status" role="status"></p>
      <div class="table-scroll"><table class="thennow-table" data-testid="thennow-table"><thead><tr><th></th>
        <th class="num" data-i18n="lesson.thenNow.heldOut"></th><th class="num" data-i18n="lesson.thenNow.seen"></th></tr></thead>
        <tbody><tr><th scope="row" data-i18n="lesson.thenNow.hand"></th><td class="num" data-testid="thennow-hand-loo"></td><td class="num" data-testid="thennow-hand-all"></td></tr>
        <tr><th scope="row" data-i18n="lesson.thenNow.cnn"></th><td class="num" data-testid="thennow-cnn-val"></td><td class="num" data-testid="thennow-cnn-all"></td></tr></tbody></table></div>
      <p class="thennow-verdict lesson-output" aria-live="polite"></p>
      <div class="thennow-features"><h5 data-i18n="lesson.thenNow.meansTitle"></h5><div class="mats thennow-means"></div></div>`);
    this.footer = tryIt(root, 'then-now', {
      textKey: 'lesson.thenNow.try',
      action: () => ctx.lab.apply({ preset: 'lecture', layers: presetLayers('lecture') }),
    });
    ctx.lab.onModelChange(() => this.open());
  }

  // The photos the comparison uses: all of them, or MAX_PHOTOS taken evenly from the classes.
  photos() {
    const all = this.ctx.lab.storedImages();
    if (all.length <= MAX_PHOTOS) return all;
    const step = all.length / MAX_PHOTOS;
    return Array.from({ length: MAX_PHOTOS }, (_, i) => all[Math.floor(i * step)]);
  }

  // The histograms are kept while the photos stay the same; the accuracies are computed every time.
  async open() {
    const photos = this.photos();
    const k = this.ctx.lab.getState().classes.length;
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    if (!photos.length) {
      this.result = { none: true };
      return this.render();
    }
    const key = JSON.stringify(photos.map((p) => p.id));
    if (key !== this.features?.key) {
      this.result = null;
      this.render();
      this.features = { key, values: await Promise.all(photos.map(async (p) => colourHistogram(await photoPixels(p.thumbUrl, SIZE)))) };
    }
    const features = this.features.values;
    const labels = photos.map((p) => p.classIndex);
    const loo = nearestMean(features, labels, k, { leaveOneOut: true });
    const all = nearestMean(features, labels, k, { leaveOneOut: false });
    let cnnAll = null;
    let cnnError = null;
    if (this.ctx.lab.hasModel()) {
      try {
        const { predictions } = await this.ctx.client.request(Req.predict, { ids: photos.map((p) => p.id) });
        cnnAll = predictions.filter((p, i) => p.ok && p.index === labels[i]).length / photos.length;
      } catch (err) {
        cnnError = err.message;
      }
    }
    if (ticket !== this.ticket) return;
    const run = this.ctx.lab.keptRuns().at(-1);
    const val = run?.final?.valAcc;
    // The run's validation photos: its share of all the lab's photos (the split is per class).
    const share = run?.settings?.hp?.valSplit ?? this.ctx.lab.getState().hp.valSplit;
    const valCount = Math.max(1, Math.round(this.ctx.lab.storedImages().length * share));
    this.result = { n: photos.length, loo: loo.accuracy, all: all.accuracy, means: all.means, cnnAll, cnnVal: Number.isFinite(val) ? val : null, valCount, cnnError };
    this.render();
  }

  render() {
    const r = this.result;
    const cell = (id, v) => {
      const td = q(this.root, `[data-testid=${id}]`);
      td.textContent = v === null || v === undefined ? '—' : pct(v);
      td.dataset.value = v === null || v === undefined ? '' : String(v);
    };
    const status = q(this.root, '.thennow-status');
    if (!r) status.textContent = t('lesson.thenNow.computing');
    else if (r.none) status.textContent = ts('lesson.noPhotos');
    else status.textContent = r.cnnError ? t('lesson.engineError', { message: r.cnnError })
      : ts(this.ctx.lab.hasModel() ? 'lesson.thenNow.done' : 'lesson.thenNow.noModel', { n: r.n, k: this.ctx.lab.getState().classes.length });
    const ok = r && !r.none;
    cell('thennow-hand-loo', ok ? r.loo : null);
    cell('thennow-hand-all', ok ? r.all : null);
    cell('thennow-cnn-val', ok ? r.cnnVal : null);
    cell('thennow-cnn-all', ok ? r.cnnAll : null);
    const verdict = q(this.root, '.thennow-verdict');
    verdict.textContent = ok && r.cnnVal !== null ? t(`lesson.thenNow.${compare(r)}`, { hand: pct(r.loo), cnn: pct(r.cnnVal), n: r.n, m: r.valCount }) : '';
    const { classes } = this.ctx.lab.getState();
    q(this.root, '.thennow-means').replaceChildren(...(ok ? r.means.map((m, k) => histogramFigure(m, classes[k] ?? String(k))) : []));
    q(this.root, '.thennow-features').hidden = !ok;
    this.footer.render();
  }
}

// Held-out accuracies on few photos move a lot: a difference counts only beyond two standard errors
// (√(p(1−p)/n) for each, p smoothed as (right + 1) / (n + 2) so 0 % and 100 % still vary).
function compare({ loo, n, cnnVal, valCount }) {
  const se = (p, k) => {
    const q = (p * k + 1) / (k + 2);
    return Math.sqrt((q * (1 - q)) / k);
  };
  const margin = 2 * Math.hypot(se(loo, n), se(cnnVal, valCount));
  if (cnnVal - loo > margin) return 'cnnWins';
  if (loo - cnnVal > margin) return 'handWins';
  return 'tooClose';
}

// A class's average histogram: 8 red, 8 green and 8 blue bars, dark to bright.
function histogramFigure(values, caption) {
  const top = Math.max(...values, 1e-9);
  const bars = values.map((v, i) => `<rect x="${4 + i * 6 + Math.floor(i / BINS) * 4}" y="${62 - (56 * v) / top}" width="5" height="${(56 * v) / top}" fill="${BAR_COLOURS[Math.floor(i / BINS)]}"/>`).join('');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 160 64');
  svg.setAttribute('class', 'histogram');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = bars;
  return el('figure', { className: 'grid-block' }, svg, el('figcaption', { className: 'grid-caption' }, caption));
}
