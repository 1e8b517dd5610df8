#!/usr/bin/env bash
# README's first command: installs the missing Debian packages, builds tconv-lab (Release) and
# launches it. Extra arguments go to tconv-lab (default: the GUI on the seed example).
#   bash scripts/run.sh                       # the visualizer window
#   bash scripts/run.sh apply --input assets/sample.png --output /tmp/big.png --kernel bilinear --stride 2
#   bash scripts/run.sh --web                 # the browser version: builds build-web/, serves it, prints the URL
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--web" ]]; then
  bash scripts/build-web.sh
  port=${TCONV_WEB_PORT:-8080}
  echo "tconv-lab in the browser: http://127.0.0.1:$port/index.html   (Ctrl+C stops the server)"
  # Cross-origin isolated (COOP/COEP headers), so the page runs its threaded build.
  exec python3 scripts/serve-web.py "$port" --directory build-web
fi
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target tconv-lab
exec ./build/tconv-lab "$@"
