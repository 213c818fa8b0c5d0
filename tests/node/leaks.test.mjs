// leaks.test.mjs — every C++ object the API hands out is freed by delete(): the WASM heap in use
// (dlmalloc's mallinfo().uordblks, not the heap's size, which never shrinks) returns to its start.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { LECTURE_SPEC, loadLab, photo } from './helpers.mjs';

let lab;
before(async () => {
  lab = await loadLab();
});

// Allowance for allocator bookkeeping; one leaked network is far bigger (its weights alone are ~0.5 MB).
const SLACK_BYTES = 4096;

function assertHeapBack(start, what) {
  const end = lab.heapInUse();
  assert.ok(end - start <= SLACK_BYTES, `${what}: ${end - start} bytes still in use (from ${start} to ${end})`);
}

test('1,000 networks created, used and deleted leave the heap where it started', () => {
  const spec = JSON.stringify(LECTURE_SPEC);
  const x = new Float32Array(3 * 32 * 32).fill(0.5);
  // Warm-up: first calls allocate lasting runtime state (Embind type tables, iostream locale).
  new lab.Network(spec, 0).delete();
  const start = lab.heapInUse();
  for (let i = 0; i < 1000; i++) {
    const net = new lab.Network(spec, i);
    if (i % 100 === 0) {
      net.predict(x);
      net.trainBatch(x, new Int32Array([1]));
      lab.Network.load(net.save()).delete();
    }
    net.delete();
  }
  assertHeapBack(start, '1,000 networks');
});

test('1,000 decoded images (and 1,000 refusals) leave the heap where it started', () => {
  const png = photo('coffee.png');
  const junk = png.subarray(0, 2000);
  lab.decodeImage(png, 3, 32, 32);
  const start = lab.heapInUse();
  for (let i = 0; i < 1000; i++) {
    lab.decodeImage(png, 3, 32, 32);
    assert.throws(() => lab.decodeImage(junk, 3, 32, 32));
  }
  assertHeapBack(start, '1,000 decodes');
});

test('failed constructors, datasets and trainers leak nothing', () => {
  const bad = JSON.stringify({ ...LECTURE_SPEC, layers: [{ type: 'dense', units: -1 }] });
  assert.throws(() => new lab.Network(bad, 1));
  const start = lab.heapInUse();
  for (let i = 0; i < 200; i++) {
    assert.throws(() => new lab.Network(bad, 1));
    const net = new lab.Network(LECTURE_SPEC, 1);
    const set = new lab.Dataset(3, 32, 32, ['a', 'b']);
    set.addTensor(new Float32Array(3 * 32 * 32), 0);
    set.addTensor(new Float32Array(3 * 32 * 32), 1);
    const val = set.splitOff(0.5, 1);
    const trainer = new lab.Trainer(net, set, val, { epochs: 1, batchSize: 1 });
    trainer.step();
    // Deleted in an order that would dangle without the shared ownership inside.
    net.delete();
    set.delete();
    trainer.step();
    trainer.delete();
    val.delete();
  }
  assertHeapBack(start, 'datasets and trainers');
});

test('refusals leave the heap where it started: bad specs, files, batches, NaN input, configs', () => {
  const net = new lab.Network(LECTURE_SPEC, 1);
  const file = net.save();
  const per = 3 * 32 * 32;
  const x = new Float32Array(2 * per).fill(0.5);
  const nan = x.slice();
  nan[per + 5] = NaN;
  const y = new Int32Array([0, 1]);
  const before = net.getWeights();
  const set = new lab.Dataset(3, 32, 32, ['a', 'b']);
  set.addTensor(x.subarray(0, per), 0);
  set.addTensor(x.subarray(0, per), 1);
  const huge = { input: { channels: 1024, height: 32, width: 32 }, classes: ['a', 'b'],
    layers: [{ type: 'conv2d', filters: 4096, kernel: 32 }, { type: 'flatten' }] };
  const refusals = [
    () => new lab.Network({ ...LECTURE_SPEC, layers: [{ type: 'flatten' }, 'relu'] }, 1),
    () => new lab.Network('{"input": 1e999}', 1),
    () => new lab.Network('{not json', 1),
    () => new lab.Network(huge, 1),
    () => new lab.Network({ ...LECTURE_SPEC, layers: [...LECTURE_SPEC.layers.slice(0, 3), { type: 'conv2d', filters: 0, kernel: 3 }] }, 1),
    () => lab.Network.load(file.subarray(0, file.length - 9)),
    () => lab.Network.load(Uint8Array.from(file, (b, i) => (i === 400 ? b ^ 1 : b))),
    () => lab.Network.load(photo('coffee.png')),
    () => net.trainBatch(nan, y),
    () => net.trainBatch(x.subarray(0, 100), y),
    () => net.trainBatch(x, new Int32Array([0, 7])),
    () => net.gradients(nan, y),
    () => net.setWeights([{ ...before[0], data: before[0].data.map((v, i) => (i ? v : Infinity)) }]),
    () => net.setOptimizer({ type: 'sgd', momentum: -1 }),
    () => net.setOptimizer('{"lr": [[[1]]]}'),
    () => set.addTensor(nan.subarray(per, 2 * per), 0),
    () => new lab.Trainer(net, set, null, { epochs: 'two' }),
    () => new lab.Trainer(net, set, null, 'not json'),
    () => new lab.Trainer(net, set, null, { epochs: 1, batchSize: 1 << 19 }),
    () => new lab.Trainer(net, set, null, { epochs: 1, patience: 3 }),
  ];
  // Warm-up: every refusal once (first uses allocate lasting runtime state).
  for (const refuse of refusals) assert.throws(refuse, (err) => err instanceof Error && typeof err.code === 'string');
  const start = lab.heapInUse();
  for (let i = 0; i < 50; i++) for (const refuse of refusals) assert.throws(refuse);
  assertHeapBack(start, `${refusals.length * 50} refusals`);
  // Nothing was changed by them.
  const after = net.getWeights();
  before.forEach((w, k) => assert.deepEqual(after[k].data, w.data, w.name));
  assert.equal(set.size(), 2);
  set.delete();
  net.delete();
});
