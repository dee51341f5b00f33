"""Reading a Lead(s) cell into the leads it names. Pure functions.

Councils write "AF AMD", "AF / AMD", "AF, AMD", "AF & AMD", full names
("Jo Bloggs") and role titles ("Director of Quality Assurance & Performance").
The Leads sheet is the dictionary: known codes and names are matched first,
longest first, so a role title with "&" in it stays one lead. Without a
match, separators split the cell and short upper-case tokens are initials.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s*(?:/|,|;|\n|\+|\||&|\band\b)\s*", re.I)
_HARD_SEPARATORS = re.compile(r"\s*(?:/|,|;|\n|\+|\|)\s*")
_INITIALS = re.compile(r"^[A-Z][A-Z0-9]{1,4}$")


def fold_lead(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


class LeadDirectory:
    """Known leads by code and by name, for matching lead cells."""

    def __init__(self, known: dict[str, tuple[str, ...]]):
        """known: lead code -> other names it goes by (full name, role)."""
        self.by_alias: dict[str, str] = {}
        for code, aliases in known.items():
            for alias in (code, *aliases):
                folded = fold_lead(alias)
                if folded:
                    self.by_alias.setdefault(folded, code)
        # Longest alias first so "Service Manager - ICRT" beats "Service Manager".
        self._aliases = sorted(self.by_alias, key=len, reverse=True)
        self._first_words: dict[str, list[str]] = {}
        for alias in self._aliases:
            self._first_words.setdefault(alias.split()[0], []).append(alias)
        self._memo: dict[str, tuple[list[str], list[str]]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_alias)

    def lookup(self, text: str) -> str | None:
        return self.by_alias.get(fold_lead(text))

    def split(self, cell: str) -> tuple[list[str], list[str]]:
        """(lead codes found, pieces of text that matched no known lead)."""
        key = str(cell or "")
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._split(key)
        return list(found[0]), list(found[1])

    def _split(self, cell: str) -> tuple[list[str], list[str]]:
        text = " ".join(cell.split())
        if not text:
            return [], []
        whole = self.lookup(text)
        if whole:
            return [whole], []
        if self:
            found, rest = self._greedy(fold_lead(text))
            if found and not rest:
                return _unique(found), []
        codes, unknown = [], []
        for piece in split_lead_text(text):
            code = self.lookup(piece)
            if code:
                codes.append(code)
                continue
            # "AF & a new person": split on & / and when a part is a known lead.
            soft = [p.strip() for p in _SEPARATORS.split(piece) if p.strip()]
            known = [self.lookup(p) for p in soft]
            if len(soft) > 1 and any(known):
                codes += [k for k in known if k]
                unknown += [p for p, k in zip(soft, known, strict=False) if not k]
            else:
                unknown.append(piece)
        return _unique(codes), _unique(unknown)

    def _greedy(self, folded: str) -> tuple[list[str], str]:
        found = []
        words = folded.split()
        i = 0
        while i < len(words):
            if words[i] in ("&", "and"):
                i += 1
                continue
            for alias in self._first_words.get(words[i], ()):
                alias_words = alias.split()
                if words[i : i + len(alias_words)] == alias_words:
                    found.append(self.by_alias[alias])
                    i += len(alias_words)
                    break
            else:
                return found, " ".join(words[i:])
        return found, ""


def split_lead_text(text: str) -> list[str]:
    """Split a lead cell without a directory.

    Always split on / , ; + | and new lines. Split on "&" and "and" only when
    every part is initials (so "Quality Assurance & Performance" stays whole).
    Split on spaces when every word is initials ("AF AMD").
    """
    parts = [p for p in _HARD_SEPARATORS.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        part = part.strip()
        soft = [p for p in _SEPARATORS.split(part) if p.strip()]
        if len(soft) > 1 and all(_looks_like_initials(p) for p in soft):
            candidates = soft
        else:
            candidates = [part]
        for candidate in candidates:
            if _looks_like_initials(candidate):  # "AF AMD": each word is a lead
                out.extend(candidate.split())
            else:
                out.append(candidate.strip())
    return _unique(out)


def _looks_like_initials(text: str) -> bool:
    words = text.split()
    return bool(words) and all(_INITIALS.match(w) for w in words)


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
