// worker/engine-worker.js — the module worker the page starts; the only code that loads WebAssembly.
// The protocol is documented in ../protocol.js; the message loop lives in serve.js.
//
// Which engine: the threaded one (../engine-mt/, Emscripten pthreads) when the page is
// cross-origin isolated (SharedArrayBuffer is then available; see ../sw.js), else
// the single-threaded one (../engine/). Both compute the same results bit for bit. If the threaded
// engine fails to start (or has not started within STARTUP_MS: a worker that cannot load would
// otherwise leave it waiting forever), the single-threaded one is used.
import { Engine } from '../engine.js';
import { serve } from './serve.js';

const STARTUP_MS = 20000;

async function create(url, options) {
  const { default: createCnnLab } = await import(url);
  return new Engine(await createCnnLab(options));
}

async function loadEngine() {
  if (self.crossOriginIsolated) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not ready after ${STARTUP_MS / 1000} s`)), STARTUP_MS);
    });
    try {
      return await Promise.race([create('../engine-mt/cnnlab.js'), timeout]);
    } catch (err) {
      console.warn(`threaded engine unavailable (${err.message}); using the single-threaded one`);
    } finally {
      clearTimeout(timer);
    }
  }
  return create('../engine/cnnlab.js');
}

serve(self, loadEngine);
