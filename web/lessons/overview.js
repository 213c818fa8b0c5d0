// lessons/overview.js — the lecture's big picture: hand-made features then, end-to-end learning now,
// and what CNNs are used for, from easy to hard.
import { t } from '../i18n/index.js';

const FLOWS = {
  then: ['flow.image', 'flow.features', 'flow.train', 'flow.output'],
  now: ['flow.image', 'flow.train', 'flow.output'],
};
const APPLICATIONS = ['app.classify', 'app.detect', 'app.segment', 'app.style'];

export class OverviewLesson {
  constructor(container) {
    this.container = container;
    container.innerHTML = `<h3 class="l-title"></h3>
      <div class="flows">${Object.keys(FLOWS).map((k) => `<p class="flow" data-flow="${k}"><strong></strong> <span></span></p>`).join('')}</div>
      <p class="hint l-text"></p>
      <h4 class="l-apps"></h4><ol class="apps"></ol>`;
  }

  update() {
    const q = (sel) => this.container.querySelector(sel);
    q('.l-title').textContent = t('lesson.overview.title');
    for (const [k, steps] of Object.entries(FLOWS)) {
      const row = q(`[data-flow="${k}"]`);
      row.querySelector('strong').textContent = t(`lesson.overview.${k}`);
      row.querySelector('span').textContent = steps.map((s) => t(`lesson.${s}`)).join(' → ');
    }
    q('.l-text').textContent = t('lesson.overview.text');
    q('.l-apps').textContent = t('lesson.overview.apps');
    q('.apps').replaceChildren(...APPLICATIONS.map((a) => {
      const li = document.createElement('li');
      li.textContent = t(`lesson.${a}`);
      return li;
    }));
  }

  reset() {}
}
