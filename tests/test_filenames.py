"""File names made from lead codes and names: valid on Windows, macOS and Linux."""

from __future__ import annotations

import pytest

from ragbook.xlsx.filenames import MAX_STEM_BYTES, safe_stem, unique_filename


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("AF", "AF"),
        ("Service Manager - ICRT", "Service Manager - ICRT"),
        ('Head of "Early Help": North/South', "Head of -Early Help-- North-South"),
        ("a<b>c|d?e*f\\g", "a-b-c-d-e-f-g"),
        ("tab\there\nnewline", "tab here newline"),
        ("  .hidden  ", "hidden"),
        ("~$owner", "$owner"),
        ("trailing dots...", "trailing dots"),
        ("", "lead"),
        ("...", "lead"),
        ("CON", "CON_"),
        ("nul", "nul_"),
        ("com1.xlsx", "com1.xlsx_"),
        ("LPT9", "LPT9_"),
        ("COM¹", "COM¹_"),
        ("Console", "Console"),
    ],
)
def test_names_are_safe_everywhere(typed, expected):
    assert safe_stem(typed) == expected


def test_long_names_are_cut_on_a_character_boundary():
    name = safe_stem("Directeur·rice " * 40)
    assert len(name.encode("utf-8")) <= MAX_STEM_BYTES
    name.encode("utf-8").decode("utf-8")  # no half character at the end
    assert name == name.rstrip(". ")


def test_unicode_is_normalised_so_macos_and_windows_agree():
    assert safe_stem("Chloe\u0301") == "Chlo\u00e9"


def test_unique_names_ignore_case_as_windows_and_macos_do():
    taken: set[str] = set()
    assert unique_filename("AF", ".xlsx", taken) == "AF.xlsx"
    assert unique_filename("af", ".xlsx", taken) == "af (2).xlsx"
    assert unique_filename("AF", ".xlsx", taken) == "AF (3).xlsx"
    assert taken == {"AF.xlsx", "af (2).xlsx", "AF (3).xlsx"}


def test_every_name_can_be_created_on_this_file_system(tmp_path):
    for typed in ("A/B", "x" * 300, "CON", "ünïcødé ☃", "a:b"):
        (tmp_path / (safe_stem(typed) + ".xlsx")).write_bytes(b"")
