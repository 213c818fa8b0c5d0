// views/demos.js — the built-in demo sets, one button each, with what is in them.
import { getLang, t } from '../i18n/index.js';

// data: {demos: [{id, name: {en, zh}, description: {en, zh}}], current: id of the loaded one, busy}
export class DemoView {
  constructor(container, { onLoad }) {
    this.container = container;
    container.innerHTML = `<p class="demos-label" data-i18n="data.demosLabel"></p><ul class="demo-list"></ul>`;
    this.list = container.querySelector('.demo-list');
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-demo]');
      if (button) onLoad(button.dataset.demo);
    });
  }

  update({ demos, current, busy }) {
    const lang = getLang();
    this.container.hidden = !demos.length;
    this.list.replaceChildren(...demos.map((d) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.demo = d.id;
      button.dataset.testid = `demo-${d.id}`;
      button.disabled = busy;
      button.setAttribute('aria-pressed', String(d.id === current));
      const name = document.createElement('strong');
      name.textContent = d.name[lang] ?? d.name.en;
      button.append(name);
      const text = d.description?.[lang] ?? d.description?.en;
      if (text) {
        const small = document.createElement('span');
        small.className = 'muted small';
        small.textContent = text;
        button.append(small);
      }
      li.append(button);
      return li;
    }));
    this.container.querySelector('.demos-label').textContent = t('data.demosLabel');
  }
}
