// views/model-file.js — save the trained model to a file and load one (the CLI reads the same file).
import { t, say } from '../i18n/index.js';

// data: {canExport: boolean, message: i18n message (see say()) | null, error: boolean}
export class ModelFileView {
  constructor(container, { onExport, onImport }) {
    this.container = container;
    container.innerHTML = `
      <p class="hint files-hint"></p>
      <div class="row wrap">
        <button type="button" data-testid="export-model"></button>
        <label class="file-button"><span class="import-text"></span>
          <input type="file" data-testid="import-model" class="visually-hidden-input">
        </label>
      </div>
      <p class="file-status" role="status"></p>`;
    container.querySelector('[data-testid=export-model]').addEventListener('click', onExport);
    const input = container.querySelector('[data-testid=import-model]');
    input.addEventListener('change', () => {
      const file = input.files[0];
      input.value = '';
      if (file) onImport(file);
    });
    this.data = { canExport: false, message: null, error: false };
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const q = (sel) => this.container.querySelector(sel);
    q('.files-hint').textContent = t('files.hint');
    q('[data-testid=export-model]').textContent = t('files.export');
    q('[data-testid=export-model]').disabled = !this.data.canExport;
    q('.import-text').textContent = t('files.import');
    q('[data-testid=import-model]').setAttribute('aria-label', t('files.import'));
    const status = q('.file-status');
    status.textContent = say(this.data.message);
    status.classList.toggle('error', Boolean(this.data.error));
  }

  reset() {
    this.update({ message: null, error: false });
  }
}
