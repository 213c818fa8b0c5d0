// worker.test.mjs — the engine worker's message protocol (web/protocol.js), end to end through
// EngineClient, with the worker code running in a Node worker thread (worker-host.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';

import { EngineClient, Ev, Req } from '../../web/protocol.js';
import { ENGINE_DIR, photo } from './helpers.mjs';

let client;
before(() => {
  const thread = new Worker(new URL('./worker-host.mjs', import.meta.url), { workerData: { engineDir: ENGINE_DIR } });
  // The small part of the Worker interface that EngineClient uses.
  const worker = {
    postMessage: (message, transfer) => thread.postMessage(message, transfer),
    addEventListener: (type, listener) =>
      thread.on(type, (data) => listener(type === 'message' ? { data } : { message: data.message })),
    terminate: () => thread.terminate(),
  };
  client = new EngineClient(worker);
});
after(() => client.terminate());

const SPEC = {
  input: { channels: 3, height: 16, width: 16 },
  classes: ['cat', 'coffee'],
  layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
    { type: 'flatten' }, { type: 'dense', units: 2 }],
};
const fileOf = (name) => {
  const bytes = photo(name);
  return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
};

test('init reports the engine', async () => {
  const info = await client.request(Req.init);
  assert.equal(info.simd, true);
  assert.match(info.version, /\d+\.\d+/);
});

test('addImages transfers the files, answers per file with a thumbnail or a reason', async () => {
  const files = [fileOf('chelsea.png'), fileOf('coffee.png'), { name: 'junk.jpg', bytes: new ArrayBuffer(10) }];
  const { images } = await client.request(Req.addImages, { classIndex: 0, files, thumbSize: 24 }, files.map((f) => f.bytes));
  assert.equal(files[0].bytes.byteLength, 0, 'the page\'s buffer was transferred (detached), not copied');
  assert.equal(images.length, 3);
  assert.equal(images[0].ok, true);
  assert.deepEqual([images[0].thumb.width, images[0].thumb.height], [24, 24]);
  assert.ok(images[0].thumb.rgba instanceof Uint8ClampedArray && images[0].thumb.rgba.length === 24 * 24 * 4);
  assert.equal(images[2].ok, false);
  assert.match(images[2].reason, /not a JPEG\/PNG\/BMP\/GIF image/);
  const { removed } = await client.request(Req.removeImages, { ids: [images[1].id] });
  assert.equal(removed, 1);
  assert.equal((await client.request(Req.clearImages, {})).removed, 1);
});

test('errors come back as rejected requests with a code and params, and the worker carries on', async () => {
  await assert.rejects(client.request(Req.build, { spec: { ...SPEC, layers: [{ type: 'conv2d', filters: -1, kernel: 3 }] } }),
    (err) => /layer 0 \(conv2d\)/.test(err.message) && err.code === 'spec.option_int' &&
      err.params.layer === '0' && err.params.option === 'filters' && err.params.value === '-1');
  await assert.rejects(client.request('fly'), (err) => /unknown request type 'fly'/.test(err.message) &&
    err.code === 'worker.unknown_request' && err.params.type === 'fly');
  await assert.rejects(client.request(Req.loadModel, { bytes: new ArrayBuffer(16) }), /./);
  const info = await client.request(Req.build, { spec: SPEC, seed: 3 });
  assert.equal(info.numParams, 4 * 27 + 4 + 2 * 256 + 2);
  assert.deepEqual(info.layers[2].outShape, [4, 8, 8]);
});

test('layerTypes gives the engine\'s layer table', async () => {
  const table = await client.request(Req.layerTypes);
  assert.deepEqual(table.map((t) => t.type).slice(0, 4), ['conv2d', 'maxpool2d', 'avgpool2d', 'dense']);
  assert.deepEqual(table[0].options[0], { name: 'filters', kind: 'int', default: null, min: 1, max: 4096, required: true });
  assert.equal(table[1].options.find((o) => o.name === 'stride').default, 'size');
});

test('train: throttled batch events, one epoch event per epoch, stop within one batch, continue', async () => {
  const cats = Array.from({ length: 40 }, () => fileOf('chelsea.png'));
  const cups = Array.from({ length: 40 }, () => fileOf('coffee.png'));
  const catIds = (await client.request(Req.addImages, { classIndex: 0, files: cats }, cats.map((f) => f.bytes))).images.map((r) => r.id);
  const cupIds = (await client.request(Req.addImages, { classIndex: 1, files: cups }, cups.map((f) => f.bytes))).images.map((r) => r.id);
  const pixels = new Uint8Array(2 * 28 * 28).fill(128);
  const greyIds = (await client.request(Req.addPixels, { channels: 1, height: 28, width: 28, pixels, labels: [0, 1] })).ids;
  assert.equal(greyIds.length, 2);
  assert.deepEqual((await client.request(Req.datasetInfo)).counts, [41, 41]);
  await client.request(Req.build, { spec: SPEC, seed: 3 });

  const batches = [];
  const epochs = [];
  const offBatch = client.on(Ev.batch, (e) => batches.push({ ...e, at: performance.now() }));
  const offEpoch = client.on(Ev.epoch, (e) => epochs.push(e));
  const req = { config: { epochs: 3, batchSize: 4, valSplit: 0.25, seed: 1, optimizer: { type: 'adam', lr: 0.01 } } };
  const t0 = performance.now();
  const done = await client.request(Req.train, req);
  const trainMs = performance.now() - t0;
  assert.equal(done.reason, 'done');
  assert.deepEqual([done.trainCount, done.valCount], [62, 20]);
  assert.deepEqual(done.history.map((m) => m.epoch), [1, 2, 3]);
  assert.deepEqual(epochs.map((m) => m.epoch), [1, 2, 3]);
  for (const m of epochs) for (const k of ['trainLoss', 'trainAcc', 'valLoss', 'valAcc', 'lr', 'seconds']) assert.equal(typeof m[k], 'number', k);
  // About one event per 100 ms, plus one closing each epoch; together they carry every batch's loss once.
  assert.ok(batches.length <= trainMs / 100 + 1 + 3, `${batches.length} batch events in ${trainMs} ms: more than one per 100 ms`);
  assert.equal(batches.reduce((n, b) => n + b.losses.length, 0), 3 * Math.ceil(62 / 4));
  for (const b of batches) assert.equal(b.loss, b.losses.at(-1));
  for (const b of batches) assert.ok(b.batch >= 1 && b.batch <= b.batches && b.imagesPerSecond > 0, JSON.stringify(b));

  // A long run, stopped: the reply comes within about one batch and the session can go on.
  const long = client.request(Req.train, { config: { ...req.config, epochs: 1000 } });
  const seen = batches.length;
  for (let i = 0; i < 200 && batches.length < seen + 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  await assert.rejects(client.request(Req.build, { spec: SPEC }), /training is running/);
  const during = await client.request(Req.predict, { files: [fileOf('coffee.png')] });
  assert.equal(during.predictions[0].ok, true, 'predict answers while training runs');
  assert.deepEqual(await client.request(Req.stop), { stopped: true });
  const stopped = await long;
  assert.equal(stopped.reason, 'stopped');
  assert.ok(batches.length >= seen + 2, 'a long run reports batch progress');
  for (const b of batches) assert.ok(b.batch >= 1 && b.batch <= b.batches && b.imagesPerSecond > 0, JSON.stringify(b));
  // Stopped part-way through the 1000 epochs; every loss trained is reported (the loop flushes on exit).
  assert.ok(stopped.history.length < 1000);
  const before = stopped.history.length;
  const resumed = client.request(Req.continue, { epochs: 2 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await client.request(Req.stop);
  const after = await resumed;
  assert.ok(after.history.length >= before);
  assert.deepEqual(after.history.map((m) => m.epoch), after.history.map((_, i) => i + 1), 'the trainer numbers the epochs');
  offBatch();
  offEpoch();
  assert.deepEqual(await client.request(Req.stop), { stopped: false });

  const evalResult = await client.request(Req.evaluate, { split: 'val' });
  assert.equal(evalResult.accuracy, 1, 'a cat and a cup of coffee are told apart');
  // Photo by photo: the validation photos (a quarter of each class), each traced to the stored
  // image it came from, and the confusion matrix counts exactly their (true, predicted) pairs.
  assert.equal(evalResult.samples.length, 20);
  const counted = [[0, 0], [0, 0]];
  for (const { imageId, label, predicted, probs } of evalResult.samples) {
    assert.ok([...(label === 0 ? catIds : cupIds), greyIds[label]].includes(imageId), `image ${imageId} of class ${label}`);
    assert.equal(predicted, probs.indexOf(Math.max(...probs)));
    assert.ok(Math.abs(probs[0] + probs[1] - 1) < 1e-5);
    counted[label][predicted]++;
  }
  assert.deepEqual(counted, evalResult.confusion);
  assert.equal(new Set(evalResult.samples.map((x) => x.imageId)).size, 20, 'no photo twice');
});

test('predict, activations, weights, save/load, decodeImage and probe', async () => {
  const { predictions } = await client.request(Req.predict, { files: [fileOf('chelsea.png'), { name: 'bad', bytes: new ArrayBuffer(3) }] });
  assert.equal(predictions[0].label, 'cat');
  assert.ok(predictions[0].probs instanceof Float32Array);
  assert.equal(predictions[1].ok, false);
  const acts = await client.request(Req.activations, { file: fileOf('coffee.png') });
  assert.deepEqual(acts.input.shape, [3, 16, 16]);
  assert.equal(acts.layers.length, 5);
  assert.deepEqual(acts.layers[0].shape, [1, 4, 16, 16]);
  assert.equal(acts.label, 'coffee');
  const { weights } = await client.request(Req.weights);
  assert.deepEqual(weights[0].shape, [4, 3, 3, 3]);
  const { bytes } = await client.request(Req.saveModel);
  assert.ok(bytes instanceof ArrayBuffer && bytes.byteLength > 1000);
  const info = await client.request(Req.loadModel, { bytes }, [bytes]);
  assert.deepEqual(info.classes, ['cat', 'coffee']);
  const again = await client.request(Req.predict, { files: [fileOf('chelsea.png')] });
  assert.deepEqual(again.predictions[0].probs, predictions[0].probs);
  const img = await client.request(Req.decodeImage, { ...fileOf('coffee.png'), channels: 1, height: 6, width: 6 });
  assert.equal(img.data.length, 36);
  // The lecture's single neuron: y = relu(1·x1 + 2·x2 + 3·x3 + 0.5)
  const probe = await client.request(Req.probe, {
    spec: { input: { channels: 3, height: 1, width: 1 }, classes: ['a', 'b'], layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] },
    weights: [{ name: '1.weight', shape: [2, 3], data: new Float32Array([1, 2, 3, 0, 0, 0]) }, { name: '1.bias', shape: [2], data: new Float32Array([0.5, 0]) }],
    x: new Float32Array([1, 1, 1]),
  });
  assert.equal(probe.layers[1].data[0], 6.5);
});

test('a WebAssembly trap restarts the engine, keeping the stored images', async () => {
  const { serve } = await import('../../web/worker/serve.js');
  // serve() in this thread with a stand-in engine whose predict traps like a crashed module.
  let listener;
  const replies = [];
  const scope = { postMessage: (m) => replies.push(m), addEventListener: (_, fn) => (listener = fn) };
  let loads = 0;
  const load = async () => {
    loads++;
    return {
      images: new Map([[1, { name: 'kept' }]]),
      nextId: 2,
      counts() { return [this.images.size]; },
      predict() { throw new WebAssembly.RuntimeError('unreachable'); },
      adoptImages(old) { this.images = old.images; this.nextId = old.nextId; this.adopted = true; return this; },
    };
  };
  serve(scope, load);
  const ask = async (message) => {
    listener({ data: message });
    for (let i = 0; i < 50 && !replies.some((r) => r.id === message.id); i++) await new Promise((r) => setTimeout(r, 5));
    return replies.find((r) => r.id === message.id);
  };
  const trap = await ask({ id: 2, type: Req.predict, files: [{ name: 'x', bytes: new ArrayBuffer(1) }] });
  assert.equal(trap.ok, false);
  assert.match(trap.error.message, /unreachable — the engine was restarted/);
  const after = await ask({ id: 3, type: Req.datasetInfo });
  assert.deepEqual(after.result.counts, [1]);
  assert.equal(loads, 2);
});

test('train {spec, config} builds and trains in one request; continue extends the same run', async () => {
  // Refused specs and configs keep the model there was.
  const kept = (await client.request(Req.weights)).weights[0].data;
  await assert.rejects(client.request(Req.train, { spec: { ...SPEC, layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }] }, config: { epochs: 1 } }),
    (err) => err.code === 'spec.outputs_mismatch' && err.params.classes === '2');
  await assert.rejects(client.request(Req.train, { spec: SPEC, config: { epochs: 'two' } }),
    (err) => err.code === 'trainer.int_range' && err.params.key === 'epochs' && /'epochs'/.test(err.message));
  await assert.rejects(client.request(Req.train, { spec: SPEC, config: { epochs: 1, batch: 8 } }),
    (err) => err.code === 'trainer.unknown_key' && err.params.key === 'batch');
  assert.deepEqual((await client.request(Req.weights)).weights[0].data, kept);

  const epochs = [];
  const off = client.on(Ev.epoch, (e) => epochs.push(e.epoch));
  const config = { epochs: 2, batchSize: 8, valSplit: 0.25, seed: 5, augment: ['flip'], optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 } };
  const first = await client.request(Req.train, { spec: SPEC, config });
  assert.equal(first.reason, 'done');
  assert.equal(first.model.numParams, 4 * 27 + 4 + 2 * 256 + 2);
  assert.deepEqual(first.model.classes, ['cat', 'coffee']);
  const more = await client.request(Req.continue, { epochs: 2 });
  assert.deepEqual(more.history.map((m) => m.epoch), [1, 2, 3, 4]);
  assert.deepEqual(epochs, [1, 2, 3, 4]);
  // The same random stream, optimizer state and split: exactly one 4-epoch run.
  const whole = await client.request(Req.train, { spec: SPEC, config: { ...config, epochs: 4 } });
  assert.deepEqual(whole.history.map((m) => m.trainLoss), more.history.map((m) => m.trainLoss));
  assert.deepEqual(whole.history.map((m) => m.valLoss), more.history.map((m) => m.valLoss));

  // Fewer training photos per class; the validation photos stay the same.
  const limited = await client.request(Req.train, { spec: SPEC, config: { ...config, epochs: 1, perClassLimit: 5 } });
  assert.deepEqual([limited.trainCount, limited.valCount], [10, whole.valCount]);
  assert.ok(whole.trainCount > 10);
  off();
});
