// make-demo.mjs — builds the page's one-click demo set from Debian's Fashion-MNIST at build time.
// Usage: node make-demo.mjs OUT_DIR [SOURCE_DIR]. Writes OUT_DIR/fashion.bin (uint8 pixels,
// N·28·28, row-major, 0 = black) and OUT_DIR/fashion.json (shape, class names, labels).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

// Four classes that look clearly different at 28×28, so a tiny net learns them in seconds.
const PICK = [
  { index: 0, en: 'T-shirt', zh: 'T恤' },
  { index: 1, en: 'Trouser', zh: '裤子' },
  { index: 7, en: 'Sneaker', zh: '运动鞋' },
  { index: 8, en: 'Bag', zh: '包' },
];
const PER_CLASS = 60;

// IDX: big-endian magic (0x0000 08 dims) then one uint32 per dimension, then the data.
function readIdx(path, expectedDims) {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic >> 8 !== 0x08 || (magic & 0xff) !== expectedDims) {
    throw new Error(`${path}: not an IDX file of ${expectedDims} dimension(s) (magic 0x${magic.toString(16)})`);
  }
  const dims = [];
  for (let d = 0; d < expectedDims; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, data: bytes.subarray(4 + 4 * expectedDims) };
}

const [outDir, srcDir = '/usr/share/datasets/fashion-mnist'] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node make-demo.mjs OUT_DIR [SOURCE_DIR]');
  process.exit(2);
}
const imagesPath = join(srcDir, 't10k-images-idx3-ubyte.gz');
const labelsPath = join(srcDir, 't10k-labels-idx1-ubyte.gz');
if (!existsSync(imagesPath) || !existsSync(labelsPath)) {
  console.error(`make-demo: ${srcDir} has no Fashion-MNIST test files (apt-get install dataset-fashion-mnist)`);
  process.exit(1);
}
const images = readIdx(imagesPath, 3);
const labels = readIdx(labelsPath, 1);
const [count, height, width] = images.dims;
const size = height * width;

// Interleave classes (first PER_CLASS of each, in file order) so any prefix is balanced.
const byClass = PICK.map(() => []);
for (let i = 0; i < count && byClass.some((list) => list.length < PER_CLASS); i++) {
  const k = PICK.findIndex((p) => p.index === labels.data[i]);
  if (k >= 0 && byClass[k].length < PER_CLASS) byClass[k].push(i);
}
const order = [];
for (let j = 0; j < PER_CLASS; j++) byClass.forEach((list, k) => order.push([list[j], k]));

const pixels = new Uint8Array(order.length * size);
order.forEach(([src], n) => pixels.set(images.data.subarray(src * size, (src + 1) * size), n * size));

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'fashion.bin'), pixels);
writeFileSync(
  join(outDir, 'fashion.json'),
  JSON.stringify({
    source: 'Fashion-MNIST test set (Zalando Research, MIT licence), Debian dataset-fashion-mnist',
    channels: 1,
    height,
    width,
    count: order.length,
    classes: PICK.map(({ en, zh }) => ({ en, zh })),
    labels: order.map(([, k]) => k),
  }),
);
// The list web/demos.js reads first (without it the page's first fetch is a 404 on every load).
writeFileSync(join(outDir, 'index.json'), JSON.stringify([{ id: 'fashion', name: { en: 'Fashion-MNIST', zh: 'Fashion-MNIST' },
  description: { en: 'four kinds of clothing, 28×28 grey', zh: '四类服饰，28×28 灰度' }, file: 'fashion.bin', meta: 'fashion.json' }]));
console.log(`make-demo: ${order.length} images of ${PICK.length} classes → ${outDir}`);
