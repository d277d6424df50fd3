#!/usr/bin/env bash
# Installs the Debian packages Qt, QtWebEngine, Xvfb screenshots and the Japanese font need
# (measured on a bare Debian 12: ../shared/STACK.md). Skips apt when all are present.
set -euo pipefail
pkgs=(python3-venv python3-pip make
  libgl1 libegl1 libgl1-mesa-dri libegl-mesa0 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libnss3 libnspr4 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libgssapi-krb5-2
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  fonts-ipaexfont-gothic poppler-utils chromium)
# Debian 13 renamed libasound2.
if apt-cache show libasound2t64 >/dev/null 2>&1; then pkgs+=(libasound2t64); else pkgs+=(libasound2); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
