// api.test.mjs — the JavaScript API of DESIGN.md on the real .wasm: every method, and its errors.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { LECTURE_SPEC, loadLab, maxAbsDiff, photo, pseudoRandom } from './helpers.mjs';

const PER = 3 * 32 * 32;
let lab;
before(async () => {
  lab = await loadLab();
});

function batch(n, seed = 7) {
  const x = pseudoRandom(n * PER, seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  return { x, y };
}

// Runs fn with a fresh lecture network and deletes it afterwards.
function withNet(fn, spec = LECTURE_SPEC, seed = 3) {
  const net = new lab.Network(JSON.stringify(spec), seed);
  try {
    return fn(net);
  } finally {
    net.delete();
  }
}

describe('module', () => {
  test('reports a version and that it was built with SIMD', () => {
    assert.match(lab.version, /^\d+\.\d+\.\d+/);
    assert.equal(lab.simd, true);
    assert.match(lab.simdInfo(), /Eigen: .*SSE4\.1/);
  });
});

describe('Network', () => {
  test('counts parameters and describes its layers', () => {
    withNet((net) => {
      // conv 3→16 (3·3·3·16+16) + conv 16→32 (3·3·16·32+32) + dense 2048→64 + dense 64→2
      assert.equal(net.numParams(), 448 + 4640 + (2048 * 64 + 64) + (64 * 2 + 2));
      const info = net.layerInfo();
      assert.equal(info.length, LECTURE_SPEC.layers.length);
      assert.deepEqual(info[2], { type: 'maxpool2d', outShape: [16, 16, 16], params: 0 });
      assert.deepEqual(info[6].outShape, [2048]);
      assert.deepEqual(net.spec().classes, ['ants', 'bees']);
    });
  });

  test('the same seed gives the same weights, another seed other weights', () => {
    const a = withNet((net) => net.getWeights(), LECTURE_SPEC, 5);
    const b = withNet((net) => net.getWeights(), LECTURE_SPEC, 5);
    const c = withNet((net) => net.getWeights(), LECTURE_SPEC, 6);
    assert.deepEqual(a.map((w) => w.name), ['0.weight', '0.bias', '3.weight', '3.bias', '7.weight', '7.bias', '9.weight', '9.bias']);
    assert.deepEqual(a[0].shape, [16, 3, 3, 3]);
    assert.equal(maxAbsDiff(a[0].data, b[0].data), 0);
    assert.ok(maxAbsDiff(a[0].data, c[0].data) > 0);
  });

  test('predict gives softmax rows of forward, activations end in the logits', () => {
    withNet((net) => {
      const { x } = batch(4);
      const logits = net.forward(x);
      const probs = net.predict(x);
      assert.ok(logits instanceof Float32Array && probs instanceof Float32Array);
      assert.equal(probs.length, 4 * 2);
      for (let i = 0; i < 4; i++) {
        const [a, b] = [logits[2 * i], logits[2 * i + 1]];
        const pa = 1 / (1 + Math.exp(b - a));
        assert.ok(Math.abs(probs[2 * i] - pa) < 1e-6, `row ${i}: ${probs[2 * i]} vs ${pa}`);
        assert.ok(Math.abs(probs[2 * i] + probs[2 * i + 1] - 1) < 1e-6);
      }
      const acts = net.activations(x);
      assert.equal(acts.length, LECTURE_SPEC.layers.length);
      assert.deepEqual(acts[0].shape, [4, 16, 32, 32]);
      assert.equal(acts[0].type, 'conv2d');
      assert.ok(acts[1].data.every((v) => v >= 0), 'relu output is non-negative');
      assert.equal(maxAbsDiff(acts.at(-1).data, logits), 0);
    });
  });

  test('trainBatch lowers the loss on a fixed batch (Adam and SGD)', () => {
    for (const opt of [{ type: 'adam', lr: 1e-3, weightDecay: 0 }, { type: 'sgd', lr: 0.05, momentum: 0.9 }]) {
      withNet((net) => {
        net.setOptimizer(JSON.stringify(opt));
        const { x, y } = batch(8);
        const first = net.trainBatch(x, y);
        let last = first;
        for (let i = 0; i < 30; i++) last = net.trainBatch(x, y);
        assert.ok(Number.isFinite(first) && first > 0);
        assert.ok(last < first * 0.5, `${opt.type}: loss ${first} → ${last}`);
      });
    }
  });

  test('arrays are copies: they survive the network and later calls', () => {
    const net = new lab.Network(LECTURE_SPEC, 3);
    const { x } = batch(2);
    const probs = net.predict(x);
    const copy = probs.slice();
    net.predict(pseudoRandom(2 * PER, 99));
    net.delete();
    assert.equal(maxAbsDiff(probs, copy), 0);
    assert.notEqual(probs.buffer, lab.HEAPU8.buffer);
  });

  test('setWeights round-trips getWeights and changes the output', () => {
    withNet((a) => {
      withNet((b) => {
        const { x } = batch(3);
        assert.ok(maxAbsDiff(a.forward(x), b.forward(x)) > 0);
        b.setWeights(a.getWeights());
        assert.equal(maxAbsDiff(a.forward(x), b.forward(x)), 0);
      }, LECTURE_SPEC, 11);
    });
  });

  test('save → load gives the same predictions', () => {
    withNet((net) => {
      net.trainBatch(batch(4).x, batch(4).y);
      const bytes = net.save();
      assert.ok(bytes instanceof Uint8Array && bytes.length > 4 * net.numParams());
      const again = lab.Network.load(bytes);
      try {
        const { x } = batch(3, 21);
        assert.equal(maxAbsDiff(net.predict(x), again.predict(x)), 0);
        assert.deepEqual(again.spec(), net.spec());
      } finally {
        again.delete();
      }
    });
  });
});

describe('errors are Errors with readable messages, and the module stays usable', () => {
  const expectError = (fn, pattern) => assert.throws(fn, (err) => err instanceof Error && pattern.test(err.message));

  test('a bad spec names the layer', () => {
    const bad = { ...LECTURE_SPEC, layers: [...LECTURE_SPEC.layers.slice(0, 3), { type: 'conv2d', filters: 0, kernel: 3 }] };
    expectError(() => new lab.Network(JSON.stringify(bad), 1), /layer 3 \(conv2d\).*filters/);
    expectError(() => new lab.Network(JSON.stringify({ ...LECTURE_SPEC, layers: [{ type: 'nope' }] }), 1), /nope/);
    expectError(() => new lab.Network('{not json', 1), /./);
  });

  test('a bad image is refused', () => {
    expectError(() => lab.decodeImage(new Uint8Array([1, 2, 3, 4]), 3, 8, 8), /not a JPEG\/PNG\/BMP\/GIF image/);
    const png = photo('coffee.png');
    expectError(() => lab.decodeImage(png.subarray(0, png.length / 3), 3, 8, 8), /./);
    expectError(() => lab.decodeImage(png, 3, 0, 8), /./);
    expectError(() => lab.decodeImage('not bytes', 3, 8, 8), /expected bytes/);
  });

  test('a truncated or foreign model file is refused', () => {
    const bytes = withNet((net) => net.save());
    expectError(() => lab.Network.load(bytes.subarray(0, 100)), /truncated/);
    const flipped = bytes.slice();
    flipped[flipped.length - 10] ^= 0xff;
    expectError(() => lab.Network.load(flipped), /./);
    expectError(() => lab.Network.load(photo('coffee.png')), /./);
  });

  test('wrong input sizes, labels and weights name the problem', () => {
    withNet((net) => {
      expectError(() => net.trainBatch(new Float32Array(100), new Int32Array(1)), /trainBatch: x has 100 values/);
      expectError(() => net.trainBatch(batch(2).x, new Int32Array([0])), /1 labels for 2 images/);
      expectError(() => net.trainBatch(batch(2).x, new Int32Array([0, 5])), /label 5 at index 1/);
      expectError(() => net.predict(new Float32Array(0)), /predict/);
      expectError(() => net.setWeights([{ name: '0.weight', shape: [1], data: new Float32Array(1) }]), /0\.weight/);
      expectError(() => net.setWeights([{ name: 'zz', shape: [1], data: new Float32Array(1) }]), /zz/);
      expectError(() => net.setOptimizer(JSON.stringify({ type: 'rmsprop' })), /rmsprop/);
      // after all of that the network still trains
      assert.ok(Number.isFinite(net.trainBatch(batch(2).x, batch(2).y)));
    });
  });

  test('a deleted network says so', () => {
    const net = new lab.Network(LECTURE_SPEC, 1);
    net.delete();
    net.delete();
    expectError(() => net.predict(batch(1).x), /used after delete/);
  });
});

describe('decodeImage', () => {
  test('decodes a real photo to (C, H, W) in [0, 1]', () => {
    const img = lab.decodeImage(photo('chelsea.png'), 3, 32, 32);
    assert.equal(img.length, 3 * 32 * 32);
    assert.ok(img.every((v) => v >= 0 && v <= 1));
    const grey = lab.decodeImage(photo('chelsea.png'), 1, 16, 24);
    assert.equal(grey.length, 16 * 24);
    assert.ok(new Set(img).size > 100, 'a photo has many distinct values');
  });
});

describe('Dataset and Trainer', () => {
  test('train epochs inside WASM, with validation metrics', () => {
    const spec = { input: { channels: 3, height: 16, width: 16 }, classes: ['cat', 'coffee'], layers: [
      { type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
      { type: 'flatten' }, { type: 'dense', units: 2 }] };
    const net = new lab.Network(spec, 2);
    const set = new lab.Dataset(3, 16, 16, ['cat', 'coffee']);
    const photos = [photo('chelsea.png'), photo('coffee.png')];
    for (let i = 0; i < 20; i++) set.addImage(photos[i % 2], i % 2);
    assert.deepEqual(set.classCounts(), [10, 10]);
    assert.throws(() => set.addImage(photos[0], 2), /label 2/);
    const val = set.splitOff(0.2, 1);
    assert.equal(set.size() + val.size(), 20);
    assert.deepEqual(val.classCounts(), [2, 2]);
    net.setOptimizer({ type: 'adam', lr: 0.01 });
    const trainer = new lab.Trainer(net, set, val, { epochs: 3, batchSize: 4, seed: 1 });
    assert.equal(trainer.batchesPerEpoch(), 4);
    let steps = 0;
    while (!trainer.shouldStop()) {
      assert.ok(Number.isFinite(trainer.step()));
      steps++;
      if (trainer.epochDone()) {
        const m = trainer.endEpoch();
        assert.ok(Number.isFinite(m.trainLoss) && Number.isFinite(m.valAcc), JSON.stringify(m));
      }
    }
    assert.equal(steps, 12);
    const history = trainer.history();
    assert.deepEqual(history.map((m) => m.epoch), [1, 2, 3]);
    assert.equal(history.at(-1).valAcc, 1, 'two very different photos are told apart');
    const result = net.evaluate(val);
    assert.equal(result.accuracy, 1);
    assert.deepEqual(result.confusion, [[2, 0], [0, 2]]);
    assert.throws(() => new lab.Trainer(net, set, val, { epochs: 1, bogus: 1 }), /unknown key 'bogus'/);
    for (const o of [trainer, val, set, net]) o.delete();
  });
});
