#!/usr/bin/env bash
# The main job: set up, then analyse the bundled example goals and print one
# JSON line per goal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV="${GOALTEXT_VENV:-.venv}"
exec "$VENV/bin/goaltext" analyze --input src/goaltext/data/example_goals.jsonl "$@"
