// no-eval.test.mjs — the engine makes no code from strings (Emscripten -sDYNAMIC_EXECUTION=0, Embind
// included), so it runs under a Content-Security-Policy without 'unsafe-eval': here Node is started
// with code generation from strings switched off, the way such a policy switches it off in a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HELPERS = new URL('./helpers.mjs', import.meta.url).href;

const SCRIPT = `
  import { loadLab, LECTURE_SPEC, pseudoRandom } from ${JSON.stringify(HELPERS)};
  let refused = false;
  try { new Function('return 1'); } catch (err) { refused = err instanceof EvalError; }
  const lab = await loadLab();
  const net = new lab.Network(JSON.stringify(LECTURE_SPEC), 1);
  net.setOptimizer(JSON.stringify({ type: 'adam', lr: 0.001 }));
  const loss = net.trainBatch(pseudoRandom(2 * 3 * 32 * 32), new Int32Array([0, 1]));
  const probs = net.predict(pseudoRandom(3 * 32 * 32, 2));
  const copy = lab.Network.load(net.save());
  net.delete(); copy.delete();
  console.log(JSON.stringify({ refused, loss, probs: probs.length }));
`;

test('the engine trains, predicts and loads a model file with code generation from strings refused', () => {
  const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', SCRIPT], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8',
  });
  const result = JSON.parse(out.trim().split('\n').at(-1));
  assert.equal(result.refused, true, 'the flag really refuses new Function');
  assert.ok(Number.isFinite(result.loss) && result.loss > 0);
  assert.equal(result.probs, 2);
});
