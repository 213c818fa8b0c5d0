// views/experiments.js — the one-click experiments: a button each, progress while the runs train,
// then one row per configuration (its weights and accuracies, averaged over the seeds, each seed's
// value beside) and the conclusion experiments.js draws from those numbers.
import { getLang, t, say } from '../i18n/index.js';
import { EXPERIMENTS, conclude } from '../experiments.js';

const IDS = ['fit', 'cnn-vs-fc', 'regularization'];
const TEST_IDS = { fit: 'experiment-fit', 'cnn-vs-fc': 'experiment-cnn-vs-fc', regularization: 'experiment-regularization' };

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (v) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : '—');
const local = (text) => (typeof text === 'string' ? text : text?.[getLang()] ?? text?.en ?? '');

// data: {experiment: {id, phase, rows, done, total, current, message} | null, classCount, busy,
//        chosen: the experiment a link names (shown ready to run until one runs)}
export class ExperimentsView {
  constructor(container, { onRun, onStop }) {
    this.container = container;
    container.innerHTML = `<h3 data-i18n="exp.heading"></h3><p class="hint" data-i18n="exp.hint"></p>
      <div class="exp-buttons">${IDS.map((id) => `<button type="button" data-experiment="${id}" data-testid="${TEST_IDS[id]}">
        <strong data-i18n="exp.${id}.title"></strong><span class="small" data-i18n="exp.${id}.what"></span></button>`).join('')}</div>
      <div class="row wrap exp-status-row"><p class="exp-status" role="status"></p>
        <button type="button" class="exp-stop" data-testid="experiment-stop" data-i18n="exp.stop"></button></div>
      <div class="exp-result" data-testid="experiment-result" hidden>
        <h4 class="exp-title"></h4>
        <div class="table-scroll"><table class="exp-table"><thead><tr>
          <th scope="col" data-i18n="exp.col.name"></th><th scope="col" data-i18n="exp.col.change"></th>
          <th scope="col" class="num" data-i18n="exp.col.params"></th><th scope="col" class="num" data-i18n="exp.col.train"></th>
          <th scope="col" class="num" data-i18n="exp.col.val"></th><th scope="col" class="num" data-i18n="exp.col.seconds"></th>
        </tr></thead><tbody></tbody></table></div>
        <p class="exp-conclusion"></p><ul class="exp-notes"></ul>
      </div>`;
    container.querySelector('.exp-buttons').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-experiment]');
      if (button) onRun(button.dataset.experiment);
    });
    container.querySelector('.exp-stop').addEventListener('click', onStop);
  }

  update({ experiment, classCount, busy, chosen = '' }) {
    const running = experiment?.phase === 'running';
    const ready = !experiment && IDS.includes(chosen) ? chosen : '';
    for (const button of this.container.querySelectorAll('button[data-experiment]')) {
      button.disabled = busy || running;
      button.classList.toggle('chosen', button.dataset.experiment === ready);
    }
    this.container.dataset.ready = ready;
    const stop = this.container.querySelector('.exp-stop');
    stop.hidden = !running;
    this.container.querySelector('.exp-status').textContent = ready ? t('keep.experimentReady', { title: t(`exp.${ready}.title`) }) : statusText(experiment);
    const result = this.container.querySelector('.exp-result');
    result.hidden = !experiment?.rows?.length;
    if (result.hidden) return;
    const def = EXPERIMENTS[experiment.id];
    result.dataset.experiment = experiment.id;
    result.dataset.phase = experiment.phase;
    this.container.querySelector('.exp-title').textContent = t(`exp.${experiment.id}.title`);
    // Column names, for the phone layout where each row becomes a small card (styles.css).
    const heads = [...this.container.querySelectorAll('.exp-table thead th')].map((th) => th.textContent);
    this.container.querySelector('tbody').replaceChildren(...def.runs.filter((run) => experiment.rows.some((r) => r.name === run.key)).map((run) => {
      const own = experiment.rows.filter((r) => r.name === run.key);
      const tr = document.createElement('tr');
      tr.dataset.testid = 'experiment-row';
      tr.dataset.name = run.key;
      tr.dataset.valAcc = String(mean(own.map((r) => r.valAcc)));
      tr.dataset.trainAcc = String(mean(own.map((r) => r.trainAcc)));
      tr.dataset.params = String(own[0].params);
      tr.dataset.seeds = String(own.length);
      const seeds = (key) => (own.length > 1 ? ` (${own.map((r) => pct(r[key])).join(', ')})` : '');
      tr.innerHTML = '<th scope="row"></th><td></td><td class="num"></td><td class="num"></td><td class="num"></td><td class="num"></td>';
      const cells = tr.children;
      for (let c = 1; c < cells.length; c++) cells[c].dataset.label = heads[c] ?? '';
      cells[0].textContent = local(run.name);
      cells[1].textContent = local(run.change);
      cells[2].textContent = Number(own[0].params).toLocaleString('en-US');
      cells[3].textContent = pct(Number(tr.dataset.trainAcc)) + seeds('trainAcc');
      cells[4].textContent = pct(Number(tr.dataset.valAcc)) + seeds('valAcc');
      cells[5].textContent = `${Math.round(mean(own.map((r) => r.seconds)))} s`;
      return tr;
    }));
    const done = experiment.phase === 'done' ? conclude(experiment.id, experiment.rows, { classCount, lang: getLang() }) : null;
    const conclusion = this.container.querySelector('.exp-conclusion');
    conclusion.textContent = done ? t(done.key, done.params) : experiment.phase === 'stopped' ? t('exp.stoppedNoConclusion') : '';
    conclusion.dataset.key = done?.key ?? '';
    this.container.querySelector('.exp-notes').replaceChildren(...(done?.notes ?? []).map((n) => {
      const li = document.createElement('li');
      li.textContent = t(n.key, n.params);
      return li;
    }));
  }
}

function statusText(experiment) {
  if (!experiment) return '';
  if (experiment.phase === 'running') {
    const c = experiment.current;
    return c ? t('exp.running', { n: experiment.done + 1, total: experiment.total, name: local(c.name), seed: c.seed }) : '';
  }
  if (experiment.phase === 'error') return experiment.message ? say(experiment.message) : t('exp.failed');
  if (experiment.phase === 'stopped') return t('exp.stopped', { done: experiment.done, total: experiment.total });
  return t('exp.done', { total: experiment.total });
}
