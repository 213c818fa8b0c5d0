// views/training.js — Train / Stop / Continue, the progress bar with its ETA, and the epoch counter.
import { t, say } from '../i18n/index.js';

// data: {phase: 'idle'|'preparing'|'training'|'stopping'|'stopped'|'done'|'error', epoch, totalEpochs,
//        fraction (0..1), etaSeconds, imagesPerSecond, message (i18n message, see say()), blocker
//        (i18n key: why Train cannot start, or null), canContinue, trainCount, valCount}
export class TrainingView {
  constructor(container, { onTrain, onStop, onContinue }) {
    this.container = container;
    container.innerHTML = `
      <div class="row wrap">
        <button type="button" class="primary" data-testid="train"></button>
        <button type="button" data-testid="stop"></button>
        <button type="button" data-testid="continue"></button>
        <label class="more-epochs"><span></span> <input type="number" min="1" max="500" value="5" class="continue-epochs"></label>
      </div>
      <div class="progress-row">
        <label for="train-progress" class="visually-hidden progress-label"></label>
        <progress id="train-progress" max="1" value="0"></progress>
        <span class="epoch" data-testid="epoch" aria-live="polite"></span>
        <span class="eta muted"></span>
      </div>
      <p class="train-status" role="status"></p>`;
    this.q = (sel) => container.querySelector(sel);
    this.q('[data-testid=train]').addEventListener('click', onTrain);
    this.q('[data-testid=stop]').addEventListener('click', onStop);
    this.q('[data-testid=continue]').addEventListener('click', () => onContinue(Number(this.q('.continue-epochs').value) || 1));
    this.data = { phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0 };
  }

  update(data) {
    this.data = { ...this.data, ...data };
    const d = this.data;
    const running = ['preparing', 'training', 'stopping'].includes(d.phase);
    const train = this.q('[data-testid=train]');
    train.textContent = t(d.phase === 'idle' || running ? 'train.train' : 'train.again');
    train.disabled = running || Boolean(d.blocker);
    const stop = this.q('[data-testid=stop]');
    stop.textContent = t('train.stop');
    stop.disabled = d.phase !== 'training';
    const cont = this.q('[data-testid=continue]');
    cont.textContent = t(d.phase === 'stopped' ? 'train.resume' : 'train.continue');
    cont.disabled = running || !['stopped', 'done'].includes(d.phase) || !d.canContinue;
    this.q('.more-epochs span').textContent = t('train.moreEpochs');
    this.q('.more-epochs').hidden = d.phase === 'stopped';  // resuming goes on to the planned epochs
    this.q('.continue-epochs').disabled = cont.disabled;
    this.q('.progress-label').textContent = t('train.progress');
    const progress = this.q('progress');
    progress.value = d.fraction ?? 0;
    const epochEl = this.q('[data-testid=epoch]');
    epochEl.dataset.epoch = d.epoch ?? 0;
    epochEl.textContent = d.totalEpochs ? t('train.epochOf', { epoch: d.epoch, total: d.totalEpochs }) : '';
    this.q('.eta').textContent = d.phase === 'training' && Number.isFinite(d.etaSeconds)
      ? t('train.eta', { eta: formatSeconds(d.etaSeconds), speed: Math.round(d.imagesPerSecond ?? 0) })
      : '';
    const status = this.q('.train-status');
    // After a run, Train can be blocked too (a net edited into a bad one, photos removed): say why.
    const why = !running && d.phase !== 'idle' && d.blocker ? ` ${t(d.blocker)}` : '';
    status.textContent = (d.message ? say(d.message) : statusText(d)) + why;
    status.classList.toggle('error', d.phase === 'error');
    this.container.dataset.phase = d.phase;
  }

  reset() {
    this.update({ phase: 'idle', epoch: 0, totalEpochs: 0, fraction: 0, message: null });
  }
}

function statusText(d) {
  if (d.phase === 'idle') return t(d.blocker ?? 'train.ready');
  if (d.phase === 'done' || d.phase === 'stopped') {
    return t(`train.${d.phase}`, { train: d.trainCount ?? 0, val: d.valCount ?? 0 });
  }
  return t(`train.${d.phase}`);
}

export function formatSeconds(s) {
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}
