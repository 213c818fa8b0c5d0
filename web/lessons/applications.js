// lessons/applications.js — what CNNs are used for, easy to hard: classification, detection,
// segmentation and style transfer, each drawn as a small picture; saliency as the step from "what" to
// "where" (a link to the page's look-inside section, where the saliency map is).
import { t } from '../i18n/index.js';
import { presetLayers } from '../presets.js';
import { q, setMarkup, tryIt } from './common.js';

const BEE = (x, y) => `<g transform="translate(${x} ${y})"><ellipse cx="-6" cy="-9" rx="7" ry="5" class="wing"/>
  <ellipse cx="5" cy="-9" rx="7" ry="5" class="wing"/><ellipse cx="0" cy="0" rx="14" ry="9" class="bee-body"/>
  <rect x="-5" y="-8.5" width="3" height="17" class="stripe"/><rect x="2" y="-8.5" width="3" height="17" class="stripe"/>
  <circle cx="15" cy="-1" r="5" class="stripe"/></g>`;
const ANT = (x, y) => `<g transform="translate(${x} ${y})" class="ant"><circle cx="-10" cy="0" r="6"/><circle cx="0" cy="0" r="4"/>
  <circle cx="9" cy="-1" r="5"/><path d="M-2 2 L-8 10 M0 3 L0 11 M2 2 L8 10 M-2 -2 L-8 -10 M2 -2 L8 -10" class="legs"/></g>`;
const GROUND = '<rect width="160" height="110" class="ground"/><path d="M0 84 Q40 70 80 82 T160 78 V110 H0 Z" class="grass"/>';

// Segmentation: the picture cut into 10 px cells, each coloured by the class of what covers it.
function cells() {
  const out = [];
  for (let y = 0; y < 110; y += 10) {
    for (let x = 0; x < 160; x += 10) {
      const bee = ((x + 5 - 52) / 22) ** 2 + ((y + 5 - 50) / 16) ** 2 < 1;
      const ant = x >= 92 && x < 128 && y >= 62 && y < 82;
      out.push(`<rect x="${x}" y="${y}" width="10" height="10" class="${bee ? 'seg-bee' : ant ? 'seg-ant' : y >= 80 ? 'seg-grass' : 'seg-sky'}"/>`);
    }
  }
  return out.join('');
}

const PICTURES = {
  classify: () => `${GROUND}${BEE(80, 48)}<rect x="4" y="4" width="96" height="20" rx="4" class="tag"/>
    <text x="10" y="18" class="tag-text">${t('lesson.apps.beeProb')}</text>`,
  detect: () => `${GROUND}${BEE(52, 50)}${ANT(110, 72)}<rect x="30" y="32" width="46" height="32" class="box bee-box"/>
    <rect x="94" y="60" width="32" height="24" class="box ant-box"/><text x="30" y="29" class="box-text">${t('lesson.apps.bee')}</text>
    <text x="94" y="57" class="box-text">${t('lesson.apps.ant')}</text>`,
  segment: () => `${GROUND}${BEE(52, 50)}${ANT(110, 72)}<g class="seg">${cells()}</g>`,
  // A, B and the result side by side in the same 160 × 110 frame as the other pictures.
  style: () => `<defs><pattern id="lesson-strokes" width="12" height="12" patternUnits="userSpaceOnUse">
      <path d="M0 6 Q3 0 6 6 T12 6" class="stroke-a"/><path d="M0 11 Q3 5 6 11 T12 11" class="stroke-b"/></pattern></defs>
    <g transform="translate(0 16)"><rect width="48" height="48" class="ground"/><circle cx="36" cy="12" r="7" class="sun"/>
      <path d="M0 40 Q24 24 48 40 V48 H0 Z" class="grass"/><text x="24" y="62" text-anchor="middle" class="tag-text">A</text>
      <rect x="56" width="48" height="48" fill="url(#lesson-strokes)" class="style-b"/><text x="80" y="62" text-anchor="middle" class="tag-text">B</text>
      <rect x="112" width="48" height="48" class="ground styled"/><rect x="112" width="48" height="48" fill="url(#lesson-strokes)" opacity="0.55"/>
      <circle cx="148" cy="12" r="7" class="sun"/><path d="M112 40 Q136 24 160 40 V48 H112 Z" class="grass"/>
      <text x="136" y="62" text-anchor="middle" class="tag-text">A + B</text>
      <text x="80" y="82" text-anchor="middle" class="tag-text small-text">${t('lesson.apps.styleCaption')}</text></g>`,
};
const ORDER = ['classify', 'detect', 'segment', 'style'];

export class ApplicationsLesson {
  constructor(root, ctx) {
    this.root = root;
    setMarkup(root, `<p class="hint" data-i18n="lesson.apps.text"></p>
      <ol class="apps-grid">${ORDER.map((a) => `<li><figure class="app" data-testid="app-${a}">
        <svg viewBox="0 0 160 110" role="img" class="app-picture"></svg>
        <figcaption><strong data-i18n="lesson.apps.${a}"></strong><br><span class="small" data-i18n="lesson.apps.${a}Text"></span></figcaption></figure></li>`).join('')}</ol>
      <h4 data-i18n="lesson.apps.whereTitle"></h4>
      <p class="hint" data-i18n="lesson.apps.where"></p>
      <p class="saliency-link"></p>`);
    this.footer = tryIt(root, 'applications', {
      textKey: 'lesson.apps.try',
      action: () => ctx.lab.apply({ preset: 'lecture', layers: presetLayers('lecture') }),
    });
  }

  open() {
    this.render();
  }

  render() {
    for (const a of ORDER) {
      const svg = q(this.root, `[data-testid=app-${a}] svg`);
      svg.innerHTML = PICTURES[a]();
      svg.setAttribute('aria-label', t(`lesson.apps.${a}Alt`));
    }
    // The saliency map is in the page's "look inside" section (shown once a photo is classified).
    const target = document.querySelector('[data-testid=saliency]') && document.getElementById('inside');
    const line = q(this.root, '.saliency-link');
    line.replaceChildren();
    if (target) {
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = t('lesson.apps.seeSaliency');
      a.addEventListener('click', (e) => {
        e.preventDefault();
        target.scrollIntoView({ block: 'center' });
      });
      line.append(a);
    }
    this.footer.render();
  }
}
