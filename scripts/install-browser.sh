#!/usr/bin/env bash
# Installs Debian's Chromium for tests/e2e/browser.e2e.test.ts, which drives it with playwright-core.
# We use the distribution's package rather than `playwright install` so that nothing downloads a browser
# from outside the package manager. Idempotent: does nothing when the browser is already there.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM_PATH" ]]; then
  echo "install-browser: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH") already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium at $CHROMIUM_PATH yourself" >&2
  exit 1
fi

# Root (the usual CI container) runs apt-get directly; anyone else needs sudo.
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo --non-interactive)
  else
    echo "install-browser: not root and no sudo: cannot install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing chromium with apt-get"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x "$CHROMIUM_PATH" ]]; then
  echo "install-browser: chromium was installed but $CHROMIUM_PATH is missing" >&2
  exit 1
fi
echo "install-browser: $("$CHROMIUM_PATH" --version 2>/dev/null) installed"
