// keep-worker.test.mjs — what the worker does for keeping the lab (web/persist.js, web/bundle.js):
// photos come back as the 96×96 pixels it keeps (and train as those), checkModel describes a file
// without replacing the model, and training hands over the model at epochs' ends when asked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';

import { EngineClient, Ev, Req } from '../../web/protocol.js';
import { ENGINE_DIR, photo, loadLab } from './helpers.mjs';

let client;
before(() => {
  const thread = new Worker(new URL('./worker-host.mjs', import.meta.url), { workerData: { engineDir: ENGINE_DIR } });
  client = new EngineClient({
    postMessage: (message, transfer) => thread.postMessage(message, transfer),
    addEventListener: (type, listener) => thread.on(type, (data) => listener(type === 'message' ? { data } : { message: data.message })),
    terminate: () => thread.terminate(),
  });
});
after(() => client.terminate());

const SPEC = {
  input: { channels: 3, height: 16, width: 16 },
  classes: ['cat', 'coffee'],
  layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 2 }],
};
const fileOf = (name) => {
  const bytes = photo(name);
  return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
};

test('addImages answers with the 96×96 pixels the worker keeps: the engine\'s decode, 8-bit', async () => {
  const { images } = await client.request(Req.addImages, { classIndex: 0, files: [fileOf('chelsea.png')] });
  const { pixels } = images[0];
  assert.deepEqual([pixels.channels, pixels.height, pixels.width], [3, 96, 96]);
  assert.ok(pixels.data instanceof Uint8Array && pixels.data.length === 3 * 96 * 96);
  const lab = await loadLab();
  const reference = lab.decodeImage(photo('chelsea.png'), 3, 96, 96);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(pixels.data[i] - 255 * reference[i]));
  assert.ok(worst <= 0.5 + 1e-3, `pixels are the decoder's, rounded: off by ${worst}`);
  // The kept pixels, sent back as a restore would, give the same training input as the photo.
  const { ids } = await client.request(Req.addPixels, { channels: 3, height: 96, width: 96, pixels: pixels.data, labels: [0] });
  await client.request(Req.build, { spec: SPEC, seed: 1 });
  const { predictions: [a, b] } = await client.request(Req.predict, { ids: [images[0].id, ids[0]] });
  assert.ok(a.ok && b.ok);
  assert.deepEqual(a.probs, b.probs);
  await client.request(Req.clearImages, {});
});

test('checkModel describes a model file and leaves the current model alone; refuses junk', async () => {
  const built = await client.request(Req.build, { spec: SPEC, seed: 2 });
  const before = (await client.request(Req.weights)).weights;
  const lab = await loadLab();
  const other = new lab.Network(JSON.stringify({ ...SPEC, classes: ['a', 'b'], layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] }), 3);
  const bytes = other.save().buffer;
  other.delete();
  const info = await client.request(Req.checkModel, { bytes });
  assert.deepEqual(info.classes, ['a', 'b']);
  assert.equal(info.numParams, 16 * 16 * 3 * 2 + 2);
  const after = (await client.request(Req.weights)).weights;
  assert.deepEqual(after.map((w) => w.name), before.map((w) => w.name));
  assert.deepEqual(after[0].data, before[0].data);
  assert.equal((await client.request(Req.describe, { spec: SPEC })).numParams, built.numParams);
  await assert.rejects(client.request(Req.checkModel, { bytes: new ArrayBuffer(40) }), /./);
});

test('modelEveryMs: epoch events carry the model as it was at that epoch\'s end; without it, none', async () => {
  const cats = Array.from({ length: 8 }, () => fileOf('chelsea.png'));
  const cups = Array.from({ length: 8 }, () => fileOf('coffee.png'));
  await client.request(Req.addImages, { classIndex: 0, files: cats }, cats.map((f) => f.bytes));
  await client.request(Req.addImages, { classIndex: 1, files: cups }, cups.map((f) => f.bytes));
  const epochs = [];
  const off = client.on(Ev.epoch, (e) => epochs.push(e));
  const req = { spec: SPEC, config: { epochs: 3, batchSize: 4, valSplit: 0, seed: 1, optimizer: { type: 'adam', lr: 0.01 } } };
  await client.request(Req.train, { ...req, modelEveryMs: 0 });
  assert.equal(epochs.length, 3);
  assert.ok(epochs.every((e) => e.model instanceof ArrayBuffer), 'every epoch (at most every 0 ms)');
  // The last epoch's model is the trained model.
  const { bytes: final } = await client.request(Req.saveModel);
  const lab = await loadLab();
  const [atEnd, saved] = [epochs[2].model, final].map((b) => lab.Network.load(new Uint8Array(b)));
  assert.deepEqual(atEnd.getWeights()[0].data, saved.getWeights()[0].data);
  assert.notDeepEqual(lab.Network.load(new Uint8Array(epochs[0].model)).getWeights()[0].data, saved.getWeights()[0].data);
  atEnd.delete();
  saved.delete();

  epochs.length = 0;
  await client.request(Req.train, { ...req, modelEveryMs: 60_000 });
  assert.deepEqual(epochs.map((e) => Boolean(e.model)), [true, false, false], 'the first epoch, then not within a minute');
  epochs.length = 0;
  await client.request(Req.train, req);
  assert.deepEqual(epochs.map((e) => Boolean(e.model)), [false, false, false]);
  off();
});
