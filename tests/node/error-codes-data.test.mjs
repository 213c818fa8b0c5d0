// error-codes-data.test.mjs — every coded refusal of the JSON, image, data-set and model-file code
// (cpp/json_parse.cpp, cpp/data/, cpp/io/) has an English and a Chinese text in web/i18n/errors.js
// whose {placeholders} are params the engine sends, and no text is left for a code it dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import errors from '../../web/i18n/errors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIXES = ['json', 'image', 'file', 'folder', 'idx', 'model_file'];
// A code is a string argument: "image.truncated", (so "file.h" in an #include is not one).
const CODE = new RegExp(`"((?:${PREFIXES.join('|')})\\.[a-z_]+)"(?=\\s*,)`, 'g');

function sources() {
  const dirs = ['cpp/data', 'cpp/io'];
  const files = ['cpp/json_parse.cpp'];
  for (const dir of dirs) {
    for (const name of fs.readdirSync(path.join(ROOT, dir))) if (name.endsWith('.cpp')) files.push(`${dir}/${name}`);
  }
  return files.map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'));
}

// code → Set of the param names of every statement that throws it. A statement runs from the code
// to the next ';' (params come before the English text); refuse_weight(code, name, …) sends {name}.
function engineCodes() {
  const codes = new Map();
  for (const text of sources()) {
    for (const m of text.matchAll(CODE)) {
      const statement = text.slice(m.index, text.indexOf(';', m.index));
      const params = codes.get(m[1]) ?? new Set();
      for (const p of statement.matchAll(/\{"([a-z_]+)",/g)) params.add(p[1]);
      const lineStart = text.lastIndexOf('\n', m.index);
      if (text.slice(lineStart, m.index).includes('refuse_weight(')) params.add('name');
      codes.set(m[1], params);
    }
  }
  return codes;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

test('the engine sends the codes this test looks for', () => {
  const codes = engineCodes();
  assert.ok(codes.size >= 50, `found only ${codes.size} codes`);
  assert.deepEqual([...codes.get('image.too_large')].sort(), ['format', 'height', 'max_megapixels', 'max_side', 'width']);
  assert.deepEqual([...codes.get('model_file.weight_missing')], ['name']);
  assert.deepEqual([...codes.get('model_file.weight_outside')], ['name']);
});

test('every code has English and Chinese text using only its params', () => {
  for (const [code, params] of engineCodes()) {
    for (const lang of ['en', 'zh']) {
      const text = errors[lang][code];
      assert.equal(typeof text, 'string', `${lang} has no text for ${code}`);
      for (const name of placeholders(text)) {
        assert.ok(params.has(name), `${lang} ${code} uses {${name}}, which the engine does not send (it sends ${[...params]})`);
      }
    }
  }
});

test('no text is left for a code the engine no longer sends', () => {
  const codes = engineCodes();
  for (const lang of ['en', 'zh']) {
    for (const key of Object.keys(errors[lang])) {
      if (PREFIXES.includes(key.split('.')[0])) assert.ok(codes.has(key), `${lang} has text for ${key}, which nothing throws`);
    }
  }
});
