// views/model-editor.js — presets, input size and the layer list with each layer's output shape and
// parameter count as the engine reports them, plus the total and the engine's error for a bad net.
// The layer types, their fields and limits come from the engine's layer table (presets.js).
import { t, say } from '../i18n/index.js';
import { LAYER_TYPES, PRESETS, fieldLimits } from '../presets.js';

const SIZES = [16, 24, 28, 32, 48, 64];

// data: {preset, input: {channels, size}, layers, dropout, classCount, info: ModelInfo | null,
//        error: i18n message (see say()) | null, locked: boolean}
export class ModelEditorView {
  constructor(container, { onPreset, onInput, onLayers }) {
    this.container = container;
    this.handlers = { onPreset, onInput, onLayers };
    this.data = null;
    container.innerHTML = `
      <div class="row wrap">
        <label><span class="lbl-preset"></span> <select class="preset"></select></label>
        <label><span class="lbl-input"></span> <select class="input-shape"></select></label>
      </div>
      <p class="preset-help hint"></p>
      <p class="param-summary muted"></p>
      <details class="advanced advanced-layers"><summary data-i18n="model.advanced"></summary>
      <div class="table-scroll" tabindex="0">
        <table class="layers">
          <caption class="visually-hidden"></caption>
          <thead><tr><th scope="col">#</th><th scope="col" class="h-type"></th><th scope="col" class="h-settings"></th>
            <th scope="col" class="h-shape"></th><th scope="col" class="h-params"></th><th scope="col" class="h-actions"></th></tr></thead>
          <tbody></tbody>
          <tfoot><tr><th scope="row" colspan="4" class="total-label"></th><td class="total num" data-testid="param-total"></td><td></td></tr></tfoot>
        </table>
      </div>
      <div class="row wrap">
        <label><span class="lbl-add"></span> <select class="add-type"></select></label>
        <button type="button" class="add-layer"></button>
      </div>
      </details>
      <p class="model-error error" role="alert" data-testid="model-error"></p>`;
    this.el = (sel) => container.querySelector(sel);
    this.el('.preset').addEventListener('change', (e) => this.handlers.onPreset(e.target.value));
    this.el('.input-shape').addEventListener('change', (e) => {
      const [channels, size] = e.target.value.split('x').map(Number);
      this.handlers.onInput({ channels, size });
    });
    this.el('.add-layer').addEventListener('click', () => {
      const type = this.el('.add-type').value;
      const layers = [...this.data.layers, { type, ...LAYER_TYPES[type] }];
      this.handlers.onLayers(layers);
    });
    this.el('tbody').addEventListener('change', (e) => this.onRowChange(e));
    this.el('tbody').addEventListener('click', (e) => this.onRowClick(e));
  }

  onRowChange(e) {
    const row = e.target.closest('tr[data-index]');
    if (!row) return;
    const i = Number(row.dataset.index);
    const layers = structuredClone(this.data.layers);
    if (e.target.classList.contains('layer-type')) {
      layers[i] = { type: e.target.value, ...LAYER_TYPES[e.target.value] };
    } else if (e.target.dataset.field) {
      const [lo, hi] = fieldLimits(layers[i].type, e.target.dataset.field);
      const v = Math.round(Number(e.target.value));
      layers[i][e.target.dataset.field] = Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
    }
    this.handlers.onLayers(layers);
  }

  onRowClick(e) {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    const i = Number(button.closest('tr').dataset.index);
    const layers = structuredClone(this.data.layers);
    const j = button.dataset.action === 'up' ? i - 1 : i + 1;
    if (button.dataset.action === 'remove') layers.splice(i, 1);
    else if (j >= 0 && j < layers.length) [layers[i], layers[j]] = [layers[j], layers[i]];
    this.handlers.onLayers(layers);
    // Keep the keyboard where it was: the same action on the row the layer moved to.
    const focusRow = button.dataset.action === 'remove' ? Math.min(i, layers.length - 1) : j;
    requestAnimationFrame(() => this.el(`tr[data-index="${focusRow}"] button[data-action="${button.dataset.action}"]`)?.focus());
  }

  update(data) {
    this.data = data;
    const { preset, input, layers, info, error, locked } = data;
    this.el('.lbl-preset').textContent = t('model.preset');
    this.el('.lbl-input').textContent = t('model.input');
    this.el('.lbl-add').textContent = t('model.addType');
    this.el('.add-layer').textContent = t('model.addLayer');
    this.el('caption').textContent = t('model.caption');
    this.el('.h-type').textContent = t('model.type');
    this.el('.h-settings').textContent = t('model.settings');
    this.el('.h-shape').textContent = t('model.shape');
    this.el('.h-params').textContent = t('model.params');
    this.el('.h-actions').textContent = t('model.actions');
    this.el('.total-label').textContent = t('model.total');
    fillSelect(this.el('.preset'), [...Object.keys(PRESETS), 'custom'].map((k) => [k, t(`preset.${k}`)]), preset);
    fillSelect(
      this.el('.input-shape'),
      [3, 1].flatMap((c) => SIZES.map((s) => [`${c}x${s}`, t(c === 3 ? 'model.inputColour' : 'model.inputGrey', { s })])),
      `${input.channels}x${input.size}`,
    );
    fillSelect(this.el('.add-type'), Object.keys(LAYER_TYPES).map((k) => [k, t(`layer.${k}`)]), this.el('.add-type').value || 'conv2d');
    this.el('.preset-help').textContent = t(`preset.${preset}.help`);
    for (const el of this.container.querySelectorAll('select, input, button')) el.disabled = locked;

    const rows = this.specRows();
    const focus = this.focusedControl();
    this.el('tbody').replaceChildren(...rows.map((r) => this.renderRow(r)));
    if (focus) this.el(focus)?.focus();
    this.el('.total').textContent = info && !error ? formatCount(info.numParams) : '—';
    this.el('.model-error').textContent = say(this.withRowNumber(error));
    this.el('.param-summary').textContent = info && !error ? t('model.paramSummary', { n: formatCount(info.numParams), layers: info.layers.length }) : '';
  }

  // The engine numbers the spec's layers from 0; the editor numbers its rows from 1, and a dropout
  // row at rate 0 is not in the spec: the message names the row the learner sees.
  withRowNumber(error) {
    const layer = Number(error?.err?.params?.layer);
    if (!error?.err?.params || !Number.isInteger(layer)) return error;
    const row = this.specRows().filter((r) => !r.skipped)[layer];
    if (!row) return error;
    return { ...error, err: { ...error.err, params: { ...error.err.params, layer: String(this.rowNumber(row)) } } };
  }

  // The number the editor shows for a row of specRows(): 1-based, the fixed output layer last.
  rowNumber({ index, fixed }) {
    return fixed ? this.data.layers.length + 1 : index + 1;
  }

  // A selector for the focused control in the table, so a re-render puts the keyboard back there.
  focusedControl() {
    const el = document.activeElement;
    const row = el?.closest?.('tbody tr[data-index]');
    if (!row || !this.container.contains(row)) return null;
    const which = el.dataset.field ? `[data-field="${el.dataset.field}"]`
      : el.dataset.action ? `[data-action="${el.dataset.action}"]` : '.layer-type';
    return `tr[data-index="${row.dataset.index}"] ${which}`;
  }

  // Pairs each editor row with the engine's layer info: dropout at rate 0 is not in the spec, and the
  // final dense(K) row is added by buildSpec, so it is shown fixed.
  specRows() {
    const { layers, dropout, info, error, classCount } = this.data;
    const infoAt = (k) => (info && !error ? info.layers[k] : null);
    let k = 0;
    const rows = layers.map((layer, index) => {
      const skipped = layer.type === 'dropout' && !(dropout > 0);
      return { layer, index, skipped, info: skipped ? null : infoAt(k++) };
    });
    rows.push({ layer: { type: 'dense', units: classCount }, index: -1, fixed: true, info: infoAt(k) });
    return rows;
  }

  renderRow({ layer, index, skipped, fixed, info }) {
    const tr = document.createElement('tr');
    if (!fixed) tr.dataset.index = index;
    const n = this.rowNumber({ index, fixed });
    const typeCell = fixed
      ? `<span>${t('layer.dense')}</span>`
      : `<select class="layer-type" aria-label="${t('model.typeOf', { n })}">${Object.keys(LAYER_TYPES)
          .map((k) => `<option value="${k}"${k === layer.type ? ' selected' : ''}>${t(`layer.${k}`)}</option>`)
          .join('')}</select>`;
    tr.innerHTML = `<td class="num">${n}</td><td>${typeCell}</td><td class="settings"></td>
      <td class="shape"></td><td class="num params"></td><td class="actions"></td>`;
    const settings = tr.querySelector('.settings');
    if (fixed) settings.textContent = t('model.outputLayer', { k: layer.units });
    else if (layer.type === 'dropout') settings.textContent = t('model.dropoutRate', { rate: this.data.dropout });
    for (const field of Object.keys(LAYER_TYPES[layer.type] ?? {})) {
      if (fixed) break;
      const [lo, hi] = fieldLimits(layer.type, field);
      const label = document.createElement('label');
      label.className = 'field';
      label.innerHTML = `<span>${t(`field.${field}`)}</span><input type="number" min="${lo}" max="${hi}" step="1" data-field="${field}">`;
      label.querySelector('input').value = Array.isArray(layer[field]) ? layer[field][0] : layer[field];
      settings.append(label);
    }
    tr.querySelector('.shape').dataset.label = t('model.shape');
    tr.querySelector('.params').dataset.label = t('model.params');
    tr.querySelector('.shape').textContent = skipped ? t('model.off') : info ? info.outShape.join('×') : '—';
    tr.querySelector('.params').textContent = info ? formatCount(info.params) : skipped ? '0' : '—';
    if (!fixed) {
      const actions = tr.querySelector('.actions');
      for (const [action, symbol] of [['up', '↑'], ['down', '↓'], ['remove', '×']]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'icon-button';
        b.dataset.action = action;
        b.textContent = symbol;
        b.setAttribute('aria-label', t(`model.${action}`, { n }));
        b.disabled = this.data.locked;
        actions.append(b);
      }
    }
    for (const el of tr.querySelectorAll('select, input')) el.disabled = this.data.locked;
    return tr;
  }

  reset() {
    this.el('tbody').replaceChildren();
  }
}

export function formatCount(n) {
  return Number(n).toLocaleString('en-US');
}

function fillSelect(select, options, value) {
  const key = options.map(([v, label]) => `${v}=${label}`).join('|');
  if (select.dataset.key !== key) {
    select.replaceChildren(...options.map(([v, label]) => new Option(label, v)));
    select.dataset.key = key;
  }
  select.value = value;
}
