#!/usr/bin/env bash
# Shared by the builds for other platforms (scripts/build-windows.sh, scripts/build-web.sh): fetches
# Debian source packages into a cache outside git and checks them. Source it, then call
#   fetch_source NAME VERSION SHA256      # e.g. fetch_source glfw3 3.3.8-1 <sha256 of the .orig tarball>
#   debian_source_dir NAME VERSION        # prints the unpacked folder
# The package is downloaded with apt's source download through a private apt configuration (a
# deb-src entry of Debian 12 "bookworm" in the cache; the system's /etc/apt is not changed). Its
# original tarball is checked against the sha256 pinned by the caller and the one its .dsc states,
# then unpacked with dpkg-source, which applies Debian's patches (the same code the Debian
# packages hold).
# TCONV_ORIG_ONLY=1 fetch_source ...: when the mirror has the .dsc and the checked original tarball
# but not Debian's .debian.tar (seen for libepoxy 1.5.10-1), unpack the original tarball alone.
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab (src/dl: downloads, src/NAME-VERSION: unpacked
# sources, apt/: the private apt configuration and index).
tconv_cache=${XDG_CACHE_HOME:-$HOME/.cache}/tconv-lab
tconv_apt_dir=$tconv_cache/apt

setup_private_apt() {
  mkdir -p "$tconv_apt_dir"/lists/partial "$tconv_apt_dir"/cache/archives/partial \
    "$tconv_apt_dir"/etc/sources.list.d "$tconv_apt_dir"/etc/preferences.d
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
    >"$tconv_apt_dir/etc/sources.list"
  cat >"$tconv_apt_dir/apt.conf" <<APTCONF
Dir::Etc::SourceList "$tconv_apt_dir/etc/sources.list";
Dir::Etc::SourceParts "$tconv_apt_dir/etc/sources.list.d";
Dir::Etc::PreferencesParts "$tconv_apt_dir/etc/preferences.d";
Dir::State::Lists "$tconv_apt_dir/lists";
Dir::Cache "$tconv_apt_dir/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::Sandbox::User "$(id -un)";
APTCONF
}

debian_source_dir() { local v=$2; echo "$tconv_cache/src/$1-${v#*:}"; }

# Downloads (once) and unpacks (once) one source package into $(debian_source_dir NAME VERSION).
fetch_source() {
  local name=$1 version=$2 sha=$3
  local dir
  dir=$(debian_source_dir "$name" "$version")
  [[ -f $dir/.tconv-ok ]] && return 0
  mkdir -p "$tconv_cache/src/dl"
  local upstream=${version#*:}
  upstream=${upstream%-*}
  local dsc=$tconv_cache/src/dl/${name}_${upstream}-${version##*-}.dsc
  if ! ls "$tconv_cache"/src/dl/"${name}_${upstream}".orig.tar.* >/dev/null 2>&1 || [[ ! -f $dsc ]]; then
    if [[ ! -f $tconv_apt_dir/apt.conf ]] || ! compgen -G "$tconv_apt_dir/lists/*Sources*" >/dev/null; then
      setup_private_apt
      echo "apt (private configuration $tconv_apt_dir/apt.conf): fetching the source index"
      APT_CONFIG=$tconv_apt_dir/apt.conf apt-get update -q >/dev/null ||
        { echo "error: could not download Debian's source index (network?). Retry, or put the files into $tconv_cache/src/dl." >&2; exit 2; }
    fi
    echo "apt: downloading the source package $name=$version"
    if ! (cd "$tconv_cache/src/dl" && APT_CONFIG=$tconv_apt_dir/apt.conf apt-get source -q --download-only "$name=$version" >/dev/null); then
      if [[ -z ${TCONV_ORIG_ONLY:-} ]] || ! ls "$tconv_cache"/src/dl/"${name}_${upstream}".orig.tar.* >/dev/null 2>&1 || [[ ! -f $dsc ]]; then
        echo "error: could not download the Debian source package $name=$version. Check the network and retry." >&2
        exit 2
      fi
      echo "apt: only the .dsc and the original tarball of $name=$version could be downloaded; using them without Debian's patches"
    fi
  fi
  local orig got
  orig=$(ls "$tconv_cache"/src/dl/"${name}_${upstream}".orig.tar.* | head -n1)
  got=$(sha256sum "$orig" | cut -d' ' -f1)
  if [[ $got != "$sha" ]]; then
    echo "error: $orig has sha256 $got, expected $sha. Delete it and run again (a damaged or changed download)." >&2
    exit 2
  fi
  if ! grep -q "^ $sha [0-9]* $(basename "$orig")\$" "$dsc"; then
    echo "error: $(basename "$orig") does not match the sha256 in $(basename "$dsc"). Delete $tconv_cache/src/dl and run again." >&2
    exit 2
  fi
  rm -rf "$dir" "$dir.tmp"
  if [[ -n ${TCONV_ORIG_ONLY:-} ]] && ! ls "$tconv_cache"/src/dl/"${name}_${version#*:}".debian.tar.* >/dev/null 2>&1; then
    mkdir -p "$dir.tmp" && tar -xf "$orig" -C "$dir.tmp" --strip-components=1
  else
    (cd "$tconv_cache/src" && dpkg-source --no-check -x "$dsc" "$dir.tmp" >/dev/null)
  fi
  mv "$dir.tmp" "$dir"
  touch "$dir/.tconv-ok"
}
