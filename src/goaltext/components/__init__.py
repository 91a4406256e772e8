"""spaCy components of goaltext; importing this package registers their factories."""

from goaltext.classify import component as classifier
from goaltext.components import consequence, criterion, follow_up, labeler, lemmatizer, time, vague

__all__ = ["classifier", "consequence", "criterion", "follow_up", "labeler", "lemmatizer", "time", "vague"]
