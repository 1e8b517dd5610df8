#!/usr/bin/env bash
# Builds tconv-lab for the browser: a static site in build-web/ (index.html + tconv-lab.js/.wasm/.data,
# tconv-codec.js/.wasm: the picture codec's worker).
#   bash scripts/build-web.sh            # installs what is missing, fetches sources, builds
#   TCONV_WEB_JOBS=N                     # parallel compile jobs (default nproc)
#   TCONV_WEB_THREADS=0                  # skip the threaded variant (build-web/mt/)
#
# Two variants of the same program: build-web/ runs everywhere on one thread (long work in slices
# between frames), build-web/mt/ uses threads and is what index.html loads when the page is
# cross-origin isolated (served with COOP/COEP headers; see the README). The second is compiled in
# build-web-mt/ with -pthread throughout, its C libraries too.
#
# What it needs and where it comes from:
#   - Debian's emscripten (3.1.6) compiles it; its optimiser runs on node and needs Debian's acorn,
#     which a non-Debian node does not find unless NODE_PATH points at /usr/share/nodejs.
#   - Dear ImGui, stb, CLI11, giflib, libjpeg-turbo and kissfft are compiled from the Debian source
#     packages of the same versions the desktop build links (libimgui-dev 1.86, libstb-dev,
#     libcli11-dev, libgif-dev, libjpeg-dev, libkissfft-dev).
#     They are downloaded with apt's source download through a private apt configuration (a deb-src
#     entry in the cache; the system's /etc/apt is not changed), into a cache outside git, and each
#     original tarball is checked against the sha256 pinned below and the one its .dsc states.
#   - Emscripten's own system libraries (libc, libc++, libGL) come prebuilt in Debian's package
#     (/usr/share/emscripten/cache, a frozen cache: EM_CACHE must stay unset).
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab (src/dl: downloads, src/NAME-VERSION: unpacked
# sources, apt/: the private apt configuration and index). Nothing lands in git.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab
jobs=${TCONV_WEB_JOBS:-$(nproc)}

# ---------------------------------------------------------------- packages
pkgs=(emscripten dpkg-dev cmake make xz-utils python3 fonts-dejavu-core ca-certificates)
bash scripts/apt-missing.sh "${pkgs[@]}"
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# ---------------------------------------------------------------- Debian sources
# name, version, sha256 of the original tarball (as in the .dsc of Debian 12 "bookworm").
sources=(
  "imgui 1.86+ds-1 0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64"
  "libstb 0.0~git20220908.8b5f1f3+ds-1 6949c8ff9f86d982cff1b384f1301a731cbaf3b3fa4d1728c7b48a02386d31d8"
  "cli11 2.1.2+ds-1 8143d20b688e98ccce8e24562d3b68e5f47c12e896c42c7ca8553dbde5bed55d"
  "giflib 5.2.1-2.5+deb12u1 31da5562f44c5f15d63340a09a4fd62b48c45620cd302f77a6d9acf0077879bd"
  "libjpeg-turbo 1:2.1.5-2 254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c"
  "kissfft 131.1.0-4.1~deb12u1 76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a"
)

# shellcheck source=fetch-debian-source.sh
source scripts/fetch-debian-source.sh  # fetch_source, debian_source_dir: the same cache as build-windows.sh

for s in "${sources[@]}"; do
  # shellcheck disable=SC2086
  fetch_source $s
done

# ---------------------------------------------------------------- C libraries
src_of() {
  local s n v
  for s in "${sources[@]}"; do read -r n v _ <<<"$s"; [[ $n == "$1" ]] && debian_source_dir "$n" "$v"; done
}
# giflib and libjpeg-turbo as static wasm libraries in $prefix (once per version), so the project's
# own find_path/find_library and find_package(JPEG) find them as on the desktop.
build_giflib() {  # source dir, version, prefix, extra compile flags
  local dir=$1 prefix=$3 flags=$4 stamp=$3/.giflib-$2
  [[ -f $stamp ]] && return 0
  echo "building giflib $2 for wasm ($prefix)"
  local obj=$cache/web-build/giflib-$(basename "$prefix")
  rm -rf "$obj" && mkdir -p "$obj" "$prefix/lib" "$prefix/include"
  # The library's objects of giflib's Makefile (LIBOBJECTS), not its tools.
  for f in dgif_lib egif_lib gifalloc gif_err gif_font gif_hash openbsd-reallocarray quantize; do
    # shellcheck disable=SC2086
    emcc -O2 -msimd128 $flags -w -c "$dir/$f.c" -o "$obj/$f.o"
  done
  emar rcs "$prefix/lib/libgif.a" "$obj"/*.o
  cp "$dir/gif_lib.h" "$prefix/include/"
  touch "$stamp"
}
build_libjpeg() {  # source dir, version, prefix, extra compile flags
  local dir=$1 prefix=$3 flags=$4 stamp=$3/.libjpeg-$2
  [[ -f $stamp ]] && return 0
  echo "building libjpeg-turbo $2 for wasm ($prefix; no SIMD assembly: plain C)"
  # Its type-size checks run test programs, which a cross build cannot: wasm32 sizes given here.
  local obj=$cache/web-build/libjpeg-turbo-$(basename "$prefix")
  rm -rf "$obj"
  emcmake cmake -S "$dir" -B "$obj" -DCMAKE_BUILD_TYPE=Release -DENABLE_SHARED=OFF -DENABLE_STATIC=ON \
    -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DHAVE_SIZE_T=TRUE -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4 -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_C_FLAGS="-msimd128${flags:+ $flags} -w" >/dev/null
  cmake --build "$obj" -j"$jobs" --target jpeg-static >/dev/null
  mkdir -p "$prefix/lib" "$prefix/include"
  cp "$obj/libjpeg.a" "$prefix/lib/"
  cp "$obj/jconfig.h" "$dir/jpeglib.h" "$dir/jmorecfg.h" "$dir/jerror.h" "$prefix/include/"
  touch "$stamp"
}

# ---------------------------------------------------------------- build
# build_variant BUILD_DIR PREFIX EXTRA_FLAGS CMAKE_OPTIONS...: the C libraries into PREFIX, then the program.
build_variant() {
  local dir=$1 prefix=$2 flags=$3
  shift 3
  build_giflib "$(src_of giflib)" 5.2.1-2.5+deb12u1 "$prefix" "$flags"
  build_libjpeg "$(src_of libjpeg-turbo)" 2.1.5-2 "$prefix" "$flags"
  emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-msimd128 -fexceptions${flags:+ $flags}" \
    -DCMAKE_C_FLAGS="-msimd128${flags:+ $flags}" -DCMAKE_EXE_LINKER_FLAGS="-fexceptions${flags:+ $flags}" \
    -DTCONV_BUILD_GPU=OFF -DTCONV_BUILD_TESTS=OFF \
    -DTCONV_WEB_IMGUI_DIR="$(src_of imgui)" \
    -DTCONV_WEB_STB_DIR="$(src_of libstb)" \
    -DTCONV_WEB_CLI11_DIR="$(src_of cli11)" \
    -DTCONV_WEB_KISSFFT_DIR="$(src_of kissfft)" \
    -DGIF_INCLUDE_DIR="$prefix/include" -DGIF_LIBRARY="$prefix/lib/libgif.a" \
    -DJPEG_INCLUDE_DIR="$prefix/include" -DJPEG_LIBRARY="$prefix/lib/libjpeg.a" \
    ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" --target tconv-lab-web
}

start=$(date +%s)
build_variant build-web "$cache/web-prefix" "" -DTCONV_WEB_THREADS=OFF
echo "built build-web/index.html in $(( $(date +%s) - start )) s"
ls -l build-web/index.html build-web/tconv-lab.js build-web/tconv-lab.wasm build-web/tconv-lab.data build-web/tconv-codec.js build-web/tconv-codec.wasm
rm -rf build-web/mt
if [[ ${TCONV_WEB_THREADS:-1} != 0 ]]; then
  start=$(date +%s)
  build_variant build-web-mt "$cache/web-prefix-mt" "-pthread" -DTCONV_WEB_THREADS=ON
  mkdir -p build-web/mt
  cp build-web-mt/tconv-lab.js build-web-mt/tconv-lab.worker.js build-web-mt/tconv-lab.wasm build-web-mt/tconv-lab.data build-web/mt/
  echo "built build-web/mt/ (threads) in $(( $(date +%s) - start )) s"
  ls -l build-web/mt
fi
