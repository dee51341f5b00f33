"""Rows of a council's plan that are not actions, and text inside cells that
carries structure: priority and theme headings, two numbered actions in one
cell. Pure functions. (Refs and recommendation numbers inside the text are
rules/action_text.py.)
"""

from __future__ import annotations

import itertools
import re

from ..rules.action_text import leading_ref

_PRIORITY = re.compile(
    r"^\s*(?:priority|theme|section|workstream|domain|pillar|strand|objective)\b"
    r"(?:\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|[ivx]+))?\b",
    re.I,
)
# A numbered action inside a cell: a ref after a sentence or line break, then a capital.
_INNER_REF = re.compile(
    r"(?:(?<=[.;:!?])|(?<=\n))\s*(?<![\d.])(\d{1,3}(?:\.\d{1,3}){1,3})[.)]?\s+(?=[A-Z])"
)
_INNER_REF_LOOSE = re.compile(r"\s(\d{1,3}(?:\.\d{1,3}){2,3})[.)]?\s+(?=[A-Z])")


def priority_title(text: str) -> str | None:
    """The heading a priority or theme row starts, or None.

    "PRIORITY ONE - People and Leadership: To provide ..." -> "PRIORITY ONE - People and
    Leadership"; "THEME 2: QUALITY AND EFFECTIVENESS ..." -> "THEME 2: QUALITY AND ...".
    """
    if not _PRIORITY.match(text or ""):
        return None
    text = " ".join(text.split())
    head, sep, rest = text.partition(":")
    rest = rest.strip()
    # "THEME 2: QUALITY AND EFFECTIVENESS ..." keeps its short name; "Priority 1: Urgently
    # review ICRT and take action to ..." (a sentence) and "PRIORITY ONE - People and
    # Leadership: To provide ..." stop at the colon.
    if (
        sep
        and re.fullmatch(r"\s*\w+\s+[\w]+\s*", head)
        and rest
        and len(rest) <= 80
        and not rest.endswith(".")
    ):
        return f"{head.strip()}: {rest}"
    return _words(head.strip() or text, 90)


def _words(text: str, limit: int) -> str:
    """text cut to at most `limit` characters at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def split_numbered(text: str) -> list[tuple[str, str]]:
    """One cell holding two numbered actions, as [(ref, text), ...].

    "5.3.1 Realign services ... 5.3.2 Implement restorative practice ..." gives two.
    A number inside a sentence that runs on in lower case ("to track the 16.4
    progress of") is not a new action. Returns [] when the text does not start
    with a ref or holds only one.
    """
    first = leading_ref(text)
    if not first:
        return []
    starts = [m for m in _INNER_REF.finditer(text) if m.start(1) > 0]
    if not starts:
        starts = [
            m
            for m in _INNER_REF_LOOSE.finditer(text)
            if m.group(1).count(".") == first.count(".") and m.group(1) != first
        ]
    if not starts:
        return []
    pieces = []
    bounds = [0] + [m.start(1) for m in starts] + [len(text)]
    for a, b in itertools.pairwise(bounds):
        chunk = text[a:b].strip()
        ref = leading_ref(chunk)
        if ref is None:
            return []
        pieces.append((ref, chunk))
    return pieces if len(pieces) > 1 else []
