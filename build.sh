#!/usr/bin/env bash
# build.sh — set up a fresh Debian/Ubuntu machine, build the engine (native + WebAssembly) and the
# site, run every test, benchmark, or serve the page.
# Usage: ./build.sh serve [PORT] | build | test | bench [engine] [wasm] [fashion] [page] [scale] | fuzz [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build
export NODE_PATH=/usr/share/nodejs  # Debian's Emscripten needs acorn from Debian's node modules
PY=/usr/bin/python3                 # Debian's python3 (the server; the tests' onnx, numpy), not a PATH python

# What the page needs (build, serve): the compilers' libraries, a browser, the demo data …
APT_PAGE=(emscripten libeigen3-dev libstb-dev nlohmann-json3-dev chromium dataset-fashion-mnist
  libprotobuf-dev protobuf-compiler python3-onnx)  # ONNX export: libprotobuf + protoc on onnx.proto
# … and what only the tests and benchmarks add (test, bench): GoogleTest and Google Benchmark,
# wabt (the SIMD check), ONNX's vectors and their reader, real photos for fixtures.
APT_TEST=(libgtest-dev libbenchmark-dev wabt libonnx-testdata python3-numpy
  python3-skimage opencv-doc)
# Test only (./build.sh test and fuzz): clang's libFuzzer for the fuzzers in tests/fuzz/.
APT_TEST+=(clang libclang-rt-14-dev)
# Tools that may come from elsewhere (e.g. a Node.js that bundles npm): installed only when absent.
declare -A APT_FOR_COMMAND=([cmake]=cmake [g++]=g++ [node]=nodejs [npm]=npm)

log() { printf '\033[1m[build.sh %4ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }

setup() {  # $1: "test" to add the test-only packages
  local missing=() packages=("${APT_PAGE[@]}")
  if [ "${1:-}" = test ]; then packages+=("${APT_TEST[@]}"); fi
  for p in "${packages[@]}"; do
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
      # onnxruntime-node (a test dependency) would fetch CUDA libraries from outside npm; its
      # bundled CPU build is all the tests use.
      ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
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

build_all() {  # $1: passed to setup
  setup "${1:-}"
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

# The fuzzers of tests/fuzz/ (one binary per target, ASan + UBSan), each for $1 seconds, one at a
# time at low priority. Corpora grow in build/fuzz/corpus/<target> from the seeds that fuzz_seeds
# writes from real fixtures; an input that crashes, hangs or leaks is kept in build/fuzz/findings/
# (copy it into tests/fuzz/regressions/<target>/ so the native tests replay it). One line per target;
# tallies one pass per target without a finding.
FUZZ_TARGETS=(image model_file spec settings idx)
# The largest single allocation an input may cause, in MB (libFuzzer -malloc_limit_mb): images may
# claim up to 100 megapixels (README), the rest is small.
declare -A FUZZ_MALLOC_MB=([image]=1024 [model_file]=256 [spec]=256 [settings]=64 [idx]=256)
declare -A FUZZ_DICT=([image]=image.dict [model_file]=json.dict [spec]=json.dict [settings]=json.dict)
run_fuzzers() {  # $1 seconds per target
  local seconds=$1 dir=$BUILD/fuzz
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCNNLAB_FUZZ=ON >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)"
  "$dir/fuzz_seeds" "$dir/seeds" >/dev/null
  mkdir -p "$dir/findings"
  local passed=0 failed=0
  for t in "${FUZZ_TARGETS[@]}"; do
    mkdir -p "$dir/corpus/$t"
    local dict=() rc=0
    [ -n "${FUZZ_DICT[$t]:-}" ] && dict=(-dict="tests/fuzz/${FUZZ_DICT[$t]}")
    nice "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -malloc_limit_mb="${FUZZ_MALLOC_MB[$t]}" -print_final_stats=1 -artifact_prefix="$dir/findings/$t-" \
      "${dict[@]}" "$dir/corpus/$t" "$dir/seeds/$t" >"$dir/$t.log" 2>&1 || rc=$?
    local runs corpus
    runs=$(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$dir/$t.log" | tail -1 || true)
    corpus=$(find "$dir/corpus/$t" -type f | wc -l)
    if [ "$rc" = 0 ]; then
      passed=$((passed + 1))
      echo "fuzz $t: ${runs:-0} runs in ${seconds} s, corpus $corpus inputs, no finding"
    else
      failed=$((failed + 1))
      echo "fuzz $t: FINDING after ${runs:-?} runs (exit $rc): $(grep -m1 -E 'ERROR|fuzz finding|deadly|out-of-memory' "$dir/$t.log" || true)"
      echo "  input kept in $dir/findings/$t-*; log: $dir/$t.log"
    fi
  done
  tally "$passed" "$failed"
  log "fuzz: $passed passed, $failed failed"
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
    log "serving build/site on http://127.0.0.1:$port/ (cross-origin isolated: the threaded engine runs)"
    # http.server plus the headers that make the page cross-origin isolated (SharedArrayBuffer,
    # so the engine worker loads engine-mt/); on hosts without them web/sw.js adds them.
    exec "$PY" - "$port" "$BUILD/site" <<'PY'
import functools, http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm'}

    def end_headers(self):
        self.send_header('Cross-Origin-Opener-Policy', 'same-origin')
        self.send_header('Cross-Origin-Embedder-Policy', 'require-corp')
        self.send_header('Cross-Origin-Resource-Policy', 'same-origin')
        super().end_headers()

server = http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])),
                                         functools.partial(Handler, directory=sys.argv[2]))
server.serve_forever()
PY
    ;;
  test)
    build_all test
    # ctest converts the ONNX vectors itself (the onnx_vectors fixture in CMakeLists.txt).
    log "native tests"
    run_ctest "$BUILD/native" "native"
    log "native tests under AddressSanitizer + UBSan"
    build_native "$BUILD/asan" -DCNNLAB_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest "$BUILD/asan" "asan+ubsan"
    log "smoke fuzzing (30 s per fuzzer)"
    run_fuzzers 30
    log "WebAssembly tests in Node"
    run_node_tests
    log "browser tests in Chromium"
    run_e2e_tests
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
    [ "$FAILED" = 0 ]
    ;;
  fuzz)
    setup test
    run_fuzzers "${2:-60}"
    [ "$FAILED" = 0 ]
    ;;
  bench)
    build_all test
    shift
    tests/bench/run.sh "$@"
    ;;
  *)
    echo "usage: ./build.sh serve [PORT] | build | test | bench [engine] [wasm] [fashion] [page] [scale] | fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
