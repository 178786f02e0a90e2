#!/usr/bin/env bash
# `npm test`: type-check, bundle, then every suite: unit and golden tests of the core, protocol tests of the
# built server over stdio, CLI end-to-end tests, the webview in Chromium, and the real VS Code (code-server).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type-check"
npm run --silent typecheck
echo "== bundle"
npm run --silent build

# Node 20's test runner does not expand globs or pick up .ts files by itself.
mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/e2e/*' | sort)
echo "== ${#files[@]} test files"
node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"

if [ -x scripts/test-e2e.sh ] && [ "${1:-}" != "--no-e2e" ]; then
  echo "== end to end in VS Code (code-server)"
  scripts/test-e2e.sh
fi
