#!/usr/bin/env bash
# make-site.sh — build.sh's site hook: vendors the page's npm libraries (uPlot; protobuf-es and ONNX's
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

# ONNX export (loaded only when the learner exports): protobuf-es (@bufbuild/protobuf, its ES
# modules as published: relative imports only, no eval, so it runs under the page's CSP) and ONNX's
# onnx.proto (Debian python3-onnx) as protoc's descriptor (web/onnx.js reads both).
protobuf_es=$modules/@bufbuild/protobuf
if [ ! -f "$protobuf_es/dist/esm/index.js" ]; then
  echo "make-site: $protobuf_es is missing (run npm ci)" >&2
  exit 1
fi
rm -rf "$site/vendor/protobuf-es"
(cd "$protobuf_es/dist/esm" && find . -name '*.js' -print0 | while IFS= read -r -d '' f; do
  mkdir -p "$site/vendor/protobuf-es/$(dirname "$f")"
  cp "$f" "$site/vendor/protobuf-es/$f"
done)
cp "$protobuf_es/package.json" "$site/vendor/protobuf-es/package.json"  # its licence (Apache-2.0) and version
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
