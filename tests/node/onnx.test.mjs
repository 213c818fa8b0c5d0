// onnx.test.mjs — ONNX export checked by others: the page's encoder (web/onnx.js, protobuf-es) and
// the CLI's (`cnnlab export`, libprotobuf) write the same bytes; ONNX Runtime gives our logits and
// probabilities on real photos within 1e-4; Debian's onnx checker accepts every file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import ort from 'onnxruntime-node';

import { EngineClient, Req } from '../../web/protocol.js';
import { ENGINE_DIR, NATIVE_DIR, loadLab, maxAbsDiff, pseudoRandom } from './helpers.mjs';

const TOLERANCE = 1e-4;
const CLI = path.join(NATIVE_DIR, 'cnnlab');
const PYTHON = '/usr/bin/python3';  // Debian's python3-onnx lives here
const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const OPENCV = '/usr/share/doc/opencv-doc/examples/data';
const PHOTOS = [`${SKIMAGE}/chelsea.png`, `${SKIMAGE}/coffee.png`, `${SKIMAGE}/rocket.jpg`,
  `${SKIMAGE}/camera.png`, `${OPENCV}/baboon.jpg`, `${OPENCV}/apple.jpg`];

const input = (channels, height, width) => ({ channels, height, width });
// Together they use every layer type (average pooling too), in both colour and grey, with strides, paddings and
// non-square windows; padded max pooling also runs on negative values (straight after a conv).
const SPECS = {
  lecture: {
    input: input(3, 32, 32), classes: ['ants', 'bees'],
    layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 },
      { type: 'flatten' }, { type: 'dense', units: 32 }, { type: 'relu' }, { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 2 }],
  },
  grey: {
    input: input(1, 28, 28), classes: ['zero', 'one', 'two'],
    layers: [{ type: 'conv2d', filters: 6, kernel: [3, 5], stride: [2, 1], padding: [1, 2] }, { type: 'sigmoid' },
      { type: 'maxpool2d', size: 3, stride: 2, padding: 1 }, { type: 'flatten' }, { type: 'dense', units: 10 },
      { type: 'tanh' }, { type: 'dense', units: 3 }],
  },
  softmaxes: {
    input: input(3, 20, 24), classes: ['a', 'b'],
    layers: [{ type: 'conv2d', filters: 4, kernel: 5, stride: 2 }, { type: 'softmax' },
      { type: 'maxpool2d', size: [2, 3], stride: [1, 2], padding: [1, 1] },
      { type: 'conv2d', filters: 5, kernel: [1, 3], padding: [0, 1] }, { type: 'relu' }, { type: 'flatten' },
      { type: 'dense', units: 2 }, { type: 'softmax' }],
  },
  convEnd: {
    input: input(3, 16, 16), classes: ['w', 'x', 'y', 'z'],
    layers: [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'maxpool2d', size: 3, stride: 2, padding: 1 },
      { type: 'conv2d', filters: 4, kernel: 7 }, { type: 'flatten' }],
  },
  // Average pooling: padded cells count as zeros (count_include_pad), on negative values too.
  averaged: {
    input: input(3, 18, 18), classes: ['p', 'q', 'r'],
    layers: [{ type: 'conv2d', filters: 5, kernel: 3 }, { type: 'avgpool2d', size: 3, stride: 2, padding: 1 },
      { type: 'relu' }, { type: 'avgpool2d', size: [2, 4], stride: [2, 1] }, { type: 'flatten' }, { type: 'dense', units: 3 }],
  },
  fullyConnected: {
    input: input(1, 12, 12), classes: ['p', 'q'],
    layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }],
  },
};

let lab;
let encodeOnnx;
let onnxFile;
let tmp;
before(async () => {
  lab = await loadLab();
  // The shipped site's encoder, with protobuf-es and the schema make-site.sh vendored beside it.
  ({ encodeOnnx, onnxFile } = await import(pathToFileURL(path.join(path.dirname(ENGINE_DIR), 'onnx.js')).href));
  assert.ok(fs.existsSync(CLI), `${CLI} is missing (built by the native CMake build)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cnnlab-onnx-'));
});

// Fixed pseudo-random weights, biases included (a fresh net's are zero and would hide a bias bug).
function networkWithWeights(spec, seed) {
  const net = new lab.Network(spec, seed);
  net.setWeights(net.getWeights().map((w, k) => {
    const fanIn = w.shape.slice(1).reduce((a, b) => a * b, 1);
    const bound = w.shape.length > 1 ? Math.sqrt(6 / fanIn) : 0.5;
    return { name: w.name, shape: w.shape, data: pseudoRandom(w.data.length, seed * 100 + k, -bound, bound) };
  }));
  return net;
}

// The photos as the engine decodes them for this input: N·C·H·W in [0, 1].
function photoBatch({ channels, height, width }) {
  const x = new Float32Array(PHOTOS.length * channels * height * width);
  PHOTOS.forEach((file, i) => x.set(lab.decodeImage(fs.readFileSync(file), channels, height, width), i * channels * height * width));
  return x;
}

async function runOrt(bytes, x, { channels, height, width }) {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ image: new ort.Tensor('float32', x, [PHOTOS.length, channels, height, width]) });
  return { names: session.outputNames, logits: out.logits.data, probs: out.probs?.data };
}

for (const [name, spec] of Object.entries(SPECS)) {
  test(`${name}: ONNX Runtime gives our logits and probabilities on real photos; CLI bytes are the page's`, async (t) => {
    const net = networkWithWeights(spec, Object.keys(SPECS).indexOf(name) + 1);
    try {
      const bytes = await encodeOnnx(net.onnxJson());
      const x = photoBatch(spec.input);
      const ours = { logits: net.forward(x), probs: net.predict(x) };
      const theirs = await runOrt(bytes, x, spec.input);
      assert.deepEqual(theirs.names, ['logits', 'probs']);
      const dLogits = maxAbsDiff(theirs.logits, ours.logits);
      const dProbs = maxAbsDiff(theirs.probs, ours.probs);
      t.diagnostic(`max |ORT − engine|: logits ${dLogits.toExponential(2)}, probs ${dProbs.toExponential(2)}`);
      assert.ok(dLogits <= TOLERANCE, `logits differ by ${dLogits}`);
      assert.ok(dProbs <= TOLERANCE, `probs differ by ${dProbs}`);

      fs.writeFileSync(path.join(tmp, `${name}.onnx`), bytes);
      const modelFile = path.join(tmp, `${name}.cnnlab`);
      fs.writeFileSync(modelFile, net.save());
      const cliOut = path.join(tmp, `${name}.cli.onnx`);
      const line = JSON.parse(execFileSync(CLI, ['export', '--model', modelFile, '--onnx', cliOut]).toString());
      assert.deepEqual(line.outputs, ['logits', 'probs']);
      assert.equal(line.bytes, bytes.length);
      assert.ok(Buffer.from(bytes).equals(fs.readFileSync(cliOut)), 'protobuf-es and libprotobuf wrote different bytes');
    } finally {
      net.delete();
    }
  });
}

test('Debian onnx checker (full check, strict shape inference) accepts every export; metadata documents the input', () => {
  const files = Object.keys(SPECS).map((name) => path.join(tmp, `${name}.onnx`));
  files.forEach((f) => assert.ok(fs.existsSync(f), `${f} was not written by the tests above`));
  const script = `
import json, sys, onnx
out = []
for path in sys.argv[1:]:
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    out.append({"ir": m.ir_version, "opset": m.opset_import[0].version, "ops": [n.op_type for n in m.graph.node],
                "inputs": [[v.name, dims(v)] for v in m.graph.input],
                "outputs": [[v.name, dims(v)] for v in inferred.graph.output],
                "meta": {p.key: p.value for p in m.metadata_props}})
print(json.dumps(out))`;
  const run = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const reports = JSON.parse(run.stdout);
  const ops = new Set();
  Object.values(SPECS).forEach((spec, i) => {
    const r = reports[i];
    const { channels, height, width } = spec.input;
    const k = spec.classes.length;
    assert.equal(r.opset, 13);
    assert.deepEqual(r.inputs, [['image', ['batch', channels, height, width]]]);
    assert.deepEqual(r.outputs, [['logits', ['batch', k]], ['probs', ['batch', k]]]);
    assert.deepEqual(JSON.parse(r.meta.classes), spec.classes);
    assert.match(r.meta.input, /NCHW.*pixels scaled to \[0, 1\]/);
    assert.equal(JSON.parse(r.meta.preprocessing).scale, '0..1');
    r.ops.forEach((op) => ops.add(op));
  });
  for (const op of ['Conv', 'Relu', 'Sigmoid', 'Tanh', 'MaxPool', 'Flatten', 'Gemm', 'Softmax', 'Identity', 'Reshape'])
    assert.ok(ops.has(op), `no spec exercised ${op}`);
});

test('without probs the logits are the only output, from the API and the CLI alike', async () => {
  const net = networkWithWeights(SPECS.grey, 9);
  try {
    const bytes = await encodeOnnx(net.onnxJson({ probs: false }));
    const x = photoBatch(SPECS.grey.input);
    const theirs = await runOrt(bytes, x, SPECS.grey.input);
    assert.deepEqual(theirs.names, ['logits']);
    assert.ok(maxAbsDiff(theirs.logits, net.forward(x)) <= TOLERANCE);
    const modelFile = path.join(tmp, 'noprobs.cnnlab');
    fs.writeFileSync(modelFile, net.save());
    const out = path.join(tmp, 'noprobs.onnx');
    execFileSync(CLI, ['export', '--model', modelFile, '--onnx', out, '--no-probs']);
    assert.ok(Buffer.from(bytes).equals(fs.readFileSync(out)));
  } finally {
    net.delete();
  }
});

test('cnnlab export refuses what it cannot use, naming it, and leaves no file behind', () => {
  const run = (...args) => spawnSync(CLI, ['export', ...args], { encoding: 'utf8' });
  const photo = PHOTOS[0];
  const out = path.join(tmp, 'refused.onnx');
  let r = run('--model', photo, '--onnx', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /chelsea\.png: not a CNN Lab model file: it is a PNG image/);
  r = run('--model', path.join(tmp, 'lecture.cnnlab'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--onnx/);
  r = run('--model', path.join(tmp, 'lecture.cnnlab'), '--onnx', path.join(tmp, 'no-such-dir', 'm.onnx'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot write .*no-such-dir/);
  assert.ok(!fs.existsSync(out));
  r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /"logits"/);
});

test('the page\'s path: the worker describes its model (onnxModel), onnxFile encodes it, ORT agrees with predict', async () => {
  const thread = new Worker(new URL('./worker-host.mjs', import.meta.url), { workerData: { engineDir: ENGINE_DIR } });
  const client = new EngineClient({
    postMessage: (message, transfer) => thread.postMessage(message, transfer),
    addEventListener: (type, listener) =>
      thread.on(type, (data) => listener(type === 'message' ? { data } : { message: data.message })),
    terminate: () => thread.terminate(),
  });
  try {
    await assert.rejects(onnxFile(client), /model/i);  // nothing built yet: a refusal, not a crash
    await client.request(Req.build, { spec: SPECS.lecture, seed: 4 });
    const bytes = await onnxFile(client);
    const file = fs.readFileSync(PHOTOS[0]);
    const { predictions } = await client.request(Req.predict, { files: [{ name: 'chelsea.png', bytes: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) }] });
    const session = await ort.InferenceSession.create(bytes);
    const x = lab.decodeImage(file, 3, 32, 32);
    const { probs } = await session.run({ image: new ort.Tensor('float32', x, [1, 3, 32, 32]) });
    assert.ok(maxAbsDiff(probs.data, predictions[0].probs) <= TOLERANCE);
  } finally {
    client.terminate();
  }
});
