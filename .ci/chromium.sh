#!/usr/bin/env bash
# Installs Debian's headless browser for the beacon's DashboardBrowserIT when it is missing:
# chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). The test itself
# downloads nothing (no Selenium Manager). Any failure is fatal: CI must not pass without the
# browser test.
set -euo pipefail
present() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }
if present; then
  exit 0
fi
echo "installing chromium and chromium-driver from the distribution's packages" >&2
as_root=()
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
fi
apt_get() { ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get "$@" >&2; }
install() { apt_get install -y -qq --no-install-recommends chromium chromium-driver; }
if ! install; then
  apt_get update -qq
  install
fi
if ! present; then
  echo "chromium.sh: /usr/bin/chromium or /usr/bin/chromedriver is still missing" >&2
  exit 1
fi
