#!/usr/bin/env bash
# make-site.sh — build.sh's site hook: vendors the page's npm libraries and builds the demo data.
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

# The demo set only changes when the tool does.
if [ ! -f "$site/demo/fashion.bin" ] || [ "$root/web/tools/make-demo.mjs" -nt "$site/demo/fashion.bin" ]; then
  node "$root/web/tools/make-demo.mjs" "$site/demo"
fi

# The service worker's build id and file list (offline after one visit); last, as it hashes the site.
node "$root/web/tools/make-sw.mjs" "$site"
