// views/model-file.js — save the trained model to a file and load one (the CLI reads the same
// file), or export it as ONNX for ONNX Runtime, PyTorch and other tools.
import { say, translateTree } from '../i18n/index.js';

// data: {canExport: boolean, message: i18n message (see say()) | null, error: boolean}
export class ModelFileView {
  constructor(container, { onExport, onImport, onExportOnnx }) {
    this.container = container;
    container.innerHTML = `
      <p class="hint files-hint" data-i18n="files.hint"></p>
      <div class="row wrap">
        <button type="button" data-testid="export-model" data-i18n="files.export"></button>
        <button type="button" data-testid="export-onnx" data-i18n="files.exportOnnx"></button>
        <label class="file-button"><span class="import-text" data-i18n="files.import"></span>
          <input type="file" data-testid="import-model" class="visually-hidden-input" data-i18n-attr="aria-label:files.import">
        </label>
      </div>
      <p class="hint onnx-hint" data-i18n="files.onnxHint"></p>
      <p class="file-status" role="status"></p>`;
    translateTree(container);
    container.querySelector('[data-testid=export-model]').addEventListener('click', onExport);
    container.querySelector('[data-testid=export-onnx]').addEventListener('click', onExportOnnx);
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
    q('[data-testid=export-model]').disabled = !this.data.canExport;
    q('[data-testid=export-onnx]').disabled = !this.data.canExport;
    const status = q('.file-status');
    status.textContent = say(this.data.message);
    status.classList.toggle('error', Boolean(this.data.error));
  }

  reset() {
    this.update({ message: null, error: false });
  }
}
