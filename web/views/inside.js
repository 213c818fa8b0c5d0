// views/inside.js — "look inside": the learner's trained network on one photo (a classified photo,
// a demo sample, a validation photo from the confusion gallery): its filters, its feature maps
// (click a cell for the multiply-add behind it), and flatten → dense → softmax with real numbers.
import { t } from '../i18n/index.js';
import { FiltersView } from './filters.js';
import { FeatureMapsView } from './feature-maps.js';
import { ConvDetailView } from './conv-detail.js';
import { DenseDetailView } from './dense-detail.js';
import { SaliencyView } from './saliency.js';

// data: {photo: {name, thumbUrl, label} | null, activations, weights, saliency, cell, spec, classes}
export class InsideView {
  constructor(container, { onCell, onSaliencyClass }) {
    this.container = container;
    container.innerHTML = `<p class="hint inside-empty" data-i18n="inside.empty"></p>
      <div class="inside-photo"><img alt="" width="64" height="64"><p class="inside-caption"></p></div>
      <div class="inside-grid"><div class="inside-filters"></div><div class="inside-saliency"></div></div>
      <div class="inside-maps"></div><div class="inside-conv"></div><div class="inside-dense"></div>`;
    const q = (sel) => container.querySelector(sel);
    this.filters = new FiltersView(q('.inside-filters'));
    this.saliency = new SaliencyView(q('.inside-saliency'), { onClass: onSaliencyClass });
    this.maps = new FeatureMapsView(q('.inside-maps'), { onCell });
    this.conv = new ConvDetailView(q('.inside-conv'));
    this.dense = new DenseDetailView(q('.inside-dense'));
  }

  update({ photo, activations, weights, saliency, cell, spec, classes }) {
    const q = (sel) => this.container.querySelector(sel);
    const ready = Boolean(photo && activations);
    q('.inside-empty').hidden = ready;
    q('.inside-photo').hidden = !ready;
    if (ready) {
      q('.inside-photo img').src = photo.thumbUrl;
      q('.inside-caption').textContent = t('inside.caption', { name: photo.name, label: photo.label });
    }
    const layers = spec?.layers ?? [];
    this.filters.update({ weights: ready ? weights : null, layers });
    this.saliency.update({ photo: ready ? photo : null, activations, saliency, classes });
    this.maps.update({ activations: ready ? activations : null, selected: cell });
    this.conv.update({ activations: ready ? activations : null, weights, layers, cell });
    this.dense.update({ activations: ready ? activations : null, weights, spec, classes });
  }
}
