"""ragbook.rules.scales: the RAG scales of the seeds, matching typed ratings, colours.

Seed 000 (Reading) uses RED / AMBER / LIGHT GREEN / DARK GREEN / COMPLETED;
seed 003 (Sunderland) uses Red / Amber / Green / Completed (blue) and codes
R / A / G / C, with a Cyrillic "С" and a Greek "Α" in its RAG column; seed 004
(Telford) uses Complete / In progress and on schedule / In progress but behind
schedule / Overdue.
"""

from __future__ import annotations

import pytest

from ragbook.rules.scales import (
    NAMED_COLOURS,
    PRESETS,
    Rating,
    Scale,
    check_counts_as,
    detect_preset,
    fold,
    invisible_characters,
    latinise,
    lookalike_letters,
    normalise_colour,
    readable_text_colour,
)

# Excel's standard colours: Red, Orange (the usual "amber"), Light Green, Green, Blue.
RED, AMBER, LIGHT_GREEN, GREEN, BLUE = "FF0000", "FFC000", "92D050", "00B050", "0070C0"


# --- the three presets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "reading5",
            [
                ("RED", "R", RED, "off track"),
                ("AMBER", "A", AMBER, "off track"),
                ("LIGHT GREEN", "LG", LIGHT_GREEN, "on track"),
                ("DARK GREEN", "DG", GREEN, "complete"),
                ("COMPLETED", "C", BLUE, "complete"),
            ],
        ),
        (
            "rag4",
            [
                ("Red", "R", RED, "off track"),
                ("Amber", "A", AMBER, "off track"),
                ("Green", "G", GREEN, "on track"),
                ("Completed", "C", BLUE, "complete"),
            ],
        ),
        (
            "status4",
            [
                ("Overdue", "O", RED, "off track"),
                ("In progress but behind schedule", "B", AMBER, "off track"),
                ("In progress and on schedule", "S", GREEN, "on track"),
                ("Complete", "C", BLUE, "complete"),
            ],
        ),
    ],
)
def test_presets_worst_first(name, expected):
    scale = PRESETS[name]
    assert scale.name == name
    assert [(r.label, r.code, r.colour, r.counts_as) for r in scale.ratings] == expected
    assert scale.labels == [e[0] for e in expected]
    assert [scale.rank(r) for r in scale.ratings] == list(range(len(expected)))
    assert all(r.meaning for r in scale.ratings)


def test_reading5_dark_green_and_completed_are_both_complete():
    # Seed 000: DARK GREEN "Action completed and there is evidence ... remains in the plan".
    scale = PRESETS["reading5"]
    assert [r.label for r in scale.ratings if r.complete] == ["DARK GREEN", "COMPLETED"]
    assert [r.label for r in scale.ratings if r.on_track_or_complete] == [
        "LIGHT GREEN",
        "DARK GREEN",
        "COMPLETED",
    ]
    assert [r.label for r in scale.ratings if r.off_track] == ["RED", "AMBER"]


@pytest.mark.parametrize(
    "counts_as, complete, good, off",
    [
        ("complete", True, True, False),
        ("on track", False, True, False),
        ("off track", False, False, True),
    ],
)
def test_rating_flags(counts_as, complete, good, off):
    rating = Rating("X", "X", "FFFFFF", "", counts_as)
    assert (rating.complete, rating.on_track_or_complete, rating.off_track) == (complete, good, off)


def test_describe():
    assert PRESETS["rag4"].describe() == "Red (R), Amber (A), Green (G), Completed (C)"
    # A code that is just the label in another case is not repeated.
    scale = Scale("custom", (Rating("Done", "done", BLUE), Rating("Late", "L", RED)))
    assert scale.describe() == "Done, Late (L)"


# --- matching typed ratings -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, typed, label",
    [
        ("rag4", "Red", "Red"),
        ("rag4", "red", "Red"),
        ("rag4", "RED", "Red"),
        ("rag4", "R", "Red"),
        ("rag4", "r", "Red"),
        ("rag4", "  Amber ", "Amber"),
        ("rag4", "G ", "Green"),
        ("rag4", "GREEN", "Green"),
        ("rag4", "completed", "Completed"),
        ("rag4", "C", "Completed"),
        ("rag4", "Red\u00a0", "Red"),  # a non-breaking space from a pasted document
        ("rag4", "\uff32\uff45\uff44", "Red"),  # full-width letters
        ("reading5", "light  green", "LIGHT GREEN"),
        ("reading5", " Light Green ", "LIGHT GREEN"),
        ("reading5", "LG", "LIGHT GREEN"),
        ("reading5", "dg", "DARK GREEN"),
        ("reading5", "Dark Green", "DARK GREEN"),
        ("reading5", "Completed", "COMPLETED"),
        ("reading5", "c", "COMPLETED"),
        ("status4", "complete", "Complete"),
        ("status4", "In progress  but behind schedule", "In progress but behind schedule"),
        ("status4", "IN PROGRESS AND ON SCHEDULE", "In progress and on schedule"),
        ("status4", "overdue", "Overdue"),
        ("status4", "S", "In progress and on schedule"),
    ],
)
def test_find_by_label_or_code(name, typed, label):
    assert PRESETS[name].find(typed).label == label


@pytest.mark.parametrize(
    "name, typed",
    [
        ("rag4", ""),
        ("rag4", None),
        ("rag4", "Compl"),
        ("rag4", "Light Green"),  # a reading5 label
        ("rag4", "Gr een"),
        ("rag4", "G\u200b"),  # a zero-width space is not silently ignored
        ("reading5", "Green"),  # reading5 has no plain green
        ("reading5", "G"),
        ("status4", "In progress"),  # two labels start so
        ("reading5", "Blue"),  # a colour's name, with no key to say which rating it is
        # Seed 003's look-alikes: Cyrillic Es and Greek Alpha are not silently C and A.
        ("rag4", "\u0421"),
        ("rag4", "\u0391"),
    ],
)
def test_find_does_not_guess(name, typed):
    assert PRESETS[name].find(typed) is None


@pytest.mark.parametrize(
    "name, typed, label",
    [
        ("rag4", "complete", "Completed"),
        ("rag4", "Complete", "Completed"),
        ("status4", "Completed", "Complete"),
        ("status4", "Behind schedule", "In progress but behind schedule"),
        ("status4", "on schedule", "In progress and on schedule"),
        ("status4", "In progress - on schedule", "In progress and on schedule"),
        ("rag4", "Green (on track)", "Green"),
        ("rag4", "G - on track", "Green"),
        ("rag4", "Red: funding not approved", "Red"),
        ("reading5", "Light green (on track)", "LIGHT GREEN"),
    ],
)
def test_spellings_councils_type(name, typed, label):
    """Seed 004's council types "complete", "Behind schedule" and "On schedule"; others add
    a note to the label or code."""
    rating, other = PRESETS[name].match(typed)
    assert (rating.label, other) == (label, True)
    assert PRESETS[name].find(typed) is rating


def test_a_colour_name_is_a_rating_only_where_the_councils_key_says_so():
    """Seed 003's key: "Completed" is blue. Typed "Blue", it means Completed once the key
    gives the scale its colours; a family two ratings share means neither."""
    assert PRESETS["rag4"].find("Blue") is None
    keyed = PRESETS["rag4"].with_colours({"Completed": "0070C0"})
    assert keyed.find("Blue").label == "Completed"
    assert keyed.find("blue (done)").label == "Completed"
    reading = PRESETS["reading5"].with_colours({})
    assert reading.find("Blue").label == "COMPLETED"
    assert reading.find("Green") is None  # LIGHT GREEN or DARK GREEN


@pytest.mark.parametrize(
    "name, typed, nearest",
    [
        ("rag4", "Ambr", "Amber"),
        ("rag4", "Grean", "Green"),
        ("reading5", "Green", "DARK GREEN"),
        ("status4", "Overdo", "Overdue"),
        ("status4", "Behind shedule", "In progress but behind schedule"),
    ],
)
def test_the_nearest_label_to_a_rating_that_matches_nothing(name, typed, nearest):
    assert PRESETS[name].find(typed) is None
    assert PRESETS[name].nearest(typed).label == nearest


def test_first_rating_wins_a_shared_key():
    # A custom scale whose second rating reuses the first one's code: the index keeps the first.
    scale = Scale("custom", (Rating("Red", "R", RED), Rating("Rose", "R", "FF99CC")))
    assert scale.find("R").label == "Red"
    assert scale.find("rose").label == "Rose"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Light   GREEN ", "light green"),
        ("RED", "red"),
        (None, ""),
        (3, "3"),
        ("Stra\u00dfe", "strasse"),  # casefold, not just lower
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


# --- detecting the preset a plan uses -----------------------------------------------------


@pytest.mark.parametrize(
    "values, name, hits",
    [
        (["R", "A", "G", "C", "G"], "rag4", 5),  # codes: rag4, not reading5
        (["Red", "Amber", "Green", "Completed"], "rag4", 4),
        (["R", "A", "C"], "rag4", 3),  # tie with reading5: rag4 first
        (["RED", "AMBER", "LIGHT GREEN", "DARK GREEN", "COMPLETED"], "reading5", 5),
        (["R", "A", "LG", "LG", "DG", "C"], "reading5", 6),
        (["LIGHT GREEN", "Red"], "reading5", 2),
        (["Complete", "In progress and on schedule", "Overdue"], "status4", 3),
        (["In progress but behind schedule", "Complete", "Complete"], "status4", 3),
        ([], "rag4", 0),
        (["x", "y"], "rag4", 0),
    ],
)
def test_detect_preset(values, name, hits):
    scale, found = detect_preset(values)
    assert (scale.name, found) == (name, hits)


@pytest.mark.parametrize(
    "values, name",
    [
        (["RED", "AMBER", "GREEN", "LIGHT GREEN"], "reading5"),
        (["G", "In progress and on schedule"], "status4"),
    ],
)
def test_detect_preset_tie_goes_to_the_full_word_preset(values, name):
    assert detect_preset(values)[0].name == name


# --- look-alike letters (seed 003) ---------------------------------------------------------


def test_lookalike_letters_from_seed_003():
    assert lookalike_letters("\u0421") == [("\u0421", "Cyrillic Capital Letter Es", "C")]
    assert lookalike_letters("\u0391") == [("\u0391", "Greek Capital Letter Alpha", "A")]
    assert lookalike_letters("CAG") == []
    # lower-case Cyrillic in a word: each is reported, in order
    assert [c[2] for c in lookalike_letters("G\u0440\u0435en")] == ["p", "e"]


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("\u0421", "Completed"),
        ("\u0391", "Amber"),
        ("\u0421ompleted", "Completed"),
        ("\u0410mber", "Amber"),
    ],
)
def test_latinise_says_what_a_lookalike_probably_meant(typed, meant):
    scale = PRESETS["rag4"]
    assert scale.find(typed) is None
    assert scale.find(latinise(typed)).label == meant


def test_latinise_leaves_latin_and_accented_text_alone():
    assert latinise("Green") == "Green"
    assert latinise("Gréen") == "Gréen"


@pytest.mark.parametrize(
    "text, names",
    [
        ("Red\u00a0", ["no-break space"]),
        ("G\u200b", ["zero width space"]),
        ("\ufeffAmber", ["zero width no-break space"]),
        ("Red", []),
    ],
)
def test_invisible_characters(text, names):
    assert invisible_characters(text) == names


# --- colours --------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance, written out independently of ragbook."""

    def lin(c8: int) -> float:
        c = c8 / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    "fill, text",
    [
        (AMBER, "000000"),  # black on amber: 12.8:1 against white's 1.6:1
        ("FFFF00", "000000"),  # yellow
        (LIGHT_GREEN, "000000"),
        (GREEN, "000000"),  # 7.3:1 black vs 2.9:1 white
        (RED, "000000"),  # by WCAG, black (5.3:1) beats white (4.0:1) on pure red
        (BLUE, "FFFFFF"),  # white on blue 5.1:1, black only 4.1:1
        ("002060", "FFFFFF"),  # dark blue
        ("7030A0", "FFFFFF"),  # purple
        ("000000", "FFFFFF"),
        ("FFFFFF", "000000"),
        ("A6A6A6", "000000"),  # grey
        ("c00000", "FFFFFF"),  # dark red, lower-case hex
    ],
)
def test_readable_text_colour(fill, text):
    assert readable_text_colour(fill) == text
    other = "FFFFFF" if text == "000000" else "000000"
    assert _contrast(fill, text) >= _contrast(fill, other)


def test_known_contrast_ratios_of_the_preset_colours():
    # Sanity check of the independent formula above against WebAIM's contrast checker.
    assert round(_contrast(BLUE, "FFFFFF"), 1) == 5.1
    assert round(_contrast(AMBER, "000000"), 1) == 12.8
    assert round(_contrast("000000", "FFFFFF"), 1) == 21.0


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_rating_has_a_readable_text_colour(name):
    for rating in PRESETS[name].ratings:
        assert _contrast(rating.colour, rating.text_colour) >= 4.5, rating.label


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("#ff0000", "FF0000"),
        ("FF0000", "FF0000"),
        ("  #00b050 ", "00B050"),
        ("ffff0000", "FF0000"),  # ARGB as Excel stores it: alpha dropped
        ("#ff0070c0", "0070C0"),
        ("Red", "FF0000"),
        ("AMBER", "FFC000"),
        ("light green", "92D050"),
        (" blue ", "0070C0"),
        ("grey", "A6A6A6"),
        ("gray", "A6A6A6"),
        (123456, "123456"),  # a colour typed as a number is still six hex digits
    ],
)
def test_normalise_colour(typed, expected):
    assert normalise_colour(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "0070C", "FF00000", "GGGGGG", "crimson", "#"])
def test_normalise_colour_rejects(typed):
    assert normalise_colour(typed) is None


def test_named_colours_are_valid_hex():
    for name, hex_colour in NAMED_COLOURS.items():
        assert normalise_colour(hex_colour) == hex_colour, name


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("complete", "complete"),
        ("Completed", "complete"),
        ("Complete ", "complete"),
        ("done", "complete"),
        ("on track", "on track"),
        ("On-Track", "on track"),
        ("  ON   TRACK ", "on track"),
        ("on target", "on track"),
        ("on schedule", "on track"),
        ("off track", "off track"),
        ("off-target", "off track"),
        ("behind", "off track"),
        ("at risk", "off track"),
        ("delayed", "off track"),
    ],
)
def test_check_counts_as(typed, expected):
    assert check_counts_as(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "green", "nearly", "yes", 1])
def test_check_counts_as_rejects(typed):
    assert check_counts_as(typed) is None
