// lessons/ants-bees.js — the lecture's two-class task (蚂蚁 vs 蜜蜂) told as the story of building a
// classifier, each step filled in from the lab as it is now: the learner's classes, photos, network,
// training and check.
import { t } from '../i18n/index.js';
import { presetLayers } from '../presets.js';
import { el, pct, q, setMarkup, tryIt, ts } from './common.js';

const STEPS = [
  { key: 'photos', section: 'data' },
  { key: 'net', section: 'model' },
  { key: 'train', section: 'train' },
  { key: 'check', section: 'train' },
  { key: 'use', section: 'classify' },
];

export class AntsBeesLesson {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    setMarkup(root, `<p class="hint" data-i18n="lesson.antsBees.text"></p>
      <ol class="story">${STEPS.map((s, i) => `<li class="story-step" data-testid="antsbees-step-${i + 1}">
        <h5 data-i18n="lesson.antsBees.${s.key}"></h5><p class="small" data-i18n="lesson.antsBees.${s.key}Why"></p>
        <p class="story-now"></p><div class="story-thumbs"></div>
        <a class="story-go" href="#${s.section}" data-i18n="lesson.antsBees.${s.key}Go"></a></li>`).join('')}</ol>`);
    this.footer = tryIt(root, 'ants-bees', {
      textKey: 'lesson.antsBees.try',
      action: () => ctx.lab.apply({ preset: 'lecture', layers: presetLayers('lecture') }),
    });
    ctx.lab.onModelChange(() => this.render());
  }

  open() {
    this.render();
  }

  // What each step looks like in the lab right now → [text, done].
  status() {
    const lab = this.ctx.lab;
    const { classes, preset, layers } = lab.getState();
    const images = lab.storedImages();
    const counts = classes.map((_, k) => images.filter((im) => im.classIndex === k).length);
    const runs = lab.keptRuns();
    const last = runs.at(-1)?.final;
    const photosText = counts.every((c) => c === 0)
      ? t('lesson.antsBees.photosNone', { classes: classes.join(' / ') })
      : t('lesson.antsBees.photosNow', { list: classes.map((c, k) => `${c}: ${counts[k]}`).join(', ') });
    const convs = layers.filter((l) => l.type === 'conv2d').length;
    return [
      [photosText, counts.every((c) => c > 0)],
      [t('lesson.antsBees.netNow', { preset: t(`preset.${preset}`), convs, layers: layers.length + 1 }), true],
      [lab.hasModel() ? t('lesson.antsBees.trainDone') : t('lesson.antsBees.trainNot'), lab.hasModel()],
      [last && Number.isFinite(last.valAcc) ? t('lesson.antsBees.checkNow', { val: pct(last.valAcc), train: pct(last.trainAcc) }) : t('lesson.antsBees.checkNot'),
        Boolean(last && Number.isFinite(last.valAcc))],
      [lab.hasModel() ? ts('lesson.antsBees.useNow') : t('lesson.antsBees.useNot'), lab.hasModel()],
    ];
  }

  render() {
    const { classes } = this.ctx.lab.getState();
    const images = this.ctx.lab.storedImages();
    const steps = this.root.querySelectorAll('.story-step');
    this.status().forEach(([text, done], i) => {
      steps[i].dataset.done = String(done);
      q(steps[i], '.story-now').textContent = text;
    });
    // A few photos of each class under step 1: the learner's own examples of the task.
    q(steps[0], '.story-thumbs').replaceChildren(...classes.map((name, k) => {
      const mine = images.filter((im) => im.classIndex === k).slice(0, 4);
      return mine.length ? el('p', { className: 'story-class' }, el('span', {}, name), ...mine.map((im) => el('img', { src: im.thumbUrl, alt: im.name, width: 36, height: 36 }))) : null;
    }).filter(Boolean));
    this.footer.render();
  }
}
