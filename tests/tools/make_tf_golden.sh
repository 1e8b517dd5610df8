#!/usr/bin/env bash
# Regenerates the TensorFlow reference vectors for the TensorFlow/Keras convention:
#   bash tests/tools/make_tf_golden.sh > tests/data/golden_tf_conv_transpose.txt
# Installs TensorFlow.js (pinned, from the npm registry) into a cache outside the repository
# (TCONV_TFJS_DIR, default ~/.cache/tconv-lab/tfjs-4.22.0) and runs make_tf_golden.cjs with it.
# Needs node and npm (Debian: nodejs, npm). The tests read the committed file and need neither.
set -euo pipefail
version=4.22.0
dir="${TCONV_TFJS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab/tfjs-$version}"
if [ ! -d "$dir/node_modules/@tensorflow/tfjs-layers" ]; then
  mkdir -p "$dir"
  (cd "$dir" && [ -f package.json ] || echo '{"private": true}' > package.json)
  npm install --prefix "$dir" --no-audit --no-fund \
    "@tensorflow/tfjs-core@$version" "@tensorflow/tfjs-backend-cpu@$version" "@tensorflow/tfjs-layers@$version" >&2
fi
# tfjs prints a note about its node backend on stderr; the vectors go to stdout.
NODE_PATH="$dir/node_modules" exec node "$(dirname "$0")/make_tf_golden.cjs"
