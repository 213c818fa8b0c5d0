// views/keep.js — keeping and sharing the lab: whether this browser keeps it, the link, the class
// bundle (save, open) and Start over.
import { t, say } from '../i18n/index.js';

// data: {storage: {phase: 'off'|'ok'|'problem', problem}, keep: {message, error, link}, busy}
export class KeepView {
  constructor(container, { onCopyLink, onExport, onImport, onStartOver }) {
    this.container = container;
    container.innerHTML = `
      <p class="hint" data-i18n="keep.hint"></p>
      <p class="storage-status muted" data-testid="storage-status" role="status"></p>
      <div class="row wrap">
        <button type="button" data-testid="copy-link" data-i18n="keep.copyLink"></button>
        <button type="button" data-testid="export-bundle" data-i18n="keep.exportBundle"></button>
        <label class="file-button"><span data-i18n="keep.importBundle"></span>
          <input type="file" accept=".cnnlab-bundle,application/octet-stream" data-testid="import-bundle" class="visually-hidden-input" data-i18n-attr="aria-label:keep.importBundle">
        </label>
        <button type="button" data-testid="start-over" data-i18n="keep.startOver"></button>
      </div>
      <input type="text" readonly class="link-text" data-testid="link-text" data-i18n-attr="aria-label:keep.copyLink" hidden>
      <p class="keep-status" data-testid="keep-status" role="status"></p>`;
    const q = (sel) => container.querySelector(sel);
    q('[data-testid=copy-link]').addEventListener('click', onCopyLink);
    q('[data-testid=export-bundle]').addEventListener('click', onExport);
    q('[data-testid=start-over]').addEventListener('click', onStartOver);
    const input = q('[data-testid=import-bundle]');
    input.addEventListener('change', () => {
      const file = input.files[0];
      input.value = '';
      if (file) onImport(file);
    });
    this.q = q;
  }

  update({ storage, keep, busy }) {
    const q = this.q;
    const status = q('.storage-status');
    status.dataset.state = storage.phase;
    status.dataset.problem = storage.problem ?? '';
    status.textContent = storage.phase === 'problem' ? t(`keep.storage.${storage.problem}`) : t(`keep.storage.${storage.phase}`);
    status.classList.toggle('error', storage.phase === 'problem');
    for (const id of ['export-bundle', 'import-bundle']) q(`[data-testid=${id}]`).disabled = busy;
    const link = q('.link-text');
    link.hidden = !keep.link;
    link.value = keep.link ?? '';
    const message = q('.keep-status');
    message.textContent = say(keep.message);
    message.classList.toggle('error', Boolean(keep.error));
  }
}
