#!/usr/bin/env bash
# The browser build's tests (section 4 of scripts/test.sh; also runs alone after a desktop build):
# builds the site, serves it on 127.0.0.1, and drives Debian's chromium (headless, WebGL 2 through
# SwiftShader) with puppeteer-core: screenshots of each view against the desktop's --screenshot,
# clicks and keys, the copy-link button, and the time to the first frame.
# Needs build/tconv-lab (the desktop build, for the reference screenshots) and a display for it.
# Output: build-web-test/ (screenshots, the desktop's references). Node packages: a cache outside git.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab

bash scripts/build-web.sh
[[ -x build/tconv-lab ]] || { echo "error: build/tconv-lab is missing: build the desktop version first (scripts/test.sh does)." >&2; exit 2; }

for p in chromium nodejs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium nodejs npm
    break
  fi
done
# puppeteer-core (the DevTools protocol client) and pngjs (reads the screenshots), pinned versions.
node_dir=$cache/node
if [[ ! -f $node_dir/.tconv-ok-1 ]]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --silent puppeteer-core@22.15.0 pngjs@7.0.0)
  touch "$node_dir/.tconv-ok-1"
fi

out=$root/build-web-test
rm -rf "$out" && mkdir -p "$out"
# A free port, then the static server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory build-web >"$out/http.log" 2>&1 &
server=$!
# The same site cross-origin isolated (COOP/COEP headers): the page loads the threaded build.
iport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 scripts/serve-web.py "$iport" --directory build-web >"$out/http-isolated.log" 2>&1 &
iserver=$!
trap 'kill $server $iserver 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/index.html" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$iport/index.html" >/dev/null 2>&1 && break; sleep 0.1; done
isolated=""
[[ -f build-web/mt/tconv-lab.js ]] && isolated="http://127.0.0.1:$iport/index.html"

echo "web: download size (gzip -9):"
total=0
for f in index.html tconv-web.js tconv-lab.js tconv-lab.wasm tconv-lab.data tconv-codec.js tconv-codec.wasm; do
  n=$(gzip -9 -c "build-web/$f" | wc -c)
  total=$((total + n))
  printf '  %-16s %8d bytes raw, %8d gzip\n' "$f" "$(stat -c %s "build-web/$f")" "$n"
done
echo "figure: download size $(( (total + 512) / 1024 )) KiB compressed (gzip -9)"
if [[ -d build-web/mt ]]; then  # what a cross-origin isolated page downloads instead of the single-threaded files
  mt=0
  for f in index.html tconv-web.js mt/tconv-lab.js mt/tconv-lab.worker.js mt/tconv-lab.wasm mt/tconv-lab.data; do mt=$((mt + $(gzip -9 -c "build-web/$f" | wc -c))); done
  echo "figure: download size with threads (mt/) $(( (mt + 512) / 1024 )) KiB compressed (gzip -9)"
fi

TCONV_NODE_DIR=$node_dir node tests/web/web_test.mjs "http://127.0.0.1:$port/index.html" "$out" "$root/build/tconv-lab" $isolated
TCONV_NODE_DIR=$node_dir node tests/web/web_export_test.mjs "http://127.0.0.1:$port/index.html" "$out/export" "$root/build/tconv-lab"
