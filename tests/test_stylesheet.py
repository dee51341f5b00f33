"""Appending to the owner's styles part: a rating cell's format with a new fill."""

from __future__ import annotations

from ragbook.xlsx.stylesheet import StylesEditor

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC000"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1">'
    '<alignment horizontal="center"/><protection locked="0"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def test_a_recoloured_format_is_a_copy_with_only_the_fill_changed_appended():
    editor = StylesEditor(STYLES.encode())
    assert editor.recoloured(1, "ff0000") == 2
    assert editor.recoloured(1, "FF0000") == 2  # made once
    assert editor.result().decode() == STYLES.replace(
        '<fills count="3">', '<fills count="4">'
    ).replace(
        "</patternFill></fill></fills>",
        '</patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>',
    ).replace('<cellXfs count="2">', '<cellXfs count="3">').replace(
        "</xf></cellXfs>",
        '</xf><xf numFmtId="14" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1">'
        '<alignment horizontal="center"/><protection locked="0"/></xf></cellXfs>',
    )


def test_a_format_already_there_is_reused_and_nothing_is_appended():
    editor = StylesEditor(STYLES.encode())
    assert editor.recoloured(1, "FFC000") == 1  # its own colour: the same format
    assert not editor.changed and editor.result() == STYLES.encode()


def test_a_format_it_cannot_copy_exactly_is_kept():
    odd = STYLES.replace(
        '<protection locked="0"/></xf>',
        '<protection locked="0"/><extLst><ext uri="x"/></extLst></xf>',
    )
    editor = StylesEditor(odd.encode())
    assert editor.recoloured(1, "FF0000") == 1 and not editor.changed
    assert editor.recoloured(7, "FF0000") == 7  # no such format
