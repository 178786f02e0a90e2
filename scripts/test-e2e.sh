#!/usr/bin/env bash
# End-to-end tests in a real VS Code (docs/e2e.md), run by scripts/test.sh after the other suites:
#   1. package the extension (`npm run package` -> dist/cap-lens.vsix) and its browser build alone
#      (`npm run package:web` -> dist/cap-lens-web.vsix);
#   2. UI tests of the VSIX installed in code-server, driven in headless Chromium (test/e2e/ui.test.ts), and of
#      the browser build in code-server's web worker extension host (test/e2e/web.test.ts);
#   3. the extension-host suite, mocha with the `vscode` API, in the VS Code server inside code-server
#      (test/e2e/exthost.test.ts running test/e2e/suite);
#   4. `npm start` run as a user runs it, stopped by Ctrl-C, SIGTERM and a code-server crash (test/e2e/start.test.ts).
# Prerequisites come from scripts/setup-e2e.sh (run here too: it returns at once when all is present).
# Screenshots and logs: test-artifacts/e2e/. Exit code: 0 only if every test passed.
# Options: CAP_LENS_E2E_ONLY=ui|web|exthost|start runs one of them; CAP_LENS_E2E_SKIP_PACKAGE=1 reuses the VSIXs.
set -uo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
scripts/setup-e2e.sh >/dev/null || { echo "e2e: set-up failed (scripts/setup-e2e.sh)"; echo "e2e: 0 passed, 1 failed"; exit 1; }

# A failed packaging is one failure; the tests still run (the UI tests then fail on the missing VSIX, the
# extension-host suite runs from the repo's dist/), so one broken step does not hide the rest.
package_failed=0
if [ "${CAP_LENS_E2E_SKIP_PACKAGE:-}" != 1 ]; then
  echo "== package dist/cap-lens.vsix"
  rm -f dist/cap-lens.vsix
  log=$(mktemp)
  if npm run --silent package >"$log" 2>&1; then
    tail -n 1 "$log"
  else
    cat "$log"
    echo "e2e: packaging failed (npm run package)"
    package_failed=1
  fi
  # The browser build alone, from the production bundles just built.
  echo "== package dist/cap-lens-web.vsix"
  rm -f dist/cap-lens-web.vsix
  if [ "$package_failed" -eq 0 ] && node --import tsx scripts/package-web-vsix.ts --no-build >"$log" 2>&1; then
    tail -n 1 "$log"
  else
    cat "$log"
    echo "e2e: packaging the browser build failed (npm run package:web)"
    package_failed=1
  fi
  rm -f "$log"
fi

files=()
case "${CAP_LENS_E2E_ONLY:-}" in
  ui) files=(test/e2e/ui.test.ts) ;;
  web) files=(test/e2e/web.test.ts) ;;
  exthost) files=(test/e2e/exthost.test.ts) ;;
  start) files=(test/e2e/start.test.ts) ;;
  *) files=(test/e2e/ui.test.ts test/e2e/web.test.ts test/e2e/exthost.test.ts test/e2e/start.test.ts) ;;
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

# The closing summary of node:test (tests, not suites; one test per mocha test of the extension host).
count() { sed -n "s/^# $1 \([0-9]*\)\$/\1/p" "$tap" 2>/dev/null | tail -n 1; }
passed=$(count pass); failed=$(count fail); cancelled=$(count cancelled); skipped=$(count skipped)
passed=${passed:-0}; skipped=${skipped:-0}; failed=$(( ${failed:-0} + ${cancelled:-0} ))
if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
if [ "$package_failed" -ne 0 ]; then failed=$((failed + 1)); rc=1; fi
echo "e2e took $(( $(date +%s) - start )) s; screenshots and logs in test-artifacts/e2e/"
echo "e2e: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$rc"
