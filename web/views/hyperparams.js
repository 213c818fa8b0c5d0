// views/hyperparams.js — the training settings, each with its default and a one-line explanation.
import { t } from '../i18n/index.js';
import { DEFAULT_HP, HP_LIMITS, clampSetting } from '../state.js';

// [key, kind, min, max, step]; kind 'number' | 'select' | 'augment'
const num = (key, step) => [key, 'number', ...HP_LIMITS[key], step];
export const FIELDS = [
  num('epochs', 1),
  num('batchSize', 1),
  num('lr', 'any'),
  ['optimizer', 'select', ['adam', 'sgd']],
  num('weightDecay', 'any'),
  num('dropout', 0.05),
  ['augment', 'augment', ['flip', 'crop', 'jitter']],
  num('valSplit', 0.05),
  num('perClassLimit', 1),
  num('seed', 1),
];
// Test hooks of DESIGN.md for fields that have one; the others are found by id (#hp-<key>).
const TEST_IDS = { lr: 'lr', perClassLimit: 'per-class-limit' };

// data: {hp, locked}. `keys`: which settings this instance shows (the page shows epochs and the
// learning rate up front and the rest under "Advanced"); `reset`: offer "back to the defaults".
export class HyperparamsView {
  constructor(container, { onChange, keys = FIELDS.map((f) => f[0]), reset = true }) {
    this.container = container;
    this.onChange = onChange;
    this.keys = keys;
    container.innerHTML = `<div class="hp-grid"></div>${reset ? '<button type="button" class="hp-reset"></button>' : ''}`;
    this.grid = container.querySelector('.hp-grid');
    for (const [key, kind, ...rest] of FIELDS.filter((f) => keys.includes(f[0]))) this.grid.append(this.makeField(key, kind, rest));
    container.querySelector('.hp-reset')?.addEventListener('click', () => {
      this.notes = {};
      this.onChange(Object.fromEntries(keys.map((k) => [k, DEFAULT_HP[k]])));
    });
    this.notes = {};
  }

  makeField(key, kind, [a, b, step]) {
    const wrap = document.createElement('div');
    wrap.className = 'hp-field';
    const id = `hp-${key}`;
    if (kind === 'augment') {
      wrap.innerHTML = `<fieldset aria-describedby="${id}-help"><legend class="hp-label"></legend>${a
        .map((name) => `<label class="check"><input type="checkbox" value="${name}" data-aug> <span data-aug-label="${name}"></span></label>`)
        .join('')}</fieldset><p class="hp-help" id="${id}-help"></p>`;
      wrap.addEventListener('change', () => {
        const chosen = [...wrap.querySelectorAll('input[data-aug]:checked')].map((el) => el.value);
        this.onChange({ augment: chosen.join(',') });
      });
    } else {
      const control = kind === 'select'
        ? `<select id="${id}">${a.map((v) => `<option value="${v}">${v}</option>`).join('')}</select>`
        : `<input id="${id}" type="number" min="${a}" max="${b}" step="${step}" inputmode="decimal">`;
      wrap.innerHTML = `<label class="hp-label" for="${id}"></label>${control}<p class="hp-note" id="${id}-note" role="status"></p><p class="hp-help" id="${id}-help"></p>`;
      const el = wrap.querySelector(`#${id}`);
      el.setAttribute('aria-describedby', `${id}-note ${id}-help`);
      el.dataset.testid = TEST_IDS[key] ?? id;
      el.addEventListener('change', () => {
        if (kind === 'select') return this.onChange({ [key]: el.value });
        // An out-of-range or empty value snaps to the nearest allowed one, and the page says so.
        const { value, note } = clampSetting(key, el.value);
        this.notes[key] = note;
        const v = step === 1 ? Math.round(value) : value;
        el.value = v;
        this.onChange({ [key]: v });
        this.showNote(wrap, key);
      });
    }
    wrap.dataset.key = key;
    return wrap;
  }

  showNote(wrap, key) {
    const el = wrap.querySelector('.hp-note');
    if (!el) return;
    const note = this.notes[key];
    el.textContent = note ? t(note.key, note.params) : '';
    el.hidden = !note;
  }

  update({ hp, locked }) {
    const reset = this.container.querySelector('.hp-reset');
    if (reset) reset.textContent = t('hp.reset');
    for (const wrap of this.grid.children) {
      const key = wrap.dataset.key;
      this.showNote(wrap, key);
      wrap.querySelector('.hp-label').textContent = t(`hp.${key}`);
      wrap.querySelector('.hp-help').textContent = t(`hp.${key}.help`, { def: DEFAULT_HP[key] || '—' });
      for (const el of wrap.querySelectorAll('input, select')) {
        el.disabled = locked;
        if (el.dataset.aug !== undefined) {
          el.checked = hp.augment.split(',').includes(el.value);
          wrap.querySelector(`[data-aug-label="${el.value}"]`).textContent = t(`hp.augment.${el.value}`);
        } else if (document.activeElement !== el) {
          el.value = hp[key];
        }
      }
      for (const opt of wrap.querySelectorAll('option')) opt.textContent = t(`hp.optimizer.${opt.value}`);
    }
  }

  reset() {}
}
