#!/usr/bin/env bash
# Builds tconv-lab and runs the whole test suite, the way CI does (.ci/run calls this).
#   1. release build + every Catch2/CLI/GPU/GUI test through CTest, under Xvfb (GL via Mesa llvmpipe);
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build of the same tests (GUI screenshots excluded);
#   3. libFuzzer targets for the .npy reader and image loader, each for a bounded time.
#   4. the browser build (scripts/build-web.sh) in headless Chromium (tests/web/web_test.mjs).
# Env: TCONV_FUZZ_SECONDS (default 30), TCONV_SKIP_SANITIZE=1, TCONV_SKIP_FUZZ=1, TCONV_SKIP_WEB=1,
#      JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${TCONV_FUZZ_SECONDS:-30}

bash scripts/install-deps.sh

# One X server for every test that opens a window (the GUI screenshot tests, the GPU fallback).
if [[ -z "${DISPLAY:-}" ]]; then
  export DISPLAY=:$((90 + RANDOM % 100))
  Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/tmp/tconv-xvfb.log 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [[ -e /tmp/.X11-unix/X${DISPLAY#:} ]] && break; sleep 0.1; done
fi
export LIBGL_ALWAYS_SOFTWARE=${LIBGL_ALWAYS_SOFTWARE:-1}

echo "== 1/3 release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [[ "${TCONV_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== 2/3 AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCONV_SANITIZE=ON -DTCONV_BUILD_GUI=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  # GL drivers are not built with ASan; leaks inside Mesa are not ours.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi

if [[ "${TCONV_SKIP_FUZZ:-0}" != 1 ]]; then
  echo "== 3/3 libFuzzer (${fuzz_seconds}s per target)"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCONV_FUZZ=ON \
    -DTCONV_BUILD_GUI=OFF -DTCONV_BUILD_GPU=OFF -DTCONV_BUILD_TESTS=ON >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz_npy fuzz_image
  for t in npy image; do
    corpus=$(mktemp -d)
    cp "$root"/tests/fuzz/corpus_"$t"/* "$corpus"/ 2>/dev/null || true
    ./build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -print_final_stats=0 \
      "$corpus" 2>&1 | tail -n 3
    rm -rf "$corpus"
  done
fi
if [[ "${TCONV_SKIP_WEB:-0}" != 1 ]]; then
  echo "== 4/4 the browser build in headless Chromium"
  bash scripts/web-test.sh
fi
echo "== all tests passed"
