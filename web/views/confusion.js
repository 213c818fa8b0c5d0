// views/confusion.js — the validation set's confusion matrix after training: which true class was
// taken for which, each row shaded by its share, the diagonal (right answers) marked, and each
// class's accuracy (diagonal ÷ row total).
import { t } from '../i18n/index.js';

// data: {result: EvalResult of protocol.js (confusion[true][predicted], perClassAccuracy, count,
//        accuracy) | null, classes: string[] (the page's names; the engine's if shorter)}
export class ConfusionView {
  constructor(container) {
    this.container = container;
    this.data = { result: null, classes: [] };
    this.render();
  }

  update(data) {
    this.data = { ...this.data, ...data };
    this.render();
  }

  reset() {
    if (this.data.result) this.update({ result: null });
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
    const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const rows = result.confusion.map((row, i) => {
      const rowTotal = row.reduce((a, b) => a + b, 0);
      const cells = row.map((n, j) => {
        // Shade = this cell's share of its row (0 → no tint, 1 → full tint); ink stays dark on both tints.
        const share = rowTotal ? n / rowTotal : 0;
        const tint = i === j ? '22, 163, 74' : '37, 99, 235';
        return `<td class="num cm-cell${i === j ? ' cm-diag' : ''}" data-tint="rgba(${tint}, ${(0.45 * share).toFixed(3)})">${n}</td>`;
      }).join('');
      return `<tr><th scope="row">${esc(names[i])}</th>${cells}<td class="num cm-acc">${pct(result.perClassAccuracy?.[i])}</td></tr>`;
    }).join('');
    this.container.innerHTML = `<h3>${esc(t('confusion.heading'))}</h3>
      <p class="hint cm-summary">${esc(t('confusion.summary', { n: total, correct, acc: pct(total ? correct / total : NaN) }))}</p>
      <p class="hint cm-scroll" hidden>${esc(t('confusion.scroll'))}</p>
      <div class="table-scroll" tabindex="0"><table class="confusion-table" data-testid="confusion" data-classes="${k}">
        <caption>${esc(t('confusion.caption'))}</caption>
        <thead><tr><th scope="col" class="cm-corner">${esc(t('confusion.corner'))}</th>${names.map((n) => `<th scope="col" class="num">${esc(n)}</th>`).join('')}<th scope="col" class="num">${esc(t('confusion.accuracy'))}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`;
    // Set through the DOM: a style attribute in markup is refused by the page's CSP.
    for (const td of this.container.querySelectorAll('td[data-tint]')) td.style.background = td.dataset.tint;
    // On a narrow screen a matrix of many classes scrolls sideways; say so rather than hide columns.
    requestAnimationFrame(() => {
      const box = this.container.querySelector('.table-scroll');
      const hint = this.container.querySelector('.cm-scroll');
      if (box && hint) hint.hidden = box.scrollWidth <= box.clientWidth;
    });
  }
}
