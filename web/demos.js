// demos.js — the built-in demo sets the site carries (built by web/tools at build time): the list,
// and one set's photos split into training photos and held-out photos. DOM-free.
//
// demo/index.json: [{id, name: {en, zh}, description: {en, zh}, file, meta}]
// demo/<meta>:      {id, channels, height, width, classes: [{en, zh}], labels: [...training labels],
//                    heldout?: {labels: [...]}}
// demo/<file>:      uint8 planar N·C·H·W, the training photos first, then the held-out ones.

// A site built before the index existed has only the Fashion-MNIST set.
const FALLBACK = [{ id: 'fashion', name: { en: 'Fashion-MNIST', zh: 'Fashion-MNIST' }, description: { en: '', zh: '' }, file: 'fashion.bin', meta: 'fashion.json' }];

async function fetchOk(fetchFn, url, as) {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response[as]();
}

export async function listDemos(fetchFn) {
  try {
    const list = await fetchOk(fetchFn, 'demo/index.json', 'json');
    if (Array.isArray(list) && list.length) return list;
  } catch {
    // no index: the fallback
  }
  return FALLBACK;
}

/**
 * → {id, classes, channels, height, width, train: {labels, pixels}, heldout: {labels, pixels}}
 * id '' or unknown: the first demo of the list.
 */
export async function loadDemoSet(fetchFn, id) {
  const list = await listDemos(fetchFn);
  const entry = list.find((d) => d.id === id) ?? list[0];
  const [meta, buffer] = await Promise.all([fetchOk(fetchFn, `demo/${entry.meta}`, 'json'), fetchOk(fetchFn, `demo/${entry.file}`, 'arrayBuffer')]);
  const pixels = new Uint8Array(buffer);
  const size = meta.channels * meta.height * meta.width;
  const nTrain = meta.labels.length;
  const heldLabels = meta.heldout?.labels ?? [];
  if (pixels.length !== size * (nTrain + heldLabels.length)) {
    throw new Error(`demo/${entry.file}: ${pixels.length} bytes, expected ${size * (nTrain + heldLabels.length)}`);
  }
  return {
    id: entry.id,
    name: entry.name,
    classes: meta.classes,
    channels: meta.channels,
    height: meta.height,
    width: meta.width,
    train: { labels: meta.labels, pixels: pixels.subarray(0, size * nTrain) },
    heldout: { labels: heldLabels, pixels: pixels.subarray(size * nTrain) },
  };
}
