#!/usr/bin/env bash
# Installs the Debian 12 / Ubuntu packages tconv-lab needs, only those missing.
# Usage: bash scripts/install-deps.sh [--with-torch]   (--with-torch: PyTorch for the PyTorch-snippet
#        test, the benchmarks and the golden data; scripts/test.sh passes it)
set -euo pipefail
pkgs=(cmake g++ make pkg-config
      libglfw3-dev libimgui-dev libstb-dev catch2 libepoxy-dev libegl-dev libcli11-dev
      libgif-dev libkissfft-dev libjpeg-dev fonts-dejavu-core
      libgl1-mesa-dri libegl1-mesa libglx-mesa0 xvfb xauth)
# clang + its runtime for the libFuzzer targets run by the test suite.
pkgs+=(clang libclang-rt-14-dev)
# dpkg-shlibdeps for the .deb's dependencies (scripts/package.sh).
pkgs+=(dpkg-dev)
if [[ "${1:-}" == "--with-torch" ]]; then pkgs+=(python3-torch python3-numpy libopenblas0-pthread); fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi
echo "installing missing packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
  SUDO=sudo
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
