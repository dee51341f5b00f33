"""The plan template: built from the schema, shipped in workbook_templates/.

`python -m ragbook.template` rebuilds the shipped files; a test checks they
match what this module builds, so the template cannot drift from the schema.
`ragbook new` copies a shipped template and sets the title through the same
write path as every other change.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

from .errors import FileProblem, UsageProblem
from .rules import schema
from .rules.indicators import POLARITY_LABELS
from .rules.scales import PRESETS, Rating, Scale
from .rules.suggest import DEFAULT_RULES, resolve_rating
from .rules.workdays import CALENDAR, DAY_UNITS, DEFAULT_NATION, NATIONS
from .xlsx import fileio
from .xlsx.package import open_package
from .xlsx.writer import write_sheets

FIXED_DATE = datetime(2026, 1, 1)
MAX_RATING_ROWS = 20
ACTION_ROWS = 1000
# Where the title's value is on the template's Settings sheet.
TITLE_CELL = "B3"
SCALE_TABLE_ROW = 13  # header row of the RAG key table (1-based)
# Header row of the suggested-rating rules (1-based), below the RAG key's rows.
RULE_TABLE_ROW = SCALE_TABLE_ROW + MAX_RATING_ROWS + 3


def template_name(scale: str) -> str:
    return f"plan-{scale}.xlsx"


def template_path(scale: str) -> Path:
    """The shipped template for a preset scale."""
    if scale not in PRESETS:
        raise UsageProblem(f"unknown scale '{scale}': use one of {', '.join(PRESETS)}")
    source = Path(__file__).resolve().parent.parent / "workbook_templates" / template_name(scale)
    if source.exists():
        return source
    packaged = resources.files("ragbook.workbook_templates").joinpath(template_name(scale))
    with resources.as_file(packaged) as found:
        return Path(found)


def new_plan(path: str | Path, scale: str = "rag4", title: str | None = None) -> Path:
    """Create a plan from the shipped template. Refuses to overwrite a file."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageProblem(f"{path.name}: a plan must be an .xlsx file, e.g. plan.xlsx")
    if path.exists():
        raise FileProblem(
            f"{path} already exists; ragbook will not overwrite it. Choose another "
            "name, or refresh the existing plan."
        )
    if not path.parent.exists():
        raise FileProblem(f"the folder {path.parent} does not exist")
    source = template_path(scale)
    if not title:
        fileio.save_atomically(path, lambda fh: fh.write(source.read_bytes()), make_backup=False)
        return path
    pkg = open_package(source)
    try:
        fileio.save_atomically(
            path,
            lambda fh: write_sheets(pkg, [], fh, patches={schema.SETTINGS: {TITLE_CELL: title}}),
            make_backup=False,
        )
    finally:
        pkg.close()
    return path


def build_template(path: str | Path, scale: Scale) -> None:
    """Write the template workbook for a scale with xlsxwriter."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(
        {
            "title": "Improvement plan",
            "author": "ragbook",
            "created": FIXED_DATE,
            "comments": "Made by ragbook (ragbook new).",
        }
    )
    fmt = formats(wb)
    header, wrap, date_fmt, pct, money = (
        fmt["header"],
        fmt["wrap"],
        fmt["date"],
        fmt["percent"],
        fmt["money"],
    )

    actions = wb.add_worksheet(schema.ACTIONS)
    by_kind = {"date": date_fmt, "percent": pct, "money": money}
    for col, f in enumerate(schema.ACTION_FIELDS):
        actions.write(0, col, f.header, header)
        actions.set_column(col, col, f.width, by_kind.get(f.kind, wrap))
    actions.freeze_panes(1, 0)
    actions.set_row(0, 30)
    last_rating = SCALE_TABLE_ROW + MAX_RATING_ROWS
    wb.define_name(
        "RatingLabels",
        f"=OFFSET({schema.SETTINGS}!$A${SCALE_TABLE_ROW + 1},0,0,"
        f"MAX(1,COUNTA({schema.SETTINGS}!$A${SCALE_TABLE_ROW + 1}:"
        f"$A${last_rating})),1)",
    )
    col_of = {f.key: i for i, f in enumerate(schema.ACTION_FIELDS)}
    rating_col = col_of["rating"]
    actions.data_validation(
        1,
        rating_col,
        ACTION_ROWS,
        rating_col,
        {
            "validate": "list",
            "source": "=RatingLabels",
            "error_type": "warning",
            "error_title": "Not on the scale",
            "error_message": "ragbook reads the labels and codes listed in Settings. Keep this value "
            "anyway?",
            "input_title": "RAG rating",
            "input_message": "Choose a rating from the scale in Settings",
        },
    )
    for rating in scale.ratings:
        cell_format = rating_format(wb, rating)
        for value in dict.fromkeys((rating.label, rating.code)):
            actions.conditional_format(
                1,
                rating_col,
                ACTION_ROWS,
                rating_col,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": '"' + value.replace('"', '""') + '"',
                    "format": cell_format,
                },
            )
    pc = col_of["percent_complete"]
    actions.data_validation(
        1,
        pc,
        ACTION_ROWS,
        pc,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 1,
            "error_type": "warning",
            "error_message": "Type a percentage between 0% and 100%.",
        },
    )
    due = col_of["due"]
    actions.data_validation(
        1,
        due,
        ACTION_ROWS,
        due,
        {
            "validate": "any",
            "input_title": "Date due",
            "input_message": "A date (31/03/2027), a month (March 2027) or 'ongoing'.",
        },
    )

    indicators = wb.add_worksheet(schema.INDICATORS)
    for col, f in enumerate(schema.INDICATOR_FIELDS):
        indicators.write(0, col, f.header, header)
        indicators.set_column(col, col, f.width, wrap)
    first_period = len(schema.INDICATOR_FIELDS)
    indicators.set_column(first_period, first_period + 11, 10)
    indicators.write_comment(
        0,
        first_period - 1,
        "Add one column per period to the right of "
        "this one, headed with the period ('Apr 2027', a date, or a quarter "
        "such as 'Q1 2027/28'), holding that period's actual value.",
        {"x_scale": 2, "y_scale": 1.5},
    )
    polarity = [f.key for f in schema.INDICATOR_FIELDS].index("polarity")
    indicators.data_validation(
        1,
        polarity,
        ACTION_ROWS,
        polarity,
        {
            "validate": "list",
            "source": list(POLARITY_LABELS.values()),
            "error_type": "warning",
            "error_title": "Not a polarity",
            "error_message": "ragbook reads Higher is better, Lower is better or Within range (with "
            "the target typed as a range, e.g. 20-25). Keep this value anyway?",
        },
    )
    indicators.freeze_panes(1, 2)

    write_leads(wb.add_worksheet(schema.LEADS), fmt, [])
    write_settings(wb.add_worksheet(schema.SETTINGS), wb, fmt, scale, "Improvement plan")
    actions.activate()
    wb.close()


def formats(wb) -> dict:
    """The cell formats the template and the demo share."""
    return {
        "header": wb.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#305496",
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "border_color": "#BFBFBF",
            }
        ),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "align": "center"}),
        "percent": wb.add_format({"num_format": "0%", "valign": "top", "align": "center"}),
        "money": wb.add_format({"num_format": '"£"#,##0', "valign": "top"}),
        "bold": wb.add_format({"bold": True}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "note": wb.add_format(
            {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}
        ),
    }


def rating_format(wb, rating: Rating):
    """A rating's colours, bold: its Settings swatch and its conditional format on Actions."""
    return wb.add_format(
        {"bg_color": "#" + rating.colour, "font_color": "#" + rating.text_colour, "bold": True}
    )


def write_leads(ws, fmt: dict, leads: list[tuple[str, str, str, str]]) -> None:
    """The Leads sheet: Code, Name, Role, Email, then one row per lead."""
    for col, f in enumerate(schema.LEAD_FIELDS):
        ws.write(0, col, f.header, fmt["header"])
        ws.set_column(col, col, f.width, fmt["wrap"])
    for row, lead in enumerate(leads, start=1):
        for col, value in enumerate(lead):
            ws.write(row, col, value)
    ws.freeze_panes(1, 0)


def write_settings(ws, wb, fmt: dict, scale: Scale, title: str, as_of=None) -> None:
    """The Settings sheet: title, scale, due-soon window, as-of date, RAG key."""
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 3, 70, fmt["wrap"])
    ws.set_column(4, 4, 12)
    ws.write(0, 0, "ragbook settings", fmt["title"])
    rows = [
        ("title", title),
        ("scale", scale.name),
        ("due_soon_days", schema.DEFAULT_DUE_SOON_DAYS),
    ]
    for i, (key, value) in enumerate(rows):
        ws.write(2 + i, 0, schema.SETTING_LABELS[key], fmt["bold"])
        ws.write(2 + i, 1, value)
    ws.write(5, 0, schema.SETTING_LABELS["as_of"], fmt["bold"])
    if as_of is not None:
        ws.write_datetime(5, 1, datetime(as_of.year, as_of.month, as_of.day), fmt["date"])
    else:
        ws.write_blank(5, 1, None, fmt["date"])
    ws.write(5, 2, "Blank means today.", fmt["note"])
    write_check_settings(ws, fmt, scale)
    ws.write(
        SCALE_TABLE_ROW - 2,
        0,
        "RAG key: the ratings, worst first. Edit this table to use "
        "your council's own scale; ragbook reads it on every refresh. 'Counts as' is one "
        "of: complete, on track, off track.",
        fmt["note"],
    )
    for col, text in enumerate(schema.SCALE_TABLE_HEADERS):
        ws.write(SCALE_TABLE_ROW - 1, col, text, fmt["header"])
    for i, rating in enumerate(scale.ratings):
        row = SCALE_TABLE_ROW + i
        swatch = rating_format(wb, rating)
        ws.write(row, 0, rating.label, swatch)
        ws.write(row, 1, rating.code)
        ws.write(row, 2, rating.colour)
        ws.write(row, 3, rating.meaning)
        ws.write(row, 4, rating.counts_as)
    ws.data_validation(
        SCALE_TABLE_ROW,
        4,
        SCALE_TABLE_ROW + MAX_RATING_ROWS - 1,
        4,
        {"validate": "list", "source": list(schema.COUNTS_AS)},
    )


def write_check_settings(ws, fmt: dict, scale: Scale) -> None:
    """Settings rows 7-10 (how days are counted, the plan's period, the red limit) and the
    suggested-rating rules below the RAG key, resolved to the scale's own labels."""
    rows = (
        (
            "day_count",
            CALENDAR,
            "Or working days: Monday to Friday less the bank "
            "holidays below. Counts overdue by, due soon and the rules.",
        ),
        ("nation", DEFAULT_NATION, f"One of: {', '.join(NATIONS)}."),
        (
            "plan_period",
            None,
            "e.g. Apr 2026 to Mar 2028: due dates outside it are listed in Checks.",
        ),
        (
            "red_limit",
            schema.DEFAULT_RED_LIMIT,
            "A lead with more actions rated the worst rating is listed in Checks.",
        ),
    )
    for i, (key, value, note) in enumerate(rows, start=6):
        ws.write(i, 0, schema.SETTING_LABELS[key], fmt["bold"])
        if value is not None:
            ws.write(i, 1, value)
        ws.write(i, 2, note, fmt["note"])
    ws.data_validation(6, 1, 6, 1, {"validate": "list", "source": list(DAY_UNITS)})
    ws.data_validation(7, 1, 7, 1, {"validate": "list", "source": list(NATIONS)})
    header = RULE_TABLE_ROW - 1
    ws.write(
        header - 1,
        0,
        "Suggested ratings: when a condition holds, the action's rating "
        "should be no better than the rating beside it, and the wording says why "
        "({overdue}, {due_in}, {complete}, {since}, {rating} are filled in). ragbook "
        "never changes a lead's rating; it lists those rated better than the facts. "
        "Delete a row to drop a rule; ragbook's docs/ratings.md lists the conditions.",
        fmt["note"],
    )
    for col, text in zip((0, 1, 3), schema.RULE_TABLE_HEADERS, strict=False):
        ws.write(header, col, text, fmt["header"])
    for i, rule in enumerate(DEFAULT_RULES, start=header + 1):
        ws.write(i, 0, rule.condition, fmt["wrap"])
        rating = resolve_rating(rule.rating, scale)
        assert rating is not None, "the default rules name ratings every scale has"
        ws.write(i, 1, rating.label, fmt["wrap"])
        ws.write(i, 3, rule.wording)


def build_all(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    out = []
    for name, scale in PRESETS.items():
        target = folder / template_name(name)
        build_template(target, scale)
        out.append(target)
    return out


if __name__ == "__main__":  # python -m ragbook.template [FOLDER]
    import sys

    for built in build_all(
        sys.argv[1]
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "workbook_templates"
    ):
        print(built)
