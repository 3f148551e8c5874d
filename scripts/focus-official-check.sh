#!/usr/bin/env bash
# Cross-checks ABI's FOCUS output with the official validator (PyPI focus-validator 2.2.1):
# installs it in a venv, exports FOCUS rows of several datasets to Parquet, runs it, parses its JUnit XML and fails on
# any failure that is not a documented validator defect (docs/focus-validator-defects.md) or a dataset's
# proven source-data defect (test/focus-official/source-defects.ts).
# Usage: scripts/focus-official-check.sh [--dataset NAME]... [--ingest "F1 F2"] [--csv FOCUS.csv] [--keep DIR]
# Datasets: test/focus-official/datasets.ts; proofs of the allowed failures: test/focus-official/defect-proofs.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${FOCUS_VALIDATOR_VENV:-.data/focus-validator-venv}
case $VENV in /*) ;; *) VENV="$PWD/$VENV" ;; esac
VERSION=2.2.1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail_install() {
  echo "focus-official-check: cannot install focus-validator $VERSION: $1" >&2
  echo "--- exact error ---" >&2
  tail -n 20 "$log" >&2
  exit 2
}

# The package declares Python >= 3.12: prefer a real 3.12+, else try 3.11 with --ignore-requires-python.
pick_python() {
  for cand in python3.13 python3.12; do
    if "$cand" -c 'import sys' >/dev/null 2>&1; then command -v "$cand"; return; fi
  done
  for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
    [ -x "$dir/bin/python3" ] && { echo "$dir/bin/python3"; return; }
  done
  command -v python3
}

if ! "$VENV/bin/python" -c "import focus_validator, pyarrow" >/dev/null 2>&1; then
  py=$(pick_python) || fail_install "no python3 found"
  extra=()
  "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || extra=(--ignore-requires-python)
  echo "focus-official-check: installing focus-validator $VERSION with $("$py" --version 2>&1) into $VENV"
  rm -rf "$VENV"
  "$py" -m venv "$VENV" >"$log" 2>&1 || fail_install "python -m venv failed"
  # pyarrow >= 21 needs NumPy 2, but focus-validator pins numpy ^1.26 and leaves pyarrow unpinned.
  "$VENV/bin/pip" install -q "${extra[@]}" "focus-validator==$VERSION" "pyarrow<21" >"$log" 2>&1 || fail_install "pip install failed"
  "$VENV/bin/python" -c "import focus_validator, pyarrow" >"$log" 2>&1 || fail_install "the installed validator does not import"
fi

export FOCUS_VALIDATOR_BIN="$VENV/bin/focus-validator"
# The validator opens focus_validator/rules/currency_codes.csv relative to the working directory.
FOCUS_VALIDATOR_CWD=$("$VENV/bin/python" -c 'import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))')
export FOCUS_VALIDATOR_CWD
exec npx tsx scripts/focus-official-check.ts "$@"
