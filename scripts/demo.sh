#!/usr/bin/env bash
# Quick start: the embedded default (chDB, PGlite, Temporal dev server, in-process worker) with
# demo data, served as a production build on every interface, port ${PORT:-3000}.
# Sign in as admin@abi.local / abi-demo-admin.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh --runtime
export ABI_DEMO=1
export ABI_DATA_DIR=${ABI_DATA_DIR:-.data}
# `next build` on the first start and whenever the sources changed since; otherwise reused.
node scripts/build-once.mjs
# A year of generated Azure EA data, ingested through the normal path (skipped when data exists).
node bin/abi.mjs seed --months 12 --rows-per-day 300 --if-empty
echo "demo: ABI on http://localhost:${PORT:-3000} (and this machine's other addresses)"
exec node scripts/next.mjs start
