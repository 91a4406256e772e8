"""What the goal-taking routers share: the text checks the schema cannot do,
because their limit is configured per service."""

from __future__ import annotations

from goaltext_api.errors import ApiError, ErrorDetail, detail
from goaltext_api.schemas import is_blank


def text_problem(text: str, limit: int, field: str = "text") -> ErrorDetail | None:
    """Why a goal text cannot be analysed (empty, or over the configured length), or None."""
    if is_blank(text):
        return detail("empty_text", field)
    if len(text) > limit:
        return detail("text_too_long", field, limit=limit)
    return None


def check_text(text: str, limit: int, field: str = "text") -> None:
    """Refuse the request (422) when its one goal text cannot be analysed."""
    problem = text_problem(text, limit, field)
    if problem is not None:
        raise ApiError(problem.code, field, limit=limit)
