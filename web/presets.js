// presets.js — the four starting networks and the spec builder shared by the editor and training.

// Layers are stored without the final classifier; buildSpec appends dense(K) so the net always has
// one output per class, whatever the learner does to the classes list.
export const PRESETS = {
  // The lecture's recipe: (convolution → ReLU → max pooling) repeated, flatten, fully connected.
  lecture: [
    { type: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 32 },
    { type: 'relu' },
    { type: 'dropout' },
  ],
  // Every pixel wired to every neuron: the lecture's counter-example (many weights, overfits).
  dense: [{ type: 'flatten' }, { type: 'dense', units: 64 }, { type: 'relu' }, { type: 'dropout' }],
  tiny: [
    { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'flatten' },
  ],
  big: [
    { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'conv2d', filters: 32, kernel: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 64 },
    { type: 'relu' },
    { type: 'dropout' },
  ],
};

// Layer types the editor offers, with the fields each one has and their defaults.
export const LAYER_TYPES = {
  conv2d: { filters: 8, kernel: 3, stride: 1, padding: 1 },
  maxpool2d: { size: 2, stride: 2 },
  dense: { units: 32 },
  relu: {},
  sigmoid: {},
  tanh: {},
  dropout: {},
  flatten: {},
};

export function presetLayers(name) {
  const layers = PRESETS[name];
  if (!layers) throw new Error(`unknown preset "${name}" (have: ${Object.keys(PRESETS).join(', ')})`);
  return structuredClone(layers);
}

// The engine's model spec (see DESIGN "Model spec"). Dropout layers take the rate from the
// hyper-parameters; at rate 0 they are left out rather than sent as a no-op.
export function buildSpec({ input, layers, classes, dropout }) {
  const body = [];
  for (const layer of layers) {
    if (layer.type === 'dropout') {
      if (dropout > 0) body.push({ type: 'dropout', rate: dropout });
    } else {
      body.push({ ...layer });
    }
  }
  return {
    input: { channels: input.channels, height: input.size, width: input.size },
    classes: [...classes],
    layers: [...body, { type: 'dense', units: classes.length }],
  };
}

// The model spec of the page's settings (the final dense(K) included).
export function specOf(settings) {
  return buildSpec({ ...settings, dropout: settings.hp.dropout });
}
