// photos.js — the learner's photos on the page side: which class each is in, its thumbnail, and the
// pixels the worker kept of it (photos are decoded once, in the worker, and kept small: see
// engine.js KEEP_SIZE), so that they can be stored, bundled and re-labelled without the files.
import { Req } from './protocol.js';

const CHUNK_FILES = 4;                 // at most this many files per addImages request …
const CHUNK_BYTES = 16 * 1024 * 1024;  // … and about this many bytes: progress shows, memory stays bounded
const FALLBACK_MAX = 512;          // longest side of a browser-decoded image re-encoded for the engine
const THUMBS_PER_TURN = 24;        // thumbnails drawn per event-loop turn when many come back at once

// A record: {id (the worker's), key (stable across reloads and bundles: the order photos were
// added in), name, thumbUrl, pixels: Uint8Array (C, H, W) 8-bit, shape: {channels, height, width}}
export class Photos {
  constructor(client) {
    this.client = client;
    this.byClass = [];
    this.lastKey = 0;
  }

  counts(classCount) {
    return Array.from({ length: classCount }, (_, i) => this.byClass[i]?.length ?? 0);
  }

  list(classIndex) {
    return this.byClass[classIndex] ?? [];
  }

  // Every photo with its class, in the order they were added (the order the worker trains on).
  all() {
    return this.byClass.flatMap((list, classIndex) => list.map((r) => ({ ...r, classIndex }))).sort((a, b) => a.key - b.key);
  }

  // → {added, refused: Array<{name, error: {code, params, message}, browser?: string}>} (browser: why
  // the browser's decoder failed too). onProgress(done, total) after each chunk. While the worker
  // decodes one chunk, the next one's bytes are read, so neither waits for the other.
  async addFiles(classIndex, files, onProgress = () => {}) {
    const refused = [];
    let added = 0;
    let done = 0;
    const chunks = chunksOf(files);
    onProgress(0, files.length);
    let reading = readChunk(chunks[0] ?? []);
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c];
      const payload = await reading;
      const sent = this.sendPayload(classIndex, payload);
      reading = readChunk(chunks[c + 1] ?? []);
      const results = await sent;
      for (let j = 0; j < chunk.length; j++) {
        let result = results[j];
        // stb_image reads JPEG, PNG, BMP, GIF, TGA…; WebP/AVIF/HEIC go through the browser's decoder.
        if (!result.ok) result = (await this.viaBrowser(classIndex, chunk[j], result)) ?? result;
        if (result.ok) {
          this.record(classIndex, { id: result.id, name: chunk[j].name, thumbUrl: thumbUrl(result.thumb), ...ownPixels(result.pixels) });
          added += 1;
        } else {
          refused.push({ name: chunk[j].name, error: { code: result.code, params: result.params, message: result.reason }, browser: result.browser });
        }
      }
      done += chunk.length;
      onProgress(done, files.length);
    }
    return { added, refused };
  }

  async sendPayload(classIndex, payload) {
    const { images } = await this.client.request(Req.addImages, { classIndex, files: payload, thumbSize: 64 }, payload.map((p) => p.bytes));
    return images;
  }

  async viaBrowser(classIndex, file, engineResult) {
    let png;
    try {
      png = await reencodeAsPng(file);
    } catch {
      // The browser's own message is English whatever the page's language: only the fact is kept.
      return { ...engineResult, browser: true };
    }
    const [result] = await this.sendPayload(classIndex, await readChunk([png]));
    return result.ok ? result : null;
  }

  // 8-bit pixels N·C·H·W of one shape (the demo sets): labels N, names N; keys N to keep (restoring).
  async addPixels({ channels, height, width, pixels, labels, names, keys }) {
    const { ids } = await this.client.request(Req.addPixels, { channels, height, width, pixels: pixels.slice(), labels, names });
    const size = channels * height * width;
    for (let n = 0; n < ids.length; n++) {
      if (n % THUMBS_PER_TURN === THUMBS_PER_TURN - 1) await nextTurn();
      const own = pixels.slice(n * size, (n + 1) * size);
      this.record(labels[n], { id: ids[n], key: keys?.[n], name: names[n], thumbUrl: pixelThumbUrl(own, channels, height, width), pixels: own, shape: { channels, height, width } });
    }
    return ids.length;
  }

  // Records as all() gives them (e.g. from storage or a bundle), sent to the worker in their order:
  // consecutive photos of one shape go in one request.
  async addRecords(records) {
    for (let start = 0; start < records.length;) {
      const { channels, height, width } = records[start].shape;
      let end = start;
      while (end < records.length && sameShape(records[end].shape, records[start].shape) && end - start < 512) end++;
      const group = records.slice(start, end);
      const size = channels * height * width;
      const pixels = new Uint8Array(size * group.length);
      group.forEach((r, n) => pixels.set(r.pixels, n * size));
      await this.addPixels({ channels, height, width, pixels, labels: group.map((r) => r.classIndex), names: group.map((r) => r.name), keys: group.map((r) => r.key) });
      start = end;
    }
  }

  async removeImage(id) {
    await this.client.request(Req.removeImages, { ids: [id] });
    this.byClass = this.byClass.map((list) => list.filter((r) => r.id !== id));
  }

  async clear() {
    await this.client.request(Req.clearImages, {});
    this.byClass = [];
  }

  // The worker labels images by class index, so the classes after the removed one are sent again
  // one index lower, from the pixels kept here.
  async removeClass(index) {
    const later = this.all().filter((r) => r.classIndex > index).map((r) => ({ ...r, classIndex: r.classIndex - 1, key: undefined }));
    for (let j = index; j < this.byClass.length; j++) await this.client.request(Req.clearImages, { classIndex: j });
    this.byClass = this.byClass.slice(0, index);
    await this.addRecords(later);
  }

  record(classIndex, rec) {
    while (this.byClass.length <= classIndex) this.byClass.push([]);
    const key = rec.key ?? this.lastKey + 1;
    this.lastKey = Math.max(this.lastKey, key);
    this.byClass[classIndex].push({ ...rec, key });
  }
}

const sameShape = (a, b) => a.channels === b.channels && a.height === b.height && a.width === b.width;
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));
const ownPixels = (p) => ({ pixels: p.data, shape: { channels: p.channels, height: p.height, width: p.width } });

function chunksOf(files) {
  const chunks = [];
  let chunk = [];
  let bytes = 0;
  for (const f of files) {
    if (chunk.length && (chunk.length >= CHUNK_FILES || bytes + f.size > CHUNK_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(f);
    bytes += f.size;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

const readChunk = (files) => Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));

// The browser's own decoder (createImageBitmap) → PNG bytes the engine can read.
export async function reencodeAsPng(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, FALLBACK_MAX / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(w, h);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new File([blob], file.name, { type: 'image/png' });
}

function thumbUrl({ width, height, rgba }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

// pixels: (C, H, W) 8-bit, C = 1 or 3 → RGBA bytes.
function planarToRgba(pixels, channels, height, width) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const plane = width * height;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = pixels[(channels === 1 ? 0 : c) * plane + p];
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}

// pixels: (C, H, W) 8-bit, C = 1 or 3 → a PNG data URL.
export function pixelThumbUrl(pixels, channels, height, width) {
  return thumbUrl({ width, height, rgba: planarToRgba(pixels, channels, height, width) });
}

// The same pixels as a PNG File, as if the learner had picked a photo (held-out demo samples).
export function pixelsToPngFile(pixels, { channels, height, width }, name) {
  const url = pixelThumbUrl(pixels, channels, height, width);
  const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  return new File([bytes], name, { type: 'image/png' });
}
