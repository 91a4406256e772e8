"""The ``goaltext`` command line: the layer that reads and writes files.

The library (everything outside ``goaltext.cli``) never touches files or the
network; each command here parses its options, reads its input, calls the
library and writes the user's output. Goal texts go only to that output,
never to logs. Each command module registers itself on ``app`` when imported.
"""

from goaltext.cli import analyze, archive, models, serve, suggest  # noqa: F401
from goaltext.cli.app import app

__all__ = ["app"]
