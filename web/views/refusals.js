// views/refusals.js — the files that could not be used, each with the reason.
import { t, say } from '../i18n/index.js';

// data: {items: Array<{name, reason}>} (reason: an i18n message, see say())
export class RefusalsView {
  constructor(container, { onClear }) {
    this.container = container;
    this.onClear = onClear;
    this.items = [];
  }

  update({ items }) {
    this.items = items;
    if (!items.length) {
      this.container.replaceChildren();
      return;
    }
    const heading = document.createElement('p');
    heading.className = 'refusals-heading';
    heading.textContent = t('refusals.heading', { n: items.length });
    const list = document.createElement('ul');
    for (const { name, reason } of items.slice(-50)) {
      const li = document.createElement('li');
      const strong = document.createElement('strong');
      strong.textContent = name;
      li.append(strong, `: ${say(reason)}`);
      list.append(li);
    }
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.textContent = t('refusals.clear');
    clear.addEventListener('click', this.onClear);
    this.container.replaceChildren(heading, list, clear);
  }

  reset() {
    this.update({ items: [] });
  }
}
