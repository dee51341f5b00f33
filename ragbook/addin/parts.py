"""The edits that turn xlwings' add-in template into ragbook.xlam, made on the text.

Each part is changed by finding and replacing exact text, never by parsing and
re-serialising the XML: an XML library drops namespace declarations (x14ac)
that mc:Ignorable still names, and Excel then calls the file damaged. Every
edit first checks that the text it changes is there, so a template that has
changed fails the build with a message instead of giving a broken add-in.
"""

from __future__ import annotations

import re
from html import unescape
from xml.sax.saxutils import escape, quoteattr

from ..errors import UsageProblem

# The template's only ribbon callback: Sub RunMain in its VBA module RibbonMyAddin
# runs RunPython "import <file stem>;<file stem>.main()", so ragbook.xlam runs ragbook.main().
CALLBACK = "RibbonMyAddin.RunMain"
# The VBA reads its settings from a sheet named PROJECT_NAME & ".conf", and PROJECT_NAME
# is "myaddin" in the VBA, which ragbook keeps byte for byte. The template ships the
# sheet switched off by a leading underscore.
TEMPLATE_SHEET, CONFIG_SHEET = "_myaddin.conf", "myaddin.conf"
CUSTOM_PROPERTIES_PART = "docProps/custom.xml"
CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPERTIES_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)

RIBBON = """<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
  <ribbon>
    <tabs>
      <tab id="ragbookTab" label="ragbook">
        <group id="ragbookPlan" label="Improvement plan">
          <button id="ragbookRefresh" label="Refresh" size="large" imageMso="Refresh"
                  screentip="Refresh the improvement plan"
                  supertip="Saves this workbook, recounts the RAG ratings, flags overdue actions and rebuilds the Tracker, Exceptions, lead and Checks sheets. What you typed is not changed."
                  onAction="{callback}"/>
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
"""


class TemplateChanged(UsageProblem):
    """The template does not hold the text ragbook edits."""


def _expect(text: str, needle: str, part: str, what: str) -> None:
    if text.count(needle) != 1:
        raise TemplateChanged(f"{part} has no single {what} ({needle!r})")


def ribbon() -> str:
    """The customUI part: a "ragbook" tab with one large Refresh button."""
    return RIBBON.format(callback=CALLBACK)


def switch_on_config_sheet(workbook_xml: str) -> str:
    """Rename the settings sheet from "_myaddin.conf" to "myaddin.conf" so the VBA reads it."""
    old = f'name="{TEMPLATE_SHEET}"'
    _expect(workbook_xml, old, "xl/workbook.xml", f"sheet called {TEMPLATE_SHEET}")
    return workbook_xml.replace(old, f'name="{CONFIG_SHEET}"')


def shared_strings(sst_xml: str) -> list[str]:
    """The shared strings' plain text, in index order."""
    return [
        unescape(re.sub(r"<[^>]+>", "", si)) for si in re.findall(r"<si>(.*?)</si>", sst_xml, re.S)
    ]


def _inline(ref: str, text: str, style: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def config_rows(sheet_xml: str, sst_xml: str) -> dict[str, int]:
    """Setting name (upper case, as the VBA compares) -> its row on the settings sheet."""
    strings = shared_strings(sst_xml)
    rows: dict[str, int] = {}
    for row, index in re.findall(r'<c r="A(\d+)"[^>]*\bt="s"[^>]*><v>(\d+)</v></c>', sheet_xml):
        rows[strings[int(index)].upper()] = int(row)
    return rows


def set_config(sheet_xml: str, sst_xml: str, values: dict[str, str]) -> str:
    """Put each value in column B beside its setting name in column A.

    A setting the sheet does not list yet gets a new row right below the last
    one: the VBA reads A1 down to the first blank cell, so a gap would hide it.
    Values are inline strings, so the shared strings part stays as it is.
    """
    part = "xl/worksheets/sheet1.xml"
    rows = config_rows(sheet_xml, sst_xml)
    if sorted(rows.values()) != list(range(1, len(rows) + 1)):
        raise TemplateChanged(f"{part} does not list its settings from A1 down without a gap")
    first = re.search(r'<c r="A1"( s="\d+")?', sheet_xml)
    style = (first.group(1) or "") if first else ""
    last = len(rows)
    for name, value in values.items():
        row = rows.get(name.upper())
        if row is None:
            last += 1
            row = last
            if re.search(rf'<row r="{row}"[\s>/]', sheet_xml):
                raise TemplateChanged(f"{part} already has a row {row} below its settings")
            new = (
                f'<row r="{row}" spans="1:2">{_inline(f"A{row}", name, style)}'
                f"{_inline(f'B{row}', value, style)}</row>"
            )
            later = [m for m in re.finditer(r'<row r="(\d+)"', sheet_xml) if int(m.group(1)) > row]
            at = later[0].start() if later else sheet_xml.find("</sheetData>")
            if at < 0:
                raise TemplateChanged(f"{part} has no sheetData")
            sheet_xml = sheet_xml[:at] + new + sheet_xml[at:]
            continue
        match = re.search(rf'(<row r="{row}"[^>]*>)(.*?)(</row>)', sheet_xml, re.S)
        if match is None:
            raise TemplateChanged(f"{part} has no row {row} for the setting {name}")
        head = re.sub(r'spans="[^"]*"', 'spans="1:2"', match.group(1))
        body = re.sub(rf'<c r="B{row}"[^>]*?(/>|>.*?</c>)', "", match.group(2), flags=re.S)
        body += _inline(f"B{row}", value, style)
        sheet_xml = (
            sheet_xml[: match.start()] + head + body + match.group(3) + sheet_xml[match.end() :]
        )
    return sheet_xml


def set_core_properties(core_xml: str, title: str, description: str) -> str:
    """Title and description, which Excel's Add-ins dialog shows; left alone if absent."""
    for tag, value in (("dc:title", title), ("dc:description", description)):
        core_xml = re.sub(
            rf"<{tag}\s*/>|<{tag}>.*?</{tag}>",
            lambda m, tag=tag, value=value: f"<{tag}>{escape(value)}</{tag}>",  # type: ignore[misc]  # mypy cannot infer a lambda with defaults
            core_xml,
            count=1,
            flags=re.S,
        )
    return core_xml


def add_custom_properties_part(content_types: str, rels: str) -> tuple[str, str]:
    """Declare docProps/custom.xml in [Content_Types].xml and the package relationships."""
    if f"/{CUSTOM_PROPERTIES_PART}" in content_types or CUSTOM_PROPERTIES_PART in rels:
        raise TemplateChanged(f"the template already has {CUSTOM_PROPERTIES_PART}")
    _expect(content_types, "</Types>", "[Content_Types].xml", "end tag")
    _expect(rels, "</Relationships>", "_rels/.rels", "end tag")
    override = (
        f'<Override PartName="/{CUSTOM_PROPERTIES_PART}" ContentType="{CUSTOM_PROPERTIES_TYPE}" />'
    )
    used = [int(n) for n in re.findall(r'Id="rId(\d+)"', rels)]
    rel = (
        f'<Relationship Id="rId{max(used, default=0) + 1}" Type={quoteattr(CUSTOM_PROPERTIES_REL)} '
        f'Target="{CUSTOM_PROPERTIES_PART}" />'
    )
    return (
        content_types.replace("</Types>", override + "</Types>"),
        rels.replace("</Relationships>", rel + "</Relationships>"),
    )
