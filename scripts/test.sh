#!/usr/bin/env bash
# Run every check on a fresh machine: set-up, the browser for the browser
# tests, ruff, and pytest (which also runs the notebooks and the fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/browser.sh
VENV="${GOALTEXT_VENV:-.venv}"

echo "test: ruff"
"$VENV/bin/ruff" check src api tests benchmarks annotations scripts
"$VENV/bin/ruff" format --check src api tests benchmarks annotations scripts

echo "test: pytest"
set +e
"$VENV/bin/python" -m pytest -q "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "test: pytest collected no tests" >&2
    exit 0
fi
exit "$status"
