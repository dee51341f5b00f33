"""ragbook.rules.leads: reading a Lead(s) cell into the leads it names.

Seed 000 writes initials, sometimes two ("AF AMD"); seed 003 writes role
titles, some with "&" in them ("Director of Quality Assurance & Performance")
and some that begin like another ("Service Manager - ICRT", "Service Manager").
All people here are made up.
"""

from __future__ import annotations

import pytest

from ragbook.rules.leads import LeadDirectory, fold_lead, split_lead_text

DIRECTORY = LeadDirectory(
    {
        "AF": ("Alex Fielding", "Head of Early Help"),
        "AMD": ("Sam Marsh-Dean", "Service Manager - Children in Care"),
        "DQAP": ("Director of Quality Assurance & Performance",),
        "SM-ICRT": ("Service Manager - ICRT",),
        "SM": ("Service Manager",),
        "IRO": ("IRO Manager",),
    }
)


# --- several leads in one cell ------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "AF AMD",
        "AF / AMD",
        "AF/AMD",
        "AF, AMD",
        "AF & AMD",
        "AF and AMD",
        "AF AND AMD",
        "AF; AMD",
        "AF+AMD",
        "AF | AMD",
        "AF\nAMD",
        "af amd",
        "  AF  /  AMD ",
    ],
)
def test_two_leads_in_one_cell(cell):
    assert DIRECTORY.split(cell) == (["AF", "AMD"], [])


@pytest.mark.parametrize(
    "cell, codes",
    [
        ("AMD AF", ["AMD", "AF"]),  # order as typed
        ("Alex Fielding", ["AF"]),  # full name
        ("alex  fielding", ["AF"]),
        ("Head of Early Help", ["AF"]),  # role title
        ("Alex Fielding & Sam Marsh-Dean", ["AF", "AMD"]),
        ("Alex Fielding and Sam Marsh-Dean", ["AF", "AMD"]),
        ("Head of Early Help, AMD", ["AF", "AMD"]),
        ("Alex Fielding AMD", ["AF", "AMD"]),
    ],
)
def test_names_and_roles(cell, codes):
    assert DIRECTORY.split(cell) == (codes, [])


# --- role titles with "&" and aliases that begin alike --------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "Director of Quality Assurance & Performance",
        "director of quality assurance & performance",
        # seed 003 wraps the title over two lines of the cell
        "Director of Quality\nAssurance & Performance",
    ],
)
def test_a_known_role_with_an_ampersand_stays_one_lead(cell):
    assert DIRECTORY.split(cell) == (["DQAP"], [])


@pytest.mark.parametrize(
    "cell, codes",
    [
        ("Service Manager - ICRT", ["SM-ICRT"]),
        ("Service Manager \u2013 ICRT", ["SM-ICRT"]),  # seed 003 also types an en dash
        ("Service Manager ICRT", ["SM-ICRT"]),
        ("Service Manager", ["SM"]),
        ("Service Manager - ICRT / AF", ["SM-ICRT", "AF"]),
        ("Service Manager - ICRT & Service Manager", ["SM-ICRT", "SM"]),
        # seed 003, action 9.7: "Service Manager and IRO Manager"
        ("Service Manager and IRO Manager", ["SM", "IRO"]),
    ],
)
def test_the_longest_alias_wins(cell, codes):
    assert DIRECTORY.split(cell) == (codes, [])


# --- unknown pieces and duplicates ------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, codes, unknown",
    [
        ("ZZ", [], ["ZZ"]),
        ("AF / ZZ", ["AF"], ["ZZ"]),
        ("AF & ZZ", ["AF"], ["ZZ"]),
        ("AF and ZZ", ["AF"], ["ZZ"]),
        ("AF AMD XY", ["AF", "AMD"], ["XY"]),
        ("AF, Robin Example", ["AF"], ["Robin Example"]),
        ("Robin Example", [], ["Robin Example"]),
        (
            "Head of Early Help / Head of Unknowns & Mysteries",
            ["AF"],
            ["Head of Unknowns & Mysteries"],
        ),
        ("ZZ / ZZ", [], ["ZZ"]),
    ],
)
def test_unknown_pieces_are_returned(cell, codes, unknown):
    assert DIRECTORY.split(cell) == (codes, unknown)


@pytest.mark.parametrize(
    "cell", ["AF AF", "AF / AF", "AF / Alex Fielding", "Head of Early Help, AF", "af, AF"]
)
def test_duplicates_are_removed(cell):
    assert DIRECTORY.split(cell) == (["AF"], [])


@pytest.mark.parametrize("cell", ["", "   ", None, "\n"])
def test_a_blank_cell_names_nobody(cell):
    assert DIRECTORY.split(cell) == ([], [])


@pytest.mark.parametrize(
    "cell", ["AF & Robin Example", "AF and Robin Example", "Head of Early Help & Robin Example"]
)
def test_a_known_lead_is_found_beside_an_unknown_name(cell):
    assert DIRECTORY.split(cell) == (["AF"], ["Robin Example"])


# --- the directory itself ------------------------------------------------------------------


def test_lookup_and_truthiness():
    assert DIRECTORY.lookup("head of  EARLY help") == "AF"
    assert DIRECTORY.lookup("Service Manager: ICRT") == "SM-ICRT"
    assert DIRECTORY.lookup("Nobody") is None
    assert DIRECTORY
    assert not LeadDirectory({})


def test_first_code_keeps_a_shared_alias():
    directory = LeadDirectory({"SM1": ("Service Manager",), "SM2": ("Service Manager",)})
    assert directory.split("Service Manager") == (["SM1"], [])


def test_an_empty_directory_splits_by_the_text_alone():
    empty = LeadDirectory({})
    assert empty.split("AF AMD") == ([], ["AF", "AMD"])
    assert empty.split("Director of Quality Assurance & Performance") == (
        [],
        ["Director of Quality Assurance & Performance"],
    )


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Service Manager - ICRT", "service manager icrt"),
        ("Quality Assurance & Performance", "quality assurance & performance"),
        ("  AF / AMD ", "af amd"),
        ("Children's Social Care", "children s social care"),
    ],
)
def test_fold_lead(text, folded):
    assert fold_lead(text) == folded


# --- split_lead_text: no directory ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("AF AMD", ["AF", "AMD"]),
        ("AF / AMD", ["AF", "AMD"]),
        ("AF, AMD", ["AF", "AMD"]),
        ("AF & AMD", ["AF", "AMD"]),
        ("AF and AMD", ["AF", "AMD"]),
        ("AF;AMD;SG", ["AF", "AMD", "SG"]),
        ("AF/AF", ["AF"]),
        ("AF1 B2", ["AF1", "B2"]),
        # "&" and "and" split only when every part is initials
        (
            "Director of Quality Assurance & Performance",
            ["Director of Quality Assurance & Performance"],
        ),
        ("CEO & Head of Contracts", ["CEO & Head of Contracts"]),
        ("Robin Example and Kim Sample", ["Robin Example and Kim Sample"]),
        # hard separators always split
        ("Robin Example / Kim Sample", ["Robin Example", "Kim Sample"]),
        ("Service Manager - ICRT, AF", ["Service Manager - ICRT", "AF"]),
        # spaces split only when every word is initials
        ("Service Manager - ICRT", ["Service Manager - ICRT"]),
        ("HoS AF", ["HoS AF"]),  # "HoS" is not all capitals
        ("af amd", ["af amd"]),  # lower case is not initials
        ("A", ["A"]),  # one letter is not initials, but is still a piece
    ],
)
def test_split_lead_text(text, pieces):
    assert split_lead_text(text) == pieces
