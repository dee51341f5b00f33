"""Reading a plan workbook: package in, PlanData out (read -> plan)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from ..errors import PlanProblem
from ..rules import schema
from ..rules.dates import MONTH_CELL, YEAR_CELL
from ..rules.history import period_labels, read_history
from ..rules.leads import LeadDirectory
from ..rules.model import Lead, PlanData, Problem
from ..rules.scales import DEFAULT_PRESET, PRESETS, Scale, detect_preset
from ..rules.schema import normalise_header
from ..xlsx.cells import (
    SheetCells,
    cell_ref,
    col_index,
    display,
    parse_ref,
    read_cells,
    read_shared_strings,
)
from ..xlsx.owned import owned_sheets, workbook_marks
from ..xlsx.package import Package, SheetEntry
from ..xlsx.read_styles import StyleInfo, read_styles
from ..xlsx.rows import filter_range, hidden_rows
from .actions import match_ratings, read_rows
from .guesses import (
    Guess,
    checks_entries,
    column_guesses,
    rating_column_guess,
    reading_guesses,
    scale_guess,
    table_guess,
)
from .indicator_sheet import read_indicator_sheet
from .rating_column import ContentMatch, take_rating_column
from .settings import read_settings
from .sheet_key import SheetKey, find_key, scale_from_key
from .table import (
    ACTION_LOOKUP,
    HEADER_SEARCH_ROWS,
    Header,
    find_header,
    header_lookup,
    read_header,
)

LEAD_LOOKUP = header_lookup(schema.LEAD_FIELDS + schema.LEAD_OPTIONAL_FIELDS)


@dataclass
class WorkbookReader:
    """Reads sheets of one package, sharing its strings and styles."""

    pkg: Package
    strings: list[str]
    styles: StyleInfo
    owned: dict[int, str]
    replaced: dict[str, bytes] = field(default_factory=dict)  # part -> bytes to read instead

    @classmethod
    def open(cls, pkg: Package, replaced: dict[str, bytes] | None = None) -> WorkbookReader:
        return cls(
            pkg, read_shared_strings(pkg), read_styles(pkg), owned_sheets(pkg), dict(replaced or {})
        )

    def user_worksheets(self) -> list[SheetEntry]:
        return [
            s
            for i, s in enumerate(self.pkg.sheets)
            if i not in self.owned and s.kind == "worksheet" and s.part
        ]

    def part(self, entry: SheetEntry) -> bytes:
        """The sheet part's bytes (as edited, when it is)."""
        assert entry.part is not None, "a worksheet has a part"
        return self.replaced.get(entry.part) or self.pkg.read(entry.part)

    def cells(
        self, entry: SheetEntry, max_row: int | None = None, data: bytes | None = None
    ) -> SheetCells:
        return read_cells(
            data or self.part(entry),
            entry.name,
            self.strings,
            self.styles,
            date1904=self.pkg.date1904,
            max_row=max_row,
        )

    def named(self, name: str) -> SheetEntry | None:
        folded = name.casefold()
        for entry in self.user_worksheets():
            if entry.name.strip().casefold() == folded:
                return entry
        return None


def read_plan(
    pkg: Package, scale_name: str | None = None, replaced: dict[str, bytes] | None = None
) -> PlanData:
    """Read the plan in a workbook: settings, leads and actions, with problems.

    `replaced` maps sheet parts to bytes read in their place: the plan as it
    will be once cell edits are written (see Plan.edit).
    """
    wb = WorkbookReader.open(pkg, replaced)
    problems: list[Problem] = []
    notes: list[str] = []

    settings_entry = wb.named(schema.SETTINGS)
    settings_cells = wb.cells(settings_entry) if settings_entry else None
    settings, raw, setting_problems = read_settings(
        settings_cells, wb.styles, settings_entry.name if settings_entry else schema.SETTINGS
    )
    problems.extend(setting_problems)

    leads, lead_problems = _read_leads(wb)
    problems.extend(lead_problems)
    directory = LeadDirectory(
        {code: tuple(x for x in (lead.name, lead.role) if x) for code, lead in leads.items()}
    )

    entry, header, candidates = _find_actions(wb, raw)
    data = wb.part(entry)
    cells = wb.cells(entry, data=data)
    header = _apply_pins(header, raw, cells)
    fills = wb.styles.fills
    key = find_key(cells, header.row, fills)
    key_scale = scale_from_key(key) if key else None
    told = PRESETS[scale_name] if scale_name else settings.scale
    content = None
    if not _has_pinned(raw, "rating"):
        content = take_rating_column(cells, header, told or key_scale, fills)
    rows = read_rows(
        cells,
        header,
        directory,
        date1904=pkg.date1904,
        fills=fills,
        no_day=wb.styles.no_day,
        month_start=settings.month_dates == "start",
    )
    problems.extend(_missing_columns(entry.name, header))
    problems.extend(rows.problems)

    guesses = _table_guesses(entry.name, header, candidates, raw, content)
    scale_cell = (
        key.title_cell
        if key
        else (cell_ref(header.row, header.rating_columns[-1][1]) if header.rating_columns else "")
    )
    settings.scale, settings.scale_source, guessed = _scale(
        scale_name,
        settings,
        workbook_marks(pkg).get("scale"),
        key,
        key_scale,
        [t for t in rows.rating_texts if t],
        entry.name,
    )
    if guessed:
        guesses.append(scale_guess(settings.scale, guessed, entry.name, scale_cell))
    problems.extend(
        match_ratings(
            rows.actions, settings.scale, entry.name, colours=settings.colour_ratings != "not rated"
        )
    )
    guesses += reading_guesses(
        rows.actions, settings, entry.name, _no_day_formats(rows.actions, cells, wb.styles.no_day)
    )
    problems.extend(checks_entries(guesses))
    indicators, indicator_problems = read_indicator_sheet(wb, {entry.name}, notes)
    problems.extend(indicator_problems)
    problems.sort(key=_problem_order(pkg))
    history = read_history(wb)
    if history:
        notes.append(f"Plan history: closed periods {', '.join(period_labels(history))}.")
    hidden = [r for r in hidden_rows(data) if r > header.row]
    area = filter_range(data)
    return PlanData(
        settings=settings,
        actions=rows.actions,
        leads=leads,
        problems=problems,
        actions_sheet=entry.name,
        header_row=header.row,
        columns=header.columns,
        rating_columns=header.rating_columns,
        notes=notes,
        indicators=indicators,
        history=history,
        header_texts=header.texts,
        unknown_columns=header.unknown,
        structure=rows.structure,
        recommendations=rows.recommendations,
        candidates=candidates,
        percent_hundreds=rows.percent_hundreds,
        guesses=guesses,
        hidden_rows=hidden,
        filtered=bool(area and hidden),
        key=key,
    )


def _table_guesses(
    sheet: str, header: Header, candidates: list, raw: dict, content: ContentMatch | None
) -> list[Guess]:
    """The table among several sheets, a field two headings name, the rating column by its
    content: each a guess unless pinned on Settings."""
    guesses = []
    if not display(raw.get("plan_sheet") or "").strip():
        table = table_guess(sheet, header.row, [c for c in candidates if c[0] != sheet])
        guesses += [table] if table else []
    guesses += column_guesses(sheet, header.row, header.texts, header.duplicates, header.columns)
    if content is not None:
        heading = header.texts.get(content.column, "")
        guesses.append(rating_column_guess(sheet, header.row, heading, content))
    return guesses


def _scale(
    option: str | None,
    settings,
    recorded: str | None,
    key: SheetKey | None,
    key_scale: Scale | None,
    typed: list[str],
    sheet: str,
) -> tuple[Scale, str, str]:
    """(the scale, where it came from, and what it was guessed from: "" when told).

    Told: the --scale option, else the Settings sheet. Else a guess: from the
    key typed at the top of the sheet, else the preset the typed ratings match
    best. The first refresh records the scale in the workbook, and from then
    on that one is read (so a later refresh, split or collect never changes
    it unasked), even when the ratings typed by then look like another. The
    key gives the ratings its colours.
    """
    if option:
        scale, source, guessed = PRESETS[option], "--scale option", ""
    elif settings.scale is not None:
        scale, source, guessed = settings.scale, settings.scale_source, ""
    else:
        if key_scale is not None and key is not None:
            scale = key_scale
            source = f"guessed from the key typed in {key.where()} of sheet '{sheet}'"
            guessed = f"from the key typed in {key.where()}"
        elif typed:
            scale, hits = detect_preset(typed)
            source = f"guessed from the ratings typed: {hits} of {len(typed)} match it"
            guessed = f"from the ratings typed ({hits} of {len(typed)} match it)"
        else:
            scale = PRESETS[DEFAULT_PRESET]
            source = "guessed: no rating is typed yet"
            guessed = "the default, as no rating is typed yet"
        if recorded in PRESETS and recorded != scale.name:
            source = "recorded in the workbook by an earlier refresh"
            guessed = (
                f"as recorded in the workbook by an earlier refresh (guessed now, it "
                f"would be {scale.name}, {guessed})"
            )
            scale = PRESETS[recorded]
        else:
            guessed += "; a refresh keeps it in the workbook"
    if key_scale is not None and key_scale.name == scale.name:
        scale = key_scale  # in the council's own colours
    return scale, source, guessed


def _no_day_formats(
    actions: list, cells: SheetCells, no_day: dict[int, tuple[str, str]]
) -> dict[str, str]:
    """Due cell -> number format, for the dates shown with no day."""
    out = {}
    for action in actions:
        if action.due.read_as in (MONTH_CELL, YEAR_CELL) and "due" in action.cells:
            row, col = action.row, action.cells.columns["due"]
            found = cells.cell(row, col)
            if found is not None and found.style in no_day:
                out[action.cells["due"]] = no_day[found.style][1]
    return out


def _problem_order(pkg: Package):
    """Problems in reading order: by sheet as the tabs run, then row, then column."""
    order = {s.name: i for i, s in enumerate(pkg.sheets)}

    def key(problem: Problem) -> tuple:
        row, col = 0, 0
        if problem.cell:
            with contextlib.suppress(ValueError):
                row, col = parse_ref(problem.cell)
        return order.get(problem.sheet, len(order)), row, col

    return key


def _find_actions(wb: WorkbookReader, raw: dict) -> tuple[SheetEntry, Header, list]:
    """The sheet and header row of the action table, and every sheet that had one.

    A sheet called "Actions" with a header wins; otherwise the header that
    recognises the most columns, a visible sheet before a hidden one. The
    Settings sheet can pin the sheet ("Actions sheet") and row ("Header row").
    """
    pinned = display(raw.get("plan_sheet") or "").strip()
    if pinned:
        entry = wb.named(pinned)
        if entry is None:
            raise PlanProblem(
                f"Settings!{raw.get('plan_sheet@')}: there is no sheet called "
                f"'{pinned}'; correct the name or clear the cell."
            )
        candidates = [entry]
    else:
        candidates = wb.user_worksheets()
    pinned_row = raw.get("header_row")
    found: list[tuple[SheetEntry, Header]] = []
    header: Header | None
    for entry in candidates:
        if pinned_row not in (None, ""):
            if (
                not isinstance(pinned_row, (int, float))
                or isinstance(pinned_row, bool)
                or pinned_row < 1
            ):
                raise PlanProblem(
                    f"Settings!{raw.get('header_row@')}: the header row "
                    f"'{display(pinned_row)}' is not a row number; type the "
                    "number of the row that holds the column headings."
                )
            head = wb.cells(entry, max_row=int(pinned_row))
            header = read_header(head, int(pinned_row))
            if "action" in header.columns or _has_pinned(raw, "action"):
                found.append((entry, header))
            continue
        header = find_header(wb.cells(entry, max_row=HEADER_SEARCH_ROWS))
        if header is not None:
            found.append((entry, header))
    if not found and pinned_row not in (None, ""):
        raise PlanProblem(
            f"Settings!{raw.get('header_row@')}: row {display(pinned_row)} has no "
            "Action heading on any sheet; correct the header row, or clear it to "
            "let ragbook find the table."
        )
    if not found:
        raise PlanProblem(
            f"{wb.pkg.path.name}: no sheet has an action table (a header row with at least "
            "Action, Lead and Date due columns); add an 'Actions' sheet or start from "
            "'ragbook new', or, if the table is there under other headings, pin it on a "
            "Settings sheet: 'Actions sheet' and its name, 'Header row' and its number, and a "
            "row per column such as 'Action column' and its letter."
        )

    def rank(item: tuple[SheetEntry, Header]) -> tuple:
        entry, header = item
        return (
            entry.name.strip().casefold() == schema.ACTIONS.casefold(),
            header.score,
            entry.state == "visible",
            -candidates.index(entry),
        )

    entry, header = max(found, key=rank)
    return entry, header, [(e.name, h.row, h.score) for e, h in found]


def _has_pinned(raw: dict, key: str) -> bool:
    return any(
        k.startswith("pin:") and ACTION_LOOKUP.get(k[4:]) == key and raw[k] not in (None, "")
        for k in raw
        if not k.endswith("@")
    )


def _apply_pins(header: Header, raw: dict, cells: SheetCells) -> Header:
    """Columns pinned on the Settings sheet ("Lead column: D") override detection."""
    for key in [k for k in raw if k.startswith("pin:") and not k.endswith("@")]:
        value = raw[key]
        if value in (None, ""):
            continue
        where = f"Settings!{raw[key + '@']}"
        field = ACTION_LOOKUP.get(key[4:])
        if field is None:
            raise PlanProblem(
                f"{where}: '{key[4:]}' is not a column ragbook reads; use a field "
                "name such as Lead, Date due or RAG rating before 'column'."
            )
        text = display(value).strip()
        col = None
        if text.isalpha() and len(text) <= 3:
            col = col_index(text)
        else:
            wanted = normalise_header(text)
            col = next((c for c, t in header.texts.items() if normalise_header(t) == wanted), None)
        if col is None:
            raise PlanProblem(
                f"{where}: '{text}' is neither a column letter nor a heading in "
                f"row {header.row}; type the column's letter, e.g. D."
            )
        if field == "rating":
            others = [(p, c) for p, c in header.rating_columns if c != col]
            header.rating_columns = [*others, (header.texts.get(col, ""), col)]
        else:
            header.columns[field] = col
        # Pinned, the field is no longer guessed between two columns headed alike.
        header.duplicates = [(k, c) for k, c in header.duplicates if k != field]
        header.unknown.pop(col, None)
        if col not in header.texts:
            header.texts[col] = display(cells.value(header.row, col)).strip()
    return header


def _missing_columns(sheet: str, header: Header) -> list[Problem]:
    out = []
    for f in schema.ACTION_FIELDS:
        if (
            not f.required
            or f.key in header.columns
            or (f.key == "rating" and header.rating_columns)
        ):
            continue
        if f.key == "ref":
            continue  # refs can be read from the start of the action text
        out.append(
            Problem(
                sheet,
                cell_ref(header.row, 1),
                f"the header row has no {f.header} column",
                f"add a column headed '{f.header}' (or "
                f"{', '.join(repr(s) for s in f.synonyms[:3])})",
            )
        )
    return out


def _read_leads(wb: WorkbookReader) -> tuple[dict[str, Lead], list[Problem]]:
    entry = wb.named(schema.LEADS)
    if entry is None:
        return {}, []
    cells = wb.cells(entry)
    header = find_header(cells, LEAD_LOOKUP, required=("code",), minimum=1)
    if header is None:
        return {}, [
            Problem(
                entry.name,
                "A1",
                "no header row with a Code column",
                "put the headers Code, Name, Role, Email in row 1",
            )
        ]
    cols = header.columns
    leads: dict[str, Lead] = {}
    problems: list[Problem] = []
    for row in sorted(cells.rows):
        if row <= header.row:
            continue
        code = display(cells.value(row, cols["code"])).strip()

        def text(key: str, row: int = row) -> str:
            return display(cells.value(row, cols[key])).strip() if key in cols else ""

        if not code:
            if text("name") or text("email"):
                problems.append(
                    Problem(
                        entry.name,
                        cell_ref(row, cols["code"]),
                        "this lead has no code",
                        "type the code the Actions sheet uses for them",
                    )
                )
            continue
        if code in leads:
            problems.append(
                Problem(
                    entry.name,
                    cell_ref(row, cols["code"]),
                    f"the code '{code}' is listed twice",
                    "keep one row per lead",
                )
            )
            continue
        leads[code] = Lead(
            code, text("name"), text("role"), text("email"), row, delegates=text("delegates")
        )
    return leads, problems


__all__ = ["WorkbookReader", "read_plan"]
