"""Workbooks laid out like the councils' own plans in ../shared/seeds/.

One builder per seed writes a realistic Excel workbook reproducing that
council's layout, the way the council's own staff would have built it in
Excel (title rows, a logo, a RAG key and blank rows above the table, merged
cells, a header repeated on every page, section, recommendation and narrative
rows, colour-only ratings, free-text dates, costs), and returns a `Seed`: what
ragbook must understand of it, written out by hand next to the rows, never
derived from ragbook.

Two writers are used, as councils' workbooks come from different programs:
XlsxWriter for Reading and Sunderland (with a logo picture), openpyxl for
West Berkshire and Telford.

Leads are initials ("AF", "AMD") or role titles ("Service Manager - ICRT"),
never the real officers' names in the seeds; e-mail addresses are at
example.org.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ONGOING = "ongoing"


# -- what ragbook must understand ------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One action as ragbook must read it."""

    ref: str
    row: int
    text: str  # the start of the action text
    priority: str
    recommendation: str
    leads: tuple[str, ...]
    due: date | str | None  # a date, ONGOING, or None (no usable date: a problem)
    due_text: str  # the due cell as typed, "" for a real date
    rating: str | None  # the scale label, or None (not rated, or not a rating)
    rating_cell: str  # where the current rating is
    rating_text: str = ""  # what is typed in the rating cell ("" for a colour only)
    history: tuple[str | None, ...] = ()  # earlier ratings' labels, oldest first
    progress: str = ""
    one_off_cost: float | None = None
    recurring_cost: float | None = None
    percent: float | None = None
    # The rating is there but is not one of the scale's: a look-alike letter, or a fill
    # colour no rating has. Counted as Unrecognised, never as Not rated.
    unrecognised: bool = False


@dataclass
class Seed:
    """A council's workbook and what ragbook must find in it."""

    name: str
    path: Path
    sheet: str
    header_row: int
    as_of: date
    scale: str  # the preset the plan uses
    scale_source: str  # as `check` prints it
    actions: list[Expect]
    # row -> (kind, start of the text ragbook shows); kinds as `check --explain` prints them
    structure: dict[int, tuple[str, str]]
    # (cell on the plan sheet, message) of every problem ragbook must report
    problems: list[tuple[str, str]]
    columns: dict[str, str]  # header text -> what --explain says it maps to
    priorities: list[str]  # in the order the plan first uses them
    recommendations: dict[str, int]  # number -> actions answering it, as the Tracker lists
    other_sheets: list[str] = field(default_factory=list)  # user sheets beside the plan
    other_candidates: list[tuple[str, int, int]] = field(default_factory=list)

    def by_ref(self) -> dict[str, Expect]:
        return {a.ref: a for a in self.actions}


# -- a month typed into Excel -------------------------------------------------------------


@dataclass(frozen=True)
class ExcelMonth:
    """A month typed into Excel ("January 2017"): Excel stores the 1st of the month as a
    date serial and shows it with a number format that has no day."""

    year: int
    month: int
    number_format: str = "mmmm yyyy"

    def stored(self) -> datetime:
        return datetime(self.year, self.month, 1)


# -- a logo ------------------------------------------------------------------------------


def png(width: int = 6, height: int = 4) -> bytes:
    """A small real PNG: the council's logo stand-in."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x00\x5a\x9c" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _logo(folder: Path, name: str) -> Path:
    logo = folder / f"{name}-logo.png"
    logo.write_bytes(png())
    return logo


def actions_per_recommendation(actions: list[Expect], numbers=()) -> dict[str, int]:
    """Recommendation number -> how many actions answer it; `numbers` that no action
    answers count 0 (the Tracker lists them as having no action)."""
    counts = {str(n): 0 for n in numbers}
    for a in actions:
        counts[a.recommendation] = counts.get(a.recommendation, 0) + 1
    return counts


# -- openpyxl: the parts West Berkshire's and Telford's sheets share -------------------


def openpyxl_sheet(title: str, border_colour: str):
    """A new workbook whose sheet is `title`; with the thin box border (in the colour
    given) and the wrapped, top-aligned alignment the table cells use."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    thin = Side(style="thin", color=border_colour)
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    return wb, ws, box, Alignment(wrap_text=True, vertical="top")


def openpyxl_header(ws, row: int, texts, fill, box, wrap) -> None:
    """The table's header row: bold white text on `fill`, boxed and wrapped."""
    from openpyxl.styles import Font

    for c, text in enumerate(texts, start=1):
        cell = ws.cell(row, c, text)
        cell.font = Font(bold=True, color="FFFFFFFF")
        cell.fill = fill
        cell.alignment = wrap
        cell.border = box


def openpyxl_widths(ws, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


# ========================================================================================
# 000 Reading: the draft Learning and Improvement Plan (2016)
# ========================================================================================

READING_SHEET = "LIP"
READING_HEADER = [
    "Outcome",
    "Action(s)",
    "Success measure(s)",
    "Lead",
    "Provisional time",
    "RAG Initial",
    "RAG Oct",
    "Progress Update",
]
# The header as repeated on the later pages of the seed: "Provisional Time", "RAG XX".
READING_HEADER_LATER = [
    "Outcome",
    "Action(s)",
    "Success measure(s)",
    "Lead",
    "Provisional Time",
    "RAG Initial",
    "RAG XX",
    "Progress Update",
]
READING_KEY = [
    (
        "RED",
        "FF0000",
        "Action not yet started/significant delay in implementation/delay due to "
        "resource availability. The action must be prioritised to bring it back on "
        "track to deliver improvement.",
    ),
    (
        "AMBER",
        "FFC000",
        "Action started but there is some delay in implementation. The action "
        "must be monitored to ensure the required improvement is delivered.",
    ),
    (
        "LIGHT GREEN",
        "92D050",
        "Action is on track to be completed by the agreed date. Evidence is "
        "required to show that the improvement has been sustained.",
    ),
    (
        "DARK GREEN",
        "00B050",
        "Action completed and there is evidence that the improvement "
        "required has been made. The action remains in the plan for "
        "monitoring.",
    ),
    (
        "COMPLETED",
        "0070C0",
        "Action completed and there is evidence that the improvement has "
        "been sustained. Approved by CSIB Chair to be removed from the plan.",
    ),
]
READING_P1 = "PRIORITY ONE - People and Leadership"
READING_P2 = "PRIORITY TWO - Practice and systems"
READING_P3 = "PRIORITY THREE - Governance and Accountability"
READING_AS_OF = date(2016, 12, 20)


def build_reading(
    folder: Path, *, recommendations: int | None = None, name: str = "reading-lip.xlsx"
) -> Seed:
    """Reading's plan: the table below title rows, a progress tracker block and the RAG
    key; "PRIORITY ONE - ..." heading rows merged across the table; the header repeated
    on every page (later pages say "Provisional Time" and "RAG XX"); outcome cells merged
    over their actions with "(Recommendation N)" in the text; refs typed at the start of
    the action text, two numbered actions in one cell, stray numbers inside sentences
    ("to track the 16.4 progress of"); "AF AMD" leads; "Provisional time" as dd/mm/yy
    text, with the impossible 31/11/16 and 31/06/17; RAG Initial and RAG Oct, some Oct
    ratings shown only as a fill colour.

    With `recommendations`, a Settings sheet says how many the Ofsted report made.
    """
    import xlsxwriter

    path = folder / name
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(
        {
            "title": "Children's Services Learning and Improvement Plan",
            "author": "Business Manager (demo)",
            "created": datetime(2016, 9, 21),
        }
    )
    title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
    subtitle = wb.add_format({"italic": True, "font_color": "#595959"})
    bold = wb.add_format({"bold": True})
    head = wb.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
    )
    section = wb.add_format(
        {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True}
    )
    intro = wb.add_format({"italic": True, "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    merged_outcome = wb.add_format(
        {"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#F2F2F2"}
    )
    date_fmt = wb.add_format({"num_format": "dd/mm/yy", "valign": "top", "border": 1})
    fills = {
        label: wb.add_format({"bg_color": "#" + rgb, "border": 1}) for label, rgb, _ in READING_KEY
    }
    fill_only = {
        rgb: wb.add_format({"bg_color": "#" + rgb, "border": 1})
        for rgb in ("92D050", "00B050", "C6EFCE")
    }

    ws = wb.add_worksheet(READING_SHEET)
    ws.set_column("A:A", 34)
    ws.set_column("B:C", 46)
    ws.set_column("D:D", 9)
    ws.set_column("E:G", 12)
    ws.set_column("H:H", 40)
    ws.insert_image("G1", str(_logo(folder, "reading")), {"x_scale": 12, "y_scale": 12})
    ws.write("A1", "READING BOROUGH COUNCIL", title)
    ws.write(
        "A2", "Children's Services Learning and Improvement Plan - August 2016 to July 2017", bold
    )
    ws.write("A3", "WORKING DRAFT V6 ACE - 21st September 2016", subtitle)
    # Row 5-12: the performance and progress tracker block, typed by hand (seed 000).
    ws.write("A5", "PERFORMANCE AND PROGRESS TRACKER", bold)
    ws.write_row(
        "A6",
        [
            "Initial RAG-rating September 2016",
            None,
            "Previous Month XXXXX 2016",
            None,
            "Current Month XXXXXX 2016",
            None,
            "Direction of travel since the previous quarter",
        ],
        head,
    )
    for i, (label, _, _) in enumerate(READING_KEY):
        ws.write_row(6 + i, 0, [label, None, label, None, label], fills[label])
    ws.write_row("A12", ["TOTAL", None, "TOTAL", None, "TOTAL"], bold)
    # Rows 14-19: the RAG key.
    ws.write("A14", "RAG RATING", bold)
    for i, (label, _, meaning) in enumerate(READING_KEY):
        ws.write(14 + i, 0, label, fills[label])
        ws.merge_range(14 + i, 1, 14 + i, 7, meaning, wrap)

    actions: list[Expect] = []
    structure: dict[int, tuple[str, str]] = {}
    row = 20  # 0-based index of the next row to write (row 21 in Excel)

    def excel_row() -> int:
        return row + 1

    def heading(text: str, kind: str, shown: str) -> None:
        nonlocal row
        ws.merge_range(row, 0, row, 7, text, section)
        structure[excel_row()] = (kind, shown)
        row += 1

    def header(cells: list[str], repeated: bool) -> None:
        nonlocal row
        ws.write_row(row, 0, cells, head)
        if repeated:
            structure[excel_row()] = ("repeated header", "")
        row += 1

    def blank() -> None:
        nonlocal row
        row += 1

    def outcome_block(outcome: str | None, priority: str, rec: str, items: list[dict]) -> None:
        """Actions under one outcome cell, merged over them when there are several."""
        nonlocal row
        first = row
        for item in items:
            r = excel_row()
            ws.write(row, 1, item["action"], wrap)
            ws.write(row, 2, item.get("measure", ""), wrap)
            ws.write(row, 3, item["lead"], wrap)
            due = item["due"]
            if isinstance(due, date):
                ws.write_datetime(row, 4, datetime(due.year, due.month, due.day), date_fmt)
            else:
                ws.write_string(row, 4, due, wrap)
            initial = item.get("initial", "")
            ws.write(
                row, 5, initial, fills.get(initial.upper(), wrap)
            ) if initial else ws.write_blank(row, 5, None, wrap)
            current, fill = item.get("oct", ""), item.get("fill")
            if fill:
                ws.write_blank(row, 6, None, fill_only[fill])
            elif current:
                ws.write(row, 6, current, fills.get(current.upper(), wrap))
            else:
                ws.write_blank(row, 6, None, wrap)
            if item.get("progress"):
                ws.write(row, 7, item["progress"], wrap)
            for ref, text in item["expect"]:
                actions.append(
                    Expect(
                        ref=ref,
                        row=r,
                        text=text,
                        priority=priority,
                        recommendation=rec,
                        leads=tuple(item["lead"].split()),
                        due=item["due_means"],
                        due_text=due if isinstance(due, str) else "",
                        rating=item["rating"],
                        rating_cell=f"G{r}",
                        rating_text=current,
                        history=(item.get("initial_means"),),
                        progress=item.get("progress", ""),
                    )
                )
            row += 1
        if outcome is not None:
            if row - first > 1:
                ws.merge_range(first, 0, row - 1, 0, outcome, merged_outcome)
            else:
                ws.write(first, 0, outcome, merged_outcome)

    def act(
        action: str,
        lead: str,
        due,
        due_means,
        initial: str,
        rating: str | None,
        oct: str = "",
        fill: str | None = None,
        expect=None,
        progress: str = "",
        measure: str = "",
    ) -> dict:
        ref = action.split()[0]
        return {
            "action": action,
            "lead": lead,
            "due": due,
            "due_means": due_means,
            "initial": initial,
            "initial_means": initial.upper() or None,
            "oct": oct,
            "fill": fill,
            "rating": rating,
            "progress": progress,
            "measure": measure,
            "expect": expect or [(ref, action)],
        }

    # PRIORITY ONE: heading and its paragraph above the first header, as in the seed.
    heading("PRIORITY ONE - People and Leadership:", "priority", READING_P1)
    ws.merge_range(
        row,
        0,
        row,
        7,
        "To provide effective and ambitious leadership and management "
        "across children's services, with a permanent and competent workforce to "
        "provide responsive and safe services to children and young people in "
        "Reading.",
        intro,
    )
    row += 1
    blank()
    header_row = excel_row()
    header(READING_HEADER, repeated=False)
    r1 = (
        "Reading Borough Council will secure a permanent and competent children's services "
        "workforce to deliver responsive and safe services. (Recommendation 1)"
    )
    outcome_block(
        r1,
        READING_P1,
        "1",
        [
            act(
                "1.1 Create an effective and affordable children's services structure for Reading "
                "that will enable the delivery of safe and effective services that meet local need.",
                "HM",
                "30/09/16",
                date(2016, 9, 30),
                "RED",
                "AMBER",
                oct="AMBER",
                measure="Clear model for delivery established for Children's Services in Reading.",
            ),
            act(
                "1.2 Implement a workforce strategy to improve the recruitment, induction, and "
                "retention of social workers.",
                "SG",
                "31/01/17",
                date(2017, 1, 31),
                "AMBER",
                "LIGHT GREEN",
                oct="LIGHT GREEN",
                measure="85% of social work posts are filled with permanent and competent "
                "employees.",
            ),
        ],
    )
    header(READING_HEADER, repeated=True)  # the page break: the outcome runs on below
    outcome_block(
        None,
        READING_P1,
        "1",
        [
            act(
                "1.3 Embed Readings chosen social work delivery model (Signs of Safety) that will "
                "support the delivery of best practice across the partnership, and establish clear "
                "practice standards.",
                "SG",
                "31/12/16",
                date(2016, 12, 31),
                "AMBER",
                "LIGHT GREEN",
                fill="92D050",
            ),
            act(
                "1.4 Complete a skills audit across the workforce to determine the current levels "
                "of professional competence, and inform the design of the learning and development "
                "offer.",
                "AMD",
                "31/12/16",
                date(2016, 12, 31),
                "Light Green",
                "DARK GREEN",
                oct="DARK GREEN",
            ),
        ],
    )
    outcome_block(
        "Staff will be supported and challenged through regular high quality "
        "supervision and effective management oversight.\n(Recommendation 4)",
        READING_P1,
        "4",
        [
            act(
                "4.1 Improve the quality, frequency and recording of professional supervision to "
                "ensure that it is reflective.",
                "SG",
                "31/10/16",
                date(2016, 10, 31),
                "RED",
                "DARK GREEN",
                fill="00B050",
            ),
            act(
                "4.2 All managers of case holding staff to receive mandatory supervision training.",
                "AMD",
                "30/11/16",
                date(2016, 11, 30),
                "AMBER",
                "AMBER",
                oct="AMBER",
            ),
        ],
    )
    outcome_block(
        "Good quality management oversight will ensure that children and their "
        "families are not subject to delay and achieve positive outcomes. "
        "(Recommendation 7)",
        READING_P1,
        "7",
        [
            act(
                "7.2 Determine manageable caseloads for social workers, so that they can 7.3 "
                "respond appropriately and in a timely manner to the needs of children and young "
                "people.",
                "SG",
                "30/06/17",
                date(2017, 6, 30),
                "RED",
                "RED",
                oct="RED",
            ),
        ],
    )
    blank()
    heading(
        "PRIORITY TWO - Practice and systems: To create an environment where excellent "
        "practice and innovation will flourish, within a framework of continuous learning "
        "and improvement.",
        "priority",
        READING_P2,
    )
    blank()
    header(READING_HEADER_LATER, repeated=True)
    r5 = (
        "Thresholds will be consistently applied across the children's workforce; to ensure "
        "that case management is timely and effective, and held at the appropriate level. "
        "(Recommendation 5)"
    )
    outcome_block(
        r5,
        READING_P2,
        "5",
        [
            act(
                "5.1 Review the 'Continuum of Help and Support' (thresholds) framework; and "
                "re-launch through the LSCB.",
                "AF",
                "31/12/16",
                date(2016, 12, 31),
                "AMBER",
                "COMPLETED",
                oct="COMPLETED",
            ),
            act(
                "5.3 Engage with partner agencies to implement a revised early intervention and "
                "preventative strategy and operational framework which clearly sets out the early "
                "help offer and referral pathways.",
                "AF AMD",
                "31/12/16",
                date(2016, 12, 31),
                "LIGHT GREEN",
                "LIGHT GREEN",
                oct="LIGHT GREEN",
            ),
            act(
                "5.3.1 Realign services to meet the requirements of the strategy and establish a "
                "single front door for all referrals\n5.3.2 Implement restorative practice into the "
                "pathways plans and family group conferencing.",
                "AF AMD",
                "31/03/17",
                date(2017, 3, 31),
                "",
                None,
                expect=[
                    ("5.3.1", "5.3.1 Realign services to meet the requirements of the strategy"),
                    ("5.3.2", "5.3.2 Implement restorative practice into the pathways plans"),
                ],
            ),
        ],
    )
    outcome_block(
        "All children will have effective plans that meet their assessed need, "
        "through which issues of risk and resilience will be evaluated dynamically. "
        "(Recommendation 3)",
        READING_P2,
        "3",
        [
            act(
                "5.5 Develop the Mosaic system and transfer all EH case records to the electronic "
                "recording system to support the timely and 3.1 effective assessment (CAF) and "
                "planning of children and young people receiving an EH service.",
                "KS",
                "30/06/17",
                date(2017, 6, 30),
                "AMBER",
                "LIGHT GREEN",
                oct="LG",
            ),
        ],
    )
    outcome_block(
        "All children and young people who go missing from home or care are "
        "supported by an effective safety plan. (Recommendation 9)",
        READING_P2,
        "9",
        [
            act(
                "9.1 Review the business process and recording tools within the electronic case "
                "management system.",
                "AF",
                "31/12/16",
                date(2016, 12, 31),
                "AMBER",
                "AMBER",
                oct="AMBER",
            ),
            act(
                "9.2 Review the arrangements to ensure that return home or return to care "
                "interviews are routinely completed and recorded.",
                "AF",
                "31/11/16",
                None,
                "RED",
                "RED",
                oct="RED",
            ),
        ],
    )
    header(READING_HEADER_LATER, repeated=True)
    outcome_block(
        "Looked-after children have access to high quality care planning, review "
        "and support. (Recommendation 12)",
        READING_P2,
        "12",
        [
            act(
                "12.5 Increase the permanent establishment of the IRO service to reduce caseloads.",
                "KS",
                "31/12/16",
                date(2016, 12, 31),
                "RED",
                "RED",
                oct="RED",
                progress="This has been RAG'd red due to funding not yet approved.",
            ),
        ],
    )
    blank()
    heading(
        "PRIORITY THREE - Governance and Accountability: To ensure appropriate lines of "
        "accountability and governance, with a clear distinction between political, "
        "strategic and operational roles.",
        "priority",
        READING_P3,
    )
    blank()
    header(READING_HEADER_LATER, repeated=True)
    outcome_block(
        "All children and young people who are in the care of the LA are provided "
        "with high quality care and support. (Recommendation 13)",
        READING_P3,
        "13",
        [
            act(
                "13.2 Ensure that all viability assessments are completed prior to the placement "
                "of a child and ratified by panel.",
                "SG",
                "31/06/17",
                None,
                "AMBER",
                "AMBER",
                oct="Amber",
            ),
        ],
    )
    outcome_block(
        "The Placement Sufficiency and Commissioning Strategy is effective. (Recommendation 14)",
        READING_P3,
        "14",
        [
            act(
                "14.1 Update the Placement Sufficiency and Commissioning Strategy (based on a "
                "strategic needs assessment).",
                "AMD",
                date(2017, 3, 31),
                date(2017, 3, 31),
                "LIGHT GREEN",
                "LIGHT GREEN",
                oct="LIGHT GREEN",
            ),
        ],
    )
    outcome_block(
        "Care leavers have the skills and emotional resilience to move to "
        "independence. (Recommendation 16)",
        READING_P3,
        "16",
        [
            act(
                "16.3 Strengthen the Virtual School support mechanisms to track the 16.4 progress "
                "of care leavers and ensure appropriate action is taken.",
                "RB",
                "31/03/17",
                date(2017, 3, 31),
                "",
                "LIGHT GREEN",
                fill="C6EFCE",
            ),
        ],
    )
    outcome_block(
        "All care leavers understand their rights and entitlements. (Recommendation 17)",
        READING_P3,
        "17",
        [
            act(
                "17.1 Review the leaving care policy, and produce a clear and accessible statement "
                "that sets out the rights and entitlements of care leavers.",
                "AMD",
                "31/03/17",
                date(2017, 3, 31),
                "AMBER",
                "COMPLETED",
                oct="C",
            ),
        ],
    )
    ws.repeat_rows(header_row - 1)
    ws.freeze_panes(header_row, 0)

    if recommendations is not None:
        st = wb.add_worksheet("Settings")
        st.write("A1", "ragbook settings", bold)
        st.write("A3", "Plan title")
        st.write("B3", "Reading Learning and Improvement Plan")
        st.write("A4", "Ofsted recommendations")
        st.write_number("B4", recommendations)
    wb.close()

    by_rec = actions_per_recommendation(actions, range(1, (recommendations or 0) + 1))
    return Seed(
        name="reading",
        path=path,
        sheet=READING_SHEET,
        header_row=header_row,
        as_of=READING_AS_OF,
        scale="reading5",
        scale_source=f"guessed from the key typed in rows 15-19 of sheet '{READING_SHEET}'",
        actions=actions,
        structure=structure,
        problems=[
            (
                "A14",
                "ragbook guessed the scale: reading5 (RED, AMBER, LIGHT GREEN, DARK GREEN, "
                "COMPLETED), from the key typed in rows 15-19; a refresh keeps it in the "
                "workbook",
            ),
            (
                f"G{_row_of(actions, '1.3')}",
                "ragbook guessed 3 ratings from the fill colour alone, as the rating of that colour "
                f"on the reading5 scale (G{_row_of(actions, '1.3')} #92D050 as LIGHT GREEN, "
                f"G{_row_of(actions, '4.1')} #00B050 as DARK GREEN, G{_row_of(actions, '16.3')} "
                "#C6EFCE as LIGHT GREEN)",
            ),
            (
                f"E{_row_of(actions, '9.2')}",
                "action 9.2: '31/11/16' is not a date: November 2016 has 30 days",
            ),
            (
                f"E{_row_of(actions, '13.2')}",
                "action 13.2: '31/06/17' is not a date: June 2017 has 30 days",
            ),
        ],
        columns={
            "Outcome": "Outcome",
            "Action(s)": "Action",
            "Success measure(s)": "Success measure(s)",
            "Lead": "Lead(s)",
            "Provisional time": "Date due",
            "RAG Initial": "initial rating",
            "RAG Oct": "current rating",
            "Progress Update": "Progress update",
        },
        priorities=[READING_P1, READING_P2, READING_P3],
        recommendations=by_rec,
        other_sheets=["Settings"] if recommendations is not None else [],
    )


def _row_of(actions: list[Expect], ref: str) -> int:
    return next(a.row for a in actions if a.ref == ref)


# ========================================================================================
# 002 West Berkshire: the Improvement Plan paper (2015)
# ========================================================================================

WB_SHEET = "Improvement Plan 2016-17"
WB_HEADER = [
    "Ref",
    "Domain",
    "Improvement commitment",
    "Ofsted recommendation",
    "Action",
    "Lead officer",
    "By when?",
    "RAG",
    "Status Update",
    "One-off cost",
    "Recurring cost",
]
WB_AS_OF = date(2015, 10, 15)
WB_DOMAINS = {
    "A": "A. Improving Leadership, Management, Governance and Partnerships",
    "B": "B. Improving the Quality of Our Practice",
    "C": "C. Strengthening, Stabilising and Improving the Quality of Our Workforce",
    "D": "D. Improving Services to Children in Need of Help and Protection",
    "E": "E. Improving Services to Looked After Children and Care Leavers",
}
WB_PREVIOUS = "Previous plan 2014"


def build_west_berkshire(folder: Path, name: str = "west-berkshire-plan.xlsx") -> Seed:
    """West Berkshire's plan: "By when?" (months as typed in the paper, and two typed into
    Excel, which keeps the 1st with a format that shows no day), a lead officer, RAG blank
    until the action starts, a Status Update, one-off and recurring costs (numbers in a
    currency format, or typed as "£12K" and "£13,600") with a plan total under the table;
    the domain and the improvement commitment merged down over their actions. The
    previous year's plan is kept on a second sheet that also has an action table.
    """
    from openpyxl.styles import Font, PatternFill

    path = folder / name
    wb, ws, box, wrap = openpyxl_sheet(WB_SHEET, "808080")
    head_fill = PatternFill("solid", fgColor="FF4F81BD")
    ws["A1"] = "West Berkshire Council"
    ws["A1"].font = Font(bold=True, size=16, color="FF4F81BD")
    ws["A2"] = "Children's Services Improvement Plan - DRAFT for Council, 20 July 2015"
    ws["A2"].font = Font(bold=True)
    ws["A3"] = "Appendix A. Actions have a RAG status once they have started."
    ws["A3"].font = Font(italic=True)
    ws["A5"] = "RAG status key"
    ws["A5"].font = Font(bold=True)
    key = [
        ("Red", "FFFF0000", "Significant delay, or not started when it should have"),
        ("Amber", "FFFFC000", "Some delay"),
        ("Green", "FF00B050", "On track"),
        ("Completed", "FF0070C0", "Completed and evidenced"),
    ]
    for i, (label, argb, meaning) in enumerate(key):
        ws.cell(6 + i, 1, label).fill = PatternFill("solid", fgColor=argb)
        ws.cell(6 + i, 2, meaning)
    header_row = 12
    openpyxl_header(ws, header_row, WB_HEADER, head_fill, box, wrap)
    openpyxl_widths(ws, [7, 26, 30, 12, 50, 28, 16, 9, 40, 12, 12])

    money = '"£"#,##0'
    # ref, domain key, commitment (None: merged from above), rec, action, lead, by when,
    # RAG, status update, one-off, recurring; then what ragbook must read.
    rows = [
        (
            "A.1",
            "A",
            "West Berkshire will become good at safeguarding",
            7,
            "Commission 'test of assurance' of dual role of the DCS from external provider",
            "Corporate Director (demo)",
            "September 2015",
            "Amber",
            "Peer review being explored as a better value alternative.",
            "£12K",
            None,
            {"due": date(2015, 9, 30), "rating": "Amber", "one_off": 12000.0},
        ),
        (
            "A.2",
            "A",
            None,
            5,
            "Undertake analysis of current and future needs of looked after children. Identify "
            "actions to address these.",
            "Children's Commissioner (demo)",
            datetime(2015, 7, 23),
            "Green",
            "Interim commissioner in post since April 2015.",
            42000,
            None,
            {"due": date(2015, 7, 23), "rating": "Green", "one_off": 42000.0},
        ),
        (
            "A.3",
            "A",
            "Managers use management information to improve practice",
            8,
            "Council's Executive to review the recommendations of the Strategic Review and consider "
            "implementation in pursuit of 'Getting to Good'.",
            "Head of Children and Family Services",
            ExcelMonth(2016, 1),
            None,
            "",
            None,
            None,
            {"due": date(2016, 1, 31), "rating": None},
        ),
        (
            "A.4",
            "A",
            None,
            8,
            "Hold monthly performance clinics with team managers",
            "Performance Manager / Head of Children and Family Services",
            "Ongoing",
            "G",
            "Clinics started in June.",
            None,
            None,
            {
                "due": ONGOING,
                "rating": "Green",
                "leads": ("Performance Manager", "Head of Children and Family Services"),
            },
        ),
        (
            "B.1",
            "B",
            "Work with children and families is purposeful and timely",
            2,
            "Commission audit of open cases to review for drift and delay and provide assurance "
            "over levels of actual current, remediable delay in casework.",
            "Head of Children and Family Services",
            "31/08/2015",
            "Red",
            "Provider not yet appointed.",
            "£13,600",
            None,
            {"due": date(2015, 8, 31), "rating": "Red", "one_off": 13600.0},
        ),
        (
            "B.2",
            "B",
            None,
            10,
            "Social Workers and first line managers to receive training in reflective supervision.",
            "Principal Social Worker (demo)",
            "September 2015 and ongoing",
            None,
            "",
            None,
            20000,
            {"due": ONGOING, "rating": None, "recurring": 20000.0},
        ),
        (
            "B.3",
            "B",
            None,
            9,
            "Managers to receive initial or refresher training in: Restorative practice, Signs of "
            "Safety and Solutions focused practice methods.",
            "Principal Social Worker (demo)",
            "March 2016",
            "Completed",
            "First cohort trained.",
            60000,
            None,
            {"due": date(2016, 3, 31), "rating": "Completed", "one_off": 60000.0},
        ),
        (
            "C.1",
            "C",
            "A stable and secure workforce",
            4,
            "Identify and implement immediate resourcing requirements to secure teams and social "
            "work practice.",
            "Head of Children and Family Services",
            datetime(2015, 10, 31),
            "Green",
            "Posts in place at agency rates.",
            None,
            498761,
            {"due": date(2015, 10, 31), "rating": "Green", "recurring": 498761.0},
        ),
        (
            "D.1",
            "D",
            "Children at risk of sexual exploitation are identified and protected",
            3,
            "Appoint a CSE co-ordinator to develop a multi-agency CSE strategy.",
            "Service Manager - Safeguarding",
            "30/09/2015",
            "A",
            "Interim cover two days a week.",
            21600,
            None,
            {"due": date(2015, 9, 30), "rating": "Amber", "one_off": 21600.0},
        ),
        (
            "E.1",
            "E",
            "Life story work is completed for every child who needs it",
            14,
            "Deliver life story training for social workers.",
            "Service Manager - Children in Care",
            ExcelMonth(2015, 12, "mmm-yy"),
            None,
            "",
            20000,
            None,
            {"due": date(2015, 12, 31), "rating": None, "one_off": 20000.0},
        ),
    ]
    actions: list[Expect] = []
    r = header_row + 1
    first_of_domain: dict[str, int] = {}
    commitment_start = None
    for ref, dom, commitment, rec, text, lead, when, rag, update, one_off, recurring, means in rows:
        values = [ref, None, None, rec, text, lead, when, rag, update or None, one_off, recurring]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            cell.border = box
            cell.alignment = wrap
            if value is None:
                continue
            if isinstance(value, ExcelMonth):
                cell.value, cell.number_format = value.stored(), value.number_format
                continue
            cell.value = value
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
            if c in (10, 11) and isinstance(value, (int, float)):
                cell.number_format = money
        if dom not in first_of_domain:
            first_of_domain[dom] = r
            ws.cell(r, 2, WB_DOMAINS[dom])
        if commitment is not None:
            if commitment_start is not None and r - commitment_start > 1:
                ws.merge_cells(
                    start_row=commitment_start, start_column=3, end_row=r - 1, end_column=3
                )
            ws.cell(r, 3, commitment)
            commitment_start = r
        actions.append(
            Expect(
                ref=ref,
                row=r,
                text=text,
                priority=WB_DOMAINS[dom],
                recommendation=str(rec),
                leads=means.get("leads", (lead,)),
                due=means["due"],
                due_text=when if isinstance(when, str) else "",
                rating=means["rating"],
                rating_cell=f"H{r}",
                rating_text=rag or "",
                progress=update,
                one_off_cost=means.get("one_off"),
                recurring_cost=means.get("recurring"),
            )
        )
        r += 1
    last = r - 1
    if commitment_start is not None and last > commitment_start:
        ws.merge_cells(start_row=commitment_start, start_column=3, end_row=last, end_column=3)
    # The domain cell merged down over its actions.
    starts = [*sorted(first_of_domain.values()), last + 1]
    for a, b in itertools.pairwise(starts):
        if b - a > 1:
            ws.merge_cells(start_row=a, start_column=2, end_row=b - 1, end_column=2)
    total_row = last + 2
    ws.cell(total_row, 9, "Total anticipated cost of the plan").font = Font(bold=True)
    ws.cell(total_row, 10, f"=SUM(J{header_row + 1}:J{last})").number_format = money
    ws.cell(total_row, 11, f"=SUM(K{header_row + 1}:K{last})").number_format = money
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"

    # Last year's plan, kept for reference: an action table with fewer columns.
    old = wb.create_sheet(WB_PREVIOUS)
    old.append(["Ref", "Action", "Lead", "Deadline", "RAG"])
    old.append(
        [
            "1",
            "Agree the recruitment and retention strategy",
            "Head of Service (demo)",
            "October 2014",
            "Completed",
        ]
    )
    old.append(
        [
            "2",
            "Launch the social work academy",
            "Principal Social Worker (demo)",
            "September 2014",
            "Completed",
        ]
    )
    wb.save(path)

    by_rec = actions_per_recommendation(actions)
    return Seed(
        name="west-berkshire",
        path=path,
        sheet=WB_SHEET,
        header_row=header_row,
        as_of=WB_AS_OF,
        scale="rag4",
        scale_source=f"guessed from the key typed in rows 6-9 of sheet '{WB_SHEET}'",
        actions=actions,
        structure={total_row: ("narrative", "Total anticipated cost of the plan")},
        problems=[
            (
                f"A{header_row}",
                "ragbook guessed the action table: the one on sheet "
                f"'{WB_SHEET}' (header row 12), which recognises the most "
                f"columns; '{WB_PREVIOUS}' (header row 1) has one too",
            ),
            (
                "A5",
                "ragbook guessed the scale: rag4 (Red, Amber, Green, Completed), from the key "
                "typed in rows 6-9; a refresh keeps it in the workbook",
            ),
            (
                f"G{_row_of(actions, 'A.3')}",
                "ragbook guessed that 4 due dates with a month but no day mean the last day of that "
                f"month (G{_row_of(actions, 'A.3')} (a date shown as 'mmmm yyyy'), "
                f"G{_row_of(actions, 'E.1')} (a date shown as 'mmm-yy'), "
                f"G{_row_of(actions, 'A.1')} 'September 2015')",
            ),
        ],
        columns={
            "Ref": "Ref",
            "Domain": "Priority",
            "Improvement commitment": "not read by ragbook (kept as it is)",
            "Ofsted recommendation": "Ofsted recommendation",
            "Action": "Action",
            "Lead officer": "Lead(s)",
            "By when?": "Date due",
            "RAG": "current rating",
            "Status Update": "Progress update",
            "One-off cost": "One-off cost",
            "Recurring cost": "Recurring cost",
        },
        priorities=list(WB_DOMAINS.values()),
        recommendations=by_rec,
        other_sheets=[WB_PREVIOUS],
        other_candidates=[(WB_PREVIOUS, 1, 5)],
    )


# ========================================================================================
# 003 Sunderland (Together for Children): the progress report (2019)
# ========================================================================================

SUNDERLAND_SHEET = "Plan"
SUNDERLAND_HEADER = ["Action", "Lead", "Timescale", "RAG", "Update from Service"]
SUNDERLAND_AS_OF = date(2019, 1, 31)
SUNDERLAND_LEADS = [
    "Director of Quality Assurance & Performance",
    "Director of Children's Social Care",
    "Service Manager - ICRT",
    "Chair of SSCB",
    "Director of Early Help",
    "Service Manager",
    "Children with Disabilities Team Manager",
    "Service Manager - CLA",
    "IRO Manager",
    "CEO of TfC",
    "Head of Contractual Relationships",
    "MSET Co-ordinator",
]
CYRILLIC_ES = "\u0421"  # looks like C
GREEK_ALPHA = "\u0391"  # looks like A


def sunderland_priority(n: int, text: str, rec: int) -> tuple[str, str]:
    """(the heading row as typed, the priority ragbook must give its actions)."""
    typed = f"Priority {n}: {text} (Ofsted Recommendation {rec})"
    return typed, f"Priority {n}"


SUNDERLAND_PRIORITIES = [
    (
        1,
        "Urgently review ICRT and take action to ensure that risks to children are identified, "
        "that thresholds are applied appropriately to support effective decision-making, and "
        "that actions are timely and compliant with statutory guidance.",
        1,
    ),
    (
        3,
        "Improve the timeliness of services to children and families, including the early help "
        "response, and the access to services to support victims and perpetrators of domestic "
        "abuse.",
        6,
    ),
    (
        5,
        "Ensure that all assessments are appropriately updated, that they evaluate individual "
        "risk, need and the experience of children, and that the resultant plans are "
        "outcome-focussed.",
        8,
    ),
    (
        8,
        "Ensure that children who present as homeless fully understand their rights to become "
        "looked after under Section 20 of the Children Act 1989.",
        10,
    ),
    (
        9,
        "When children come into care or need an alternative home, ensure that they are "
        "provided with a placement that meets their needs.",
        12,
    ),
    (13, "Ensure that governance and scrutiny arrangements are rigorous and challenging.", 3),
    (
        2,
        "Ensure that children at risk of child sexual exploitation and those that go missing "
        "have an up to date assessment of risks.",
        2,
    ),
]


def build_sunderland(folder: Path, name: str = "tfc-plan.xlsx", *, settings: bool = True) -> Seed:
    """Sunderland's plan: one small table per priority, each under a heading row
    "Priority 1: ... (Ofsted Recommendation 1)" and each with its own header row;
    refs at the start of the action text; role-title leads, some wrapped over two
    lines in the cell, some naming two people ("Service Manager and IRO Manager");
    "Timescale" as dd/mm/yy; RAG letters, one a Cyrillic "С", one a Greek "Α", one
    blank; "Update from Service". A Leads sheet lists the role titles and a Settings
    sheet (unless `settings` is False) says the report made 15 recommendations.
    """
    import xlsxwriter

    path = folder / name
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Learning and Improvement Plan", "created": datetime(2019, 1, 21)})
    title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#7030A0"})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDD9C4", "border": 1})
    heading_fmt = wb.add_format(
        {"bold": True, "text_wrap": True, "bg_color": "#EBF1DE", "border": 1}
    )
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    date_fmt = wb.add_format({"num_format": "dd/mm/yy", "valign": "top", "border": 1})
    key = [
        (
            "RED",
            "#FF0000",
            "The action has not yet started or there is significant delay in implementation.",
        ),
        ("AMBER", "#FFC000", "The action has started but there is some delay in implementation."),
        ("GREEN", "#00B050", "The action is on track to be completed by the agreed date."),
        ("COMPLETED", "#0070C0", "The action has been completed and evidenced."),
    ]

    ws = wb.add_worksheet(SUNDERLAND_SHEET)
    ws.set_column("A:A", 60)
    ws.set_column("B:B", 30)
    ws.set_column("C:D", 11)
    ws.set_column("E:E", 60)
    ws.insert_image("E1", str(_logo(folder, "tfc")), {"x_scale": 10, "y_scale": 10})
    ws.write("A1", "TOGETHER FOR CHILDREN", title)
    ws.write(
        "A2",
        "Learning and Improvement Plan: progress to the Quality & Improvement Committee, 21/01/19",
        bold,
    )
    ws.write("A4", "RAG key", bold)
    for i, (label, colour, meaning) in enumerate(key):
        ws.write(4 + i, 0, label, wb.add_format({"bg_color": colour, "bold": True}))
        ws.write(4 + i, 1, meaning)

    rows_by_priority = {
        1: [
            (
                "1.1 Commission an independent review of ICRT.",
                "Director of Quality\nAssurance & Performance",
                "01/09/18",
                CYRILLIC_ES,
                "",
                ("Director of Quality Assurance & Performance",),
                date(2018, 9, 1),
                None,
            ),
            (
                "1.2 Agree and implement new ICRT model",
                "Director of Children's Social Care",
                "31/10/18",
                "C",
                "",
                ("Director of Children's Social Care",),
                date(2018, 10, 31),
                "Completed",
            ),
            (
                "1.4 Review and improve process for recording and screening of contacts in ICRT",
                "Service Manager \u2013 ICRT",
                "31/12/18",
                "G",
                "",
                ("Service Manager - ICRT",),
                date(2018, 12, 31),
                "Green",
            ),
            (
                "1.6 Partners to ensure consent is gained prior to contact",
                "Chair of SSCB",
                "31/01/19",
                "C",
                "",
                ("Chair of SSCB",),
                date(2019, 1, 31),
                "Completed",
            ),
            (
                "1.13 Formalise the process for planning child protection enquiries including "
                "visiting children and families, full analysis of risk, interim safety planning "
                "and conformance to statutory guidance (23).",
                "Service Manager - ICRT",
                date(2018, 12, 31),
                "C",
                "",
                ("Service Manager - ICRT",),
                date(2018, 12, 31),
                "Completed",
            ),
        ],
        3: [
            (
                "3.1 Implement practice standards for Early Help and associated training.",
                "Director of Early Help",
                "31/07/18",
                "C",
                "",
                ("Director of Early Help",),
                date(2018, 7, 31),
                "Completed",
            ),
            (
                "3.2 Monitor the timeliness of early help response through application of practice "
                "standards.",
                "Director of Early Help",
                "01/09/18",
                "G",
                "",
                ("Director of Early Help",),
                date(2018, 9, 1),
                "Green",
            ),
            (
                "3.8 Undertake process mapping of referrals of DV and routes to interventions to "
                "further identify any gaps in provision to be addressed.",
                "Service Manager",
                "31/12/18",
                "A",
                "The funding bid has been successful. Action is amber pending the "
                "completion of the consultation.",
                ("Service Manager",),
                date(2018, 12, 31),
                "Amber",
            ),
        ],
        5: [
            (
                "5.3 Introduce quality assurance checks for the assessment process",
                "Service Manager - ICRT",
                "30/09/18",
                "C",
                "",
                ("Service Manager - ICRT",),
                date(2018, 9, 30),
                "Completed",
            ),
            (
                "5.7 Disabled children's needs to be reassessed to ensure that children are safe "
                "and their parents are adequately supported to meet children's additional needs",
                "Children with Disabilities Team Manager",
                "30/11/18",
                "R",
                "The backlog is now allocated and being worked.",
                ("Children with Disabilities Team Manager",),
                date(2018, 11, 30),
                "Red",
            ),
        ],
        8: [
            (
                "8.1 Develop a leaflet for children aged 16 and 17 who present as homeless to "
                "inform them of their right to be accommodated or helped.",
                "Service Manager - CLA",
                "31/10/18",
                "C",
                "",
                ("Service Manager - CLA",),
                date(2018, 10, 31),
                "Completed",
            ),
            (
                "8.2 For those children informed of their rights, formally record their decisions "
                "on a form and save a copy on their case record.",
                "Service Manager - CLA",
                "30/11/18",
                "",
                "",
                ("Service Manager - CLA",),
                date(2018, 11, 30),
                None,
            ),
        ],
        9: [
            (
                "9.7 Permanence plans to be in place by the 2nd review and IRO challenge to be "
                "evident where this has not been achieved.",
                "Service Manager and IRO\nManager",
                "31/12/18",
                "G",
                "",
                ("Service Manager", "IRO Manager"),
                date(2018, 12, 31),
                "Green",
            ),
            (
                "9.10 TfC to develop a process and policy for the monitoring of children who are in "
                "unregulated placements.",
                "Service Manager",
                "31/12/18",
                GREEK_ALPHA,
                "Review of the Permanence Planning process is in progress.",
                ("Service Manager",),
                date(2018, 12, 31),
                None,
            ),
        ],
        13: [
            (
                "13.2 Short life task and finish group to consider existing scrutiny and "
                "reporting arrangements.",
                "CEO of TfC & Head of Contractual Relationships",
                "31/01/19",
                "G",
                "",
                ("CEO of TfC", "Head of Contractual Relationships"),
                date(2019, 1, 31),
                "Green",
            )
        ],
        2: [
            (
                "2.4 Implement Liquid Logic workspace for Missing and CSE.",
                "Service Manager",
                "31/03/19",
                "R",
                "Given the time the development may take, a red rating has been applied.",
                ("Service Manager",),
                date(2019, 3, 31),
                "Red",
            ),
            (
                "2.5 Implement a regular reporting cycle from MSET to SLT which provides assurance "
                "as to whether children are receiving an appropriate and timely response.",
                "MSET Co-ordinator",
                "31/03/19",
                "A",
                "Report was requested for November but not received.",
                ("MSET Co-ordinator",),
                date(2019, 3, 31),
                "Amber",
            ),
        ],
    }

    actions: list[Expect] = []
    structure: dict[int, tuple[str, str]] = {}
    priorities: list[str] = []
    header_row = None
    row = 9  # 0-based: Excel row 10
    for n, text, rec in SUNDERLAND_PRIORITIES:
        typed, priority = sunderland_priority(n, text, rec)
        priorities.append(priority)
        ws.merge_range(row, 0, row, 4, typed, heading_fmt)
        ws.set_row(row, 45)
        structure[row + 1] = ("priority", priority)
        row += 1
        ws.write_row(row, 0, SUNDERLAND_HEADER, head)
        if header_row is None:
            header_row = row + 1
        else:
            structure[row + 1] = ("repeated header", "")
        row += 1
        for action, lead, due, rag, update, leads, due_means, rating in rows_by_priority[n]:
            ws.write(row, 0, action, wrap)
            ws.write(row, 1, lead, wrap)
            if isinstance(due, date):
                ws.write_datetime(row, 2, datetime(due.year, due.month, due.day), date_fmt)
            else:
                ws.write_string(row, 2, due, wrap)
            if rag:
                ws.write_string(row, 3, rag, wrap)
            else:
                ws.write_blank(row, 3, None, wrap)
            if update:
                ws.write(row, 4, update, wrap)
            else:
                ws.write_blank(row, 4, None, wrap)
            actions.append(
                Expect(
                    ref=action.split()[0],
                    row=row + 1,
                    text=action,
                    priority=priority,
                    recommendation=str(rec),
                    leads=leads,
                    due=due_means,
                    due_text=due if isinstance(due, str) else "",
                    rating=rating,
                    rating_cell=f"D{row + 1}",
                    rating_text=rag,
                    progress=update,
                    unrecognised=rag in (CYRILLIC_ES, GREEK_ALPHA),
                )
            )
            row += 1
        row += 1  # a blank row between the priority tables

    leads = wb.add_worksheet("Leads")
    leads.write_row(0, 0, ["Code", "Name", "Role", "Email"], bold)
    for i, role in enumerate(SUNDERLAND_LEADS, start=1):
        slug = "".join(ch for ch in role.lower() if ch.isalnum())[:20]
        leads.write_row(i, 0, [role, "", role, f"{slug}@example.org"])
    if settings:
        st = wb.add_worksheet("Settings")
        st.write("A1", "ragbook settings", bold)
        st.write("A3", "Plan title")
        st.write("B3", "TfC Learning and Improvement Plan")
        st.write("A4", "Ofsted recommendations")
        st.write_number("B4", 15)
    wb.close()

    by_rec = actions_per_recommendation(actions, range(1, 16) if settings else ())
    r11 = next(a.row for a in actions if a.ref == "1.1")
    r910 = next(a.row for a in actions if a.ref == "9.10")
    return Seed(
        name="sunderland",
        path=path,
        sheet=SUNDERLAND_SHEET,
        header_row=header_row,
        as_of=SUNDERLAND_AS_OF,
        scale="rag4",
        scale_source=f"guessed from the key typed in rows 5-8 of sheet '{SUNDERLAND_SHEET}'",
        actions=actions,
        structure=structure,
        problems=[
            (
                "A4",
                "ragbook guessed the scale: rag4 (Red, Amber, Green, Completed), from the key "
                "typed in rows 5-8; a refresh keeps it in the workbook",
            ),
            (
                f"D{r11}",
                f"'{CYRILLIC_ES}' contains the Cyrillic Capital Letter Es "
                f"'{CYRILLIC_ES}', which looks like the Latin 'C'; it probably means "
                "Completed",
            ),
            (
                f"D{r910}",
                f"'{GREEK_ALPHA}' contains the Greek Capital Letter Alpha "
                f"'{GREEK_ALPHA}', which looks like the Latin 'A'; it probably means "
                "Amber",
            ),
        ],
        columns={
            "Action": "Action",
            "Lead": "Lead(s)",
            "Timescale": "Date due",
            "RAG": "current rating",
            "Update from Service": "Progress update",
        },
        priorities=priorities,
        recommendations=by_rec,
        other_sheets=["Leads", "Settings"] if settings else ["Leads"],
    )


# ========================================================================================
# 004 Telford & Wrekin: the "Getting to Good" plan with progress (2018)
# ========================================================================================

TELFORD_SHEET = "Getting to Good"
TELFORD_STATUS = "Status: what is the progress on the action?"
TELFORD_HEADER = [
    "Ref",
    "Outcome",
    "Action",
    "Success Measure",
    "Lead(s)",
    "Date Due",
    "% complete",
    TELFORD_STATUS,
    "Performance: is the action making a difference?",
]
TELFORD_WIDTH = len(TELFORD_HEADER)
TELFORD_AS_OF = date(2018, 3, 31)
TELFORD_KEY = [
    ("FF0070C0", "Complete"),
    ("FF00B050", "In progress and on schedule"),
    ("FFFFC000", "In progress but behind schedule"),
    ("FFFF0000", "Overdue"),
]
T1 = "THEME 1: SCRUTINY, OVERSIGHT AND ADVOCACY"
T2 = "THEME 2: QUALITY AND EFFECTIVENESS OF FRONT LINE PRACTICE"
T3 = "THEME 3: OUTCOMES FOR CHILDREN AND YOUNG PEOPLE IN SPECIFIC CIRCUMSTANCES"
PURPLE = "7030A0"


def build_telford(
    folder: Path,
    name: str = "telford-getting-to-good.xlsx",
    *,
    merge_rows: bool = True,
    action_refs: bool = True,
) -> Seed:
    """Telford's plan as the seed has it, with no Settings sheet: the "STATUS RAG RATING"
    key at the top (a coloured cell beside each status), THEME rows and recommendation rows
    ("1.1 | Ensure that ... (OFSTED RECOMMENDATION 1)") merged across the table, narrative
    rows ("Why this is important", "What 'good' looks like"), the header repeated at a page
    break. No heading names the rating: it is in the column headed "Status: what is the
    progress on the action?", mostly as the fill colour of the key (in shades other than
    the key's, one purple, one white), sometimes as the status words the council types
    ("complete", "Behind schedule", "On schedule"). % complete in quarters. Due dates as
    typed: months typed into Excel ("January 2017", stored as the 1st with a "mmmm yyyy" or
    "mmm-yy" format), and text ("September 2016 and quarterly", "Training to begin: March
    2017 End:" with the end never typed, "Began September 2016"). One action has no ref,
    and recommendation 8's row has no action under it.

    merge_rows=False types the theme, recommendation and narrative text in one cell
    without merging it across the row. action_refs=False leaves the Ref cell of every
    action blank, as the seed's plan has refs only on its recommendation rows.
    """
    from openpyxl.styles import Font, PatternFill

    path = folder / name
    wb, ws, box, wrap = openpyxl_sheet(TELFORD_SHEET, "A6A6A6")
    ws["A1"] = (
        "\u201cGetting to Good\u201d Children and Family Services Improvement Plan 2016 \u2013 17"
    )
    ws["A1"].font = Font(bold=True, size=16, color="FF00607A")
    ws["A2"] = "December 2016 V1.4 - updated with progress at end March 2018"
    ws["A3"] = "SCRUTINY COMMITTEE 16 MAY 2018 APPENDIX 1"
    ws["A3"].font = Font(italic=True)
    ws["A5"] = "STATUS RAG RATING"
    ws["A5"].font = Font(bold=True)
    for i, (argb, label) in enumerate(TELFORD_KEY):
        ws.cell(6 + i, 1).fill = PatternFill("solid", fgColor=argb)
        ws.cell(6 + i, 2, label)
    ws["A11"] = "% complete"
    for i, pct in enumerate((0.25, 0.5, 0.75, 1.0)):
        cell = ws.cell(11, 2 + i, pct)
        cell.number_format = "0%"
    header_row = 13
    head_fill = PatternFill("solid", fgColor="FF00607A")

    def header(r: int) -> None:
        openpyxl_header(ws, r, TELFORD_HEADER, head_fill, box, wrap)

    header(header_row)
    openpyxl_widths(ws, [7, 30, 40, 30, 22, 22, 10, 24, 40])

    actions: list[Expect] = []
    structure: dict[int, tuple[str, str]] = {}
    row = header_row + 1
    theme = ""
    rec = ""
    theme_fill = PatternFill("solid", fgColor="FFDAEEF3")

    def across(first_col: int, text: str, bold: bool = False, fill=None) -> None:
        cell = ws.cell(row, first_col, text)
        cell.alignment = wrap
        cell.font = Font(bold=bold)
        if fill is not None:
            for c in range(1, TELFORD_WIDTH + 1):
                ws.cell(row, c).fill = fill
        if merge_rows:
            ws.merge_cells(
                start_row=row, start_column=first_col, end_row=row, end_column=TELFORD_WIDTH
            )

    def theme_row(text: str) -> None:
        nonlocal row, theme
        across(1, text, bold=True, fill=theme_fill)
        structure[row] = ("priority", text)
        theme = text
        row += 1

    def rec_row(ref: str, text: str, number: int) -> None:
        nonlocal row, rec
        ws.cell(row, 1, ref).font = Font(bold=True)
        typed = f"{text} (OFSTED RECOMMENDATION {number})"
        across(2, typed, bold=True)
        structure[row] = ("recommendation", typed)
        rec = str(number)
        row += 1

    def narrative(text: str) -> None:
        nonlocal row
        across(2, text)
        structure[row] = ("narrative", text[:40])
        row += 1

    def repeated_header() -> None:
        nonlocal row
        header(row)
        structure[row] = ("repeated header", "")
        row += 1

    intended: dict[str, int] = {}  # the ref each action would have -> its row

    def act(
        ref: str,
        outcome: str,
        action: str,
        measure: str,
        lead: str,
        due,
        pct: float,
        status: str,
        performance: str,
        *,
        leads: tuple[str, ...],
        due_means,
        rating: str | None,
        expect_ref: str | None = None,
    ) -> None:
        """`status` is what the Status cell shows: a status word as typed, or "#RRGGBB"
        for a cell that is only filled in that colour."""
        nonlocal row
        intended[ref] = row
        if not action_refs:
            ref, expect_ref = "", f"row {row}"
        typed_status = "" if status.startswith("#") else status
        values = [
            ref or None,
            outcome or None,
            action,
            measure,
            lead,
            due,
            pct,
            typed_status or None,
            performance or None,
        ]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row, c)
            cell.border = box
            cell.alignment = wrap
            if value is None:
                continue
            if isinstance(value, ExcelMonth):
                cell.value = value.stored()
                cell.number_format = value.number_format
                continue
            cell.value = value
            if c == 7:
                cell.number_format = "0%"
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
        if status.startswith("#"):
            ws.cell(row, 8).fill = PatternFill("solid", fgColor="FF" + status[1:])
        actions.append(
            Expect(
                ref=expect_ref or ref,
                row=row,
                text=action,
                priority=theme,
                recommendation=rec,
                leads=leads,
                due=due_means,
                due_text=due if isinstance(due, str) else "",
                rating=rating,
                rating_cell=f"H{row}",
                rating_text=typed_status,
                progress="",
                percent=pct,
                unrecognised=status == "#" + PURPLE,
            )
        )
        row += 1

    gm = "Group Manager - Safeguarding"
    iro = "Service Delivery Manager - IRO"
    theme_row(T1)
    rec_row(
        "1.1",
        "Ensure that all social workers receive sufficiently regular and good quality "
        "supervision, oversight and direction from first-line managers to support "
        "consistently good practice",
        1,
    )
    narrative(
        "Why this is important: We want to make sure that children and young people are "
        "not only safe but are also well looked after on a day to day basis, and that "
        "their parents receive the support and challenge necessary to provide this."
    )
    narrative(
        "What 'good' looks like: \u27a4 Children and young people experience timely and "
        "effective multi-agency help and protection through risk-based assessment, "
        "authoritative practice, planning and review that secures change."
    )
    act(
        "1.1.1",
        "Practitioners receive more regular and consistent supervision, which is "
        "recorded clearly and consistently.",
        "Review and refresh supervision policy, including development of protocol template",
        "90% of practitioners receive monthly supervision (depending on absence)",
        gm,
        ExcelMonth(2017, 1),
        1.0,
        "#0070C0",
        "Performance at 31.03.18: March audits: 82% cases achieved overall score of 'good' or "
        "'outstanding'",
        leads=(gm,),
        due_means=date(2017, 1, 31),
        rating="Complete",
    )
    act(
        "1.1.2",
        "Managers and Independent Reviewing Officers (IROs) have clear guidance around "
        "decision making and are better able to ensure the quality of services.",
        "Develop and disseminate 'milestones' flowcharts for managers",
        "75% cases audited graded 'good' or 'outstanding'",
        gm,
        ExcelMonth(2017, 1, "mmm-yy"),
        0.75,
        "#FFC000",
        "",
        leads=(gm,),
        due_means=date(2017, 1, 31),
        rating="In progress but behind schedule",
    )
    act(
        "1.1.3",
        "The consistency of practice is improved through having a common approach "
        "agreed across services and individual workers",
        "Review and improve the focus on policies, processes and procedures in safeguarding "
        "services and ensure staff are fully aware",
        "75% cases audited graded 'good' or 'outstanding'",
        gm,
        "Stage 1 Core elements: February 2017 Stage 2: all policies/procedures December 2017",
        0.75,
        "On schedule",
        "",
        leads=(gm,),
        due_means=date(2017, 12, 31),
        rating="In progress and on schedule",
    )
    repeated_header()  # the page break
    # The end date was never typed; the council itself rated it Overdue.
    act(
        "1.1.4",
        "Managers have the skills and tools to deliver improved oversight and supervision",
        "Deliver bespoke strengthening practice program training for front line managers",
        "100% of frontline social work managers attend training",
        gm,
        "Training to begin: March 2017 End:",
        0.25,
        "#FF0000",
        "Strengthening practice course not commissioned",
        leads=(gm,),
        due_means=None,
        rating="Overdue",
    )
    rec_row(
        "1.2",
        "Ensure that the IRO service provides sufficient scrutiny and drive to "
        "planning for children and young people",
        2,
    )
    narrative(
        "Why this is important: We want IROs to have the time and opportunity to meet "
        "regularly with children and young people."
    )
    act(
        "1.2.1",
        "Increased management capacity improves oversight and drives improvement",
        "Recruit full time Conference and Reviewing Team Manager",
        "Improved performance across IRO scorecard",
        iro,
        ExcelMonth(2017, 1),
        1.0,
        "complete",
        "83% ICPCs within timescale",
        leads=(iro,),
        due_means=date(2017, 1, 31),
        rating="Complete",
    )
    act(
        "1.2.2",
        "Reduced caseloads enable IROs to improve oversight and challenge",
        "Increase capacity of Conference and Reviewing Team by 1 full time IRO",
        "Caseload maximum fte of 80 cases",
        iro,
        ExcelMonth(2017, 3),
        0.75,
        "#92D050",
        "Average IRO caseload at end March 2018 = 73",
        leads=(iro,),
        due_means=date(2017, 3, 31),
        rating="In progress and on schedule",
    )
    act(
        "1.2.3",
        "IROs are aware of performance and engaged in improvement activity",
        "Implement QA scorecard for Conference and Reviewing Team",
        "Improved performance across the scorecard",
        iro,
        ExcelMonth(2017, 1, "mmm-yy"),
        0.75,
        "#00B050",
        "Performance N/A",
        leads=(iro,),
        due_means=date(2017, 1, 31),
        rating="In progress and on schedule",
    )
    rec_row(
        "1.3",
        "Develop further the effectiveness of performance management so that it is "
        "more responsive to new priorities as they emerge",
        3,
    )
    act(
        "1.3.1",
        "Performance framework provides evidence that challenges and pressures are "
        "addressed effectively",
        "Continue to review the Children & Families service performance framework",
        "Improved performance across the dataset",
        "Children's Services Senior Leadership Team",
        "September 2016 and quarterly",
        0.5,
        "#00B050",
        "Performance N/A",
        leads=("Children's Services Senior Leadership Team",),
        due_means=ONGOING,
        rating="In progress and on schedule",
    )
    act(
        "1.3.2",
        "Our early help model is strengthened and better able to demonstrate a "
        "positive impact on families",
        "Introduce service specific targets across children's and adult services",
        "Targets agreed and implemented",
        "Early Help Manager / Performance Manager",
        ExcelMonth(2017, 6),
        0.5,
        "#" + PURPLE,
        "New performance framework developed",
        leads=("Early Help Manager", "Performance Manager"),
        due_means=date(2017, 6, 30),
        rating=None,
    )
    rec_row(
        "1.4",
        "Ensure that that the support of an advocate or independent visitor is "
        "available for all children and young people who could benefit from this",
        11,
    )
    act(
        "1.4.1",
        "All children and young people know about the service, are encouraged to use "
        "it and supported to improve their experience of being looked after.",
        "Raise awareness re. Rights and Representations Service with children and young people "
        "in care, IROs and practitioners",
        "100% of CiC requesting advocacy receive a service",
        iro,
        ExcelMonth(2016, 12),
        0.5,
        "#FF0000",
        "124 CiC provided with advocacy",
        leads=(iro,),
        due_means=date(2016, 12, 31),
        rating="Overdue",
    )
    act(
        "1.4.2",
        "The commissioning and performance monitoring of the current service provider "
        "is informed by a more accurate view of the potential numbers of eligible "
        "children and young people",
        "Scope the potential number of CiC who may wish to access an Independent Visitor (IV) "
        "Service, and raise awareness of the service",
        "100% of eligible children requesting IV matched within 6 months",
        iro,
        ExcelMonth(2016, 11, "mmm-yy"),
        0.75,
        "#00B050",
        "8 open referrals, 4 matched",
        leads=(iro,),
        due_means=date(2016, 11, 30),
        rating="In progress and on schedule",
    )
    theme_row(T2)
    rec_row(
        "2.1",
        "Support improved outcomes for children and young people by making sure that "
        "plans contain clear details, actions and timescales",
        4,
    )
    narrative(
        "What 'good' looks like: \u27a4 Assessments (including children in need "
        "assessments) result in a direct offer of help to address any identified needs."
    )
    act(
        "2.1.1",
        "Social workers are able to produce good quality assessments and plans",
        "Deliver strengthening practice program modules in assessment and planning to all "
        "social workers",
        "80% of eligible practitioners attend training",
        gm,
        "Training to begin: March 2017 End: March 2018",
        0.75,
        "Behind schedule",
        "82% (41/50 places) attended 2 day assessment training",
        leads=(gm,),
        due_means=date(2018, 3, 31),
        rating="In progress but behind schedule",
    )
    act(
        "2.1.2",
        "Practitioners have consistent tools to incorporate into their practice",
        "Agree and implement common practice framework across children's services",
        "Practice framework embedded across all services",
        gm,
        "Started April 2016 Project end March 2018",
        0.5,
        "#C00000",
        "",
        leads=(gm,),
        due_means=date(2018, 3, 31),
        rating="Overdue",
    )
    act(
        "",
        "Chronic risks to children and young people are managed in a proactive and timely way.",
        "Embed the use of chronologies in all case files",
        "100% of open cases have an up-to-date chronology",
        gm,
        "Began September 2016",
        0.5,
        "#FFFFFF",
        "",
        leads=(gm,),
        due_means=None,
        rating=None,
        expect_ref=f"row {row}",
    )
    rec_row(
        "2.2",
        "Ensure that an appropriate range of agencies are engaged and share "
        "information within child protection strategy discussions",
        5,
    )
    act(
        "2.2.1",
        "All agencies have available resource in Family Connect to help ensure there "
        "are no gaps in sourcing information",
        "Review Family Connect Service and agency resource contribution",
        "80% strategy discussions in Family Connect include at least 3 agencies",
        "Family Connect Manager",
        ExcelMonth(2017, 1, "mmm-yy"),
        0.5,
        "#FFC000",
        "Performance March 2018 84%",
        leads=("Family Connect Manager",),
        due_means=date(2017, 1, 31),
        rating="In progress but behind schedule",
    )
    theme_row(T3)
    rec_row(
        "3.3",
        "Strengthen arrangements for supported and supervised contact, so that "
        "children looked after do not experience the cancellation of contact "
        "sessions due to a lack of resources",
        8,
    )
    rec_row(
        "3.4",
        "Increase the availability of suitable housing, including emergency "
        "accommodation, for homeless 16 and 17 year-olds and care leavers",
        9,
    )
    act(
        "3.4.1",
        "Care leavers and homeless 16 and 17 year olds have somewhere suitable to live",
        "Commission additional supported accommodation for 16 and 17 year olds and care leavers",
        "No 16 or 17 year olds placed in bed and breakfast",
        "Commissioning Manager",
        "September 2016 and ongoing",
        0.5,
        "In progress and on schedule",
        "",
        leads=("Commissioning Manager",),
        due_means=ONGOING,
        rating="In progress and on schedule",
    )
    act(
        "3.4.2",
        "",
        "Review the joint housing protocol with Housing Options",
        "Protocol agreed and in use",
        "Commissioning Manager",
        datetime(2017, 3, 31),
        1.0,
        "Complete",
        "",
        leads=("Commissioning Manager",),
        due_means=date(2017, 3, 31),
        rating="Complete",
    )
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    wb.save(path)

    def at(ref: str) -> int:
        return intended[ref]

    def named(ref: str) -> str:
        """How messages name the action: its ref, or its row when the plan has no refs."""
        return ref if action_refs else f"row {intended[ref]}"

    blank_ref = next(a for a in actions if a.row == at(""))  # the one typed with no ref
    purple, first = at("1.3.2"), at("1.1.1")
    # Without refs on the actions, one entry at the first of them lists their rows (no
    # action with a ref breaks the run).
    no_ref = (
        (f"A{blank_ref.row}", "this action has no ref")
        if action_refs
        else (
            f"A{actions[0].row}",
            f"{len(actions)} actions have no ref: rows {actions[0].row}-{actions[-1].row}",
        )
    )
    by_rec = actions_per_recommendation(actions, [8])
    coloured = [a for a in actions if not a.rating_text and a.rating]
    examples = ", ".join(
        f"H{a.row} #{fill} as {a.rating}"
        for a, fill in zip(coloured[:3], ("0070C0", "FFC000", "FF0000"), strict=False)
    )
    start_only = ": it says only when the action starts"
    return Seed(
        name="telford",
        path=path,
        sheet=TELFORD_SHEET,
        header_row=header_row,
        as_of=TELFORD_AS_OF,
        scale="status4",
        scale_source=f"guessed from the key typed in rows 6-9 of sheet '{TELFORD_SHEET}'",
        actions=actions,
        structure=structure,
        problems=[
            (
                "A5",
                "ragbook guessed the scale: status4 (Overdue, In progress but behind "
                "schedule, In progress and on schedule, Complete), from the key typed in "
                "rows 6-9; a refresh keeps it in the workbook",
            ),
            (
                f"H{header_row}",
                f"ragbook guessed the RAG rating column: H '{TELFORD_STATUS}', as "
                "no heading names the rating and 15 of its 16 filled cells are "
                "ratings or fills in the colours of the status4 scale",
            ),
            (
                f"F{first}",
                "ragbook guessed that 12 due dates with a month but no day mean the "
                f"last day of that month (F{first} (a date shown as 'mmmm yyyy'), "
                f"F{at('1.1.2')} (a date shown as 'mmm-yy'), F{at('1.2.1')} (a date "
                "shown as 'mmmm yyyy'))",
            ),
            (
                f"H{first}",
                f"ragbook guessed 10 ratings from the fill colour alone, as the rating "
                f"of that colour on the status4 scale ({examples})",
            ),
            (
                f"F{at('1.1.4')}",
                f"action {named('1.1.4')}: no due date could be read from "
                f"'Training to begin: March 2017 End:'{start_only}",
            ),
            (
                f"H{purple}",
                f"the rating is only a fill colour (#{PURPLE}), which is not near "
                "any colour of the status4 scale",
            ),
            no_ref,
            (
                f"F{blank_ref.row}",
                f"action {blank_ref.ref}: no due date could be read from "
                f"'Began September 2016'{start_only}",
            ),
        ],
        columns={
            "Ref": "Ref",
            "Outcome": "Outcome",
            "Action": "Action",
            "Success Measure": "Success measure(s)",
            "Lead(s)": "Lead(s)",
            "Date Due": "Date due",
            "% complete": "% complete",
            TELFORD_STATUS: "current rating",
            "Performance: is the action making a difference?": "Evidence",
        },
        priorities=[T1, T2, T3],
        recommendations=by_rec,
    )


# ========================================================================================
# Small workbooks for detection and pinning
# ========================================================================================


def build_pinned(
    folder: Path, *, pins: dict[str, object] | None = None, name: str = "pinned.xlsx"
) -> Path:
    """A plan where detection alone reads the wrong things, fixed by Settings pins.

    Sheet "Summary" holds a board summary table whose header ("Action | Lead | Date due
    | RAG | Update") recognises more columns than the real plan's; sheet "Plan" has the
    action table under a header at row 8, and a decoy header-like row at row 3 (a
    pasted "Action | Lead | Due date | RAG rating | Progress update | % complete"
    column guide). The real lead column is headed "Officer responsible" (ragbook does
    not know it) and a later "Revised timescale" column holds the dates that count.
    """
    import openpyxl

    path = folder / name
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Board summary, January 2019"])
    summary.append([])
    summary.append(["Action", "Lead", "Date due", "RAG", "Update", "% complete", "Evidence", "Ref"])
    summary.append(["Front door review", "Board", "31/01/2019", "Amber", "", "", "", "S1"])
    plan = wb.create_sheet("Plan")
    plan.append(["Improvement plan (demo)"])
    plan.append([])
    plan.append(
        [
            "Column guide:",
            "Action",
            "Lead",
            "Due date",
            "RAG rating",
            "Progress update",
            "% complete",
        ]
    )
    plan.append([])
    plan.append(["Type updates in column H."])
    plan.append([])
    plan.append([])
    plan.append(
        [
            "Ref",
            "Action",
            "Lead",
            "Officer responsible",
            "Timescale",
            "Revised timescale",
            "RAG",
            "Progress update",
        ]
    )
    plan.append(
        [
            "P1",
            "Audit supervision records",
            "Board",
            "HoS",
            "31/12/2018",
            "28/02/2019",
            "Green",
            "On track",
        ]
    )
    plan.append(
        [
            "P2",
            "Publish practice standards",
            "Board",
            "PSW / HoS",
            "30/11/2018",
            "31/01/2019",
            "Amber",
            "Drafted",
        ]
    )
    plan.append(
        ["P3", "Recruit two team managers", "Board", "SM", "31/10/2018", None, "Red", "Advert out"]
    )
    st = wb.create_sheet("Settings")
    st["A1"] = "ragbook settings"
    r = 3
    for key, value in (pins or {}).items():
        st.cell(r, 1, key)
        st.cell(r, 2, value)
        r += 1
    wb.save(path)
    return path
