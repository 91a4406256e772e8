#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (needs root or an
# existing install). Playwright drives it through its executable path; it
# never downloads a browser of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "browser: chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
fi
echo "browser: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version
