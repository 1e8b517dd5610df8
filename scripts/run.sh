#!/usr/bin/env bash
# README's first command: installs the missing Debian packages, builds tconv-lab (Release) and
# launches it. Extra arguments go to tconv-lab (default: the GUI on the seed example).
#   bash scripts/run.sh                       # the visualizer window
#   bash scripts/run.sh apply --input assets/sample.png --output /tmp/big.png --kernel bilinear --stride 2
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target tconv-lab
exec ./build/tconv-lab "$@"
