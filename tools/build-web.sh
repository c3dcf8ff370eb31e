#!/usr/bin/env bash
# Builds the page into dist/ by the direct route (no trunk): release wasm32 build, wasm-bindgen,
# npm's wasm-opt -Oz, then index.html (its Trunk links rewritten), the stylesheet and the presets:
# the folder (linked by the examples and the course page) and presets.json, the whole folder in one
# file (nvmcalc::library::PresetBundle) that the page loads in one request, written by the release
# CLI after it has loaded every preset (a bad preset fails the build).
# Usage: tools/build-web.sh [--public-url /sub/path/]   (paths in the page are relative anyway)
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
crate=nvmcalc-www

cargo build --release --locked --target wasm32-unknown-unknown -p "$crate"
cargo build --release --locked --bin nvmcalc
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name nvmcalc \
  "target/wasm32-unknown-unknown/release/$crate.wasm"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/nvmcalc_bg.wasm" -o "$out/nvmcalc_bg.wasm.opt"
mv "$out/nvmcalc_bg.wasm.opt" "$out/nvmcalc_bg.wasm"

cp www/style.css "$out/style.css"
cp www/course.html "$out/course.html"
cp www/worker.js "$out/worker.js"
cp -r presets "$out/presets"
target/release/nvmcalc --presets presets bundle > "$out/presets.json.tmp"
mv "$out/presets.json.tmp" "$out/presets.json"
# Replace the three Trunk links by the stylesheet and the module loader.
python3 - "$out/index.html" <<'PY'
import re, sys
html = open("index.html", encoding="utf-8").read()
html = re.sub(r'\s*<!-- Trunk-format entry.*?-->', '', html)
html = re.sub(r'\s*<link data-trunk rel="(rust|copy-dir)"[^>]*>', '', html)
html = html.replace('<link data-trunk rel="css" href="www/style.css">',
    '<link rel="stylesheet" href="style.css">\n'
    # The module, its wasm and the preset bundle are fetched at once, not one after the other
    # (the page's own fetches of them reuse these responses).
    '  <link rel="modulepreload" href="nvmcalc.js">\n'
    '  <link rel="preload" href="nvmcalc_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n'
    '  <link rel="preload" href="presets.json" as="fetch" type="application/json" crossorigin>\n'
    '  <script type="module">import init from "./nvmcalc.js"; init({ module_or_path: "./nvmcalc_bg.wasm" });</script>')
assert 'data-trunk' not in html, "index.html has a Trunk link this script does not know"
open(sys.argv[1], "w", encoding="utf-8").write(html)
PY
size=$(stat -c %s "$out/nvmcalc_bg.wasm")
gz=$(gzip -9 -c "$out/nvmcalc_bg.wasm" | wc -c)
bundle=$(stat -c %s "$out/presets.json")
bundle_gz=$(gzip -9 -c "$out/presets.json" | wc -c)
echo "[build-web] dist/ ready: nvmcalc_bg.wasm $size bytes ($gz bytes gzip), presets.json $bundle bytes ($bundle_gz bytes gzip)"
