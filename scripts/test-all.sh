#!/usr/bin/env bash
# The README's test command: unit + integration tests on embedded and server mode, then the
# browser suite. Starts the servers it needs and prints one closing "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh || exit 1
export ABI_TEST_DIR=${ABI_TEST_DIR:-$(mktemp -d /tmp/abi-test-XXXXXX)}
# shellcheck source=/dev/null
. scripts/test-services.sh || { echo "could not start the test services" >&2; exit 1; }
set +e
trap stop_test_services EXIT

reports="$ABI_TEST_DIR/reports"
mkdir -p "$reports"
status=0

echo "== typecheck"
npx tsc --noEmit -p . || { status=1; echo typecheck >>"$reports/failed-steps"; }

echo "== lint (import boundaries between layers; npm run lint)"
npx eslint . || { status=1; echo lint >>"$reports/failed-steps"; }

echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" || status=1

echo "== workflow and fault tests on Temporal (npm run test:temporal)"
npx vitest run -c vitest.temporal.config.ts --reporter=default --reporter=json --outputFile.json="$reports/vitest-temporal.json" || status=1

echo "== FOCUS output against the official validator (npm run focus:official-check)"
bash scripts/focus-official-check.sh || { status=1; echo "focus:official-check" >>"$reports/failed-steps"; }

echo "== browser tests (Playwright, production build)"
if node scripts/build-once.mjs >"$reports/build.log" 2>&1; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test -c e2e/playwright.config.ts --reporter=list,json || status=1
else
  tail -40 "$reports/build.log"; echo "next build failed" >&2; status=1; echo "next build" >>"$reports/failed-steps"
fi

node scripts/test-summary.mjs "$reports" || status=1
exit $status
