#!/usr/bin/env bash
# Quick start: the embedded default (chDB, PGlite, Temporal dev server, in-process worker)
# with demo data, on http://localhost:${PORT:-3000}. Sign in as admin@abi.local / abi-demo-admin.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh --runtime
export ABI_DEMO=1
export ABI_DATA_DIR=${ABI_DATA_DIR:-.data}
if [ -f scripts/demo-data.sh ]; then bash scripts/demo-data.sh; fi
exec node scripts/next.mjs dev
