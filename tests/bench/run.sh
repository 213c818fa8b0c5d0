#!/usr/bin/env bash
# tests/bench/run.sh — ./build.sh bench: engine per-layer benchmark (native), WebAssembly SIMD vs
# no-SIMD in Node, the Fashion-MNIST accuracy run, and 500 photos of 12 MP in the page (scale).
# Usage: run.sh [engine] [wasm] [fashion] [scale] (default: all four). Numbers are only comparable
# within one run: the machine is shared.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(engine wasm fashion scale)
for part in "${parts[@]}"; do
  case "$part" in
    engine)
      echo "== native engine (Google Benchmark): lecture CNN, batch 32 =="
      build/native/cnnlab_bench --benchmark_min_time=1
      ;;
    wasm)
      echo "== WebAssembly in Node: SIMD (shipped) vs no SIMD =="
      cmake --build build/wasm --target cnnlab_nosimd -j"$(nproc)" >/dev/null
      node tests/bench/wasm_bench.mjs build/site/engine build/wasm/nosimd
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
      echo "unknown benchmark '$part' (engine, wasm, fashion, scale)" >&2
      exit 2
      ;;
  esac
done
