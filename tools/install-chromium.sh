#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the browser tests when they are absent. The
# browser comes from the distribution's packages, never from a download step of a test library.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    exec sudo -n "$0" "$@"
  fi
  echo "facefare: the browser tests need Debian's chromium and chromium-driver;" \
    "install them with: apt-get install -y chromium chromium-driver (as root)" >&2
  exit 1
fi
echo "facefare: installing chromium and chromium-driver (Debian packages) for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
