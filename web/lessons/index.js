// lessons/index.js — the lecture as a path of live lessons: a table of contents in the lecture's
// order, one lesson open at a time, each reachable as #lesson=<id>.
import { onLangChange, t, translateTree } from '../i18n/index.js';
import { NeuronLesson } from './neuron.js';
import { FcNetLesson } from './fc-net.js';
import { CrossEntropyLesson } from './cross-entropy.js';
import { FitLesson } from './fit.js';
import { AntsBeesLesson } from './ants-bees.js';
import { ThenNowLesson } from './then-now.js';
import { FcTooBigLesson } from './fc-too-big.js';
import { ConvLesson } from './conv.js';
import { ColourLesson } from './colour.js';
import { PoolingLesson } from './pooling.js';
import { FlattenLesson } from './flatten.js';
import { ApplicationsLesson } from './applications.js';

const LESSONS = [
  ['neuron', 'neuron', NeuronLesson],
  ['fc-net', 'fcNet', FcNetLesson],
  ['cross-entropy', 'xent', CrossEntropyLesson],
  ['fit', 'fit', FitLesson],
  ['ants-bees', 'antsBees', AntsBeesLesson],
  ['then-now', 'thenNow', ThenNowLesson],
  ['fc-too-big', 'fcTooBig', FcTooBigLesson],
  ['conv', 'conv', ConvLesson],
  ['colour', 'colour', ColourLesson],
  ['pooling', 'pool', PoolingLesson],
  ['flatten', 'flatten', FlattenLesson],
  ['applications', 'apps', ApplicationsLesson],
];

/** The lecture's ideas in its order; `#lesson=<id>` opens one. */
export const LESSON_IDS = LESSONS.map(([id]) => id);
const KEY = Object.fromEntries(LESSONS.map(([id, key]) => [id, key]));
const CLASS = Object.fromEntries(LESSONS.map(([id, , Lesson]) => [id, Lesson]));

// The `lesson` key of a hash such as "#classes=a|b&lesson=conv" (the page's store writes the other keys).
function lessonFromHash(hash) {
  const id = new URLSearchParams(String(hash ?? '').replace(/^#/, '')).get('lesson');
  return LESSON_IDS.includes(id) ? id : null;
}

/**
 * Mounts the path and its lessons in `container`. ctx: {client, lab, onOpen} (README "Lessons").
 * Lessons are built when first opened, so the page pays only for what the learner looks at.
 * @returns {{open(id: string): void, close(): void, ids: string[]}}
 */
export function mountLessons(container, ctx) {
  const fromUrl = lessonFromHash(location.hash);
  const embedded = Boolean(fromUrl) && new URLSearchParams(location.hash.slice(1)).has('embed');
  const lessonCtx = embedded ? embeddedContext(ctx, () => current) : ctx;
  document.documentElement.classList.toggle('lessons-embed', embedded);
  container.classList.add('lessons');
  container.innerHTML = `<nav class="lesson-path" data-i18n-attr="aria-label:lessons.path"><ol>${LESSON_IDS.map((id, i) => `
      <li><a href="#lesson=${id}" data-testid="lesson-link-${id}" data-id="${id}"><span class="lesson-num">${i + 1}</span>
        <span class="lesson-name" data-i18n="lesson.${KEY[id]}.title"></span></a></li>`).join('')}</ol></nav>
    <div class="lesson-stage"></div>`;
  const stage = container.querySelector('.lesson-stage');
  const mounted = new Map();  // id → {section, lesson}
  let current = null;

  function build(id) {
    const i = LESSON_IDS.indexOf(id);
    const section = document.createElement('article');
    section.className = 'lesson';
    section.id = `lesson-${id}`;
    section.dataset.testid = `lesson-${id}`;
    section.setAttribute('aria-labelledby', `lesson-${id}-title`);
    section.innerHTML = `<p class="lesson-count"></p>
      <h3 id="lesson-${id}-title" data-i18n="lesson.${KEY[id]}.title"></h3><div class="lesson-body"></div>
      <div class="lesson-nav">${i > 0 ? `<button type="button" data-go="${LESSON_IDS[i - 1]}" class="lesson-prev"></button>` : ''}
        ${i < LESSON_IDS.length - 1 ? `<button type="button" data-go="${LESSON_IDS[i + 1]}" class="lesson-next"></button>` : ''}</div>`;
    section.querySelector('.lesson-nav').addEventListener('click', (e) => {
      const go = e.target.closest('[data-go]')?.dataset.go;
      if (go) open(go, { scroll: true });
    });
    stage.append(section);
    const lesson = new CLASS[id](section.querySelector('.lesson-body'), visibleOnly(lessonCtx, id, () => current));
    if (embedded) section.querySelector('.lesson-try button').dataset.i18n = 'lessons.tryButtonEmbed';
    const entry = { section, lesson };
    mounted.set(id, entry);
    renderEntry(id, entry);
    return entry;
  }

  function renderEntry(id, { section, lesson }) {
    const i = LESSON_IDS.indexOf(id);
    translateTree(section);
    section.querySelector('.lesson-count').textContent = t('lessons.count', { n: i + 1, total: LESSON_IDS.length });
    const prev = section.querySelector('.lesson-prev');
    const next = section.querySelector('.lesson-next');
    if (prev) prev.textContent = t('lessons.prev', { title: t(`lesson.${KEY[LESSON_IDS[i - 1]]}.title`) });
    if (next) next.textContent = t('lessons.next', { title: t(`lesson.${KEY[LESSON_IDS[i + 1]]}.title`) });
    lesson.render();
  }

  function open(id, { scroll = false, record = true } = {}) {
    if (!CLASS[id]) throw new Error(`there is no lesson "${id}" (have: ${LESSON_IDS.join(', ')})`);
    const entry = mounted.get(id) ?? build(id);
    for (const [other, { section }] of mounted) section.hidden = other !== id;
    for (const a of container.querySelectorAll('.lesson-path a')) {
      if (a.dataset.id === id) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    }
    revealInPath(id);
    const changed = current !== id;
    current = id;
    if (changed) entry.lesson.open?.();
    if (record) ctx.onOpen?.(id);
    if (scroll) entry.section.scrollIntoView({ block: 'start' });
  }

  // On phones the path is one scrolling row: bring the current lesson's number into it.
  function revealInPath(id) {
    const ol = container.querySelector('.lesson-path ol');
    const a = ol.querySelector(`[data-id="${id}"]`);
    const [box, item] = [ol.getBoundingClientRect(), a.getBoundingClientRect()];
    if (item.left < box.left || item.right > box.right) ol.scrollLeft += item.left - box.left - 8;
  }

  function close() {
    for (const { section } of mounted.values()) section.hidden = true;
    for (const a of container.querySelectorAll('.lesson-path a')) a.removeAttribute('aria-current');
    current = null;
    ctx.onOpen?.(null);
  }

  // The links keep real hrefs (copy a lesson's link); a click opens in place without a history step.
  container.querySelector('.lesson-path').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-id]');
    if (!a) return;
    e.preventDefault();
    open(a.dataset.id, { scroll: true });
  });
  // newURL, not location.hash: the page's store may already have rewritten the hash by now.
  window.addEventListener('hashchange', (e) => {
    const id = lessonFromHash(new URL(e.newURL).hash);
    if (id && id !== current) open(id, { scroll: true });
  });
  onLangChange(() => {
    translateTree(container.querySelector('.lesson-path'));
    for (const [id, entry] of mounted) renderEntry(id, entry);
  });
  translateTree(container.querySelector('.lesson-path'));

  // Without a link the first lesson is shown, and the URL is left as it was.
  open(fromUrl ?? LESSON_IDS[0], { scroll: Boolean(fromUrl), record: Boolean(fromUrl) });
  return { open: (id) => open(id, { scroll: true }), close, ids: LESSON_IDS };
}

// #lesson=<id>&embed shows just that lesson (a tutorial's iframe): its try-it sets the lab up as
// usual, which writes the settings into the URL, and opens the whole page with them in a new tab.
function embeddedContext(ctx, currentId) {
  const lab = Object.create(ctx.lab);
  lab.apply = (patch) => {
    ctx.lab.apply(patch);
    const p = new URLSearchParams(location.hash.slice(1));
    p.delete('embed');
    p.set('lesson', currentId());
    window.open(`${location.pathname}${location.search}#${p}`, '_blank', 'noopener');
  };
  return { ...ctx, lab };
}

// A hidden lesson skips the lab's model changes: open() refreshes it from the lab when it is shown.
function visibleOnly(ctx, id, currentId) {
  const lab = Object.create(ctx.lab);
  lab.onModelChange = (fn) => ctx.lab.onModelChange(() => {
    if (currentId() === id) fn();
  });
  return { ...ctx, lab };
}

