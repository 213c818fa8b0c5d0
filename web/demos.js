// demos.js — DOM-free loader of the built-in demo sets (demo/index.json, <id>.json, <id>.bin).
// The formats are written by web/tools/make-demo.mjs (see its header and README "Demo data").

/**
 * The list of demo sets: [{id, name: {en, zh}, description: {en, zh}, file, meta}].
 * fetchFn: (path) → Promise<Response-like> (window.fetch in the page; a file reader in Node).
 */
export async function loadDemoIndex(fetchFn, base = 'demo/') {
  const index = await fetchJson(fetchFn, `${base}index.json`);
  if (!Array.isArray(index)) throw new Error(`${base}index.json: expected a list of demo sets`);
  return index;
}

/**
 * One demo set by id → {entry, meta, pixels, train: {labels, count}, heldout: {labels, start, count}}.
 * pixels: Uint8Array, planar N·C·H·W (0 = black), the training images first; held-out image i
 * (0-based) starts at (heldout.start + i)·C·H·W. image(i) gives image i's pixels (a view).
 */
export async function loadDemoSet(fetchFn, id, base = 'demo/') {
  const index = await loadDemoIndex(fetchFn, base);
  const entry = index.find((d) => d.id === id);
  if (!entry) throw new Error(`demo set "${id}" is not in ${base}index.json (have: ${index.map((d) => d.id).join(', ')})`);
  const [meta, buffer] = await Promise.all([fetchJson(fetchFn, base + entry.meta), fetchBytes(fetchFn, base + entry.file)]);
  const pixels = new Uint8Array(buffer);
  const size = meta.channels * meta.height * meta.width;
  const trainCount = meta.labels.length;
  const heldoutLabels = meta.heldout?.labels ?? [];
  const expected = (trainCount + heldoutLabels.length) * size;
  if (!(size > 0) || pixels.length !== expected) {
    throw new Error(`${base}${entry.file}: ${pixels.length} bytes, expected ${expected} ` +
      `(${trainCount} training + ${heldoutLabels.length} held-out images of ${meta.channels}×${meta.height}×${meta.width})`);
  }
  const k = meta.classes.length;
  for (const label of [...meta.labels, ...heldoutLabels]) {
    if (!(Number.isInteger(label) && label >= 0 && label < k)) throw new Error(`${base}${entry.meta}: label ${label} is not a class 0…${k - 1}`);
  }
  return {
    entry,
    meta,
    pixels,
    train: { labels: meta.labels, count: trainCount },
    heldout: { labels: heldoutLabels, start: trainCount, count: heldoutLabels.length },
    image: (i) => pixels.subarray(i * size, (i + 1) * size),
  };
}

async function fetchOk(fetchFn, path) {
  const response = await fetchFn(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

async function fetchJson(fetchFn, path) {
  return (await fetchOk(fetchFn, path)).json();
}

async function fetchBytes(fetchFn, path) {
  return (await fetchOk(fetchFn, path)).arrayBuffer();
}
