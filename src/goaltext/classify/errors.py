"""The error a model artefact raises when it cannot be used.

It lives apart from goaltext.classify.inference, which mypyc compiles
(setup.py): mypyc cannot compile a subclass of RuntimeError.
"""

from __future__ import annotations


class ModelError(RuntimeError):
    """A model artefact cannot be used; the message says why and what to do."""
