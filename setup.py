"""Builds goaltext, with its per-goal hot path compiled by mypyc.

Everything else is in pyproject.toml. The modules in ``COMPILED`` run for
every goal (the extractors, the classifier's glue, the summary); mypyc turns
their typed Python into C extensions, which give the same analyses in
13-17 % less time (benchmarks/throughput.py). Compiling is optional:

- ``GOALTEXT_PURE=1`` builds pure Python (for profiling and debugging);
- where no C compiler is found the build goes on without the extensions
  (``optional``), and the same sources run as plain Python.

mypy type-checks these modules while compiling them, and the compiled code
checks the declared types at run time; ``[tool.mypy]`` in pyproject.toml
holds the settings. Changed sources need a rebuild (``scripts/setup.sh``
does it); ``tests/conftest.py`` refuses to run the tests on stale
extensions.
"""

from __future__ import annotations

import os

from setuptools import setup

# Relative to src/. Not compiled: data_files.py (pydantic models, which mypyc
# cannot compile), classify/errors.py (a subclass of RuntimeError, which
# mypyc cannot compile either), components/lemmatizer.py (its error class,
# likewise; it works through numpy, so compiling it would gain little), and
# pipeline.py (compiled, ``Analyzer.analyze`` would refuse a non-string with
# mypyc's own "str object expected" before goaltext's clearer message).
COMPILED = [
    "goaltext/evidence.py",
    "goaltext/language.py",
    "goaltext/normalize.py",
    "goaltext/prefilter.py",
    "goaltext/summary.py",
    "goaltext/classify/component.py",
    "goaltext/classify/features.py",
    "goaltext/classify/inference.py",
    "goaltext/components/base.py",
    "goaltext/components/batching.py",
    "goaltext/components/consequence.py",
    "goaltext/components/criterion.py",
    "goaltext/components/follow_up.py",
    "goaltext/components/labeler.py",
    "goaltext/components/time.py",
    "goaltext/components/vague.py",
]


def compiled_extensions() -> list:
    if os.environ.get("GOALTEXT_PURE") == "1":
        return []
    from mypyc.build import mypycify

    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(here)  # mypyc reads [tool.mypy] from the project's pyproject.toml
    sources = [os.path.join("src", path) for path in COMPILED]
    extensions = mypycify(sources, opt_level="3", group_name="goaltext_hot_path")
    for extension in extensions:
        extension.optional = True  # no compiler: the pure Python modules stay in use
    return extensions


setup(ext_modules=compiled_extensions())
