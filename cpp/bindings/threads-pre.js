// threads-pre.js — (threaded engine only) how many threads to use, and so how many pthread workers
// to preload: one per core (at most 8) unless `createCnnLab({threads: n})` asks for n. The pool
// holds threads − 1 workers (the calling thread is the other one), but at least 1: Emscripten
// 3.1.6 would wait forever for a pool of 0. parallel.cpp reads both numbers.
var cnnlabThreads = (function () {
  var cores = (typeof navigator === 'object' && navigator.hardwareConcurrency) || 2;
  return Math.max(1, Math.min(8, Module['threads'] > 0 ? Module['threads'] : cores));
})();
var cnnlabPoolSize = Math.max(1, cnnlabThreads - 1);
