#!/usr/bin/env bash
# Regenerates the README's screenshots with the app's own --screenshot option (under Xvfb when
# there is no display). Usage: bash scripts/screenshots.sh [path/to/tconv-lab]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/tconv-lab}
out=assets/screenshots
mkdir -p "$out"
run() { if [[ -n "${DISPLAY:-}" ]]; then "$bin" gui "$@"; else xvfb-run -a -s "-screen 0 1920x1080x24" "$bin" gui "$@"; fi; }
run --screenshot "$out/scatter.png"   --window 1280x800 --step 5 --pin-output 1,2
run --screenshot "$out/heatmap.png"   --window 1280x800 --preset distill --view heatmap
run --screenshot "$out/gather.png"    --window 1280x800 --preset padding_strides --view gather --pin-output 2,2 --step 5
run --screenshot "$out/matrix.png"    --window 1280x800 --view matrix --pin-output 3,4 --step 6
run --screenshot "$out/paired.png"    --window 1280x800 --view paired --input 5 --stride 2
run --screenshot "$out/lesson.png"    --window 1280x800 --lesson 7
run --screenshot "$out/image_spectrum.png" --window 1280x800 --image assets/scene.png --image-kernel ones3 \
    --stride 2 --explorer spectrum
