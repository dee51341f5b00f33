"""RAG scales: the ratings a council uses, and how typed values match them.

Pure functions and data only; no I/O.
"""

from __future__ import annotations

import colorsys
import re
import unicodedata
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from .schema import COUNTS_AS


@dataclass(frozen=True)
class Rating:
    label: str
    code: str
    colour: str  # RRGGBB, no '#'
    meaning: str = ""
    counts_as: str = "on track"  # one of schema.COUNTS_AS

    @property
    def complete(self) -> bool:
        return self.counts_as == "complete"

    @property
    def on_track_or_complete(self) -> bool:
        return self.counts_as in ("complete", "on track")

    @property
    def off_track(self) -> bool:
        return self.counts_as == "off track"

    @property
    def text_colour(self) -> str:
        return readable_text_colour(self.colour)


@dataclass(frozen=True)
class Scale:
    """Ratings from worst to best. `name` is a preset name or "custom".

    `colour_words`: the council's own key gives each rating its colour, so a
    colour's name typed as a rating ("Blue") means the rating of that colour.
    """

    name: str
    ratings: tuple[Rating, ...]
    colour_words: bool = False
    _index: dict = field(default_factory=dict, compare=False, repr=False)
    _spellings: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        index: dict[str, Rating] = {}
        for rating in self.ratings:
            for key in (rating.label, rating.code):
                folded = fold(key)
                if folded:
                    index.setdefault(folded, rating)
        self._index.update(index)

    @property
    def labels(self) -> list[str]:
        return [r.label for r in self.ratings]

    def find(self, text: str) -> Rating | None:
        """The rating a typed value means, by label or code in any case, or a
        spelling councils type (see match)."""
        found = self._index.get(fold(text))
        return found if found is not None else self.match(text)[0]

    def match(self, text: str) -> tuple[Rating | None, bool]:
        """(rating, whether it was read from another spelling than its label or code).

        Other spellings: "complete" for Completed; the words that tell a label
        apart ("Behind schedule" for "In progress but behind schedule"); a
        label or code with a note after it ("Green (on track)", "G - on
        track"); and with `colour_words`, a colour's name ("Blue").
        """
        key = fold(text)
        found = self._index.get(key)
        if found is not None or not key:
            return found, False
        if key not in self._spellings:
            self._spellings[key] = other_spelling(self, key)
        found = self._spellings[key]
        return found, found is not None

    def nearest(self, text: str) -> Rating:
        """The rating whose label or code is spelt most like `text`."""
        key = fold(text)

        def likeness(rating: Rating) -> float:
            return max(
                SequenceMatcher(None, key, fold(k)).ratio()
                for k in (rating.label, rating.code)
                if k
            )

        return max(self.ratings, key=likeness)

    def rank(self, rating: Rating) -> int:
        """0 for the worst rating; higher is better."""
        return self.ratings.index(rating)

    def describe(self) -> str:
        return ", ".join(
            f"{r.label} ({r.code})" if r.code and r.code.lower() != r.label.lower() else r.label
            for r in self.ratings
        )

    def with_colours(self, colours: dict[str, str]) -> Scale:
        """The same ratings in the colours a council's key gives them (label -> RRGGBB),
        with colour names then read as ratings."""
        ratings = tuple(replace(r, colour=colours.get(r.label, r.colour)) for r in self.ratings)
        return Scale(self.name, ratings, colour_words=True)


_WORD_FORMS = {
    "completed": "complete",
    "completion": "complete",
    "finished": "complete",
    "ontrack": "on track",
    "on-track": "on track",
    "on-schedule": "on schedule",
}
_NOTE = re.compile(r"^(?P<head>.+?)\s*(?:\(.*\)|\[.*\]|\s[-–—:]\s*.*|:\s*.*)$")


def _words(text: str) -> tuple[str, ...]:
    """A label as words, the forms councils vary folded together."""
    # ASCII punctuation only: an invisible or look-alike character stays and fails to match.
    cleaned = re.sub(r"[!-/:-@\[-`{-~–—]+", " ", text)
    return tuple(_WORD_FORMS.get(w, w) for w in cleaned.split())


def _within(words: tuple[str, ...], label: tuple[str, ...]) -> bool:
    """The words appear in the label, in order, and the label has more."""
    if len(words) >= len(label):
        return False
    rest = iter(label)
    return all(word in rest for word in words)


def other_spelling(scale: Scale, key: str) -> Rating | None:
    """The rating a folded text means in a spelling other than its label or code, if only
    one rating can be meant; see Scale.match."""
    words = _words(key)
    if not words:
        return None
    by_words: dict[tuple[str, ...], Rating] = {}
    for rating in scale.ratings:
        for spelling in (rating.label, rating.code):
            by_words.setdefault(_words(fold(spelling)), rating)
    if words in by_words:
        return by_words[words]
    note = _NOTE.match(key)
    if note and note.group("head") != key:
        head = note.group("head")
        found = scale._index.get(head) or by_words.get(_words(head))
        if found is not None:
            return found
    tail = key[note.end("head") :] if note else ""
    for typed in (words, _words(tail)):
        # The words that tell one label from the others, in order: "behind schedule",
        # "in progress - on schedule".
        if len(typed) >= 2 or len("".join(typed)) >= 5:
            fits = {r for r in scale.ratings if _within(typed, _words(fold(r.label)))}
            if len(fits) == 1:
                return fits.pop()
    if scale.colour_words:
        colour = NAMED_COLOURS.get(" ".join(words)) or NAMED_COLOURS.get(
            " ".join(_words(note.group("head"))) if note else ""
        )
        family = colour_family(colour) if colour else None
        same = [r for r in scale.ratings if family and colour_family(r.colour) == family]
        if len(same) == 1:
            return same[0]
    return None


def fold(text: object) -> str:
    """Case-, width- and space-insensitive form used to compare ratings."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(folded.split())


PRESETS: dict[str, Scale] = {
    "reading5": Scale(
        "reading5",
        (
            Rating(
                "RED",
                "R",
                "FF0000",
                "Action not yet started/significant delay in implementation. The action must be "
                "prioritised to bring it back on track.",
                "off track",
            ),
            Rating(
                "AMBER",
                "A",
                "FFC000",
                "Action started but there is some delay in implementation. The action must be "
                "monitored to ensure the required improvement is delivered.",
                "off track",
            ),
            Rating(
                "LIGHT GREEN",
                "LG",
                "92D050",
                "Action is on track to be completed by the agreed date.",
                "on track",
            ),
            Rating(
                "DARK GREEN",
                "DG",
                "00B050",
                "Action completed and there is evidence that the improvement required has been "
                "made. The action remains in the plan for monitoring.",
                "complete",
            ),
            Rating(
                "COMPLETED",
                "C",
                "0070C0",
                "Action completed and the improvement has been sustained. Approved by the board "
                "chair to be removed from the plan.",
                "complete",
            ),
        ),
    ),
    "rag4": Scale(
        "rag4",
        (
            Rating(
                "Red",
                "R",
                "FF0000",
                "The action has not yet started or there is significant delay in implementation.",
                "off track",
            ),
            Rating(
                "Amber",
                "A",
                "FFC000",
                "The action has started but there is some delay in implementation.",
                "off track",
            ),
            Rating(
                "Green",
                "G",
                "00B050",
                "The action is on track to be completed by the agreed date.",
                "on track",
            ),
            Rating(
                "Completed",
                "C",
                "0070C0",
                "The action has been completed and evidenced.",
                "complete",
            ),
        ),
    ),
    "status4": Scale(
        "status4",
        (
            Rating("Overdue", "O", "FF0000", "The action has passed its due date.", "off track"),
            Rating(
                "In progress but behind schedule",
                "B",
                "FFC000",
                "The action has started but is behind schedule.",
                "off track",
            ),
            Rating(
                "In progress and on schedule",
                "S",
                "00B050",
                "The action has started and is on schedule.",
                "on track",
            ),
            Rating("Complete", "C", "0070C0", "The action is complete.", "complete"),
        ),
    ),
}
DEFAULT_PRESET = "rag4"


def detect_preset(values: list[str]) -> tuple[Scale, int]:
    """The preset whose labels and codes match the most typed ratings.

    A tie goes to the preset more of the ratings are typed exactly as (case
    and all: "RED" and "AMBER" are Reading's five-level scale, "Red" and
    "Amber" the four-level one); then to the one whose matches are longer, so
    whole labels only one preset has ("LIGHT GREEN", "In progress and on
    schedule") outweigh single letters; then to rag4, reading5, status4 in
    that order.
    """
    order = [DEFAULT_PRESET] + [n for n in PRESETS if n != DEFAULT_PRESET]
    best, best_key = PRESETS[DEFAULT_PRESET], (-1, -1, -1)
    for name in order:
        scale = PRESETS[name]
        matched = [v for v in values if scale.find(v) is not None]
        exact = {k.strip() for r in scale.ratings for k in (r.label, r.code)}
        key = (
            len(matched),
            sum(1 for v in matched if v.strip() in exact),
            sum(len(fold(v)) for v in matched),
        )
        if key > best_key:
            best, best_key = scale, key
    return best, max(best_key[0], 0)


# Letters from other scripts that look like Latin ones, as pasted from PDFs
# and Word documents (seed 003 has a Cyrillic "С" and a Greek "Α" for C and A).
_LOOKALIKES = {
    # Cyrillic capitals
    "А": "A",
    "В": "B",
    "С": "C",
    "Е": "E",
    "Н": "H",
    "І": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "О": "O",
    "Р": "P",
    "Ѕ": "S",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    # Cyrillic small
    "а": "a",
    "с": "c",
    "е": "e",
    "і": "i",
    "ј": "j",
    "о": "o",
    "р": "p",
    "ѕ": "s",
    "х": "x",
    "у": "y",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    # Greek capitals
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Greek small
    "ο": "o",
    "ν": "v",
    "κ": "k",
    "ι": "i",
    "α": "a",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
}


def lookalike_letters(text: str) -> list[tuple[str, str, str]]:
    """Non-Latin letters in text that look Latin: (char, its name, the Latin letter)."""
    found = []
    for ch in text:
        latin = _LOOKALIKES.get(ch)
        if latin:
            found.append((ch, unicodedata.name(ch, f"U+{ord(ch):04X}").title(), latin))
    return found


def latinise(text: str) -> str:
    return "".join(_LOOKALIKES.get(ch, ch) for ch in text)


_INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff"  # no-break and zero-width spaces, joiners, BOM


def invisible_characters(text: str) -> list[str]:
    """Zero-width and non-breaking spaces that make a rating fail to match."""
    names = []
    for ch in text:
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cf":
            names.append(unicodedata.name(ch, f"U+{ord(ch):04X}").lower())
    return names


def strip_invisible(text: str) -> str:
    """The text without the invisible characters above, nor any other unprintable one."""
    return "".join(ch for ch in text if ch.isprintable() and ch not in _INVISIBLE)


def _hls(rgb: str) -> tuple[float, float, float]:
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


def is_neutral(rgb: str) -> bool:
    """White, grey or black: a fill that carries no rating."""
    _, lightness, saturation = _hls(rgb)
    return saturation < 0.2 or lightness > 0.95 or lightness < 0.08


# Hue families, in degrees: a fill counts as a rating colour of the same family.
_FAMILIES = (
    (15, "red"),
    (65, "amber"),
    (170, "green"),
    (260, "blue"),
    (345, "purple"),
    (361, "red"),
)


def colour_family(rgb: str) -> str | None:
    """'red', 'amber', 'green', 'blue' or 'purple'; None for white, grey and black."""
    if is_neutral(rgb):
        return None
    degrees = _hls(rgb)[0] * 360
    return next(name for limit, name in _FAMILIES if degrees < limit)


def nearest_rating(scale: Scale, rgb: str) -> Rating | None:
    """The rating whose colour a fill shows: a rating colour of the same family
    (red, amber, green, blue, purple), the nearest of them if several; None for
    neutral fills and colours of a family the scale does not use.

    So a light green fill reads as "Green" on a four-level scale but as
    "LIGHT GREEN" on Reading's five-level one, and purple matches nothing.
    """
    family = colour_family(rgb)
    if family is None:
        return None
    best, best_distance = None, None
    for rating in scale.ratings:
        if colour_family(rating.colour) != family:
            continue
        distance = sum(
            (int(rgb[i : i + 2], 16) - int(rating.colour[i : i + 2], 16)) ** 2 for i in (0, 2, 4)
        )
        if best_distance is None or distance < best_distance:
            best, best_distance = rating, distance
    return best


def readable_text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill (WCAG contrast)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    contrast_black = (luminance + 0.05) / 0.05
    contrast_white = 1.05 / (luminance + 0.05)
    return "000000" if contrast_black >= contrast_white else "FFFFFF"


def normalise_colour(text: object) -> str | None:
    """'#ff0000', 'FF0000', 'ffff0000' (ARGB) -> 'FF0000'; anything else None."""
    if text is None:
        return None
    value = str(text).strip().lstrip("#").upper()
    if len(value) == 8 and all(c in "0123456789ABCDEF" for c in value):
        value = value[2:]
    if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value):
        return value
    return NAMED_COLOURS.get(str(text).strip().lower())


NAMED_COLOURS = {
    "red": "FF0000",
    "amber": "FFC000",
    "orange": "FFC000",
    "yellow": "FFFF00",
    "green": "00B050",
    "light green": "92D050",
    "dark green": "00B050",
    "blue": "0070C0",
    "grey": "A6A6A6",
    "gray": "A6A6A6",
    "black": "000000",
    "white": "FFFFFF",
    "purple": "7030A0",
}


def check_counts_as(text: object) -> str | None:
    value = " ".join(str(text or "").lower().replace("-", " ").split())
    aliases = {
        "completed": "complete",
        "done": "complete",
        "on target": "on track",
        "on schedule": "on track",
        "off target": "off track",
        "behind": "off track",
        "at risk": "off track",
        "delayed": "off track",
    }
    value = aliases.get(value, value)
    return value if value in COUNTS_AS else None
