"""spaCy components of goaltext; importing this package registers their factories."""

from goaltext.components import consequence, criterion, follow_up, labeler, time, vague

__all__ = ["consequence", "criterion", "follow_up", "labeler", "time", "vague"]
