// errors.test.mjs — every refusal the engine and its worker can make has a stable code, named
// params and a translation in both languages with exactly those params; the bare library
// messages are gone; refused training input changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';

import errors from '../../web/i18n/errors.js';
import en from '../../web/i18n/en.js';
import zh from '../../web/i18n/zh.js';
import lessons from '../../web/i18n/lessons.js';
import { LECTURE_SPEC, ROOT, loadLab } from './helpers.mjs';

let lab;
before(async () => {
  lab = await loadLab();
});

const placeholders = (text) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const filesUnder = (dir, ext) => fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));

// The worker's own codes: every codedError('code', {params}, …) in the page's JavaScript.
function workerCodes() {
  const codes = new Map();
  for (const file of filesUnder(path.join(ROOT, 'web'), '.js')) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/codedError\(\s*'([\w.]+)',\s*\{([^}]*)\}/g)) {
      // {name: image.name, class: …} or {split}: the keys.
      const params = m[2].split(',').map((item) => item.trim().match(/^(\w+)/)?.[1]).filter(Boolean);
      codes.set(m[1], [...new Set(params)].sort());
    }
  }
  return codes;
}

test('every engine and worker code has an English and a Chinese text with exactly its params', () => {
  const expected = new Map(lab.errorCodes().map((c) => [c.code, [...c.params].sort()]));
  assert.ok(expected.size > 60, `${expected.size} engine codes`);
  for (const [code, params] of workerCodes()) expected.set(code, params);
  assert.ok(expected.has('worker.busy') && expected.has('train.diverged'));
  for (const [code, params] of expected) {
    for (const lang of ['en', 'zh']) {
      const text = errors[lang][code];
      assert.equal(typeof text, 'string', `${lang} has no text for ${code}`);
      assert.deepEqual(placeholders(text), params, `${lang} ${code}: placeholders`);
    }
  }
  // No translation for a code that nobody raises (a renamed code leaves its old key behind).
  // (Codes of the JSON reader, images, data sets and model files are raised where they are thrown,
  // not through the catalog: error-codes-data.test.mjs checks those.)
  const dataCode = (code) => /^(json|image|file|folder|idx|model_file)\./.test(code);
  for (const lang of ['en', 'zh']) for (const code of Object.keys(errors[lang])) assert.ok(expected.has(code) || dataCode(code), `${lang}: ${code} is never raised`);
  assert.deepEqual(Object.keys(errors.zh), Object.keys(errors.en));
});

test('the engine\'s sentences and the English texts match; codes never shadow page keys', () => {
  for (const { code, english } of lab.errorCodes()) assert.equal(errors.en[code], english, code);
  for (const code of Object.keys(errors.en))
    for (const [name, catalog] of [['en.js', en], ['zh.js', zh], ['lessons.js', lessons.en]]) assert.ok(!(code in catalog), `${code} is also a key of ${name}`);
});

test('every code the C++ sources raise is in the catalog, and every catalog code is raised', () => {
  const catalog = new Set(lab.errorCodes().map((c) => c.code));
  const prefixes = new Set([...catalog].map((c) => c.split('.')[0]));
  const raised = new Set();
  for (const file of filesUnder(path.join(ROOT, 'cpp'), '.cpp')) {
    if (file.endsWith('error_catalog.cpp')) continue;
    const text = fs.readFileSync(file, 'utf8').replace(/^#include .*$/gm, '');
    // Any "prefix.name" string with a catalog prefix is a code (refuse, coded_error, a choice).
    for (const m of text.matchAll(/"([a-z]+)\.([a-z_]+)"/g)) if (prefixes.has(m[1])) raised.add(`${m[1]}.${m[2]}`);
  }
  for (const code of raised) assert.ok(catalog.has(code), `${code} is raised but not in cpp/error_catalog.cpp`);
  for (const code of catalog) assert.ok(raised.has(code), `${code} is in the catalog but never raised`);
});

test('the issue\'s bare library messages now say what is wrong and name the field', () => {
  const cases = [
    [() => new lab.Network({ ...LECTURE_SPEC, layers: [{ type: 'flatten' }, 'relu'] }), 'spec.layer_not_object', /^layer 1: must be an object/],
    [() => new lab.Network('{"input": {"channels": 1e999}}'), 'json.number_too_large', /model spec: the number 1e999 is too large/],
    [() => new lab.Network('ants and bees'), 'json.invalid', /model spec is not valid JSON at line 1, column 1/],
    [() => new lab.Trainer(new lab.Network(LECTURE_SPEC), new lab.Dataset(3, 32, 32, ['a', 'b']), null, { epochs: 'two' }),
      'trainer.int_range', /'epochs' must be a whole number from 1 to 1000000, got "two"/],
    [() => new lab.Trainer(new lab.Network(LECTURE_SPEC), new lab.Dataset(3, 32, 32, ['a', 'b']), null, 'ten epochs'),
      'json.invalid', /trainer config is not valid JSON/],
    [() => new lab.Network(LECTURE_SPEC).setOptimizer({ lr: 'fast' }), 'optimizer.not_number', /'lr' must be a number, got "fast"/],
  ];
  for (const [fn, code, pattern] of cases) {
    assert.throws(fn, (err) => {
      assert.equal(err.code, code, err.message);
      assert.match(err.message, pattern);
      assert.doesNotMatch(err.message, /json\.exception|\[json/);
      return true;
    });
  }
});

test('NaN in a training batch is refused and the weights stay as they were', () => {
  const net = new lab.Network(LECTURE_SPEC, 2);
  try {
    const x = new Float32Array(2 * 3 * 32 * 32).fill(0.25);
    x[4000] = NaN;
    const weights = net.getWeights();
    assert.throws(() => net.trainBatch(x, new Int32Array([0, 1])), (err) => err.code === 'input.not_finite' && err.params.index === '4000');
    net.getWeights().forEach((w, i) => assert.deepEqual(w.data, weights[i].data, w.name));
    x[4000] = 0.25;
    assert.ok(Number.isFinite(net.trainBatch(x, new Int32Array([0, 1]))));
  } finally {
    net.delete();
  }
});

test('a model whose weights are not finite is not saved (the loader would refuse the file)', () => {
  const net = new lab.Network({ ...LECTURE_SPEC, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] }, 2);
  try {
    // Weight decay at this rate multiplies every weight by −10⁹ per step: infinity, then NaN.
    net.setOptimizer({ type: 'sgd', lr: 1e6, weightDecay: 1000 });
    const x = Float32Array.from({ length: 8 * 3 * 32 * 32 }, (_, i) => (i % 7) / 7);
    const y = new Int32Array([0, 1, 0, 1, 0, 1, 0, 1]);
    for (let i = 0; i < 50 && net.getWeights().every((w) => w.data.every(Number.isFinite)); i++) net.trainBatch(x, y);
    assert.ok(net.getWeights().some((w) => !w.data.every(Number.isFinite)), 'the huge rate did not blow the weights up');
    assert.throws(() => net.save(), (err) => err.code === 'model.save_not_finite' && /^1\./.test(err.params.name));
  } finally {
    net.delete();
  }
});

test('errorText translates a refusal by its code, and falls back to the English message', async () => {
  globalThis.document ??= { documentElement: {}, querySelectorAll: () => [] };
  const { errorText, setLang } = await import('../../web/i18n/index.js');
  let refusal;
  try {
    new lab.Network({ ...LECTURE_SPEC, layers: [{ type: 'conv2d', filters: 0, kernel: 3 }] });
  } catch (err) {
    refusal = err;
  }
  setLang('zh', { remember: false });
  assert.equal(errorText(refusal), "第 0 层（conv2d）：'filters' 必须是 1 到 4096 之间的整数，现在是 0");
  assert.equal(errorText(Object.assign(new Error('plain'), { code: 'engine' })), 'plain');
  setLang('en', { remember: false });
  assert.equal(errorText(refusal), refusal.message);
});

test('layerTypes is the engine\'s table and builds what it lists', () => {
  const table = lab.layerTypes();
  const avg = table.find((t) => t.type === 'avgpool2d');
  assert.deepEqual(avg.options.map((o) => [o.name, o.kind, o.default]), [['size', 'pair', 2], ['stride', 'pair', 'size'], ['padding', 'pair', 0]]);
  const net = new lab.Network({ ...LECTURE_SPEC, layers: [{ type: 'avgpool2d', size: 4 }, { type: 'flatten' }, { type: 'dense', units: 2 }] });
  try {
    assert.deepEqual(net.layerInfo()[0], { type: 'avgpool2d', outShape: [3, 8, 8], params: 0 });
  } finally {
    net.delete();
  }
});
