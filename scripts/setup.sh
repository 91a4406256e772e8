#!/usr/bin/env bash
# Set up everything goaltext needs on a fresh machine: a virtual environment
# with the package and its development tools. Idempotent: a second run only
# checks that pyproject.toml has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${GOALTEXT_VENV:-.venv}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating virtual environment in $VENV"
    "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.goaltext-installed"
wanted="$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "setup: installing goaltext with its dev and dask extras"
    log="$VENV/pip-install.log"
    if ! { "$VENV/bin/python" -m pip install --upgrade pip && "$VENV/bin/python" -m pip install -e ".[dev,dask]"; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup: pip install failed (full log: $log)" >&2
        exit 1
    fi
    echo "$wanted" > "$stamp"
fi

# The install compiles the per-goal hot path with mypyc into extensions next
# to its sources (setup.py), and Python imports an extension before its
# source: after a source changes, its extension is rebuilt, or the change
# would not run.
stale=""
while IFS= read -r extension; do
    source="${extension%%.cpython-*}.py"
    if [ "$source" -nt "$extension" ]; then stale="$source"; fi
done < <(find src -name '*.cpython-*.so')
if [ -n "$stale" ]; then
    echo "setup: recompiling the hot path ($stale changed)"
    log="$VENV/pip-rebuild.log"
    if ! "$VENV/bin/python" -m pip install --no-deps -e . >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup: rebuilding the compiled modules failed (full log: $log)" >&2
        exit 1
    fi
    # All are current now, also those whose C code did not change (and
    # which the build therefore did not relink).
    find src -name '*.cpython-*.so' -exec touch {} +
fi

# da_core_news_sm is optional (pip install -e ".[da]" where its release URL is
# reachable); without it goaltext runs on spacy.blank("da") + lookup lemmas.
"$VENV/bin/python" -c "import goaltext, spacy; print('setup: goaltext ready, spaCy', spacy.__version__)"
