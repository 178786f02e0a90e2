#!/usr/bin/env bash
# End-to-end tests in a real VS Code (docs/e2e.md), run by scripts/test.sh after the other suites:
#   1. package the extension (`npm run package` -> dist/cap-lens.vsix);
#   2. UI tests of the VSIX installed in code-server, driven in headless Chromium (test/e2e/ui.test.ts);
#   3. the extension-host suite, mocha with the `vscode` API, in the VS Code server inside code-server
#      (test/e2e/exthost.test.ts running test/e2e/suite).
# Prerequisites come from scripts/setup-e2e.sh (run here too: it returns at once when all is present).
# Screenshots and logs: test-artifacts/e2e/. Exit code: 0 only if every test passed.
# Options: CAP_LENS_E2E_ONLY=ui|exthost runs one of the two; CAP_LENS_E2E_SKIP_PACKAGE=1 reuses the VSIX.
set -uo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
scripts/setup-e2e.sh >/dev/null || { echo "e2e: set-up failed (scripts/setup-e2e.sh)"; exit 1; }

if [ "${CAP_LENS_E2E_SKIP_PACKAGE:-}" != 1 ]; then
  echo "== package dist/cap-lens.vsix"
  if ! npm run --silent package >/tmp/cap-lens-e2e-package.$$.log 2>&1; then
    cat /tmp/cap-lens-e2e-package.$$.log
    rm -f /tmp/cap-lens-e2e-package.$$.log
    echo "e2e: packaging failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
  tail -n 2 /tmp/cap-lens-e2e-package.$$.log
  rm -f /tmp/cap-lens-e2e-package.$$.log
fi

files=()
case "${CAP_LENS_E2E_ONLY:-}" in
  ui) files=(test/e2e/ui.test.ts) ;;
  exthost) files=(test/e2e/exthost.test.ts) ;;
  *) files=(test/e2e/ui.test.ts test/e2e/exthost.test.ts) ;;
esac

rm -rf test-artifacts/e2e
mkdir -p test-artifacts/e2e
tap=test-artifacts/e2e/results.tap
# One at a time: each file runs its own code-server and Chromium on a 2-core machine.
node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${files[@]}"
rc=$?

# node:test's TAP summary counts the top-level tests and every subtest (one per mocha test).
passed=$(grep -cE '^\s*ok [0-9]+ ' "$tap" 2>/dev/null || true)
failed=$(grep -cE '^\s*not ok [0-9]+ ' "$tap" 2>/dev/null || true)
skipped=$(grep -cE '^\s*ok [0-9]+ .*# SKIP' "$tap" 2>/dev/null || true)
passed=$((${passed:-0} - ${skipped:-0}))
if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "e2e took $(( $(date +%s) - start )) s; screenshots and logs in test-artifacts/e2e/"
echo "e2e: ${passed} passed, ${failed} failed, ${skipped:-0} skipped"
exit "$rc"
