// bundle.js — the class bundle file: a whole lab (snapshot.js) in one file a teacher can hand out.
// DOM-free. Layout (integers little-endian):
//
//   0   8 bytes  magic "CNNLAB\0B"
//   8   u32      format version (BUNDLE_VERSION)
//   12  u32      H: length of the header
//   16  H bytes  header, JSON (UTF-8): {app, created, settings, photos: [{key, classIndex, name,
//                channels, height, width}], samples: [{index, classIndex, name, channels, height,
//                width}], runs, trained, pixelBytes, modelBytes}
//   …   pixelBytes  every photo's then every sample's 8-bit pixels (C·H·W each), in header order
//   …   modelBytes  the trained model's file (DESIGN.md "Model file"), or nothing
//   end-4 u32    CRC-32 of every byte before it
//
// Reading checks the magic, the version, the checksum and every length before it allocates
// anything, then every field (snapshot.js checkSnapshot); a bundle is refused with a BundleError
// whose `key` is the i18n key of the learner's message.
import { checkShape, checkSnapshot, SnapshotError, LIMITS } from './snapshot.js';

export const BUNDLE_VERSION = 1;
export const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;
const MAGIC = [0x43, 0x4e, 0x4e, 0x4c, 0x41, 0x42, 0x00, 0x42];        // "CNNLAB\0B"
const MODEL_MAGIC = [0x43, 0x4e, 0x4e, 0x4c, 0x41, 0x42, 0x00, 0x1a];  // a model file, not a bundle
const MAX_HEADER = 64 * 1024 * 1024;
const FIXED = 16 + 4;  // magic, version, header length; checksum

/** A refused bundle: `key` and `params` say why in the learner's language; `detail` in English. */
export class BundleError extends Error {
  constructor(key, params = {}, detail = key) {
    super(detail);
    this.key = key;
    this.params = params;
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib and the model file use) of bytes. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const imageEntry = (x, extra) => ({ ...extra, classIndex: x.classIndex, name: x.name, channels: x.shape.channels, height: x.shape.height, width: x.shape.width });

/** snapshot (with its model bytes) → the bundle's bytes. */
export function encodeBundle(snap, { app = '', created = new Date().toISOString() } = {}) {
  const images = [...snap.photos, ...snap.samples];
  const pixelBytes = images.reduce((n, x) => n + x.pixels.length, 0);
  const model = snap.model ? new Uint8Array(snap.model) : new Uint8Array(0);
  const header = new TextEncoder().encode(JSON.stringify({
    app,
    created,
    settings: snap.settings,
    photos: snap.photos.map((p) => imageEntry(p, { key: p.key })),
    samples: snap.samples.map((x) => imageEntry(x, { index: x.index })),
    runs: snap.runs,
    trained: snap.trained,
    pixelBytes,
    modelBytes: model.length,
  }));
  const out = new Uint8Array(16 + header.length + pixelBytes + model.length + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, BUNDLE_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  let at = 16 + header.length;
  for (const x of images) {
    out.set(x.pixels, at);
    at += x.pixels.length;
  }
  out.set(model, at);
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

const startsWith = (bytes, magic) => magic.every((b, i) => bytes[i] === b);

/** bytes (Uint8Array) → a checked snapshot, or throws a BundleError. Nothing is changed. */
export function decodeBundle(bytes) {
  if (bytes.length > MAX_BUNDLE_BYTES) throw new BundleError('keep.bundle.tooBig', { mb: Math.round(bytes.length / 1048576) });
  if (bytes.length >= 8 && startsWith(bytes, MODEL_MAGIC)) throw new BundleError('keep.bundle.isModel');
  if (bytes.length < 8 || !startsWith(bytes, MAGIC)) throw new BundleError('keep.bundle.notBundle');
  if (bytes.length < FIXED) throw new BundleError('keep.bundle.damaged', {}, 'shorter than its fixed fields');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== BUNDLE_VERSION) throw new BundleError('keep.bundle.version', { found: version, supported: BUNDLE_VERSION });
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) throw new BundleError('keep.bundle.damaged', {}, 'checksum mismatch');
  const headerLength = view.getUint32(12, true);
  if (headerLength > MAX_HEADER || FIXED + headerLength > bytes.length) throw new BundleError('keep.bundle.damaged', {}, `header length ${headerLength} does not fit`);
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength)));
  } catch (err) {
    throw new BundleError('keep.bundle.damaged', {}, `header: ${err.message}`);
  }
  try {
    return checkSnapshot(fromHeader(header, bytes, 16 + headerLength));
  } catch (err) {
    if (err instanceof SnapshotError) throw new BundleError('keep.bundle.damaged', {}, err.detail);
    throw err;
  }
}

// The header's lists and the byte sections after it → a snapshot (lengths checked before copying).
function fromHeader(h, bytes, start) {
  const bad = (detail) => {
    throw new SnapshotError(detail);
  };
  if (!h || typeof h !== 'object') bad('header is not an object');
  if (!Array.isArray(h.photos) || h.photos.length > LIMITS.photos) bad('photos: not a list');
  if (!Array.isArray(h.samples) || h.samples.length > LIMITS.samples) bad('samples: not a list');
  const images = [...h.photos, ...h.samples];
  const sizes = images.map((x, i) => checkShape({ channels: x?.channels, height: x?.height, width: x?.width }, `image ${i + 1}`));
  const pixelBytes = sizes.reduce((a, b) => a + b, 0);
  if (h.pixelBytes !== pixelBytes) bad(`pixels: the header says ${h.pixelBytes} bytes, its images need ${pixelBytes}`);
  if (!Number.isInteger(h.modelBytes) || h.modelBytes < 0) bad('model: bad length');
  if (start + pixelBytes + h.modelBytes + 4 !== bytes.length) bad(`sections: ${start + pixelBytes + h.modelBytes + 4} bytes expected, the file has ${bytes.length}`);
  let at = start;
  const read = (x, i) => {
    const pixels = bytes.slice(at, at + sizes[i]);
    at += sizes[i];
    return { classIndex: x.classIndex, name: x.name, shape: { channels: x.channels, height: x.height, width: x.width }, pixels };
  };
  const photos = h.photos.map((p, i) => ({ key: p.key, ...read(p, i) }));
  const samples = h.samples.map((x, i) => ({ index: x.index, ...read(x, h.photos.length + i) }));
  const model = h.modelBytes ? bytes.slice(at, at + h.modelBytes).buffer : null;
  return { settings: h.settings, photos, samples, runs: h.runs, trained: h.trained ?? null, model };
}
