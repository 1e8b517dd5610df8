#!/usr/bin/env bash
# Builds the Debian/Ubuntu package: a Release build and `cpack -G DEB`, giving
# <build dir>/tconv-lab_<version>_<arch>.deb (the last line printed is its path).
# Usage: bash scripts/package.sh [BUILD_DIR]   (default build-package; `build` reuses test.sh's
#        Release build). Install with: sudo apt-get install ./build-package/tconv-lab_*.deb
# Env: JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-package}
jobs=${JOBS:-$(nproc)}

bash scripts/install-deps.sh
# dpkg-shlibdeps (dpkg-dev) works out the package's library dependencies.
command -v dpkg-shlibdeps >/dev/null || {
  echo "error: dpkg-shlibdeps not found; install dpkg-dev (apt-get install dpkg-dev) and run again" >&2
  exit 2
}

# A fresh build folder builds only the program; an existing one (test.sh's `build`) keeps its
# options (tests and all).
extra=()
[[ -f "$build/CMakeCache.txt" ]] || extra=(-DTCONV_BUILD_TESTS=OFF)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >/dev/null
cmake --build "$build" -j"$jobs" --target tconv-lab
rm -f "$build"/tconv-lab_*.deb
(cd "$build" && cpack -G DEB >/dev/null) || {
  echo "error: cpack could not make the .deb; see $build/_CPack_Packages/ for its logs" >&2
  exit 2
}
debs=("$build"/tconv-lab_*.deb)
[[ -f "${debs[0]}" ]] || { echo "error: cpack reported success but wrote no $build/tconv-lab_*.deb" >&2; exit 2; }
dpkg-deb --field "${debs[0]}" Package Version Architecture Depends
echo "${debs[0]}"
