#!/usr/bin/env bash
# The main job: set up, then start the HTTP service with the trainers' page
# (http://127.0.0.1:8000/, API under /v1, docs at /docs). Options go to
# `goaltext serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV="${GOALTEXT_VENV:-.venv}"
exec "$VENV/bin/goaltext" serve "$@"
