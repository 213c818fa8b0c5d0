#!/usr/bin/env bash
# build.sh — set up a fresh Debian/Ubuntu machine, build the engine (native + WebAssembly) and the
# site, run every test, benchmark, or serve the page.
# Usage: ./build.sh serve [PORT] | build | test | bench [engine] [wasm] [fashion] [scale]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build
export NODE_PATH=/usr/share/nodejs  # Debian's Emscripten needs acorn from Debian's node modules
PY=/usr/bin/python3                 # Debian's python3-onnx / numpy live here, not in a PATH python

APT_PACKAGES=(emscripten libeigen3-dev libstb-dev nlohmann-json3-dev libgtest-dev
  libbenchmark-dev chromium wabt dataset-fashion-mnist libonnx-testdata python3-onnx
  python3-numpy python3-skimage opencv-doc)
# Tools that may come from elsewhere (e.g. a Node.js that bundles npm): installed only when absent.
declare -A APT_FOR_COMMAND=([cmake]=cmake [g++]=g++ [node]=nodejs [npm]=npm)

log() { printf '\033[1m[build.sh %4ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }

setup() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  for c in "${!APT_FOR_COMMAND[@]}"; do
    command -v "$c" >/dev/null || missing+=("${APT_FOR_COMMAND[$c]}")
  done
  if ((${#missing[@]})); then
    local cmd="apt-get update && apt-get install -y ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
      log "installing: ${missing[*]}"
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    else
      log "missing Debian packages; run as root:"
      echo "  sudo sh -c '$cmd'" >&2
      exit 1
    fi
  fi
  if [ -f package-lock.json ]; then
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      log "npm ci"
      npm ci --no-audit --no-fund
    fi
  fi
}

build_native() {  # $1: build dir, remaining: extra cmake args
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

build_wasm() {
  local dir=$BUILD/wasm
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)"
}

build_site() {
  mkdir -p "$BUILD/site"
  # The page itself: copied as is (no bundler); the engine was written into site/engine by CMake.
  (cd web && find . -type f ! -path './tools/*' -print0 | while IFS= read -r -d '' f; do
    mkdir -p "$BUILD/site/$(dirname "$f")"
    cp -p "$f" "$BUILD/site/$f"
  done)
  if [ -x web/tools/make-site.sh ]; then web/tools/make-site.sh "$BUILD/site"; fi
}

build_all() {
  setup
  log "native build"
  build_native "$BUILD/native"
  log "WebAssembly build"
  build_wasm
  log "site"
  build_site
}

# Runners print their own summaries; we also add them up into one closing line.
PASSED=0
FAILED=0
SKIPPED=0
tally() {  # $1 passed, $2 failed, $3 skipped
  PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); SKIPPED=$((SKIPPED + ${3:-0}))
}

run_ctest() {  # $1 build dir, $2 label
  local out; out=$(mktemp)
  local rc=0
  (cd "$1" && ctest --output-on-failure -j"$(nproc)" --timeout 900) 2>&1 | tee "$out" || rc=$?
  local total failed
  total=$(grep -oP 'tests failed out of \K[0-9]+' "$out" | tail -1 || true)
  failed=$(grep -oP '[0-9]+(?= tests failed out of)' "$out" | tail -1 || true)
  total=${total:-0}; failed=${failed:-0}
  # ctest counts a GTEST_SKIP as not failed; it lists it under "did not run" as (Skipped).
  local skipped; skipped=$(grep -c '(Skipped)$' "$out" || true)
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
  tally $((total - failed - skipped)) "$failed" "$skipped"
  log "$2: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
}

# Runs a test command, echoing its output, and adds its own summary to ours.
# $1 label, $2 regex for the passed count, $3 for the failed count (grep -P, last match), rest: command.
run_runner() {
  local label=$1 pass_re=$2 fail_re=$3; shift 3
  local out; out=$(mktemp)
  local rc=0
  "$@" 2>&1 | tee "$out" || rc=$?
  local p f
  p=$(grep -oP "$pass_re" "$out" | tail -1 || true)
  f=$(grep -oP "$fail_re" "$out" | tail -1 || true)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  tally "$p" "$f"
  log "$label: $p passed, $f failed"
}

run_node_tests() {
  local files=(tests/node/*.test.mjs)
  [ -e "${files[0]}" ] || return 0
  run_runner node '^ℹ pass \K[0-9]+' '^ℹ fail \K[0-9]+' node --test --test-reporter=spec "${files[@]}"
}

run_e2e_tests() {
  [ -f playwright.config.mjs ] || return 0
  run_runner e2e '^\s*\K[0-9]+(?= passed)' '^\s*\K[0-9]+(?= failed)' npx playwright test
}

cmd=${1:-build}
case "$cmd" in
  build)
    build_all
    ;;
  serve)
    build_all
    port=${2:-8080}
    log "serving build/site on http://127.0.0.1:$port/"
    exec "$PY" -m http.server "$port" --bind 127.0.0.1 --directory "$BUILD/site"
    ;;
  test)
    build_all
    if [ -f tests/conformance/convert.py ]; then
      log "converting ONNX test vectors"
      "$PY" tests/conformance/convert.py "$BUILD/conformance"
    fi
    export CNNLAB_CONFORMANCE_DIR=$BUILD/conformance
    log "native tests"
    run_ctest "$BUILD/native" "native"
    log "native tests under AddressSanitizer + UBSan"
    build_native "$BUILD/asan" -DCNNLAB_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest "$BUILD/asan" "asan+ubsan"
    log "WebAssembly tests in Node"
    run_node_tests
    log "browser tests in Chromium"
    run_e2e_tests
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
    [ "$FAILED" = 0 ]
    ;;
  bench)
    build_all
    shift
    tests/bench/run.sh "$@"
    ;;
  *)
    echo "usage: ./build.sh serve [PORT] | build | test | bench [engine] [wasm] [fashion] [scale]" >&2
    exit 2
    ;;
esac
