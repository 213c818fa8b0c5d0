// Peer adapter for CNN Lab's threaded engine (build/site/engine-mt), through its public JS API;
// copy into the peer benchmark's web/peers/ and run it cross-origin isolated:
//   node run.js --mount /engine-mt/=<checkout>/build/site/engine-mt --add-peer cnnlab-mt:coi ...
// The same as the benchmark's own cnnlab.js adapter but for the module it loads and what it reports.
'use strict';
(function () {
  let lab = null, net = null, data = [];
  const toNCHW = (x, n, h, w, c) => {            // workloads hand NHWC; the engine takes NCHW
    const out = new Float32Array(x.length);
    for (let b = 0; b < n; b++) for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++)
      out[((b * c + k) * h * w) + i] = x[(b * h * w + i) * c + k];
    return out;
  };
  let shape = null;
  const peer = {
    async init(options, H) {
      const mod = await import(H.url('engine-mt/cnnlab.js'));
      lab = await mod.default();
      return { library: 'cnnlab', version: String(lab.version || '?'), backend: 'wasm-simd-threads', simd: true, threads: lab.threads(), notes: [] };
    },
    async build(s, { seed }) {
      const [h, w, c] = s.input;
      shape = { h, w, c, batch: s.batch };
      const layers = [];
      let flat = false;
      for (const L of s.layers) {
        if (L.type === 'conv') layers.push({ type: 'conv2d', filters: L.filters, kernel: L.size, stride: L.stride, padding: L.pad });
        else if (L.type === 'maxpool') layers.push({ type: 'maxpool2d', size: L.size, stride: L.stride });
        else if (L.type === 'dense') { if (!flat) { layers.push({ type: 'flatten' }); flat = true; } layers.push({ type: 'dense', units: L.units }); }
        if (L.act === 'relu') layers.push({ type: 'relu' });
      }
      const spec = { input: { channels: c, height: h, width: w }, classes: Array.from({ length: s.classes }, (_, i) => `c${i}`), layers };
      net = new lab.Network(JSON.stringify(spec), seed >>> 0);
      net.setOptimizer(JSON.stringify({ type: 'sgd', lr: s.lr, momentum: 0, weightDecay: 0 }));
      return { paramCount: net.numParams() };
    },
    async setData(batches) {
      data = batches.map(b => ({ x: toNCHW(b.x, b.y.length, shape.h, shape.w, shape.c), y: b.y }));
    },
    async trainStep(i) { const b = data[i % data.length]; return net.trainBatch(b.x, b.y); },
    async inferBatch(i) { const b = data[i % data.length]; return net.predict(b.x); },
    async dispose() { if (net) net.delete(); net = null; },
  };
  window.BenchPeers = window.BenchPeers || {};
  window.BenchPeers['cnnlab-mt'] = peer;
})();
