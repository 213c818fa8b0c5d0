// photos.js — the learner's photos on the page side: what was sent to the worker under which class,
// thumbnails, the browser-decoder fallback, and re-labelling when a class is removed.
import { Req } from './protocol.js';

const CHUNK = 16;           // files per addImages request: progress shows, memory stays bounded
const FALLBACK_MAX = 512;   // longest side of a browser-decoded image re-encoded for the engine

// A record: {id, name, thumbUrl, file?: File, pixels?: Uint8Array, shape?: {channels, height, width}}
export class Photos {
  constructor(client) {
    this.client = client;
    this.byClass = [];
  }

  counts(classCount) {
    return Array.from({ length: classCount }, (_, i) => this.byClass[i]?.length ?? 0);
  }

  list(classIndex) {
    return this.byClass[classIndex] ?? [];
  }

  // → {added, refused: Array<{name, error: {code, params, message}, browser?: string}>} (browser: why
  // the browser's decoder failed too). onProgress(done, total) after each chunk.
  async addFiles(classIndex, files, onProgress = () => {}) {
    const refused = [];
    let added = 0;
    for (let start = 0; start < files.length; start += CHUNK) {
      const chunk = files.slice(start, start + CHUNK);
      const results = await this.sendFiles(classIndex, chunk);
      for (let j = 0; j < chunk.length; j++) {
        let result = results[j];
        // stb_image reads JPEG, PNG, BMP, GIF, TGA…; WebP/AVIF/HEIC go through the browser's decoder.
        if (!result.ok) result = (await this.viaBrowser(classIndex, chunk[j], result)) ?? result;
        if (result.ok) {
          this.record(classIndex, { id: result.id, name: chunk[j].name, thumbUrl: thumbUrl(result.thumb), file: chunk[j] });
          added += 1;
        } else {
          refused.push({ name: chunk[j].name, error: { code: result.code, params: result.params, message: result.reason }, browser: result.browser });
        }
      }
      onProgress(Math.min(files.length, start + CHUNK), files.length);
    }
    return { added, refused };
  }

  async sendFiles(classIndex, files) {
    const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
    const { images } = await this.client.request(Req.addImages, { classIndex, files: payload, thumbSize: 64 }, payload.map((p) => p.bytes));
    return images;
  }

  async viaBrowser(classIndex, file, engineResult) {
    let png;
    try {
      png = await reencodeAsPng(file);
    } catch (err) {
      return { ...engineResult, browser: err.message || err.name };
    }
    const [result] = await this.sendFiles(classIndex, [png]);
    return result.ok ? result : null;
  }

  // Grey 8-bit images (the demo set): pixels N·C·H·W, labels N.
  async addPixels({ channels, height, width, pixels, labels, names }) {
    const { ids } = await this.client.request(Req.addPixels, { channels, height, width, pixels: pixels.slice(), labels, names });
    const size = channels * height * width;
    ids.forEach((id, n) => {
      const own = pixels.slice(n * size, (n + 1) * size);
      this.record(labels[n], { id, name: names[n], thumbUrl: pixelThumbUrl(own, channels, height, width), pixels: own, shape: { channels, height, width } });
    });
    return ids.length;
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
  // one index lower (files are re-read; nothing is asked of the learner).
  async removeClass(index) {
    const later = this.byClass.slice(index + 1);
    await this.client.request(Req.clearImages, { classIndex: index });
    for (let j = index + 1; j < this.byClass.length; j++) await this.client.request(Req.clearImages, { classIndex: j });
    this.byClass = this.byClass.slice(0, index);
    for (let k = 0; k < later.length; k++) {
      const target = index + k;
      const files = later[k].filter((r) => r.file).map((r) => r.file);
      if (files.length) await this.addFiles(target, files);
      const raw = later[k].filter((r) => r.pixels);
      for (const r of raw) {
        await this.addPixels({ ...r.shape, pixels: r.pixels, labels: [target], names: [r.name] });
      }
    }
  }

  record(classIndex, rec) {
    while (this.byClass.length <= classIndex) this.byClass.push([]);
    this.byClass[classIndex].push(rec);
  }
}

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
