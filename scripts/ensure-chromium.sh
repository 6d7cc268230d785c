#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (a browser download does not work here).
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  echo "==> Browser for the browser tests: $("$CHROMIUM" --version 2>/dev/null | head -1)"
else
  echo "==> Installing Debian's chromium for the browser tests"
  "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
fi
