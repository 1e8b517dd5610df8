#!/usr/bin/env bash
# Cross-compiles tconv-lab for 64-bit Windows with Debian's mingw-w64:
#   bash scripts/build-windows.sh     # -> build-windows/tconv-lab.exe and build-windows/tconv-lab-windows.zip
#   TCONV_WIN_JOBS=N                  # parallel compile jobs (default 2)
#   TCONV_WIN_TESTS=1                 # also build the Catch2 tests as .exe (scripts/test.sh runs them under wine)
#
# Where things come from:
#   - The compiler: Debian's g++-mingw-w64-x86-64-posix (installed when missing, with cmake and zip).
#   - Libraries without Debian mingw packages (Dear ImGui 1.86, GLFW, giflib, libjpeg-turbo,
#     kissfft, libepoxy) are compiled from their Debian source packages (the versions the Linux
#     build links), fetched and checked by scripts/fetch-debian-source.sh into
#     ${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab (sources in src/, the Windows builds in win-build/
#     and win-prefix/). Nothing lands in git.
#   - Header-only libraries (stb, CLI11, Catch2) are Debian's headers in /usr/include, each reached
#     through its own folder of the prefix (never all of /usr/include).
# The exe links libstdc++, libgcc and winpthread statically. libepoxy is the one DLL
# (libepoxy-0.dll, next to the exe): on Windows it sets up its per-thread tables in DllMain, which
# a static copy never runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${TCONV_WIN_JOBS:-2}
# shellcheck source=fetch-debian-source.sh
source scripts/fetch-debian-source.sh
cache=$tconv_cache

# ---------------------------------------------------------------- packages
pkgs=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-tools cmake make dpkg-dev xz-utils
      python3 zip libstb-dev libcli11-dev catch2)
[[ ${TCONV_WIN_TESTS:-0} == 1 ]] && pkgs+=(wine64)
bash scripts/apt-missing.sh "${pkgs[@]}"
CC=x86_64-w64-mingw32-gcc-posix
AR=x86_64-w64-mingw32-ar

# ---------------------------------------------------------------- Debian sources
# name, version, sha256 of the original tarball (as in the .dsc of Debian 12 "bookworm").
sources=(
  "imgui 1.86+ds-1 0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64"
  "glfw3 3.3.8-1 f30f42e05f11e5fc62483e513b0488d5bceeab7d9c5da0ffe2252ad81816c713"
  "giflib 5.2.1-2.5+deb12u1 31da5562f44c5f15d63340a09a4fd62b48c45620cd302f77a6d9acf0077879bd"
  "libjpeg-turbo 1:2.1.5-2 254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c"
  "kissfft 131.1.0-4.1~deb12u1 76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a"
  "libepoxy 1.5.10-1 a7ced37f4102b745ac86d6a70a9da399cc139ff168ba6b8002b4d8d43c900c15"
)
for s in "${sources[@]}"; do
  # shellcheck disable=SC2086
  if [[ $s == libepoxy* ]]; then
    # Debian's mirror here lacks libepoxy_1.5.10-1.debian.tar.xz (404); its patches do not touch
    # the Windows code, so the checked original tarball alone is used when that file is missing.
    TCONV_ORIG_ONLY=1 fetch_source $s
  else
    fetch_source $s
  fi
done
src_of() {
  local s n v
  for s in "${sources[@]}"; do read -r n v _ <<<"$s"; [[ $n == "$1" ]] && debian_source_dir "$n" "$v"; done
  return 0
}
ver_of() {
  local s n v
  for s in "${sources[@]}"; do read -r n v _ <<<"$s"; [[ $n == "$1" ]] && echo "${v#*:}"; done
  return 0
}

# ---------------------------------------------------------------- libraries, once per version
prefix=$cache/win-prefix
wbuild=$cache/win-build
export TCONV_WIN_PREFIX=$prefix
toolchain=$root/scripts/mingw-w64.cmake
mkdir -p "$prefix/lib" "$prefix/include" "$prefix/bin" "$wbuild"

done_once() { [[ -f $prefix/.$1-$(ver_of "$1") ]]; }
mark_done() { touch "$prefix/.$1-$(ver_of "$1")"; }

cmake_dep() {  # name, extra cmake arguments...
  local name=$1; shift
  done_once "$name" && return 0
  echo "building $name $(ver_of "$name") for Windows"
  rm -rf "$wbuild/$name"
  cmake -S "$(src_of "$name")" -B "$wbuild/$name" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_INSTALL_INCLUDEDIR=include -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
  cmake --build "$wbuild/$name" -j"$jobs" >/dev/null
  cmake --install "$wbuild/$name" >/dev/null
  mark_done "$name"
}

cmake_dep glfw3 -DGLFW_BUILD_EXAMPLES=OFF -DGLFW_BUILD_TESTS=OFF -DGLFW_BUILD_DOCS=OFF
cmake_dep libjpeg-turbo -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF
cmake_dep kissfft -DKISSFFT_DATATYPE=float -DKISSFFT_STATIC=ON -DKISSFFT_TEST=OFF -DKISSFFT_TOOLS=OFF \
  -DKISSFFT_PKGCONFIG=OFF -DKISSFFT_OPENMP=OFF

if ! done_once giflib; then
  echo "building giflib $(ver_of giflib) for Windows"
  obj=$wbuild/giflib
  rm -rf "$obj" && mkdir -p "$obj"
  # The library's objects of giflib's Makefile (LIBOBJECTS), not its tools.
  for f in dgif_lib egif_lib gifalloc gif_err gif_font gif_hash openbsd-reallocarray quantize; do
    $CC -O2 -w -c "$(src_of giflib)/$f.c" -o "$obj/$f.o"
  done
  rm -f "$prefix/lib/libgif.a"
  $AR rcs "$prefix/lib/libgif.a" "$obj"/*.o
  cp "$(src_of giflib)/gif_lib.h" "$prefix/include/"
  mark_done giflib
fi

if ! done_once libepoxy; then
  # libepoxy's own build is meson; its steps for Windows are few: generate the GL and WGL dispatch
  # code from the Khronos registries it ships, then compile it as a DLL.
  echo "building libepoxy $(ver_of libepoxy) for Windows (DLL)"
  src=$(src_of libepoxy)
  obj=$wbuild/libepoxy
  rm -rf "$obj" && mkdir -p "$obj/include/epoxy" "$obj/src"
  for api in gl wgl; do
    python3 "$src/src/gen_dispatch.py" --header --no-source --outputdir="$obj/include/epoxy" "$src/registry/$api.xml"
    python3 "$src/src/gen_dispatch.py" --source --no-header --outputdir="$obj/src" "$src/registry/$api.xml"
  done
  printf '#define ENABLE_GLX 0\n#define ENABLE_EGL 0\n#define ENABLE_X11 0\n#define DLL_EXPORT 1\n#define EPOXY_PUBLIC __declspec(dllexport) extern\n' >"$obj/config.h"
  $CC -O2 -w -shared -static-libgcc -I"$obj" -I"$obj/include" -I"$src/include" -I"$src/src" \
    "$src/src/dispatch_common.c" "$src/src/dispatch_wgl.c" "$obj/src/gl_generated_dispatch.c" \
    "$obj/src/wgl_generated_dispatch.c" -o "$prefix/bin/libepoxy-0.dll" \
    -Wl,--out-implib,"$prefix/lib/libepoxy.dll.a" -lopengl32 -lgdi32
  mkdir -p "$prefix/include/epoxy"
  cp "$src"/include/epoxy/{common.h,gl.h,wgl.h} "$obj"/include/epoxy/*.h "$prefix/include/epoxy/"
  mark_done libepoxy
fi

if ! done_once imgui; then
  # The files Debian's libimgui-dev archive holds: the core, the GLFW and OpenGL 3 backends.
  echo "building Dear ImGui $(ver_of imgui) for Windows"
  src=$(src_of imgui)
  obj=$wbuild/imgui
  rm -rf "$obj" && mkdir -p "$obj"
  for f in imgui imgui_draw imgui_tables imgui_widgets imgui_demo backends/imgui_impl_glfw backends/imgui_impl_opengl3; do
    x86_64-w64-mingw32-g++-posix -O2 -w -I"$src" -I"$prefix/include" -c "$src/$f.cpp" -o "$obj/$(basename "$f").o"
  done
  rm -f "$prefix/lib/libimgui.a"
  $AR rcs "$prefix/lib/libimgui.a" "$obj"/*.o
  mkdir -p "$prefix/include/imgui/backends"
  cp "$src"/*.h "$prefix/include/imgui/"
  cp "$src"/backends/imgui_impl_{glfw,opengl3,opengl3_loader}.h "$prefix/include/imgui/backends/"
  mark_done imgui
fi

# Header-only Debian packages, each through a folder of its own with a CMake package the project's
# find_package finds (the host's config packages would add all of /usr/include).
shim=$prefix/header-only
mkdir -p "$shim/cli11/include" "$shim/catch2/include" "$prefix/lib/cmake/CLI11" "$prefix/lib/cmake/Catch2"
ln -sfn /usr/include/CLI "$shim/cli11/include/CLI"
ln -sfn /usr/include/catch2 "$shim/catch2/include/catch2"
cat >"$prefix/lib/cmake/CLI11/CLI11Config.cmake" <<CFG
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$shim/cli11/include")
endif()
CFG
cat >"$prefix/lib/cmake/Catch2/Catch2Config.cmake" <<CFG
set(Catch2_VERSION 2.13.10)
if(NOT TARGET Catch2::Catch2)
  add_library(Catch2::Catch2 INTERFACE IMPORTED)
  set_target_properties(Catch2::Catch2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$shim/catch2/include")
endif()
CFG
cp /usr/lib/cmake/Catch2/Catch.cmake /usr/lib/cmake/Catch2/CatchAddTests.cmake "$prefix/lib/cmake/Catch2/"
printf 'set(PACKAGE_VERSION 2.13.10)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' >"$prefix/lib/cmake/Catch2/Catch2ConfigVersion.cmake"

# ---------------------------------------------------------------- tconv-lab
start=$(date +%s)
# With TCONV_WIN_TESTS=1 the core and io Catch2 tests are built too; CTest's test discovery runs
# them at build time, through wine64.
tests=(-DTCONV_BUILD_TESTS=OFF)
targets=(--target tconv-lab)
if [[ ${TCONV_WIN_TESTS:-0} == 1 ]]; then
  # Debian's wine64 package has the loader in /usr/lib/wine (the `wine` package adds /usr/bin/wine64).
  wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
  [[ -x $wine ]] || { echo "error: TCONV_WIN_TESTS=1 needs wine64: apt-get install wine64" >&2; exit 2; }
  export WINEDEBUG=${WINEDEBUG:--all} WINEPREFIX=${WINEPREFIX:-$cache/wine}
  tests=(-DTCONV_BUILD_TESTS=ON -DCMAKE_CROSSCOMPILING_EMULATOR="$wine")
  targets+=(test_core test_io)
fi
cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON \
  -DSTB_INCLUDE_DIR=/usr/include/stb "${tests[@]}" \
  ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} \
  ${CMAKE_C_COMPILER_LAUNCHER:+-DCMAKE_C_COMPILER_LAUNCHER=$CMAKE_C_COMPILER_LAUNCHER} >/dev/null
cmake --build build-windows -j"$jobs" "${targets[@]}"
cp "$prefix/bin/libepoxy-0.dll" build-windows/
echo "built build-windows/tconv-lab.exe in $(( $(date +%s) - start )) s"

# ---------------------------------------------------------------- zip
stage=build-windows/zip/tconv-lab
rm -rf build-windows/zip && mkdir -p "$stage"
cp build-windows/tconv-lab.exe build-windows/libepoxy-0.dll README.md LICENSE THIRD_PARTY.md "$stage/"
cp -r assets "$stage/assets"
rm -rf "$stage/assets/screenshots" "$stage/assets/icons" "$stage"/assets/*.desktop
cp -r shaders "$stage/shaders"
rm -f build-windows/tconv-lab-windows.zip
(cd build-windows/zip && zip -qr ../tconv-lab-windows.zip tconv-lab)
ls -l build-windows/tconv-lab.exe build-windows/tconv-lab-windows.zip
