#!/usr/bin/env bash
# `npm install` in the current directory that fails when it changes package-lock.json: the lock
# must be exactly what package.json asks for, so CI installs what was committed and reviewed.
# Extra arguments go to npm (the test passes --package-lock-only --ignore-scripts).
set -euo pipefail
lock_sum() { [ -f package-lock.json ] && sha256sum package-lock.json | cut -d' ' -f1 || echo none; }
before=$(lock_sum)
npm install --no-audit --no-fund --loglevel=error "$@"
after=$(lock_sum)
if [ "$before" != "$after" ]; then
  cat >&2 <<'MSG'
npm install changed package-lock.json: the committed lock file is out of step with package.json.
Fix: run `npm install` on your machine, review `git diff package-lock.json`, and commit
package.json together with package-lock.json (the updated lock is now in this working tree).
MSG
  exit 1
fi
