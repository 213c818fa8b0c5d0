// state.js — the one store of UI settings, serialised to the URL hash so a link reproduces a run.
import { presetLayers } from './presets.js';

export const DEFAULT_HP = Object.freeze({
  epochs: 10,
  batch: 16,
  lr: 0.001,
  optimizer: 'adam',
  l2: 0,
  dropout: 0.25,
  augment: 'flip',  // comma list of flip, crop, jitter; '' for none
  valSplit: 0.2,
  seed: 42,
});

export function defaultState(classNames) {
  return {
    classes: [...classNames],
    input: { channels: 3, size: 32 },
    preset: 'lecture',
    layers: presetLayers('lecture'),
    hp: { ...DEFAULT_HP },
  };
}

// A tiny observable store: update() merges a patch (or applies a function) and notifies.
export class Store {
  constructor(initial) {
    this.state = initial;
    this.listeners = new Set();
  }

  update(patch) {
    const next = typeof patch === 'function' ? patch(this.state) : { ...this.state, ...patch };
    const prev = this.state;
    this.state = next;
    for (const fn of this.listeners) fn(next, prev);
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

// [min, max] of each numeric setting; the settings view and links both keep to these.
export const HP_LIMITS = Object.freeze({
  epochs: [1, 500],
  batch: [1, 512],
  lr: [0.00001, 1],
  l2: [0, 0.1],
  dropout: [0, 0.9],
  valSplit: [0, 0.5],
  seed: [0, 2 ** 31 - 1],
});

// #classes=ants|bees&in=3x32&preset=lecture&layers=[...]&epochs=10&... — readable and stable.
export function encodeHash(state) {
  const p = new URLSearchParams();
  p.set('classes', state.classes.join('|'));
  p.set('in', `${state.input.channels}x${state.input.size}`);
  p.set('preset', state.preset);
  p.set('layers', JSON.stringify(state.layers));
  for (const [key, value] of Object.entries(state.hp)) p.set(key, String(value));
  return '#' + p.toString();
}

// Anything missing or malformed keeps its value from `base`: a hand-edited link never breaks the page.
export function decodeHash(hash, base) {
  const p = new URLSearchParams(String(hash).replace(/^#/, ''));
  const state = structuredClone(base);
  const classes = p.get('classes')?.split('|').map((s) => s.trim()).filter(Boolean);
  if (classes && classes.length >= 2 && classes.length <= 10) state.classes = classes;
  const input = /^([13])x(\d{1,3})$/.exec(p.get('in') ?? '');
  if (input && +input[2] >= 8 && +input[2] <= 128) state.input = { channels: +input[1], size: +input[2] };
  if (p.has('preset')) state.preset = p.get('preset');
  try {
    const layers = JSON.parse(p.get('layers') ?? 'null');
    if (Array.isArray(layers) && layers.every((l) => l && typeof l.type === 'string')) state.layers = layers;
  } catch {
    // keep base layers
  }
  for (const [key, [lo, hi]] of Object.entries(HP_LIMITS)) {
    const v = Number(p.get(key));
    if (p.has(key) && Number.isFinite(v)) state.hp[key] = Math.min(hi, Math.max(lo, v));
  }
  if (['adam', 'sgd'].includes(p.get('optimizer'))) state.hp.optimizer = p.get('optimizer');
  if (p.has('augment')) state.hp.augment = p.get('augment');
  return state;
}

// Keeps location.hash in step with the store (replaceState: no history entry per keystroke) and
// the store in step with a hash the learner pastes.
export function bindToUrl(store, win = window) {
  let writing = false;
  store.subscribe((state) => {
    const hash = encodeHash(state);
    if (win.location.hash !== hash) {
      writing = true;
      win.history.replaceState(null, '', hash);
      writing = false;
    }
  });
  win.addEventListener('hashchange', () => {
    if (!writing) store.update(decodeHash(win.location.hash, store.state));
  });
}
