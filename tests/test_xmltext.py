"""XML parts as UTF-8 text, whatever they were saved in; DTDs found by the parser."""

from __future__ import annotations

import pytest

from ragbook.errors import NotAWorkbook
from ragbook.xlsx.xmltext import has_dtd, refuse_dtd, utf8_xml

DOC = '<?xml version="1.0" encoding="{}"?><sst><si><t>Café £5 – ü</t></si></sst>'


@pytest.mark.parametrize(
    "codec, declared",
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("latin-1", "ISO-8859-1"),
        ("cp1252", "windows-1252"),
    ],
)
def test_a_part_in_another_encoding_is_read_as_utf8(codec, declared):
    text = DOC.format(declared)
    if codec == "latin-1":
        text = text.replace(" –", "")
    data = utf8_xml(text.encode(codec), "plan.xlsx", "xl/sharedStrings.xml")
    assert data == text.replace(f'encoding="{declared}"', 'encoding="UTF-8"').encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        DOC.format("UTF-8").encode(),
        DOC.format("utf8").encode(),
        b"\xef\xbb\xbf" + DOC.format("UTF-8").encode(),
        b"<sst/>",
        b"",
    ],
)
def test_a_utf8_part_is_left_exactly_as_it_is(data):
    assert utf8_xml(data, "plan.xlsx", "x.xml") is data


def test_a_part_that_is_not_what_it_declares_is_one_line():
    with pytest.raises(
        NotAWorkbook,
        match=r"^plan.xlsx: the part x.xml is not readable text in "
        r"the encoding it declares \(utf-16\)",
    ):
        utf8_xml(b"\xff\xfe<\x00\x00\xd8", "plan.xlsx", "x.xml")


@pytest.mark.parametrize(
    "data, dtd",
    [
        (b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', True),
        (
            b'<?xml version="1.0"?>\n<!-- <a> --><!DOCTYPE r SYSTEM "http://example.org/x"><r/>',
            True,
        ),
        (b'<?xml version="1.0"?><!-- <!DOCTYPE r> --><r/>', False),
        (b"<r><![CDATA[<!DOCTYPE r>]]></r>", False),
        (b"<r>" + b"<c>x</c>" * 10000 + b"<!-- <!DOCTYPE r> --></r>", False),
        (b'<?xml version="1.0"?>' + b"<!-- pad -->" * 20000 + b"<!DOCTYPE r><r/>", True),
        (b"not xml at all <!DOCTYPE", False),  # not well-formed: a reader fails on it anyway
    ],
)
def test_dtds_are_found_by_parsing_the_prolog(data, dtd):
    assert has_dtd(data) is dtd
    if dtd:
        with pytest.raises(NotAWorkbook, match="declares a DTD or XML entities"):
            refuse_dtd(data, "plan.xlsx", "x.xml")
    else:
        refuse_dtd(data, "plan.xlsx", "x.xml")
