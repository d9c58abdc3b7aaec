#!/usr/bin/env bash
# The test suite needs three things from the operating system, not from npm:
#   - Debian's chromium, for the browser tests (packages/browser/test/chromium.test.ts);
#   - python3 with `requests` and curl, to run list-jobs.md's own examples against the emulator.
# pnpm runs scripts with node's directory first on PATH, so the python3 found here is the same one
# the tests find. When something is missing and this is a Debian machine where we are root, it is
# installed with apt-get; otherwise the script says what to install and fails.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
python3 -c "import requests" >/dev/null 2>&1 || missing+=(python3-requests)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "The test suite needs these system packages: ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})." >&2
echo "Or point CHROMIUM_PATH at a Chromium or Chrome binary." >&2
exit 1
