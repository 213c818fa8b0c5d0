// fashion-demo.mjs — the Fashion-MNIST demo set (grey, 28×28), cut from Debian's dataset-fashion-mnist.
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export const FASHION_SOURCE = '/usr/share/datasets/fashion-mnist';

// Four classes that look clearly different at 28×28, so a tiny net learns them in seconds.
const PICK = [
  { index: 0, en: 'T-shirt', zh: 'T恤' },
  { index: 1, en: 'Trouser', zh: '裤子' },
  { index: 7, en: 'Sneaker', zh: '运动鞋' },
  { index: 8, en: 'Bag', zh: '包' },
];

export const FASHION_INFO = {
  name: { en: 'Fashion-MNIST (grey clothing)', zh: 'Fashion-MNIST（灰度服饰）' },
  description: {
    en: 'Real photos of clothing from Zalando, grey, 28×28, always centred on a black background: T-shirts, trousers, sneakers and bags.',
    zh: 'Zalando 的真实服饰照片，灰度、28×28，总是居中、黑色背景：T恤、裤子、运动鞋和包。',
  },
  source: 'Fashion-MNIST test set (Zalando Research, MIT licence), Debian dataset-fashion-mnist',
};

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

// The first `perClass` images of each picked class in file order (interleaved by class, so any
// prefix is balanced) for training, the next `heldoutPerClass` of each for held-out samples.
// → {channels, height, width, classes, train: {pixels, labels}, heldout: {pixels, labels}}
export function buildFashionSet({ perClass, heldoutPerClass, srcDir = FASHION_SOURCE }) {
  const imagesPath = join(srcDir, 't10k-images-idx3-ubyte.gz');
  const labelsPath = join(srcDir, 't10k-labels-idx1-ubyte.gz');
  if (!existsSync(imagesPath) || !existsSync(labelsPath)) {
    throw new Error(`${srcDir} has no Fashion-MNIST test files (apt-get install dataset-fashion-mnist)`);
  }
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1);
  const [count, height, width] = images.dims;
  const size = height * width;
  const want = perClass + heldoutPerClass;
  const byClass = PICK.map(() => []);
  for (let i = 0; i < count && byClass.some((list) => list.length < want); i++) {
    const k = PICK.findIndex((p) => p.index === labels.data[i]);
    if (k >= 0 && byClass[k].length < want) byClass[k].push(i);
  }
  const part = (from, to) => {
    const order = [];
    for (let j = from; j < to; j++) byClass.forEach((list, k) => order.push([list[j], k]));
    const pixels = new Uint8Array(order.length * size);
    order.forEach(([src], n) => pixels.set(images.data.subarray(src * size, (src + 1) * size), n * size));
    return { pixels, labels: order.map(([, k]) => k) };
  };
  return {
    channels: 1,
    height,
    width,
    classes: PICK.map(({ en, zh }) => ({ en, zh })),
    train: part(0, perClass),
    heldout: part(perClass, want),
  };
}
