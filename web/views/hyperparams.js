// views/hyperparams.js — the training settings, each with its default and a one-line explanation.
import { t } from '../i18n/index.js';
import { DEFAULT_HP, HP_LIMITS } from '../state.js';

// [key, kind, min, max, step]; kind 'number' | 'select' | 'augment'
const num = (key, step) => [key, 'number', ...HP_LIMITS[key], step];
const FIELDS = [
  num('epochs', 1),
  num('batch', 1),
  num('lr', 'any'),
  ['optimizer', 'select', ['adam', 'sgd']],
  num('l2', 'any'),
  num('dropout', 0.05),
  ['augment', 'augment', ['flip', 'crop', 'jitter']],
  num('valSplit', 0.05),
  num('seed', 1),
];

// data: {hp, locked}
export class HyperparamsView {
  constructor(container, { onChange }) {
    this.container = container;
    this.onChange = onChange;
    container.innerHTML = `<div class="hp-grid"></div><button type="button" class="hp-reset"></button>`;
    this.grid = container.querySelector('.hp-grid');
    for (const [key, kind, ...rest] of FIELDS) this.grid.append(this.makeField(key, kind, rest));
    container.querySelector('.hp-reset').addEventListener('click', () => this.onChange({ ...DEFAULT_HP }));
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
      wrap.innerHTML = `<label class="hp-label" for="${id}"></label>${control}<p class="hp-help" id="${id}-help"></p>`;
      const el = wrap.querySelector(`#${id}`);
      el.setAttribute('aria-describedby', `${id}-help`);
      el.dataset.testid = id;
      el.addEventListener('change', () => {
        if (kind === 'select') return this.onChange({ [key]: el.value });
        const v = Number(el.value);
        // Out-of-range or empty input snaps back to the nearest allowed value rather than failing later.
        const clamped = Number.isFinite(v) && el.value !== '' ? Math.min(b, Math.max(a, v)) : DEFAULT_HP[key];
        this.onChange({ [key]: step === 1 ? Math.round(clamped) : clamped });
      });
    }
    wrap.dataset.key = key;
    return wrap;
  }

  update({ hp, locked }) {
    this.container.querySelector('.hp-reset').textContent = t('hp.reset');
    for (const wrap of this.grid.children) {
      const key = wrap.dataset.key;
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
