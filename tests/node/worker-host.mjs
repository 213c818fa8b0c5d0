// worker-host.mjs — runs the page's engine worker (web/worker/serve.js + web/engine.js) inside a
// Node worker thread, the way a browser module worker runs it; only the global scope is adapted.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

import { loadLab } from './helpers.mjs';
import { Engine } from '../../web/engine.js';
import { serve } from '../../web/worker/serve.js';

const scope = {
  postMessage: (message, transfer) => parentPort.postMessage(message, transfer),
  addEventListener: (type, listener) => parentPort.on(type, (data) => listener({ data })),
};
serve(scope, async () => {
  if (!fs.existsSync(path.join(workerData.engineDir, 'cnnlab.wasm'))) throw new Error('no cnnlab.wasm');
  return new Engine(await loadLab(workerData.engineDir));
});
