// views/confusion.js — the validation set's confusion matrix after training: which true class was
// taken for which, each row shaded by its share, the diagonal (right answers) marked, and each
// class's accuracy (diagonal ÷ row total). A cell opens a gallery of exactly its photos with their
// probabilities, the most confident first (for a mix-up: the most confident mistakes), each one
// openable in "Look inside".
import { t } from '../i18n/index.js';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
// The first photos of a large cell; the rest are counted, not drawn.
const GALLERY_MAX = 60;

// data: {result: EvalResult of protocol.js (confusion[true][predicted], perClassAccuracy, samples)
//        | null, classes: string[] (the page's names; the engine's if shorter), images: the
//        page's photos per class ([{id, name, thumbUrl}]), to find each sample's photo}
export class ConfusionView {
  constructor(container, { onOpen = () => {} } = {}) {
    this.container = container;
    this.onOpen = onOpen;
    this.data = { result: null, classes: [], images: [] };
    this.cell = null;  // {row, col} of the open gallery
    container.addEventListener('click', (e) => {
      const cellButton = e.target.closest('[data-cell]');
      if (cellButton) {
        const [row, col] = cellButton.dataset.cell.split(',').map(Number);
        this.cell = this.cell?.row === row && this.cell?.col === col ? null : { row, col };
        this.render();
        if (this.cell) this.container.querySelector('[data-testid=gallery]')?.scrollIntoView({ block: 'nearest' });
        return;
      }
      const open = e.target.closest('[data-open]');
      if (open) {
        const sample = this.gallerySamples()[Number(open.dataset.open)];
        const photo = sample && this.photoOf(sample.imageId);
        if (photo) this.onOpen(photo, sample.predicted);
      }
    });
  }

  update(data) {
    if ('result' in data && data.result !== this.data.result) this.cell = null;
    this.data = { ...this.data, ...data };
    this.render();
  }

  reset() {
    if (this.data.result) this.update({ result: null });
  }

  photoOf(id) {
    for (const list of this.data.images ?? []) {
      const found = list.find((r) => r.id === id);
      if (found) return found;
    }
    return null;
  }

  // The open cell's photos, most confident in the chosen class first.
  gallerySamples() {
    const { result } = this.data;
    if (!this.cell || !result?.samples) return [];
    const { row, col } = this.cell;
    return result.samples.filter((s) => s.label === row && s.predicted === col)
      .sort((a, b) => b.probs[col] - a.probs[col]);
  }

  render() {
    const { result, classes } = this.data;
    this.container.hidden = !result;
    if (!result) {
      this.container.replaceChildren();
      return;
    }
    const k = result.confusion.length;
    const names = result.confusion.map((_, i) => classes[i] ?? result.classes?.[i] ?? String(i + 1));
    const correct = result.confusion.reduce((sum, row, i) => sum + row[i], 0);
    const total = result.confusion.flat().reduce((a, b) => a + b, 0);
    const canOpen = Boolean(result.samples);
    const rows = result.confusion.map((row, i) => {
      const rowTotal = row.reduce((a, b) => a + b, 0);
      const cells = row.map((n, j) => {
        // Shade = this cell's share of its row (0 → no tint, 1 → full tint); ink stays dark on both tints.
        const share = rowTotal ? n / rowTotal : 0;
        const tint = i === j ? '22, 163, 74' : '37, 99, 235';
        const open = this.cell?.row === i && this.cell?.col === j;
        const label = t('confusion.cellLabel', { n, truth: names[i], chosen: names[j] });
        const body = canOpen && n > 0
          ? `<button type="button" class="cm-open" data-cell="${i},${j}" data-testid="confusion-cell-${i}-${j}" data-count="${n}" aria-pressed="${open}" aria-label="${esc(label)}">${n}</button>`
          : `<span data-testid="confusion-cell-${i}-${j}" data-count="${n}">${n}</span>`;
        return `<td class="num cm-cell${i === j ? ' cm-diag' : ''}${open ? ' cm-open-cell' : ''}" data-tint="rgba(${tint}, ${(0.45 * share).toFixed(3)})">${body}</td>`;
      }).join('');
      return `<tr><th scope="row">${esc(names[i])}</th>${cells}<td class="num cm-acc">${pct(result.perClassAccuracy?.[i])}</td></tr>`;
    }).join('');
    this.container.innerHTML = `<h3>${esc(t('confusion.heading'))}</h3>
      <p class="hint cm-summary">${esc(t('confusion.summary', { n: total, correct, acc: pct(total ? correct / total : NaN) }))}${canOpen ? ` ${esc(t('confusion.clickHint'))}` : ''}</p>
      <p class="hint cm-scroll" hidden>${esc(t('confusion.scroll'))}</p>
      <div class="table-scroll" tabindex="0"><table class="confusion-table" data-testid="confusion" data-classes="${k}">
        <caption>${esc(t('confusion.caption'))}</caption>
        <thead><tr><th scope="col" class="cm-corner">${esc(t('confusion.corner'))}</th>${names.map((n) => `<th scope="col" class="num">${esc(n)}</th>`).join('')}<th scope="col" class="num">${esc(t('confusion.accuracy'))}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>
      ${this.galleryHtml(names)}`;
    // Set through the DOM: a style attribute in markup is refused by the page's CSP.
    for (const td of this.container.querySelectorAll('td[data-tint]')) td.style.background = td.dataset.tint;
    // On a narrow screen a matrix of many classes scrolls sideways; say so rather than hide columns.
    requestAnimationFrame(() => {
      const box = this.container.querySelector('.table-scroll');
      const hint = this.container.querySelector('.cm-scroll');
      if (box && hint) hint.hidden = box.scrollWidth <= box.clientWidth;
    });
  }

  galleryHtml(names) {
    if (!this.cell) return '';
    const { row, col } = this.cell;
    const samples = this.gallerySamples();
    const heading = row === col
      ? t('confusion.galleryRight', { n: samples.length, truth: names[row] })
      : t('confusion.galleryWrong', { n: samples.length, truth: names[row], chosen: names[col] });
    const items = samples.slice(0, GALLERY_MAX).map((s, i) => {
      const photo = this.photoOf(s.imageId);
      const probs = row === col
        ? `${esc(names[col])} ${pct(s.probs[col])}`
        : `${esc(names[col])} ${pct(s.probs[col])} · ${esc(names[row])} ${pct(s.probs[row])}`;
      const picture = photo
        ? `<img src="${esc(photo.thumbUrl)}" alt="${esc(photo.name)}" width="72" height="72">`
        : `<span class="gallery-gone">${esc(t('confusion.photoGone'))}</span>`;
      const open = photo ? `<button type="button" class="gallery-open" data-open="${i}" data-testid="gallery-open-${i}">${esc(t('confusion.open'))}</button>` : '';
      return `<li class="gallery-item" data-testid="gallery-item" data-image-id="${s.imageId}" data-p-chosen="${s.probs[col]}">${picture}<span class="gallery-probs">${probs}</span>${open}</li>`;
    }).join('');
    const more = samples.length > GALLERY_MAX ? `<p class="hint">${esc(t('confusion.more', { n: samples.length - GALLERY_MAX }))}</p>` : '';
    return `<section class="gallery" data-testid="gallery" data-row="${row}" data-col="${col}" data-count="${samples.length}" aria-live="polite">
      <h4>${esc(heading)}</h4><ul class="gallery-list">${items}</ul>${more}</section>`;
  }
}
