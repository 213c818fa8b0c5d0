#!/usr/bin/env bash
# tests/bench/run.sh — ./build.sh bench: engine per-layer benchmark (native), WebAssembly in Node
# (per-layer profile of the peer-bench workloads; SIMD vs no-SIMD), the Fashion-MNIST accuracy run
# (native CLI), Fashion-MNIST time to 91 % in headless Chromium through the page's worker, and 500
# photos of 12 MP added in the page (scale).
# Usage: run.sh [engine] [wasm] [fashion] [page] [scale] (default: all five). Numbers are only comparable
# within one run: the machine is shared.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(engine wasm fashion page scale)
for part in "${parts[@]}"; do
  case "$part" in
    engine)
      echo "== native engine (Google Benchmark): lecture CNN, batch 32 =="
      build/native/cnnlab_bench --benchmark_min_time=1
      ;;
    wasm)
      echo "== WebAssembly in Node: per-layer CPU time of the peer-bench workloads A, B, C =="
      cmake --build build/wasm --target cnnlab_profile cnnlab_nosimd -j"$(nproc)" >/dev/null
      node --no-liftoff build/wasm/profile/cnnlab_profile.js --seconds 1
      echo "== WebAssembly in Node: SIMD (shipped) vs no SIMD =="
      node tests/bench/wasm_bench.mjs build/site/engine build/wasm/nosimd
      ;;
    page)
      echo "== Fashion-MNIST in headless Chromium through the page's worker: seconds to 91 % =="
      node tests/bench/fashion_page.mjs
      ;;
    fashion)
      echo "== Fashion-MNIST: cnnlab train + eval --split test =="
      tests/bench/fashion_mnist.sh
      ;;
    scale)
      echo "== the page: 500 photos of 12 MP (time, tab memory, responsiveness) =="
      node tests/bench/scale_bench.mjs
      ;;
    *)
      echo "unknown benchmark '$part' (engine, wasm, fashion, page, scale)" >&2
      exit 2
      ;;
  esac
done
