#!/usr/bin/env bash
# One command from a fresh clone to a machine that can run `npm test`: system packages, npm packages,
# and (from scripts/setup-e2e.sh) the code-server build the end-to-end suite drives. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund

if [ -x scripts/setup-e2e.sh ]; then scripts/setup-e2e.sh; fi
