"""Refs and recommendation numbers written inside an action's text. Pure functions.

"1.2 Implement a workforce strategy" starts with its ref; "... (Recommendation 12)"
names the Ofsted recommendation it answers. The readers use these to find the
structure in a council's cells, the rules to match and lint actions by them.
"""

from __future__ import annotations

import re

_RECOMMENDATION = re.compile(
    r"\b(?:ofsted\s+)?recommendation\s*(?:no\.?|number|ref\.?)?\s*(\d{1,3})\b", re.I
)
_LEADING_REF = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){1,3})[.):]?\s+(?=\S)")


def leading_ref(text: str) -> str | None:
    """'1.2 Implement a workforce strategy' -> '1.2'."""
    m = _LEADING_REF.match(text)
    return m.group(1) if m else None


def without_ref(ref: str, text: str) -> str:
    """The action text without the ref it starts with ("1.2 Implement ..." -> "Implement
    ..." for ref 1.2), so that a line showing both does not say "1.2 1.2 Implement"."""
    m = _LEADING_REF.match(text)
    return text[m.end() :] if m and m.group(1) == ref else text


def recommendation_number(text: str) -> str | None:
    """'... (Recommendation 12)' or '(OFSTED RECOMMENDATION 4)' -> '12' / '4'."""
    m = _RECOMMENDATION.search(text or "")
    return m.group(1) if m else None
