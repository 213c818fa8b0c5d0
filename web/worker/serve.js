// worker/serve.js — the engine worker's message loop: requests in, replies and training events out.
// `scope` is the worker global (or a test's stand-in with postMessage/addEventListener); `load`
// returns a promise of an Engine (../engine.js). See ../protocol.js for every message.
import { Ev, Req, codedError } from '../protocol.js';

const PROGRESS_INTERVAL_MS = 100;

// Every ArrayBuffer in a result (typed arrays included), once each, so replies move rather than
// copy them. Results only ever hold fresh copies out of WASM, never buffers the engine keeps.
function transferables(value, found = new Set()) {
  if (value instanceof ArrayBuffer) found.add(value);
  else if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (Array.isArray(value)) value.forEach((v) => transferables(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => transferables(v, found));
  return found;
}

// Resolves after pending messages (a `stop`, a `predict`) have had their turn: a MessageChannel
// round trip, which unlike setTimeout(0) is not clamped to 4 ms when nested.
function makeYield() {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  if (channel.port1.unref) channel.port1.unref();  // Node: never keep a finished worker alive
  return () => new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

const fileItem = (f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) });

export function serve(scope, load) {
  let engine = null;       // promise of the Engine, loaded on the first request
  let training = null;     // {stop: boolean, done: Promise} while a train/continue loop runs
  let queue = Promise.resolve();
  const yieldNow = makeYield();

  const post = (message) => scope.postMessage(message, [...transferables(message)]);
  const reply = (id, result) => post({ id, ok: true, result });
  // The refusal as {message, code, params}: the engine's code when it has one, else 'engine'.
  const fail = (id, err) => {
    let error = { message: err?.message ?? String(err), code: err?.code ?? 'engine', params: err?.params ?? {} };
    // A WebAssembly trap (not an engine refusal, which is a plain Error) leaves the module
    // unusable: start a fresh one that keeps the stored images (they live in JS) but no model.
    if (err instanceof WebAssembly.RuntimeError && engine) {
      const old = engine;
      engine = Promise.all([old, load()]).then(([before, fresh]) => fresh.adoptImages(before));
      const restarted = codedError('worker.restarted', { message: error.message },
        `${error.message} — the engine was restarted: the model is gone, the images are kept`);
      error = { message: restarted.message, code: restarted.code, params: restarted.params };
    }
    scope.postMessage({ id, ok: false, error });
  };

  const idle = (what) => {
    if (training) throw codedError('worker.busy', { request: what }, `${what}: training is running; stop it first`);
  };

  const handlers = {
    [Req.init]: (e) => e.info(),
    [Req.layerTypes]: (e) => e.layerTypes(),
    [Req.addImages]: (e, m) => ({ images: e.addImages(m.classIndex, m.files, m.thumbSize ?? 64) }),
    [Req.addPixels]: (e, m) => ({ ids: e.addPixels(m) }),
    [Req.removeImages]: (e, m) => ({ removed: e.removeImages(m.ids) }),
    [Req.clearImages]: (e, m) => ({ removed: e.clearImages(m.classIndex) }),
    [Req.datasetInfo]: (e) => ({ counts: e.counts() }),
    [Req.describe]: (e, m) => e.describe(m.spec),
    [Req.build]: (e, m) => (idle('build'), e.build(m.spec, m.seed ?? 42)),
    [Req.loadModel]: (e, m) => (idle('loadModel'), e.loadModel(m.bytes)),
    [Req.checkModel]: (e, m) => e.checkModel(m.bytes),
    [Req.saveModel]: (e) => ({ bytes: e.saveModel() }),
    [Req.onnxModel]: (e, m) => ({ model: e.onnxModel(m.probs ?? true) }),
    [Req.weights]: (e) => ({ weights: e.weights() }),
    [Req.evaluate]: (e, m) => e.evaluate(m.split ?? 'val'),
    [Req.predict]: (e, m) => ({ predictions: e.predict(m.files ? m.files.map(fileItem) : m.ids.map((id) => e.storedImage(id))) }),
    [Req.activations]: (e, m) => e.activations(m.file ? fileItem(m.file) : e.storedImage(m.imageId)),
    [Req.saliency]: (e, m) => e.saliency(m.file ? fileItem(m.file) : e.storedImage(m.imageId), m.classIndex),
    [Req.decodeImage]: (e, m) => e.decodeImage(new Uint8Array(m.bytes), m.channels, m.height, m.width),
    [Req.probe]: (e, m) => e.probe(m),
    [Req.train]: (e, m) => (idle('train'), startLoop(m.id, e, e.startSession(m))),
    [Req.continue]: (e, m) => (idle('continue'), startLoop(m.id, e, e.continueSession(m.epochs ?? 1))),
    [Req.stop]: async () => {
      if (!training) return { stopped: false };
      training.stop = true;
      await training.done;
      return { stopped: true };
    },
  };

  // Runs the session one batch per turn of the event loop; replies to `id` when it ends.
  // Returns undefined so that the dispatcher sends no reply of its own. Epoch numbers are the
  // trainer's own (they count on across `continue`).
  function startLoop(id, e, session) {
    let finish;
    const state = { stop: false, done: new Promise((resolve) => (finish = resolve)) };
    training = state;
    (async () => {
      const { trainer, batchSize } = session;
      let lastPost = performance.now();
      let images = 0;
      let losses = [];  // every batch's loss since the last progress event
      // The model as it is at an epoch's end, on the epoch event, at most every modelEveryMs (the
      // page keeps it, so a reload during training brings back the last completed epoch).
      const every = session.modelEveryMs;
      let lastModel = -Infinity;
      const epochModel = (now) => {
        if (!(every >= 0) || now - lastModel < every) return {};
        lastModel = now;
        return { model: e.saveModel() };
      };
      const progress = (now, batch = trainer.batchInEpoch()) => {
        post({ event: Ev.batch, epoch: trainer.epoch(), epochs: trainer.targetEpochs(), batch,
          batches: trainer.batchesPerEpoch(), loss: losses.at(-1), losses, imagesPerSecond: (1000 * images) / Math.max(1, now - lastPost) });
        lastPost = now;
        images = 0;
        losses = [];
      };
      try {
        while (!trainer.shouldStop() && !state.stop) {
          let loss;
          try {
            loss = trainer.step();
          } catch (err) {
            // The curve up to a divergence is shown, with the loss that blew up as its last point
            // (the batch that was refused; NaN, when the weights themselves broke, cannot be drawn).
            const what = Number(err?.params?.what);  // params come as text
            const blewUp = err?.code === 'train.diverged' && Number.isFinite(what);
            if (blewUp) losses.push(what);
            if (losses.length) progress(performance.now(), trainer.batchInEpoch() + (blewUp ? 1 : 0));
            throw err;
          }
          losses.push(loss);
          images += batchSize;
          const now = performance.now();
          if (now - lastPost >= PROGRESS_INTERVAL_MS || trainer.epochDone()) progress(now);
          if (trainer.epochDone()) post({ event: Ev.epoch, ...trainer.endEpoch(), ...epochModel(now) });
          await yieldNow();
        }
        if (losses.length) progress(performance.now());
        const reason = !trainer.shouldStop() ? 'stopped' : trainer.stoppedEarly() ? 'early-stop' : 'done';
        reply(id, e.sessionResult(reason));
      } catch (err) {
        fail(id, err);
      } finally {
        training = null;
        finish();
      }
    })();
  }

  async function dispatch(message) {
    const { id, type } = message;
    try {
      const handler = handlers[type];
      if (!handler) throw codedError('worker.unknown_request', { type }, `unknown request type '${type}'`);
      engine ??= load();
      const e = await engine.catch((err) => {
        throw codedError('worker.engine_failed', { message: err?.message ?? err }, `the engine failed to load: ${err?.message ?? err}`);
      });
      const result = await handler(e, message);
      if (type !== Req.train && type !== Req.continue) reply(id, result);
    } catch (err) {
      fail(id, err);
    }
  }

  // In order, one at a time; a training loop runs beside the queue between its batches.
  scope.addEventListener('message', (event) => {
    queue = queue.then(() => dispatch(event.data));
  });
}
