// lessons/runs.js — the learner's kept runs (ctx.lab.keptRuns()) as small cards: accuracy per epoch
// on training and validation photos, and the final numbers with the gap between them.
import { t } from '../i18n/index.js';
import { el, pct } from './common.js';

const W = 180;
const H = 90;

// Does the run's network have a convolution layer? (Its settings hold the lab's layer list.)
export function isCnn(run) {
  return (run.settings?.layers ?? []).some((l) => l.type === 'conv2d');
}

function chart(history) {
  const n = Math.max(2, history.length);
  const px = (e) => 8 + ((e - 1) / (n - 1)) * (W - 16);
  const py = (a) => H - 8 - a * (H - 16);
  const line = (key, cls) => {
    const pts = history.filter((m) => Number.isFinite(m[key])).map((m) => `${px(m.epoch).toFixed(1)},${py(m[key]).toFixed(1)}`);
    return pts.length ? `<polyline points="${pts.join(' ')}" class="${cls}"/>` : '';
  };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'run-chart');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = `<rect x="8" y="8" width="${W - 16}" height="${H - 16}" class="chart-box"/>
    <line x1="8" x2="${W - 8}" y1="${py(0.5)}" y2="${py(0.5)}" class="grid-line"/>
    ${line('trainAcc', 'train-line')}${line('valAcc', 'val-line')}`;
  return svg;
}

// runs → a list of cards; testid prefix names them (`${prefix}-0` …) for the tests.
export function renderRuns(runs, prefix) {
  return runs.map((run, i) => {
    const { trainAcc, valAcc } = run.final ?? {};
    const hasVal = Number.isFinite(valAcc);
    const gap = hasVal ? Math.round(100 * (trainAcc - valAcc)) : null;
    const numbers = hasVal
      ? t('lessons.run.final', { train: pct(trainAcc), val: pct(valAcc), gap })
      : t('lessons.run.noVal', { train: pct(trainAcc ?? 0) });
    return el('li', { className: 'run-card', dataset: { testid: `${prefix}-${i}`, trainAcc: String(trainAcc), valAcc: String(valAcc) } },
      el('p', { className: 'run-label' }, run.label ?? t('lessons.run.n', { n: i + 1 })),
      chart(run.history ?? []),
      el('p', { className: 'small' }, numbers));
  });
}

export function runsLegend() {
  return el('p', { className: 'hint small run-legend' },
    el('span', { className: 'key train-key' }), ` ${t('lessons.run.train')}  `,
    el('span', { className: 'key val-key' }), ` ${t('lessons.run.val')}`);
}
