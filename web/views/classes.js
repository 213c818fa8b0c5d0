// views/classes.js — the class cards: name, photo picker, drop target, camera, thumbnails, counts.
import { t } from '../i18n/index.js';
import { filesFromDrop } from './drop.js';

const MAX_THUMBS = 15;  // a card shows this many thumbnails and "+N more" for the rest

// data: {classes: string[], images: Array<Array<{id, name, thumbUrl}>>, busy: boolean (adding photos or training)}
export class ClassesView {
  constructor(container, { onRename, onAddFiles, onRemoveImage, onRemoveClass, onCamera }) {
    this.container = container;
    this.handlers = { onRename, onAddFiles, onRemoveImage, onRemoveClass, onCamera };
    this.cards = [];
    this.data = { classes: [], images: [], busy: false };
  }

  update(data) {
    this.data = data;
    while (this.cards.length > data.classes.length) this.cards.pop().root.remove();
    while (this.cards.length < data.classes.length) this.cards.push(this.makeCard(this.cards.length));
    this.cards.forEach((card, i) => this.fillCard(card, i));
  }

  reset() {
    this.cards.forEach((card) => card.root.remove());
    this.cards = [];
  }

  makeCard(i) {
    const root = document.createElement('article');
    root.className = 'class-card';
    root.innerHTML = `
      <div class="class-head">
        <label class="class-label" for="class-name-${i}"></label>
        <input id="class-name-${i}" class="class-name" data-testid="class-name-${i}" maxlength="40" autocomplete="off">
        <button type="button" class="remove-class icon-button"></button>
      </div>
      <div class="class-actions">
        <label class="file-button"><span class="pick-text"></span>
          <input type="file" accept="image/*" multiple data-testid="class-files-${i}" class="visually-hidden-input">
        </label>
        <button type="button" class="camera"></button>
        <span class="count" aria-live="polite"></span>
      </div>
      <p class="drop-hint muted"></p>
      <ul class="thumbs"></ul>`;
    const card = {
      root,
      label: root.querySelector('.class-label'),
      name: root.querySelector('.class-name'),
      removeClass: root.querySelector('.remove-class'),
      pickText: root.querySelector('.pick-text'),
      fileInput: root.querySelector('input[type=file]'),
      camera: root.querySelector('.camera'),
      count: root.querySelector('.count'),
      dropHint: root.querySelector('.drop-hint'),
      thumbs: root.querySelector('.thumbs'),
      thumbKey: '',
    };
    card.name.addEventListener('input', () => this.handlers.onRename(i, card.name.value));
    card.removeClass.addEventListener('click', () => this.handlers.onRemoveClass(i));
    card.fileInput.addEventListener('change', () => {
      const files = [...card.fileInput.files];
      card.fileInput.value = '';  // picking the same files again still fires change
      if (files.length) this.handlers.onAddFiles(i, files);
    });
    card.camera.addEventListener('click', () => this.handlers.onCamera(i));
    card.thumbs.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-id]');
      if (!button) return;
      this.handlers.onRemoveImage(Number(button.dataset.id));
      card.fileInput.focus();
    });
    root.addEventListener('dragover', (e) => {
      e.preventDefault();
      root.classList.add('dragging');
    });
    root.addEventListener('dragleave', () => root.classList.remove('dragging'));
    root.addEventListener('drop', async (e) => {
      e.preventDefault();
      e.stopPropagation();  // the section's own drop (a folder of class folders) must not fire too
      root.classList.remove('dragging');
      const groups = await filesFromDrop(e.dataTransfer);
      const files = groups.flatMap((g) => g.files);
      if (files.length) this.handlers.onAddFiles(i, files);
    });
    this.container.append(root);
    return card;
  }

  fillCard(card, i) {
    const name = this.data.classes[i];
    const images = this.data.images[i] ?? [];
    if (document.activeElement !== card.name) card.name.value = name;
    card.label.textContent = t('data.className', { n: i + 1 });
    card.removeClass.textContent = '×';
    card.removeClass.setAttribute('aria-label', t('data.removeClass', { name }));
    card.removeClass.title = t('data.removeClass', { name });
    card.removeClass.hidden = this.data.classes.length <= 2;
    card.pickText.textContent = t('data.pick');
    card.camera.textContent = t('data.camera');
    card.count.textContent = t('data.count', { n: images.length });
    card.dropHint.textContent = t('data.dropHint');
    card.fileInput.setAttribute('aria-label', t('data.pickFor', { name }));
    card.fileInput.disabled = this.data.busy;
    card.camera.disabled = this.data.busy;
    card.removeClass.disabled = this.data.busy;

    const shown = images.slice(0, MAX_THUMBS);
    const key = `${name}|${images.length}|${shown.map((im) => im.id).join(',')}|${t('data.removePhoto', { name: '' })}`;
    if (key === card.thumbKey) {  // keep the DOM (and focus, and decoded images) when nothing changed
      for (const button of card.thumbs.querySelectorAll('.remove-photo')) button.disabled = this.data.busy;
      return;
    }
    card.thumbKey = key;
    card.thumbs.replaceChildren(
      ...shown.map((im) => {
        const li = document.createElement('li');
        const img = document.createElement('img');
        img.src = im.thumbUrl;
        img.alt = im.name;
        img.width = 56;
        img.height = 56;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.dataset.id = im.id;
        remove.className = 'remove-photo';
        remove.textContent = '×';
        remove.setAttribute('aria-label', t('data.removePhoto', { name: im.name }));
        remove.disabled = this.data.busy;
        li.append(img, remove);
        return li;
      }),
    );
    if (images.length > shown.length) {
      const more = document.createElement('li');
      more.className = 'more';
      more.textContent = t('data.more', { n: images.length - shown.length });
      card.thumbs.append(more);
    }
  }
}
