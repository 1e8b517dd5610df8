#!/usr/bin/env bash
# Builds tconv-lab and runs the whole test suite, the way CI does (.ci/run calls this).
#   1. release build + every Catch2/CLI/GPU/GUI test through CTest, under Xvfb (GL via Mesa llvmpipe);
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build of the same tests (GUI screenshots excluded);
#   3. libFuzzer targets for the .npy reader, the image loader (all formats, then TGA, JPEG and
#      GIF on their own) and the lessons parser, each for a bounded time;
#   4. the browser build (scripts/build-web.sh) in headless Chromium (tests/web/web_test.mjs);
#   package: the .deb (scripts/package.sh) installed with apt-get, run from a clean folder, removed;
#   windows: the mingw-w64 cross build (scripts/build-windows.sh); its core and io tests, the CLI
#      contract and a GUI screenshot run under wine64.
# Env: TCONV_FUZZ_SECONDS (default 20 per target), TCONV_SKIP_SANITIZE=1, TCONV_SKIP_FUZZ=1,
#      TCONV_SKIP_PACKAGE=1, TCONV_SKIP_WEB=1, TCONV_SKIP_WINDOWS=1, JOBS (default nproc),
#      TCONV_SKIP_TORCH_TESTS=1 (do not install python3-torch; the PyTorch-snippet test is skipped
#      on purpose instead of failing), TCONV_SKIP_GPU_TESTS=1 (no OpenGL 4.3: GPU tests skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${TCONV_FUZZ_SECONDS:-20}

# The PyTorch-snippet test needs python3-torch and fails without it unless skipped on purpose.
if [[ "${TCONV_SKIP_TORCH_TESTS:-0}" == 1 ]]; then
  echo "note: TCONV_SKIP_TORCH_TESTS=1: python3-torch not installed, the PyTorch-snippet test is skipped"
  bash scripts/install-deps.sh
else
  bash scripts/install-deps.sh --with-torch
fi

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

# ------------------------------------------------------------------ package (.deb)
# What a Linux user gets: the .deb installed by apt-get (so its Depends must be right), the
# installed copy run from an empty folder (so it finds its data without the source tree's
# working directory), then removed. Runs on test.sh's Release build.
if [[ "${TCONV_SKIP_PACKAGE:-0}" != 1 ]]; then
  echo "== package: build the .deb, install it, run the installed copy, remove it"
  if dpkg-query -W -f='${Status}' tconv-lab 2>/dev/null | grep -q "install ok installed"; then
    echo "error: a tconv-lab package is already installed, and this test would replace and then remove it." \
         "Remove it first (apt-get remove tconv-lab) or set TCONV_SKIP_PACKAGE=1." >&2
    exit 2
  fi
  deb=$(JOBS=$jobs bash scripts/package.sh build | tail -n 1)
  pkg_sudo=""
  [[ $(id -u) -eq 0 ]] || pkg_sudo=sudo
  DEBIAN_FRONTEND=noninteractive $pkg_sudo apt-get install -y -q "$root/$deb" >/dev/null
  pkg_dir=$(mktemp -d)
  pkg_status=0
  (
    set -euo pipefail
    cd "$pkg_dir"
    fail() { echo "error: installed package: $*" >&2; exit 1; }
    for f in /usr/bin/tconv-lab /usr/share/tconv-lab/assets/lessons.txt /usr/share/applications/tconv-lab.desktop; do
      [[ -f $f ]] || fail "$f is missing (see the install() rules in CMakeLists.txt)"
    done
    /usr/bin/tconv-lab size --input 3 --kernel 3 --stride 2 >size.txt || fail "tconv-lab size exited with $?"
    grep -qx "output: 7 x 7 (height x width)" size.txt || fail "tconv-lab size printed: $(cat size.txt)"
    # --lesson 1 fails unless the installed copy finds lessons.txt.
    /usr/bin/tconv-lab gui --screenshot out.png --window 800x600 --lesson 1 || fail "gui --screenshot exited with $?"
    # A PNG of the window's size, with more in it than a blank window compresses to (~2 KB).
    [[ -f out.png && $(head -c 8 out.png | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "out.png is not a PNG"
    dims=$(od -An -tu4 --endian=big -j16 -N8 out.png | tr -s ' ' | sed 's/^ //')
    [[ $dims == "800 600" ]] || fail "out.png is $dims, not 800 600"
    bytes=$(stat -c %s out.png)
    ((bytes > 20000)) || fail "out.png has only $bytes bytes: a blank window?"
    echo "installed copy: size OK, gui --screenshot OK (800 x 600, $bytes bytes)"
  ) || pkg_status=$?
  DEBIAN_FRONTEND=noninteractive $pkg_sudo apt-get remove -y -q tconv-lab >/dev/null
  rm -rf "$pkg_dir"
  if ((pkg_status != 0)); then
    echo "error: the installed package failed the check above (status $pkg_status)" >&2
    exit 1
  fi
fi

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
  fuzz_targets="npy image tga jpeg gif lessons"
  cmake --build build-fuzz -j"$jobs" --target $(printf 'fuzz_%s ' $fuzz_targets)
  for t in $fuzz_targets; do
    echo "-- fuzz_$t"
    corpus=$(mktemp -d)
    cp "$root"/tests/fuzz/corpus_"$t"/* "$corpus"/ 2>/dev/null || true
    [[ $t == image ]] && cp "$root"/tests/fuzz/regressions/* "$corpus"/
    ./build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -print_final_stats=0 \
      "$corpus" 2>&1 | tail -n 3
    rm -rf "$corpus"
  done
fi
# ------------------------------------------------------------------ Windows (wine64)
# The cross-compiled tconv-lab.exe and its Catch2 tests run under Debian's wine64. The CLI
# contract is the Linux test_app (section 1) driving the .exe through wine (TCONV_TEST_LAB_COMMAND);
# the cases that test POSIX-only behaviour (FIFOs, symbolic links, piped stdin, /dev paths) are left
# out by name below, as is the GPU backend (wine's GL 4.3 is not what this checks).
if [[ "${TCONV_SKIP_WINDOWS:-0}" != 1 ]]; then
  echo "== windows: cross-compile, then the core, io and CLI tests and a GUI screenshot under wine64"
  TCONV_WIN_TESTS=1 TCONV_WIN_JOBS=$jobs bash scripts/build-windows.sh
  export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab/wine}
  wine64=$(command -v wine64 || echo /usr/lib/wine/wine64)  # Debian's wine64 package: /usr/lib/wine
  "$wine64" wineboot --init >/dev/null 2>&1 || true
  # One persistent wineserver for the whole section: without it every wine64 call starts and stops
  # its own, and a call that lands while the previous one shuts down fails with "wine client
  # error: recvmsg: Connection reset by peer" (seen on this 2-core VM).
  wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
  "$wineserver" -p 2>/dev/null || true  # exits non-zero when one already runs
  trap '"$wineserver" -k 2>/dev/null || true; [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
  win=$root/build-windows
  echo "-- test_core.exe";  "$wine64" "$win/tests/core/test_core.exe"
  echo "-- test_io.exe";    "$wine64" "$win/tests/io/test_io.exe"
  echo "-- CLI contract (build/tests/app/test_app) against wine64 tconv-lab.exe"
  TCONV_TEST_LAB_COMMAND="$wine64 $win/tconv-lab.exe" ./build/tests/app/test_app "[cli]" \
    "~[gui]" "~cli: the GPU backend*" "~cli: an output that is a FIFO*" \
    "~cli: writing through a link to a file replaces the file and names both" \
    "~cli: inputs without a telling name are recognised by content*" \
    "~cli: outputs that cannot be written are refused before computing"
  echo "-- gui --screenshot under wine64 (Xvfb $DISPLAY, Mesa through wine's OpenGL)"
  shot=$(mktemp -d)
  if (cd "$shot" && "$wine64" "$win/tconv-lab.exe" gui --screenshot out.png --window 800x600 --lesson 1 >gui.log 2>&1); then
    [[ $(head -c 8 "$shot/out.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
      { echo "error: wine: gui --screenshot wrote no PNG" >&2; exit 1; }
    echo "windows gui --screenshot: OK ($(stat -c %s "$shot/out.png") bytes)"
  elif grep -qi "opengl\|context\|glfw\|wgl" "$shot/gui.log"; then
    echo "SKIPPED windows-gui-screenshot: wine could not give tconv-lab.exe an OpenGL 3.3 core context here:"
    sed 's/^/  /' "$shot/gui.log"
  else
    echo "error: wine: gui --screenshot failed:" >&2; cat "$shot/gui.log" >&2; exit 1
  fi
  rm -rf "$shot"
fi

if [[ "${TCONV_SKIP_WEB:-0}" != 1 ]]; then
  echo "== 4/4 the browser build in headless Chromium"
  bash scripts/web-test.sh
fi
echo "== all tests passed"
