"""Which action of the plan a lead's row was written for: its ref and its own words.

An action's identity is never its row, and never its ref alone. At the split
each row of a lead workbook records, for every action it shows, the ref, the
action's own text (folded: case, spacing and punctuation ignored, the ref
typed at its start dropped) and a short fingerprint of its context (outcome
and recommendation). At the collect, `find()` looks for that action in the
plan as it is now:

1. an action with the same text (folded) and the same ref;
2. else the one action with the same text under another ref (renumbered,
   moved, sorted): it is applied there and reported;
3. else an action whose text is nearly the same (a typo fixed, a word
   changed): the same ref first, else the only one;
4. else nothing: a conflict, reported with both texts, never applied.

"Nearly the same" is difflib's ratio of the folded texts at or above
SIMILAR (0.9): one character changed in a 20-character action still
matches, a rewritten sentence does not. Where several actions match, the
context decides; if it cannot, that is a conflict too.

Pure functions only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .action_text import leading_ref
from .model import Action

SIMILAR = 0.9  # difflib ratio of folded texts from which two actions are the same action
MAX_TEXT = 1000  # characters of folded text kept in a stamp
_NON_WORD = re.compile(r"[\W_]+")
_ROW_REF = re.compile(r"^row \d+$")  # what the reader calls an action without a ref


def folded_text(text: str) -> str:
    """An action's words as identity compares them: no leading ref, case, spacing or
    punctuation; at most MAX_TEXT characters."""
    text = text or ""
    ref = leading_ref(text)
    if ref:
        text = text.lstrip()[len(ref) :]
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())[:MAX_TEXT]


def context_of(action: Action) -> str:
    """A short fingerprint of what an action answers: its outcome and recommendation."""
    body = "\x1f".join(
        " ".join(unicodedata.normalize("NFKC", t).casefold().split())
        for t in (action.outcome, action.recommendation)
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Identity:
    """One action as a lead workbook was sent it; `text` None for a stamp of format 1
    (before identities were stamped), which is matched by ref alone."""

    ref: str
    text: str | None = None
    context: str = ""

    @classmethod
    def of(cls, action: Action) -> Identity:
        return cls(action.ref, folded_text(action.text), context_of(action))


def shown_ref(actions: list[Action]) -> str:
    """'1.5 / 1.6' for actions sharing a row of the plan; the ref for one."""
    return " / ".join(a.ref for a in actions)


def similar(a: str, b: str) -> bool:
    """Folded texts close enough to be one action (see SIMILAR)."""
    if a == b:
        return True
    if not a or not b:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILAR
        and matcher.quick_ratio() >= SIMILAR
        and matcher.ratio() >= SIMILAR
    )


@dataclass
class Found:
    """What find() made of one identity.

    kind: "same" (found where it was), "moved" (found under another ref),
    "rewritten" (its ref is there with other words), "gone" (neither its ref
    nor its words), "ambiguous" (several actions match), "doubled" (format 1:
    its ref is on several rows).
    """

    kind: str
    action: Action | None = None
    others: list[Action] = field(default_factory=list)  # the candidates, when not one

    @property
    def found(self) -> bool:
        return self.action is not None


class PlanIndex:
    """The plan's actions, looked up by ref and by their words."""

    def __init__(self, actions: list[Action]):
        self.actions = actions
        self.by_ref: dict[str, list[Action]] = {}
        self.by_text: dict[str, list[Action]] = {}
        self.texts: dict[int, str] = {}
        self.contexts: dict[int, str] = {}
        for action in actions:
            text = folded_text(action.text)
            self.texts[id(action)] = text
            self.by_ref.setdefault(action.ref, []).append(action)
            self.by_text.setdefault(text, []).append(action)

    def text(self, action: Action) -> str:
        return self.texts[id(action)]

    def context(self, action: Action) -> str:
        found = self.contexts.get(id(action))
        if found is None:
            found = self.contexts[id(action)] = context_of(action)
        return found

    def find(self, wanted: Identity) -> Found:
        """The plan's action for an identity a lead workbook was sent with.

        An action without a ref is called by its row ("row 41"): that says nothing
        about which action it is once rows move, so only its words count.
        """
        same_ref = [] if _ROW_REF.match(wanted.ref) else self.by_ref.get(wanted.ref, [])
        if wanted.text is None:  # format 1: the ref alone, as it was then
            if len(same_ref) == 1:
                return Found("same", same_ref[0])
            return Found("doubled" if same_ref else "gone", others=same_ref)
        ours = {id(a) for a in same_ref}
        exact = self.by_text.get(wanted.text, [])
        found = self._one([a for a in exact if id(a) in ours], wanted) or self._one(exact, wanted)
        if isinstance(found, Found):
            return found
        close = [a for a in self.actions if similar(wanted.text, self.text(a))]
        found = self._one([a for a in close if id(a) in ours], wanted) or self._one(close, wanted)
        if isinstance(found, Found):
            return found
        if close:
            return Found("ambiguous", others=close)
        if exact:
            return Found("ambiguous", others=exact)
        if same_ref:
            return Found("rewritten", others=same_ref)
        return Found("gone")

    def _one(self, candidates: list[Action], wanted: Identity) -> Found | None:
        """The one candidate (narrowed by context when several), or None."""
        if len(candidates) > 1:
            candidates = [a for a in candidates if self.context(a) == wanted.context]
        if len(candidates) != 1:
            return None
        action = candidates[0]
        return Found("same" if action.ref == wanted.ref else "moved", action)
