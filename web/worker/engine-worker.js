// worker/engine-worker.js — the module worker the page starts; the only code that loads WebAssembly.
// The protocol is documented in ../protocol.js; the message loop lives in serve.js.
import { loadEngine } from '../engine.js';
import { serve } from './serve.js';

serve(self, () => loadEngine());
