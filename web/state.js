// state.js — the one store of the page's state, and the part of it (the settings) that lives in the
// URL hash, so that a link reproduces a run: classes, network, training settings, seed, demo, lesson,
// experiment.
import { presetLayers } from './presets.js';

// Training settings, named as the engine's trainer config names them (see README "Trainer config"),
// so the page hands them over without renaming. dropout is the rate of the net's dropout layers.
export const DEFAULT_HP = Object.freeze({
  epochs: 10,
  batchSize: 16,
  lr: 0.001,
  optimizer: 'adam',
  weightDecay: 0,
  dropout: 0.25,
  augment: 'flip',  // comma list of flip, crop, jitter; '' for none
  valSplit: 0.2,
  seed: 42,
  perClassLimit: 0,  // 0: every photo; else at most this many training photos per class
});

// [min, max] of each numeric setting; the settings view and links both keep to these.
export const HP_LIMITS = Object.freeze({
  epochs: [1, 500],
  batchSize: [1, 512],
  lr: [0.00001, 10],
  weightDecay: [0, 0.1],
  dropout: [0, 0.9],
  valSplit: [0, 0.5],
  seed: [0, 2 ** 31 - 1],
  perClassLimit: [0, 100000],
});

// Names older links used for the same settings.
const HP_ALIASES = { batch: 'batchSize', l2: 'weightDecay' };

export function defaultSettings(classNames) {
  return {
    classes: [...classNames],
    input: { channels: 3, size: 32 },
    preset: 'lecture',
    layers: presetLayers('lecture'),
    hp: { ...DEFAULT_HP },
    demo: '',       // id of the demo set last loaded ('' for the learner's own photos)
    lesson: '',     // the open lesson ('' for none)
    experiment: '', // the experiment last run: a link shows it ready to run ('' for none)
    lossLog: false, // the loss chart's log scale
    embed: false,   // #lesson=<id>&embed: the page shows just that lesson (a tutorial's iframe)
  };
}

// The look-inside views before a photo is chosen; a new network makes what they showed meaningless.
export const EMPTY_INSIDE = Object.freeze({ photo: null, activations: null, weights: null, saliency: null, cell: null });

// A value clamped into [lo, hi], with a note when it had to change: {value, note: {key, params}|null}.
export function clampSetting(key, raw) {
  const [lo, hi] = HP_LIMITS[key];
  const v = Number(raw);
  if (raw === '' || raw === null || !Number.isFinite(v)) return { value: DEFAULT_HP[key], note: { key: 'hp.note.notNumber', params: { value: String(raw), def: DEFAULT_HP[key] } } };
  if (v > hi) return { value: hi, note: { key: 'hp.note.max', params: { value: v, max: hi } } };
  if (v < lo) return { value: lo, note: { key: 'hp.note.min', params: { value: v, min: lo } } };
  return { value: v, note: null };
}

// A tiny observable store: update() merges a patch (or applies a function) and notifies with the
// next and the previous state. Patches replace whole top-level slices, so a view can tell what
// changed by identity (next.runs !== prev.runs).
export class Store {
  constructor(initial) {
    this.state = initial;
    this.listeners = new Set();
  }

  update(patch) {
    const next = typeof patch === 'function' ? patch(this.state) : { ...this.state, ...patch };
    const prev = this.state;
    if (next === prev) return;
    this.state = next;
    // A failing listener (a view's bug) is reported, and neither stops the others nor fails the
    // action that changed the state.
    for (const fn of this.listeners) {
      try {
        fn(next, prev);
      } catch (err) {
        if (globalThis.reportError) globalThis.reportError(err);
        else console.error(err);
      }
    }
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

// #classes=ants|bees&in=3x32&preset=lecture&layers=[...]&epochs=10&...&demo=shapes&lesson=conv&experiment=fit
export function encodeHash(settings) {
  const p = new URLSearchParams();
  p.set('classes', settings.classes.join('|'));
  p.set('in', `${settings.input.channels}x${settings.input.size}`);
  p.set('preset', settings.preset);
  p.set('layers', JSON.stringify(settings.layers));
  for (const [key, value] of Object.entries(settings.hp)) p.set(key, String(value));
  if (settings.demo) p.set('demo', settings.demo);
  if (settings.lesson) p.set('lesson', settings.lesson);
  if (settings.experiment) p.set('experiment', settings.experiment);
  if (settings.lossLog) p.set('lossLog', '1');
  if (settings.embed) p.set('embed', '');
  return '#' + p.toString();
}

// Anything missing or malformed keeps its value from `base`: a hand-edited link never breaks the page.
export function decodeHash(hash, base) {
  const p = new URLSearchParams(String(hash).replace(/^#/, ''));
  for (const [old, key] of Object.entries(HP_ALIASES)) if (p.has(old) && !p.has(key)) p.set(key, p.get(old));
  const s = structuredClone(base);
  const classes = p.get('classes')?.split('|').map((c) => c.trim()).filter(Boolean);
  if (classes && classes.length >= 2 && classes.length <= 10) s.classes = classes;
  const input = /^([13])x(\d{1,3})$/.exec(p.get('in') ?? '');
  if (input && +input[2] >= 8 && +input[2] <= 128) s.input = { channels: +input[1], size: +input[2] };
  if (p.has('preset')) s.preset = p.get('preset');
  try {
    const layers = JSON.parse(p.get('layers') ?? 'null');
    if (Array.isArray(layers) && layers.every((l) => l && typeof l.type === 'string')) s.layers = layers;
  } catch {
    // keep base layers
  }
  for (const key of Object.keys(HP_LIMITS)) {
    if (p.has(key)) s.hp[key] = clampSetting(key, p.get(key)).value;
  }
  if (['adam', 'sgd'].includes(p.get('optimizer'))) s.hp.optimizer = p.get('optimizer');
  if (p.has('augment')) s.hp.augment = p.get('augment').split(',').filter((a) => ['flip', 'crop', 'jitter'].includes(a)).join(',');
  if (/^[\w-]{1,40}$/.test(p.get('demo') ?? '')) s.demo = p.get('demo');
  s.lesson = /^[\w-]{1,40}$/.test(p.get('lesson') ?? '') ? p.get('lesson') : '';
  s.experiment = /^[\w-]{1,40}$/.test(p.get('experiment') ?? '') ? p.get('experiment') : '';
  s.lossLog = p.get('lossLog') === '1';
  s.embed = p.has('embed');
  return s;
}

// Keeps location.hash in step with the store's settings (replaceState: no history entry per
// keystroke) and the settings in step with a hash the learner pastes.
export function bindToUrl(store, win = window) {
  let writing = false;
  store.subscribe((state, prev) => {
    if (state.settings === prev.settings) return;
    const hash = encodeHash(state.settings);
    if (win.location.hash !== hash) {
      writing = true;
      win.history.replaceState(null, '', hash);
      writing = false;
    }
  });
  win.addEventListener('hashchange', () => {
    if (!writing) store.update({ settings: decodeHash(win.location.hash, store.state.settings) });
  });
}
