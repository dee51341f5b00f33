"""Reading the Settings sheet: plan title, scale, due-soon window, as-of date."""

from __future__ import annotations

import re

from ..rules.dates import parse_due
from ..rules.model import Problem, Settings
from ..rules.scales import PRESETS, Rating, Scale, check_counts_as, normalise_colour
from ..rules.schema import (
    COLOUR_RATINGS,
    COUNTS_AS,
    MONTH_DATES,
    PIN_SUFFIX,
    SCALE_TABLE_HEADERS,
    SETTING_KEYS,
    SETTINGS,
    normalise_header,
)
from ..xlsx.cells import SheetCells, cell_ref, display
from ..xlsx.read_styles import StyleInfo
from .rule_settings import read_check_settings

_KEY_LOOKUP = {normalise_header(s): key for key, synonyms in SETTING_KEYS.items() for s in synonyms}
_TABLE = [normalise_header(h) for h in SCALE_TABLE_HEADERS]


def read_settings(
    cells: SheetCells | None, styles: StyleInfo | None = None, sheet: str = SETTINGS
) -> tuple[Settings, dict[str, object], list[Problem]]:
    """Settings, the raw key/value pairs found, and problems with them."""
    settings = Settings()
    problems: list[Problem] = []
    raw: dict[str, object] = {}
    if cells is None:
        return settings, raw, problems
    table_row, table_cols = _find_scale_table(cells)
    table_end = table_row or 0  # read only when there is a table
    if table_row is not None:
        while display(cells.value(table_end + 1, table_cols["label"])).strip():
            table_end += 1
    for row in sorted(cells.rows):
        if table_row is not None and table_row <= row <= table_end:
            continue
        values = cells.rows[row]
        for col in sorted(values):
            text = normalise_header(display(values[col].value))
            key = _KEY_LOOKUP.get(text)
            if key is None and text.endswith(PIN_SUFFIX) and len(text) < 60:
                key = "pin:" + text[: -len(PIN_SUFFIX)]
            if key is None or key in raw:
                continue
            target = values.get(col + 1)
            raw[key] = target.value if target else None
            raw[key + "@"] = cell_ref(row, col + 1)
            break
    if raw.get("title") not in (None, ""):
        settings.title = display(raw["title"]).strip()
    if raw.get("marking") not in (None, ""):
        settings.marking = display(raw["marking"]).strip()
    if raw.get("reminder_copy") not in (None, ""):
        settings.reminder_copy = display(raw["reminder_copy"]).strip()
        settings.reminder_copy_cell = str(raw["reminder_copy@"])
    number_settings = (
        (
            "due_soon_days",
            0,
            3660,
            "the due-soon window '{}' is not a number of days",
            "type a whole number such as 30",
        ),
        (
            "recommendations",
            1,
            200,
            "'{}' is not a number of recommendations",
            "type how many recommendations the Ofsted report made, e.g. 18",
        ),
        (
            "returns_window_days",
            0,
            62,
            "the returns window '{}' is not a number of days",
            "type a whole number of days from 0 to 62, such as 14",
        ),
    )
    for key, low, high, message, fix in number_settings:
        if raw.get(key) in (None, ""):
            continue
        number = _whole_number(raw[key], low, high)
        if number is None:
            problems.append(
                Problem(sheet, str(raw[key + "@"]), message.format(display(raw[key])), fix)
            )
        else:
            setattr(settings, key, number)
    if raw.get("as_of") not in (None, ""):
        value = raw["as_of"]
        due = parse_due(value)  # a date or datetime cell is its date
        if due.date:
            settings.as_of = due.date
        else:
            problems.append(
                Problem(
                    sheet,
                    str(raw["as_of@"]),
                    f"the as-of date '{display(value)}' is not a date",
                    "type a date such as 31/01/2019, or leave it blank for today",
                )
            )
    for key, choices in (("month_dates", MONTH_DATES), ("colour_ratings", COLOUR_RATINGS)):
        if raw.get(key) in (None, ""):
            continue
        typed = " ".join(display(raw[key]).lower().replace("-", " ").split())
        if typed in choices:
            setattr(settings, key, choices[typed])
        else:
            problems.append(
                Problem(
                    sheet,
                    str(raw[key + "@"]),
                    f"'{display(raw[key])}' is not a choice ragbook knows here",
                    f"type {' or '.join(repr(c) for c in choices)}",
                )
            )
    if raw.get("lead_columns") not in (None, ""):
        settings.lead_columns = split_list(display(raw["lead_columns"]))
        settings.lead_columns_cell = str(raw["lead_columns@"])
    if table_row is not None:
        scale, scale_problems = _read_scale_table(cells, table_row, table_cols, styles, sheet)
        problems.extend(scale_problems)
        if scale is not None:
            named = display(raw.get("scale") or "").strip()
            preset = PRESETS.get(named.lower())
            if preset is not None and preset.ratings == scale.ratings:
                scale = preset
            settings.scale, settings.scale_source = scale, "Settings sheet"
    if settings.scale is None and raw.get("scale") not in (None, ""):
        named = display(raw["scale"]).strip()
        if named.lower() in PRESETS:
            settings.scale, settings.scale_source = PRESETS[named.lower()], "Settings sheet"
        elif named.lower() != "custom":
            problems.append(
                Problem(
                    sheet,
                    str(raw["scale@"]),
                    f"'{named}' is not a scale ragbook knows",
                    f"type one of {', '.join(PRESETS)}, or list your ratings in the RAG key table",
                )
            )
    problems.extend(read_check_settings(cells, raw, settings, sheet))
    return settings, raw, problems


def _whole_number(value: object, low: int, high: int) -> int | None:
    """A whole number from low to high, typed as a number or as digits; else None."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
        return int(value)
    return None


def split_list(text: str) -> tuple[str, ...]:
    """'Action, Date due; Evidence' (or one per line) -> the items, blanks dropped."""
    return tuple(item.strip() for item in re.split(r"[,;\n]", text) if item.strip())


def _find_scale_table(cells: SheetCells) -> tuple[int | None, dict[str, int]]:
    for row in sorted(cells.rows):
        found = {}
        for col, cell in cells.rows[row].items():
            norm = normalise_header(display(cell.value))
            if norm in _TABLE:
                found[norm] = col
        if "label" in found and len(found) >= 2:
            return row, found
    return None, {}


def _read_scale_table(
    cells: SheetCells, header_row: int, cols: dict[str, int], styles: StyleInfo | None, sheet: str
) -> tuple[Scale | None, list[Problem]]:
    problems: list[Problem] = []
    ratings: list[Rating] = []
    seen: dict[str, str] = {}
    label_col = cols["label"]
    row = header_row + 1
    while True:
        label_cell = cells.cell(row, label_col)
        label = display(label_cell.value).strip() if label_cell else ""
        if not label:
            break
        code = display(cells.value(row, cols.get("code", 0))).strip() if "code" in cols else ""
        colour_col = cols.get("colour")
        colour = None
        if colour_col:
            typed = cells.value(row, colour_col)
            colour = normalise_colour(typed)
            if colour is None:
                styled = cells.cell(row, colour_col) or label_cell
                if styles and styled is not None:
                    colour = styles.fills.get(styled.style)
            if colour is None and typed not in (None, ""):
                problems.append(
                    Problem(
                        sheet,
                        cell_ref(row, colour_col),
                        f"'{display(typed)}' is not a colour",
                        "type a hex colour such as FF0000 or a name such as red",
                    )
                )
        meaning = display(cells.value(row, cols["meaning"])).strip() if "meaning" in cols else ""
        counts_as = "on track"
        if "counts as" in cols:
            typed = cells.value(row, cols["counts as"])
            checked = check_counts_as(typed)
            if checked is None:
                problems.append(
                    Problem(
                        sheet,
                        cell_ref(row, cols["counts as"]),
                        f"'{display(typed)}' is not something a rating can count as",
                        f"type one of: {', '.join(COUNTS_AS)}",
                    )
                )
            else:
                counts_as = checked
        for key in (label, code):
            folded = key.casefold()
            if folded and folded in seen and seen[folded] != label:
                problems.append(
                    Problem(
                        sheet,
                        cell_ref(row, label_col),
                        f"'{key}' is used for two ratings ({seen[folded]} and {label})",
                        "give each rating its own label and code",
                    )
                )
            seen.setdefault(folded, label)
        ratings.append(Rating(label, code or label, colour or "A6A6A6", meaning, counts_as))
        row += 1
    if not ratings:
        return None, problems
    return Scale("custom", tuple(ratings)), problems
