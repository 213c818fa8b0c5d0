// make-demo.mjs — builds the page's demo sets at build time: the procedural colour sets and
// Fashion-MNIST (from Debian's dataset-fashion-mnist).
// Usage: node make-demo.mjs OUT_DIR [FASHION_SOURCE_DIR]. Writes into OUT_DIR:
//   index.json   [{id, name: {en, zh}, description: {en, zh}, file, meta}] — the demos, in menu order
//   <meta>       {id, channels, height, width, classes: [{en, zh}], labels: [train labels],
//                 heldout: {labels: [...]}, count, source}
//   <file>       uint8 pixels, planar N·C·H·W (0 = black): the training images, then the held-out ones
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLOUR_SETS, buildColourSet, SIZE } from './colour-demo.mjs';
import { FASHION_INFO, FASHION_SOURCE, buildFashionSet } from './fashion-demo.mjs';

const [outDir, fashionDir = FASHION_SOURCE] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node make-demo.mjs OUT_DIR [FASHION_SOURCE_DIR]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// Writes one demo in the index format and returns its index entry.
function writeDemo({ id, name, description, file, meta, channels, height, width, classes, train, heldout, source }) {
  writeFileSync(join(outDir, file), concat(train.pixels, heldout.pixels));
  writeFileSync(
    join(outDir, meta),
    JSON.stringify({
      id,
      source,
      channels,
      height,
      width,
      count: train.labels.length,
      classes,
      labels: train.labels,
      heldout: { labels: heldout.labels },
    }),
  );
  console.log(`make-demo: ${id}: ${train.labels.length} training + ${heldout.labels.length} held-out images of ${classes.length} classes`);
  return { id, name, description, file, meta };
}

const index = [];
for (const id of Object.keys(COLOUR_SETS)) {
  const { set, train, heldout } = buildColourSet(id);
  index.push(
    writeDemo({
      id,
      name: set.name,
      description: set.description,
      file: `${id}.bin`,
      meta: `${id}.json`,
      channels: 3,
      height: SIZE,
      width: SIZE,
      classes: set.classes.map(({ en, zh }) => ({ en, zh })),
      train,
      heldout,
      source: 'drawn by web/tools/colour-demo.mjs at build time (seeded)',
    }),
  );
}

try {
  const fashion = buildFashionSet({ perClass: 150, heldoutPerClass: 5, srcDir: fashionDir });
  index.push(writeDemo({ id: 'fashion', ...FASHION_INFO, file: 'fashion-mnist.bin', meta: 'fashion-mnist.json', ...fashion }));
} catch (err) {
  console.error(`make-demo: ${err.message}`);
  process.exit(1);
}
writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 1));
