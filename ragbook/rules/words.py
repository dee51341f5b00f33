"""Words in messages: one place that counts things in English."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 action', '2 actions', '0 actions'; `words` when adding s is wrong
    (plural(2, "entry", "entries"))."""
    return f"{n} {noun(n, word, words)}"


def noun(n: int, word: str, words: str | None = None) -> str:
    """The word alone, as many as n: 'row 7' but 'rows 7-9'."""
    return word if n == 1 else (words or word + "s")
