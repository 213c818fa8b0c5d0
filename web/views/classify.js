// views/classify.js — new photos in (pick, drop, camera) → the top label and a probability bar per
// class for the selected photo, and a grid with the top label of every photo.
import { t, say } from '../i18n/index.js';
import { filesFromDrop } from './drop.js';
import { pixelThumbUrl } from '../photos.js';

// data: {results: Array<{name, thumbUrl, ok, label?, probs?: number[], reason?, trueIndex?}>,
//        classes: string[], ready: boolean, busy: boolean, samples: Array<{index, name, pixels, shape}> (held-out
//        photos of the demo set), model: the net in the worker ({runId, imported}) or null}
export class ClassifyView {
  constructor(container, { onFiles, onCamera, onSelect, onSample }) {
    this.onSelect = onSelect;
    this.container = container;
    this.selected = 0;
    this.data = { results: [], classes: [], ready: false, busy: false };
    container.innerHTML = `
      <p class="classify-model muted"></p>
      <div class="samples" hidden><p class="samples-hint hint" data-i18n="classify.samplesHint"></p><ul class="sample-list"></ul></div>
      <div class="drop-zone" tabindex="-1">
        <p class="classify-hint hint"></p>
        <div class="row wrap">
          <label class="file-button primary-file"><span class="pick-text"></span>
            <input type="file" accept="image/*" multiple data-testid="predict-file" class="visually-hidden-input">
          </label>
          <button type="button" class="camera"></button>
        </div>
      </div>
      <p class="classify-status" role="status"></p>
      <div class="prediction" hidden>
        <img class="prediction-thumb" alt="" width="96" height="96">
        <div class="prediction-body">
          <p class="prediction-top"><span class="lbl"></span> <strong data-testid="prediction-label"></strong></p>
          <ul class="probs" data-testid="prediction-probs"></ul>
          <p class="xent"><label><span class="xent-label"></span> <select class="xent-class"></select></label>
            <output class="xent-value" data-testid="cross-entropy"></output></p>
          <p><a href="#inside" class="inside-link" data-i18n="classify.inside"></a></p>
        </div>
      </div>
      <ul class="prediction-grid"></ul>`;
    const input = container.querySelector('[data-testid=predict-file]');
    input.addEventListener('change', () => {
      const files = [...input.files];
      input.value = '';
      if (files.length) onFiles(files);
    });
    container.querySelector('.camera').addEventListener('click', onCamera);
    const zone = container.querySelector('.drop-zone');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', async (e) => {
      e.preventDefault();
      zone.classList.remove('dragging');
      const files = (await filesFromDrop(e.dataTransfer)).flatMap((g) => g.files);
      if (files.length) onFiles(files);
    });
    container.querySelector('.xent-class').addEventListener('change', () => this.renderLoss());
    container.querySelector('.sample-list').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-sample]');
      if (button) onSample(Number(button.dataset.sample));
    });
    this.samplesKey = '';
    container.querySelector('.prediction-grid').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-index]');
      if (!button) return;
      this.selected = Number(button.dataset.index);
      this.render();
      this.onSelect(this.data.results[this.selected]);
    });
  }

  update(data) {
    const fresh = data.results && data.results !== this.data.results;
    if (fresh) this.selected = 0;
    this.data = { ...this.data, ...data };
    this.render();
    if (fresh) this.onSelect(this.data.results[0]);
  }

  render() {
    const { results, ready, busy } = this.data;
    const q = (sel) => this.container.querySelector(sel);
    q('.classify-hint').textContent = t('classify.hint');
    q('.pick-text').textContent = t('classify.pick');
    q('.camera').textContent = t('classify.camera');
    q('[data-testid=predict-file]').disabled = !ready || busy;
    q('[data-testid=predict-file]').setAttribute('aria-label', t('classify.pick'));
    q('.camera').disabled = !ready || busy;
    q('.classify-status').textContent = busy ? t('classify.busy') : ready ? say(this.data.message) : t('classify.notReady');
    const model = this.data.model;
    q('.classify-model').textContent = !ready || !model ? ''
      : model.imported ? t('classify.modelImported') : t('classify.modelRun', { name: t('runs.name', { n: model.runId }) });
    this.renderSamples();

    const chosen = results[this.selected];
    const panel = q('.prediction');
    panel.hidden = !chosen;
    if (chosen) {
      q('.prediction-thumb').src = chosen.thumbUrl;
      q('.prediction-thumb').alt = chosen.name;
      q('.prediction-top .lbl').textContent = chosen.ok ? t('classify.result', { name: chosen.name }) : chosen.name;
      const label = q('[data-testid=prediction-label]');
      label.textContent = chosen.ok ? chosen.label : t('classify.refused', { reason: chosen.reason });
      label.dataset.label = chosen.ok ? chosen.label : '';
      q('.probs').replaceChildren(...(chosen.ok ? this.probItems(chosen) : []));
      q('.xent').hidden = !chosen.ok;
      if (chosen.ok) {
        const select = q('.xent-class');
        const names = this.data.classes.slice(0, chosen.probs.length);
        // A new photo (each has its own thumbnail URL), or its true class now known (a held-out
        // sample): start from the true class if known, else from the net's answer.
        const key = `${this.selected}|${chosen.thumbUrl}|${chosen.trueIndex ?? ''}|${names.join('|')}`;
        if (select.dataset.key !== key) {
          select.replaceChildren(...names.map((name, k) => new Option(name, String(k))));
          select.value = String(chosen.trueIndex ?? chosen.index);
          select.dataset.key = key;
        }
        this.renderLoss();
      }
    }
    const grid = q('.prediction-grid');
    grid.hidden = results.length < 2;
    grid.replaceChildren(...(results.length < 2 ? [] : results.map((r, i) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.index = i;
      button.setAttribute('aria-pressed', String(i === this.selected));
      const img = document.createElement('img');
      img.src = r.thumbUrl;
      img.alt = '';
      img.width = 72;
      img.height = 72;
      const caption = document.createElement('span');
      caption.textContent = r.ok ? `${r.label} · ${pct(Math.max(...r.probs))}` : t('classify.refusedShort');
      const name = document.createElement('span');
      name.className = 'muted small';
      name.textContent = r.name;
      button.append(img, caption, name);
      li.append(button);
      return li;
    })));
  }

  renderSamples() {
    const { samples = [], ready, busy } = this.data;
    const box = this.container.querySelector('.samples');
    box.hidden = !samples.length;
    const key = samples.map((s) => s.name).join('|');
    const list = box.querySelector('.sample-list');
    if (key !== this.samplesKey) {
      this.samplesKey = key;
      list.replaceChildren(...samples.map((sample, i) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.sample = String(i);
        button.dataset.testid = `classify-sample-${i}`;
        const img = document.createElement('img');
        img.src = pixelThumbUrl(sample.pixels, sample.shape.channels, sample.shape.height, sample.shape.width);
        img.alt = '';
        img.width = 48;
        img.height = 48;
        button.append(img);
        li.append(button);
        return li;
      }));
    }
    for (const [i, button] of [...list.querySelectorAll('button')].entries()) {
      button.disabled = !ready || busy;
      button.setAttribute('aria-label', t('classify.sample', { n: i + 1 }));
    }
  }

  // The lecture's loss for this one photo: with a one-hot y, −Σ yᵢ·log(y'ᵢ) = −log(y'_true).
  renderLoss() {
    const chosen = this.data.results[this.selected];
    if (!chosen?.ok) return;
    const q = (sel) => this.container.querySelector(sel);
    const k = Number(q('.xent-class').value);
    const p = chosen.probs[k];
    q('.xent-label').textContent = t('classify.trueClass');
    q('.xent-value').textContent = t('classify.loss', { p: p.toFixed(3), loss: (-Math.log(Math.max(p, 1e-12))).toFixed(3) });
  }

  probItems(result) {
    const top = Math.max(...result.probs);
    return result.probs.map((p, k) => {
      const li = document.createElement('li');
      li.dataset.class = this.data.classes[k] ?? String(k);
      li.dataset.prob = String(p);
      if (p === top) li.className = 'top';
      li.innerHTML = `<span class="prob-name"></span><span class="bar" aria-hidden="true"><span></span></span><span class="prob-value">${pct(p)}</span>`;
      li.querySelector('.prob-name').textContent = li.dataset.class;
      li.querySelector('.bar > span').style.width = `${(p * 100).toFixed(1)}%`;  // a style attribute in markup is refused by the CSP
      return li;
    });
  }

  reset() {
    this.update({ results: [] });
  }
}

function pct(p) {
  return `${(p * 100).toFixed(1)}%`;
}
