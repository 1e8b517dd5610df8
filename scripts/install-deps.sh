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

exec bash "$(dirname "$0")/apt-missing.sh" "${pkgs[@]}"
