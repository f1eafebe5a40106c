#!/usr/bin/env bash
# `npm test`: type check, Vitest, then Playwright against `next build && next start` on the embedded default.
# Ends with one line `N passed, N failed` summing every test that ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .test-results
rm -f .test-results/*.json

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Chromium not found: installing Debian's chromium package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -x "$chromium" ]; then
    echo "Chromium is needed for the browser tests. Install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

status=0
echo "== type check"
npx tsc --noEmit || status=1

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json || status=1

echo "== next build"
if npx next build > .test-results/next-build.log 2>&1; then
  echo "== playwright"
  npx playwright test || status=1
else
  tail -40 .test-results/next-build.log
  echo "next build failed" >&2
  status=1
fi

node scripts/test-summary.mjs .test-results/vitest.json .test-results/playwright.json || status=1
exit $status
