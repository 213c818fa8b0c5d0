#!/usr/bin/env bash
# make-site.sh — build.sh's site hook: vendors the page's npm libraries (uPlot; protobufjs and ONNX's
# schema for the ONNX export) and builds the demo data.
# Usage: web/tools/make-site.sh SITE_DIR (build.sh has already copied web/ into SITE_DIR).
set -euo pipefail
site=${1:?usage: make-site.sh SITE_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
modules=$root/node_modules

# No CDN: the chart library is served from the site itself.
if [ ! -f "$modules/uplot/dist/uPlot.esm.js" ]; then
  echo "make-site: $modules/uplot is missing (run npm ci)" >&2
  exit 1
fi
mkdir -p "$site/vendor"
cp "$modules/uplot/dist/uPlot.esm.js" "$site/vendor/uplot.esm.js"
cp "$modules/uplot/dist/uPlot.min.css" "$site/vendor/uplot.min.css"
cp "$modules/uplot/LICENSE" "$site/vendor/uplot.LICENSE"

# ONNX export (loaded only when the learner exports): protobufjs's light build as an ES module, and
# ONNX's onnx.proto (Debian python3-onnx) as its JSON descriptor (web/onnx.js reads both).
protobufjs=$modules/protobufjs
if [ ! -f "$protobufjs/dist/light/protobuf.min.js" ]; then
  echo "make-site: $protobufjs is missing (run npm ci)" >&2
  exit 1
fi
{
  echo '// protobuf.js light build (BSD-3-Clause, see protobufjs.LICENSE) as an ES module, made by make-site.sh.'
  echo 'const module = { exports: {} };'
  grep -v '^//# sourceMappingURL=' "$protobufjs/dist/light/protobuf.min.js"
  echo 'export default module.exports;'
} >"$site/vendor/protobuf-light.js"
cp "$protobufjs/LICENSE" "$site/vendor/protobufjs.LICENSE"
node "$root/web/tools/make-onnx-proto.mjs" "$site/vendor/onnx-proto.js"

# The demo sets only change when the tools that make them do.
stale=0
[ -f "$site/demo/index.json" ] || stale=1
for tool in make-demo.mjs colour-demo.mjs fashion-demo.mjs; do
  [ "$root/web/tools/$tool" -nt "$site/demo/index.json" ] && stale=1
done
if [ "$stale" = 1 ]; then
  node "$root/web/tools/make-demo.mjs" "$site/demo"
fi

# The service worker's build id and file list (offline after one visit); last, as it hashes the site.
node "$root/web/tools/make-sw.mjs" "$site"
