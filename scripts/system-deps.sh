#!/usr/bin/env bash
# Debian packages the app needs beyond Python: fonts and Pango for chart/PDF exports in every script
# (Thai, Chinese, Arabic), plus Chromium and poppler for the browser tests and PostgreSQL for the store tests
# (the suite starts a throw-away cluster from it when no server is listening). Installs only what is missing.
set -euo pipefail
mode="${1:-run}"
packages=(fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$mode" = "test" ]; then
  packages+=(chromium poppler-utils postgresql)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
