#!/usr/bin/env bash
# `npm test`: lint and format check (Biome), type-check, bundle, then every suite: unit and golden tests of the
# core (the layer-import test among them), protocol tests of the built server over stdio, CLI end-to-end tests,
# the webview in Chromium, and the real VS Code (code-server).
set -euo pipefail
cd "$(dirname "$0")/.."

# Lint first, but let the suites run: a violation fails the run at the end, after every test has reported.
echo "== lint (biome check: lint rules and formatting)"
lint=0
npm run --silent lint || lint=$?

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

if [ "$lint" -ne 0 ]; then
  echo "== lint failed (see the top of this run): npm run lint; npm run format fixes the formatting"
  exit "$lint"
fi
