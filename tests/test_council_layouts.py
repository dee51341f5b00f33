"""Acceptance for issue 4: ragbook works on the plans councils already keep, as they are.

Each seed's layout is rebuilt as a real workbook by tests/council_layouts.py
(Reading, West Berkshire, Sunderland, Telford; Telford also with its heading
rows typed in one cell rather than merged across the table). For each one
`ragbook check --explain` and `ragbook refresh --as-of` are run through the
command line, and the tests assert, against facts written out by hand in the
builders:

- every action is found, with its ref, priority, recommendation, lead(s), due
  date (or ongoing) and rating, and nothing else is taken for an action;
- section, recommendation, narrative and repeated-header rows are listed by
  --explain, with the sheet, header row and column map;
- colour-only ratings read as the scale's nearest colour; a colour no rating
  has, an impossible date and a look-alike letter are problems with their cells;
- the Tracker, Exceptions, lead and Checks sheets show those facts;
- nothing in the workbook changed other than ragbook's own sheets, and
  LibreOffice opens the refreshed workbook and recalculates the same numbers.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from corpus_helpers import PackageView, raw_elements, style_lists
from council_layouts import (
    CYRILLIC_ES,
    GREEK_ALPHA,
    ONGOING,
    PURPLE,
    READING_P1,
    READING_P2,
    READING_P3,
    READING_SHEET,
    SUNDERLAND_SHEET,
    T1,
    T2,
    T3,
    TELFORD_SHEET,
    WB_DOMAINS,
    WB_PREVIOUS,
    WB_SHEET,
    Expect,
    Seed,
    build_pinned,
    build_reading,
    build_sunderland,
    build_telford,
    build_west_berkshire,
)
from lo import convert

import ragbook
from ragbook.cli import main
from ragbook.layout.checks import LINT_TITLE
from ragbook.layout.coverage import COVERAGE_TITLE
from ragbook.rules.scales import PRESETS

# -- the scales, as docs/workbook.md lists them (worst first), and what each rating counts as --

LABELS = {
    "reading5": ["RED", "AMBER", "LIGHT GREEN", "DARK GREEN", "COMPLETED"],
    "rag4": ["Red", "Amber", "Green", "Completed"],
    "status4": [
        "Overdue",
        "In progress but behind schedule",
        "In progress and on schedule",
        "Complete",
    ],
}
COMPLETE = {"reading5": {"DARK GREEN", "COMPLETED"}, "rag4": {"Completed"}, "status4": {"Complete"}}
OFF_TRACK = {
    "reading5": {"RED", "AMBER"},
    "rag4": {"Red", "Amber"},
    "status4": {"Overdue", "In progress but behind schedule"},
}
NOT_RATED, UNRECOGNISED = "Not rated", "Unrecognised"
DUE_SOON_DAYS = 30

# Parts a refresh may rewrite besides the owned sheets (see docs/write-path.md, "Nothing lost").
MAY_CHANGE = re.compile(
    r"^(xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|\[Content_Types\]\.xml|"
    r"xl/styles\.xml|xl/calcChain\.xml)$"
)

BUILDERS = {
    "reading": build_reading,
    "west-berkshire": build_west_berkshire,
    "sunderland": build_sunderland,
    "telford": build_telford,
    "telford-unmerged": partial(build_telford, name="telford-unmerged.xlsx", merge_rows=False),
    "telford-no-refs": partial(build_telford, name="telford-no-refs.xlsx", action_refs=False),
}


def seeds():
    """The seed names as parameters."""
    return list(BUILDERS)


# -- running ragbook on a seed workbook, once per module ------------------------------


@dataclass
class Run:
    seed: Seed
    before: dict[str, bytes]  # the zip parts as built
    check: object  # click Result of `check --explain`
    actions: list  # ragbook.load(path).actions, before the refresh
    problems: list
    actions_sheet: str
    header_row: int
    refresh: object  # click Result of `refresh --as-of`
    after: dict[str, bytes]  # the zip parts after the refresh
    owned: dict[str, str]  # sheet name -> role, after the refresh

    @property
    def path(self) -> Path:
        return self.seed.path

    def action(self, ref: str):
        found = [a for a in self.actions if a.ref == ref]
        assert len(found) == 1, f"{len(found)} actions with ref {ref!r}"
        return found[0]

    def sheet(self, role: str) -> list[tuple]:
        """The rows of the owned sheet with this role, as stored values."""
        name = next(n for n, r in self.owned.items() if r == role)
        wb = openpyxl.load_workbook(self.path, data_only=True, read_only=True)
        try:
            return [tuple(row) for row in wb[name].iter_rows(values_only=True)]
        finally:
            wb.close()


def run_summary(run: Run):
    """ragbook's Summary of the seed's plan as of its date."""
    with ragbook.load(run.path) as plan:
        return plan.summary(run.seed.as_of)


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def run_seed(folder: Path, builder) -> Run:
    seed = builder(folder)
    before = parts_of(seed.path)
    runner = CliRunner()
    check = runner.invoke(
        main, ["check", str(seed.path), "--explain", "--as-of", seed.as_of.isoformat()]
    )
    with ragbook.load(seed.path) as plan:
        actions, problems = plan.actions, plan.problems
        sheet, header_row = plan.data.actions_sheet, plan.data.header_row
    refresh = runner.invoke(
        main, ["refresh", str(seed.path), "--as-of", seed.as_of.isoformat(), "--no-backup"]
    )
    after = parts_of(seed.path)
    owned = PackageView(after).owned() if refresh.exit_code == 0 else {}
    return Run(seed, before, check, actions, problems, sheet, header_row, refresh, after, owned)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    cache: dict[str, Run] = {}

    def get(name: str) -> Run:
        if name not in cache:
            cache[name] = run_seed(tmp_path_factory.mktemp(name), BUILDERS[name])
        return cache[name]

    return get


# -- what the expectations imply (the rules of PRODUCT.md and docs/) -------------


def single(seed: Seed) -> list[Expect]:
    """The actions alone on their row. (A row holding two numbered actions is tested on
    its own, in test_one_cell_holding_two_numbered_actions_gives_two_actions.)"""
    rows = [e.row for e in seed.actions]
    return [e for e in seed.actions if rows.count(e.row) == 1]


def category(seed: Seed, e: Expect) -> str:
    if e.rating:
        return e.rating
    return UNRECOGNISED if e.unrecognised else NOT_RATED


def days_overdue(seed: Seed, e: Expect) -> int | None:
    if not isinstance(e.due, date) or e.rating in COMPLETE[seed.scale]:
        return None
    days = (seed.as_of - e.due).days
    return days if days > 0 else None


def due_soon(seed: Seed, e: Expect) -> bool:
    if not isinstance(e.due, date) or e.rating in COMPLETE[seed.scale]:
        return False
    return 0 <= (e.due - seed.as_of).days <= DUE_SOON_DAYS


def natural(ref: str) -> tuple:
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p.casefold())
        for p in re.split(r"(\d+)", ref)
        if p
    )


def exception_refs(seed: Seed) -> list[str]:
    """Overdue actions, most days first; then the other off-track ones, worst rating first."""
    overdue = [e for e in seed.actions if days_overdue(seed, e)]
    overdue.sort(key=lambda e: (-days_overdue(seed, e), natural(e.ref)))
    labels = LABELS[seed.scale]
    off = [e for e in seed.actions if e not in overdue and e.rating in OFF_TRACK[seed.scale]]
    off.sort(key=lambda e: (labels.index(e.rating), natural(e.ref)))
    return [e.ref for e in overdue + off]


def sentence(seed: Seed) -> str:
    counts: dict[str, int] = {}
    for e in seed.actions:
        counts[category(seed, e)] = counts.get(category(seed, e), 0) + 1
    parts = [
        f"{counts[k]} {k.lower()}"
        for k in LABELS[seed.scale] + [NOT_RATED, UNRECOGNISED]
        if counts.get(k)
    ]
    overdue = sum(1 for e in seed.actions if days_overdue(seed, e))
    soon = sum(1 for e in seed.actions if due_soon(seed, e))
    return (
        f"{len(seed.actions)} actions: {', '.join(parts)}; {overdue} {past_due(seed)}, "
        f"{soon} due within {DUE_SOON_DAYS} days"
    )


def past_due(seed: Seed) -> str:
    """The date measure's name: on the status4 scale "Overdue" is a rating, so the actions
    whose due date has passed are "past due date"."""
    return "past due date" if seed.scale == "status4" else "overdue"


def cell_key(cell: str) -> tuple[int, int]:
    if not cell:  # a problem with the sheet as a whole comes first
        return 0, 0
    m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def expected_problems(seed: Seed) -> list[tuple[str, str, str]]:
    """(sheet, cell, message), in reading order."""
    return [
        (seed.sheet, cell, message)
        for cell, message in sorted(seed.problems, key=lambda p: cell_key(p[0]))
    ]


def below_header(seed: Seed, rows: dict[int, object]) -> dict[int, object]:
    """Rows of the table proper. (Rows above the header, such as Reading's PRIORITY ONE
    heading, are out of scope for the --explain listing; their effect is tested on the
    actions' priorities.)"""
    return {r: v for r, v in rows.items() if r > seed.header_row}


def section(rows: list[tuple], title: str) -> list[tuple]:
    """The rows of a Tracker section, from its title to the next blank row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == title)
    out = []
    for row in rows[start + 1 :]:
        if not any(v not in (None, "") for v in row):
            break
        out.append(row)
    return out


def table(rows: list[tuple], header_first: str) -> tuple[tuple, list[tuple]]:
    """(header row, rows under it) of an owned sheet whose header starts with header_first."""
    i = next(i for i, row in enumerate(rows) if row and row[0] == header_first)
    body = [row for row in rows[i + 1 :] if any(v not in (None, "") for v in row)]
    return rows[i], body


# ======================================================================================
# check --explain: what ragbook understood
# ======================================================================================


@pytest.mark.parametrize("name", seeds())
def test_explain_names_the_sheet_header_row_and_column_map(runs, name):
    run = runs(name)
    seed = run.seed
    assert run.check.exit_code == 0, run.check.output
    lines = run.check.stdout.splitlines()
    assert (
        lines[0].startswith(f"{seed.path}: ")
        and (
            f" actions on sheet '{seed.sheet}' (header row {seed.header_row}); scale {seed.scale} "
            f"({seed.scale_source}): "
        )
        in lines[0]
    )
    assert f"Action table: sheet '{seed.sheet}', header row {seed.header_row}." in lines
    start = lines.index("Columns:")
    shown = lines[start + 1 : start + 1 + len(seed.columns)]
    assert shown == [
        f"  {chr(65 + i)} '{text}' -> {maps}" for i, (text, maps) in enumerate(seed.columns.items())
    ]
    others = [line for line in lines if line.startswith("Other sheets that look like")]
    if seed.other_candidates:
        assert others == [
            "Other sheets that look like action tables (not read): "
            + "; ".join(
                f"'{s}' (header row {r}, {n} columns recognised)"
                for s, r, n in seed.other_candidates
            )
            + ". To read one of them instead, type its name beside "
            "'Actions sheet' on Settings."
        ]
    else:
        assert others == []


def explained_rows(stdout: str) -> dict[int, tuple[str, str]]:
    """row -> (kind, text) from the 'Rows that are not actions' block."""
    out = {}
    for line in stdout.splitlines():
        m = re.fullmatch(r"  row (\d+): ([a-z ]+?)(?:: (.*))?", line)
        if m:
            out[int(m.group(1))] = (m.group(2), m.group(3) or "")
    return out


@pytest.mark.parametrize("name", seeds())
def test_explain_lists_every_row_that_is_not_an_action(runs, name):
    run = runs(name)
    seed = run.seed
    shown = below_header(seed, explained_rows(run.check.stdout))
    expected = below_header(seed, seed.structure)
    assert {r: kind for r, (kind, _) in shown.items()} == {
        r: kind for r, (kind, _) in expected.items()
    }
    for r, (_kind, text) in expected.items():
        assert shown[r][1].startswith(text), (r, shown[r][1], text)
    kinds: dict[str, int] = {}
    for kind, _ in expected.values():
        kinds[kind] = kinds.get(kind, 0) + 1
    tally = "  (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")"
    assert tally in run.check.stdout.splitlines()
    # No action sits on a structure row.
    assert not {a.row for a in run.actions} & set(expected)


@pytest.mark.parametrize("name", seeds())
def test_explain_counts_the_actions_per_priority(runs, name):
    run = runs(name)
    seed = run.seed
    lines = run.check.stdout.splitlines()
    i = lines.index(f"Actions found: {len(seed.actions)}, by priority:")
    counts = {p: sum(1 for e in seed.actions if e.priority == p) for p in seed.priorities}
    assert lines[i + 1 : i + 1 + len(counts)] == [f"  {p}: {n}" for p, n in counts.items()]
    assert not lines[i + 1 + len(counts)].startswith("  ")


@pytest.mark.parametrize("name", seeds())
def test_check_lists_every_problem_with_its_cell_and_the_counts(runs, name):
    run = runs(name)
    seed = run.seed
    lines = run.check.stdout.splitlines()
    problem_lines = [line for line in lines if re.match(r"^[^ ].*![A-Z]+\d+: ", line)]
    assert len(problem_lines) == len(seed.problems), problem_lines
    for (sheet, cell, message), line in zip(expected_problems(seed), problem_lines, strict=False):
        assert line.startswith(f"{sheet}!{cell}: {message}"), line
    assert lines[-2] == sentence(seed) + "."
    n = len(seed.problems)
    assert lines[-1] == (
        f"{n} problem{'s' if n != 1 else ''} found." if n else "No problems found."
    )


# ======================================================================================
# The actions: ragbook.load(path).actions
# ======================================================================================


@pytest.mark.parametrize("name", seeds())
def test_every_action_is_found_and_nothing_else(runs, name):
    run = runs(name)
    seed = run.seed
    assert run.actions_sheet == seed.sheet
    assert run.header_row == seed.header_row
    assert [(a.ref, a.row) for a in run.actions] == [(e.ref, e.row) for e in seed.actions]
    for a, e in zip(run.actions, seed.actions, strict=False):
        assert a.text.startswith(e.text), (a.ref, a.text)


@pytest.mark.parametrize("name", seeds())
def test_refs_typed_in_the_action_text_and_two_actions_in_one_cell(runs, name):
    """Every expected ref is found once, on its row (refs typed at the start of the text,
    "5.3.1 ... 5.3.2 ..." in one cell, a stray "16.4" inside a sentence)."""
    run = runs(name)
    for e in run.seed.actions:
        assert run.action(e.ref).row == e.row


def test_one_cell_holding_two_numbered_actions_gives_two_actions(runs):
    """Reading's "5.3.1 Realign services ... 5.3.2 Implement restorative practice ..."."""
    run = runs("reading")
    row = next(e.row for e in run.seed.actions if e.ref == "5.3.1")
    got = [
        (a.ref, a.text, a.leads, a.due.date, a.recommendation, a.rating.blank)
        for a in run.actions
        if a.row == row
    ]
    assert got == [
        (
            "5.3.1",
            "5.3.1 Realign services to meet the requirements of the strategy and establish "
            "a single front door for all referrals",
            ("AF", "AMD"),
            date(2017, 3, 31),
            "5",
            True,
        ),
        (
            "5.3.2",
            "5.3.2 Implement restorative practice into the pathways plans and family group "
            "conferencing.",
            ("AF", "AMD"),
            date(2017, 3, 31),
            "5",
            True,
        ),
    ]


def test_a_number_inside_a_sentence_is_not_a_second_action(runs):
    """ "... to track the 16.4 progress of care leavers", "... timely and 3.1 effective
    assessment", "... so that they can 7.3 respond": one action each."""
    run = runs("reading")
    for ref, inner in (("16.3", "16.4"), ("5.5", "3.1"), ("7.2", "7.3")):
        action = run.action(ref)
        assert f" {inner} " in action.text
        assert [a.ref for a in run.actions if a.row == action.row] == [ref]
        assert not [a for a in run.actions if a.ref == inner]


@pytest.mark.parametrize("name", seeds())
def test_every_action_has_its_leads(runs, name):
    run = runs(name)
    for e in single(run.seed):
        assert run.action(e.ref).leads == e.leads, e.ref


@pytest.mark.parametrize("name", seeds())
def test_every_action_has_its_due_date_or_is_ongoing(runs, name):
    run = runs(name)
    for e in single(run.seed):
        due = run.action(e.ref).due
        if e.due == ONGOING:
            assert (due.ongoing, due.date, due.problem) == (True, None, None), e.ref
        elif e.due is None:
            assert (due.ongoing, due.date) == (False, None) and due.problem, e.ref
        else:
            assert (due.ongoing, due.date, due.problem) == (False, e.due, None), e.ref


@pytest.mark.parametrize("name", seeds())
def test_every_action_has_its_rating(runs, name):
    run = runs(name)
    for e in single(run.seed):
        rating = run.action(e.ref).rating
        assert (rating.rating.label if rating.rating else None) == e.rating, e.ref
        assert rating.text == e.rating_text, e.ref
        assert rating.cell == e.rating_cell, e.ref
        if e.history:
            history = run.action(e.ref).history
            assert tuple(v.rating.label if v.rating else None for _, v in history) == e.history


@pytest.mark.parametrize("name", seeds())
def test_every_action_has_its_priority(runs, name):
    run = runs(name)
    got = {e.ref: run.action(e.ref).priority for e in single(run.seed)}
    assert got == {e.ref: e.priority for e in single(run.seed)}


@pytest.mark.parametrize("name", seeds())
def test_every_action_has_its_ofsted_recommendation(runs, name):
    run = runs(name)
    got = {e.ref: run.action(e.ref).recommendation for e in single(run.seed)}
    assert got == {e.ref: e.recommendation for e in single(run.seed)}


@pytest.mark.parametrize("name", seeds())
def test_progress_costs_and_percent_complete_are_read(runs, name):
    run = runs(name)
    for e in single(run.seed):
        a = run.action(e.ref)
        assert a.progress == e.progress, e.ref
        assert (a.one_off_cost, a.recurring_cost) == (e.one_off_cost, e.recurring_cost), e.ref
        if name.startswith("telford"):
            assert a.percent_complete == e.percent, e.ref


@pytest.mark.parametrize("name", seeds())
def test_the_problems_are_exactly_the_ones_in_the_plan(runs, name):
    run = runs(name)
    got = [(p.sheet, p.cell, p.message) for p in run.problems]
    assert got == expected_problems(run.seed)


def test_colour_only_ratings_read_as_the_nearest_colour_of_the_scale(runs):
    """Fills with no text: the key's own colours, other shades of them, white and purple."""
    reading = runs("reading")
    assert {
        ref: (reading.action(ref).rating.fill, reading.action(ref).rating.rating.label)
        for ref in ("1.3", "4.1", "16.3")
    } == {
        "1.3": ("92D050", "LIGHT GREEN"),
        "4.1": ("00B050", "DARK GREEN"),  # two greens on the scale: the nearer one
        "16.3": ("C6EFCE", "LIGHT GREEN"),  # Excel's pale "Good" green is nearer light green
    }
    telford = runs("telford-unmerged")
    got = {}
    for a in telford.actions:
        got[a.ref] = (
            a.rating.text,
            a.rating.fill,
            a.rating.rating.label if a.rating.rating else None,
        )
    blank = next(e.ref for e in telford.seed.actions if e.ref.startswith("row "))
    # Telford's key: Complete blue, on schedule green, behind schedule amber, Overdue red.
    assert got == {
        "1.1.1": ("", "0070C0", "Complete"),
        "1.1.2": ("", "FFC000", "In progress but behind schedule"),
        "1.1.3": ("On schedule", None, "In progress and on schedule"),  # typed, not filled
        "1.1.4": ("", "FF0000", "Overdue"),
        "1.2.1": ("complete", None, "Complete"),
        "1.2.2": ("", "92D050", "In progress and on schedule"),  # a lighter green
        "1.2.3": ("", "00B050", "In progress and on schedule"),
        "1.3.1": ("", "00B050", "In progress and on schedule"),
        "1.3.2": ("", PURPLE, None),  # no rating is purple: a problem
        "1.4.1": ("", "FF0000", "Overdue"),
        "1.4.2": ("", "00B050", "In progress and on schedule"),
        "2.1.1": ("Behind schedule", None, "In progress but behind schedule"),
        "2.1.2": ("", "C00000", "Overdue"),  # a darker red
        blank: ("", "FFFFFF", None),  # white means not rated, and is no problem
        "2.2.1": ("", "FFC000", "In progress but behind schedule"),
        "3.4.1": ("In progress and on schedule", None, "In progress and on schedule"),
        "3.4.2": ("Complete", None, "Complete"),
    }
    purple = telford.action("1.3.2").row
    assert [
        (p.cell, p.message)
        for p in telford.problems
        if p.cell.startswith("H") and not p.message.startswith("ragbook guessed")
    ] == [
        (
            f"H{purple}",
            f"the rating is only a fill colour (#{PURPLE}), which is not near any "
            "colour of the status4 scale",
        )
    ]


def test_impossible_dates_and_look_alike_letters_are_problems_with_their_cells(runs):
    reading = runs("reading")
    r92, r132 = reading.action("9.2").row, reading.action("13.2").row
    reading_problems = [
        (p.where, p.message, p.fix) for p in reading.problems if "is not a date" in p.message
    ]
    assert reading_problems == [
        (
            f"{READING_SHEET}!E{r92}",
            "action 9.2: '31/11/16' is not a date: November 2016 has 30 days",
            "type the intended date, e.g. 30/11/2016",
        ),
        (
            f"{READING_SHEET}!E{r132}",
            "action 13.2: '31/06/17' is not a date: June 2017 has 30 days",
            "type the intended date, e.g. 30/06/2017",
        ),
    ]
    # Not moved to a nearby day: no date at all.
    assert reading.action("9.2").due.date is None and reading.action("13.2").due.date is None
    sunderland = runs("sunderland")
    r11, r910 = sunderland.action("1.1").row, sunderland.action("9.10").row
    lookalikes = [
        (p.where, p.message, p.fix) for p in sunderland.problems if "looks like" in p.message
    ]
    assert lookalikes == [
        (
            f"Plan!D{r11}",
            f"'{CYRILLIC_ES}' contains the Cyrillic Capital Letter Es "
            f"'{CYRILLIC_ES}', which looks like the Latin 'C'; it probably means "
            "Completed",
            "retype it as C",
        ),
        (
            f"Plan!D{r910}",
            f"'{GREEK_ALPHA}' contains the Greek Capital Letter Alpha "
            f"'{GREEK_ALPHA}', which looks like the Latin 'A'; it probably means "
            "Amber",
            "retype it as A",
        ),
    ]
    # Not silently counted as what they look like.
    assert sunderland.action("1.1").rating.rating is None
    assert sunderland.action("9.10").rating.rating is None
    assert sunderland.action("8.2").rating.blank  # the blank one is not rated, not a problem
    # And on the Checks sheet after the refresh, with their cells.
    for run, cells in ((reading, {f"E{r92}", f"E{r132}"}), (sunderland, {f"D{r11}", f"D{r910}"})):
        _, body = table(run.sheet("checks"), "Sheet")
        listed = {(row[0], row[1]): (row[2], row[3]) for row in body}
        for p in run.problems:
            if p.cell in cells:
                assert listed[(p.sheet, p.cell)] == (p.message, p.fix)
                cells.discard(p.cell)
        assert not cells


def test_a_fill_colour_no_rating_has_counts_as_unrecognised(runs):
    run = runs("telford-unmerged")
    assert run.action("1.3.2").rating.unrecognised
    assert run.action("1.3.2").rating.blank is False


# ======================================================================================
# refresh: the sheets ragbook owns
# ======================================================================================


@pytest.mark.parametrize("name", seeds())
def test_refresh_reports_the_counts(runs, name):
    run = runs(name)
    seed = run.seed
    assert run.refresh.exit_code == 0, run.refresh.output
    assert run.refresh.stdout.splitlines()[:2] == [
        f"Refreshed {seed.path} as of {seed.as_of:%d/%m/%Y}.",
        sentence(seed) + ".",
    ]


def test_every_refresh_writes_the_owned_sheets_after_the_users(runs):
    for name in BUILDERS:
        run = runs(name)
        seed = run.seed
        assert run.refresh.exit_code == 0, (name, run.refresh.output)
        names = PackageView(run.after).sheet_names
        user = [seed.sheet, *seed.other_sheets]
        assert names[: len(user)] == user, name
        assert [run.owned.get(n) for n in names[len(user) :]][:2] == ["tracker", "exceptions"]
        assert run.owned[names[-1]] == "checks"


@pytest.mark.parametrize("name", seeds())
def test_tracker_summary_and_ratings(runs, name):
    run = runs(name)
    seed = run.seed
    rows = run.sheet("tracker")
    summary = {row[0]: row[1] for row in section(rows, "Summary")}
    as_of = summary.pop("As of")  # the cell RAG_AsOf names
    assert getattr(as_of, "date", lambda: as_of)() == seed.as_of
    overdue = [e for e in seed.actions if days_overdue(seed, e)]
    soon = [e for e in seed.actions if due_soon(seed, e)]
    good = [e for e in seed.actions if e.rating and e.rating not in OFF_TRACK[seed.scale]]
    until = date.fromordinal(seed.as_of.toordinal() + DUE_SOON_DAYS)
    assert summary == {
        "Actions": len(seed.actions),
        "On track or completed": len(good),
        past_due(seed).capitalize(): len(overdue),
        f"Due in the next {DUE_SOON_DAYS} days (by {until:%d/%m/%Y})": len(soon),
        "Problems listed in Checks": len(seed.problems),
        # ragbook's own rules: test_plan_checks.py checks they agree with the other sheets.
        "Rated better than the facts": len(run_summary(run).rated_better),
        "Plan-quality findings in Checks": len(run_summary(run).lint),
    }
    counts = dict.fromkeys(LABELS[seed.scale] + [NOT_RATED], 0)
    for e in seed.actions:
        counts[category(seed, e)] = counts.get(category(seed, e), 0) + 1
    tracker = section(rows, "Performance and progress tracker")
    current = tracker[0].index("Current")
    assert {row[0]: row[current] for row in tracker[1:]} == {**counts, "Total": len(seed.actions)}
    if seed.actions[0].history:  # Reading's RAG Initial column
        initial = tracker[0].index("Initial")
        counts = dict.fromkeys(LABELS[seed.scale] + [NOT_RATED], 0)
        for e in seed.actions:
            counts[e.history[0] or NOT_RATED] += 1
        assert {row[0]: row[initial] for row in tracker[1:]} == {
            **counts,
            "Total": len(seed.actions),
        }


@pytest.mark.parametrize("name", seeds())
def test_tracker_ratings_by_priority(runs, name):
    run = runs(name)
    seed = run.seed
    crosstab = section(run.sheet("tracker"), "Current ratings by priority")
    width = len(seed.priorities) + 2
    assert crosstab[0][:width] == ("Rating", *seed.priorities, "Total")
    assert not any(crosstab[0][width:])
    keys = (
        LABELS[seed.scale]
        + [NOT_RATED]
        + ([UNRECOGNISED] if any(e.unrecognised for e in seed.actions) else [])
    )
    expected = []
    for key in keys:
        counts = [
            sum(1 for e in seed.actions if e.priority == p and category(seed, e) == key)
            for p in seed.priorities
        ]
        expected.append((key, *counts, sum(counts)))
    totals = [sum(1 for e in seed.actions if e.priority == p) for p in seed.priorities]
    expected.append(("Total", *totals, len(seed.actions)))
    assert [tuple(row[:width]) for row in crosstab[1 : len(keys) + 2]] == expected


@pytest.mark.parametrize("name", seeds())
def test_tracker_counts_actions_by_ofsted_recommendation(runs, name):
    run = runs(name)
    seed = run.seed
    rows = section(run.sheet("tracker"), COVERAGE_TITLE)
    assert rows[0][:2] == ("Recommendation", "Actions")
    listed = [row[:2] for row in rows[1:] if str(row[0]).startswith("Recommendation ")]
    ordered = sorted(seed.recommendations, key=int)
    assert listed == [(f"Recommendation {r}", seed.recommendations[r]) for r in ordered]
    missing = [r for r in ordered if seed.recommendations[r] == 0]
    notes = [row[0] for row in rows[1:] if str(row[0]).startswith("No action answers")]
    if missing:
        word = "recommendations" if len(missing) > 1 else "recommendation"
        assert notes == [f"No action answers {word} {', '.join(missing)}."]
    else:
        assert notes == []


@pytest.mark.parametrize("name", seeds())
def test_tracker_counts_actions_by_lead(runs, name):
    run = runs(name)
    seed = run.seed
    _, body = table(section(run.sheet("tracker"), "Actions by lead"), "Lead")
    leads = sorted({code for e in seed.actions for code in e.leads}, key=str.casefold)
    assert [(row[0], row[1]) for row in body] == [
        (code, sum(1 for e in seed.actions if code in e.leads)) for code in leads
    ]
    overdue_col = len(LABELS[seed.scale]) + 3
    assert [row[overdue_col] for row in body] == [
        sum(1 for e in seed.actions if code in e.leads and days_overdue(seed, e)) for code in leads
    ]


@pytest.mark.parametrize("name", seeds())
def test_exceptions_list_overdue_then_off_track_actions(runs, name):
    run = runs(name)
    seed = run.seed
    header, body = table(run.sheet("exceptions"), "Ref")
    assert header == (
        "Ref",
        "Action",
        "Lead(s)",
        "Due",
        "Rating",
        "Days overdue",
        "Why listed",
        "Suggested rating",
        "Latest update",
        "In the plan",
    )
    refs = exception_refs(seed)
    # Then the actions rated better than the facts allow that are not listed already, in
    # plan order (the rules are tested in test_suggest.py and test_plan_checks.py).
    flagged = {s.action.ref: s for s in run_summary(run).rated_better}
    refs += [ref for ref in flagged if ref not in refs]
    assert [row[0] for row in body] == refs
    by_ref = seed.by_ref()
    for row in body:
        e = by_ref[row[0]]
        days = days_overdue(seed, e)
        assert row[2] == ", ".join(e.leads)
        assert (
            row[3] == datetime(e.due.year, e.due.month, e.due.day)
            if isinstance(e.due, date)
            else row[3] == e.due_text
        )
        assert row[4] == category(seed, e)
        assert row[5] == days
        assert ("Rated better than the facts" in row[6]) == (e.ref in flagged)
        if e.ref in flagged:
            assert row[7] == flagged[e.ref].reason
        assert row[9] == f"Row {e.row}"


@pytest.mark.parametrize("name", seeds())
def test_each_lead_sheet_lists_that_leads_actions(runs, name):
    """An action with several leads ("AF AMD", "Service Manager and IRO Manager") is on
    each of their sheets."""
    run = runs(name)
    seed = run.seed
    leads = {code for e in seed.actions for code in e.leads}
    assert {role[5:] for role in run.owned.values() if role.startswith("lead:")} == leads
    for code in sorted(leads):
        header, body = table(run.sheet(f"lead:{code}"), "Ref")
        assert header == (
            "Ref",
            "Action",
            "Due",
            "Status",
            "Rating",
            "% complete",
            "Progress update",
            "In the plan",
        )
        mine = sorted((e for e in seed.actions if code in e.leads), key=lambda e: natural(e.ref))
        assert [row[0] for row in body] == [e.ref for e in mine], code
        for row, e in zip(body, mine, strict=False):
            due = (
                datetime(e.due.year, e.due.month, e.due.day)
                if isinstance(e.due, date)
                else e.due_text
            )
            days = days_overdue(seed, e)
            left = (e.due - seed.as_of).days if isinstance(e.due, date) else None
            status = (
                f"Overdue by {days} day{'s' if days != 1 else ''}"
                if days
                else ("Due today" if left == 0 else f"Due in {left} day{'s' if left != 1 else ''}")
                if due_soon(seed, e)
                else "Complete"
                if e.rating in COMPLETE[seed.scale]
                else "Ongoing"
                if e.due == ONGOING
                else "No due date"
                if e.due is None
                else None
            )
            assert (row[2], row[3], row[7]) == (due, status, f"Row {e.row}"), (code, e.ref)
            if e.rating or e.rating_text or not e.unrecognised:
                # the label; what was typed when it is not on the scale; or Not rated
                assert row[4] == (e.rating or e.rating_text or NOT_RATED), (code, e.ref)
            else:  # a fill colour no rating has: shown, as something other than Not rated
                assert row[4] not in (None, "", NOT_RATED), (code, e.ref)


@pytest.mark.parametrize("name", seeds())
def test_checks_sheet_lists_every_problem_with_its_cell(runs, name):
    run = runs(name)
    header, body = table(run.sheet("checks"), "Sheet")
    assert header == ("Sheet", "Cell", "Problem", "How to fix")
    body = body[: [row[0] for row in body].index(LINT_TITLE)]  # plan quality comes after
    if run.seed.problems:
        assert [tuple(row[:3]) for row in body] == expected_problems(run.seed)
    else:
        assert [row[0] for row in body] == ["No problems found."]


# ======================================================================================
# Nothing else changed
# ======================================================================================

STYLE_PREFIXES = ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "dxfs")


@pytest.mark.parametrize("name", seeds())
def test_refresh_changes_nothing_but_ragbooks_own_sheets(runs, name):
    run = runs(name)
    before, after = run.before, run.after
    assert run.refresh.exit_code == 0, run.refresh.output
    view_before, view_after = PackageView(before), PackageView(after)
    owned_parts = view_after.owned_parts()
    assert not owned_parts & set(before)  # a fresh workbook: nothing of ragbook's in it yet
    # Every part of the input is in the output, byte for byte, but the few ragbook must edit.
    for part, data in before.items():
        if MAY_CHANGE.match(part):
            continue
        assert after.get(part) == data, f"{part} changed or vanished"
    # Nothing added but the owned sheets (and the parts a workbook needs for them).
    added = set(after) - set(before)
    assert added <= owned_parts, added - owned_parts
    # The user's sheets: same names, order, states and parts; ragbook's come after them.
    user = view_before.sheets
    assert view_after.sheets[: len(user)] == user
    assert set(view_after.owned()) == {s["name"] for s in view_after.sheets[len(user) :]}
    # workbook.xml: the user's <sheet> and <definedName> elements kept verbatim, and the rest
    # of the part unchanged.
    kept, now = view_before.workbook_elements(), view_after.workbook_elements()
    for element in kept["sheet"] + kept["definedName"]:
        assert element in now["sheet"] + now["definedName"], element
    assert view_after.workbook_rest() == view_before.workbook_rest()
    for element in raw_elements(before["xl/_rels/workbook.xml.rels"], "Relationship"):
        assert element in after["xl/_rels/workbook.xml.rels"].decode("utf-8"), element
    for local in ("Default", "Override"):
        for element in raw_elements(before["[Content_Types].xml"], local):
            assert element in after["[Content_Types].xml"].decode("utf-8"), element
    # styles.xml only appended to: every original font, fill, border and xf at its index.
    old, new = style_lists(before["xl/styles.xml"]), style_lists(after["xl/styles.xml"])
    for local in STYLE_PREFIXES:
        assert new[local][: len(old[local])] == old[local], local
    for element in old["numFmts"] + old["cellStyles"]:
        assert element in new["numFmts"] + new["cellStyles"]


# ======================================================================================
# Detection and pinning
# ======================================================================================


def test_when_two_sheets_qualify_the_best_is_read_and_explain_says_which(tmp_path):
    seed = build_west_berkshire(tmp_path)
    with ragbook.load(seed.path) as plan:
        assert plan.data.actions_sheet == WB_SHEET
        assert plan.data.candidates == [(WB_SHEET, 12, 10), (WB_PREVIOUS, 1, 5)]
        assert [a.ref for a in plan.actions][:2] == ["A.1", "A.2"]
    result = CliRunner().invoke(main, ["check", str(seed.path), "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == f"Action table: sheet '{WB_SHEET}', header row 12."
    assert lines[2] == (
        f"Other sheets that look like action tables (not read): '{WB_PREVIOUS}' "
        "(header row 1, 5 columns recognised). To read one of them instead, "
        "type its name beside 'Actions sheet' on Settings."
    )


def test_without_pins_detection_reads_the_wrong_table(tmp_path):
    """The reason for pins: the board summary recognises more columns than the plan."""
    path = build_pinned(tmp_path)
    with ragbook.load(path) as plan:
        assert (plan.data.actions_sheet, plan.data.header_row) == ("Summary", 3)
        assert [a.ref for a in plan.actions] == ["S1"]
    path = build_pinned(tmp_path, pins={"Actions sheet": "Plan"}, name="sheet-only.xlsx")
    with ragbook.load(path) as plan:  # the column guide at row 3 looks as good as the header
        assert (plan.data.actions_sheet, plan.data.header_row) == ("Plan", 3)


def test_settings_pins_sheet_header_row_and_columns_override_detection(tmp_path):
    path = build_pinned(
        tmp_path,
        pins={
            "Actions sheet": "Plan",
            "Header row": 8,
            "Lead column": "D",
            "Date due column": "Revised timescale",
            "Scale": "rag4",
        },
    )
    with ragbook.load(path) as plan:
        assert (plan.data.actions_sheet, plan.data.header_row) == ("Plan", 8)
        got = [(a.ref, a.row, a.leads, a.due.date, a.rating.rating.label) for a in plan.actions]
        problems = [(p.where, p.message) for p in plan.problems]
    assert got == [
        ("P1", 9, ("HoS",), date(2019, 2, 28), "Green"),
        ("P2", 10, ("PSW", "HoS"), date(2019, 1, 31), "Amber"),
        ("P3", 11, ("SM",), None, "Red"),
    ]
    assert problems == [("Plan!F11", "action P3: no due date")]  # the scale is pinned too
    result = CliRunner().invoke(main, ["check", str(path), "--explain", "--as-of", "2019-01-15"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "Action table: sheet 'Plan', header row 8."
    start = lines.index("Columns:")
    assert lines[start + 1 : start + 9] == [
        "  A 'Ref' -> Ref",
        "  B 'Action' -> Action",
        "  C 'Lead' -> not read by ragbook (kept as it is)",
        "  D 'Officer responsible' -> Lead(s)",
        "  E 'Timescale' -> not read by ragbook (kept as it is)",
        "  F 'Revised timescale' -> Date due",
        "  G 'RAG' -> current rating",
        "  H 'Progress update' -> Progress update",
    ]
    refreshed = CliRunner().invoke(
        main, ["refresh", str(path), "--as-of", "2019-01-15", "--no-backup"]
    )
    assert refreshed.exit_code == 0, refreshed.output
    roles = PackageView(parts_of(path)).owned()
    assert sorted(r for r in roles.values() if r.startswith("lead:")) == [
        "lead:HoS",
        "lead:PSW",
        "lead:SM",
    ]


# ======================================================================================
# Ofsted recommendations with no action
# ======================================================================================


def tracker_recommendations(path: Path) -> list[tuple]:
    roles = PackageView(parts_of(path)).owned()
    name = next(n for n, r in roles.items() if r == "tracker")
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    return [
        row[:2]
        for row in section(rows, COVERAGE_TITLE)
        if not str(row[0]).startswith("Nothing measures")
    ]


def test_settings_count_of_recommendations_lists_the_ones_with_no_action(tmp_path):
    seed = build_reading(tmp_path, recommendations=18)
    result = CliRunner().invoke(
        main, ["refresh", str(seed.path), "--as-of", "2016-12-20", "--no-backup"]
    )
    assert result.exit_code == 0, result.output
    rows = tracker_recommendations(seed.path)
    assert rows[0] == ("Recommendation", "Actions")
    assert [label for label, _ in rows[1:19]] == [f"Recommendation {n}" for n in range(1, 19)]
    # (The count of each answered recommendation is checked with the plan's other facts in
    # test_tracker_counts_actions_by_ofsted_recommendation.)
    assert [label for label, n in rows[1:19] if n == 0] == [
        f"Recommendation {n}" for n in (2, 6, 8, 10, 11, 15, 18)
    ]
    assert rows[19:] == [("No action answers recommendations 2, 6, 8, 10, 11, 15, 18.", None)]


@pytest.mark.parametrize("merge_rows", [True, False])
def test_a_recommendation_row_with_no_action_under_it_is_listed(tmp_path, merge_rows):
    seed = build_telford(tmp_path, merge_rows=merge_rows)
    result = CliRunner().invoke(
        main, ["refresh", str(seed.path), "--as-of", "2018-03-31", "--no-backup"]
    )
    assert result.exit_code == 0, result.output
    assert tracker_recommendations(seed.path) == [
        ("Recommendation", "Actions"),
        ("Recommendation 1", 4),
        ("Recommendation 2", 3),
        ("Recommendation 3", 2),
        ("Recommendation 4", 3),
        ("Recommendation 5", 1),
        ("Recommendation 8", 0),
        ("Recommendation 9", 2),
        ("Recommendation 11", 2),
        ("No action answers recommendation 8.", None),
    ]


# ======================================================================================
# Header spellings councils use
# ======================================================================================


@pytest.mark.parametrize(
    "heading",
    [
        "Ofsted recommendation",
        "Recommendation",
        "Ofsted recommendation(s)",
    ],
)
def test_the_recommendation_column_under_the_headings_councils_use(tmp_path, heading):
    seed = build_west_berkshire(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    wb[WB_SHEET].cell(seed.header_row, 4).value = heading
    wb.save(seed.path)
    with ragbook.load(seed.path) as plan:
        assert {a.ref: a.recommendation for a in plan.actions} == {
            e.ref: e.recommendation for e in seed.actions
        }


# ======================================================================================
# LibreOffice opens every refreshed seed workbook
# ======================================================================================


@pytest.mark.libreoffice
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", ["reading", "west-berkshire", "sunderland", "telford"])
def test_libreoffice_opens_the_refreshed_workbook_and_recalculates_the_same_numbers(
    runs, name, tmp_path
):
    run = runs(name)
    assert run.refresh.exit_code == 0, run.refresh.output
    converted = convert(run.path, "xlsx", tmp_path / "lo", recalc=True)
    ours = openpyxl.load_workbook(run.path, data_only=True)
    theirs = openpyxl.load_workbook(converted, data_only=True)
    assert theirs.sheetnames == ours.sheetnames
    tracker = next(n for n, r in run.owned.items() if r == "tracker")
    numbers = 0
    for row in ours[tracker].iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                other = theirs[tracker][cell.coordinate].value
                assert other == pytest.approx(cell.value), (cell.coordinate, cell.value, other)
                numbers += 1
    assert numbers > 20
    # The plan sheet itself is still there with its actions.
    plan = theirs[run.seed.sheet]
    first = run.seed.actions[0]
    column = (
        3
        if name == "telford"
        else 5
        if name == "west-berkshire"
        else 1
        if name == "sunderland"
        else 2
    )
    assert str(plan.cell(first.row, column).value).startswith(first.text[:30])


# ======================================================================================
# No Settings sheet: the counts a person gets by hand (issue 12)
# ======================================================================================

# Counted by hand from each builder's rows, as of each seed's date: actions, ratings (the
# ones with any action), overdue, due soon, actions per priority and per recommendation.
HAND_COUNTS = {
    "reading": {
        "actions": 19,
        "overdue": 2,
        "due_soon": 4,
        "ratings": {
            "RED": 3,
            "AMBER": 4,
            "LIGHT GREEN": 6,
            "DARK GREEN": 2,
            "COMPLETED": 2,
            "Not rated": 2,
        },
        "by_priority": {READING_P1: 7, READING_P2: 8, READING_P3: 4},
        "by_recommendation": {
            "1": 4,
            "3": 1,
            "4": 2,
            "5": 4,
            "7": 1,
            "9": 2,
            "12": 1,
            "13": 1,
            "14": 1,
            "16": 1,
            "17": 1,
        },
    },
    "west-berkshire": {
        "actions": 10,
        "overdue": 4,
        "due_soon": 1,
        "ratings": {"Red": 1, "Amber": 2, "Green": 3, "Completed": 1, "Not rated": 3},
        "by_priority": {
            WB_DOMAINS["A"]: 4,
            WB_DOMAINS["B"]: 3,
            WB_DOMAINS["C"]: 1,
            WB_DOMAINS["D"]: 1,
            WB_DOMAINS["E"]: 1,
        },
        "by_recommendation": {
            "2": 1,
            "3": 1,
            "4": 1,
            "5": 1,
            "7": 1,
            "8": 2,
            "9": 1,
            "10": 1,
            "14": 1,
        },
    },
    "sunderland-no-settings": {
        "actions": 17,
        "overdue": 8,
        "due_soon": 1,
        "ratings": {
            "Red": 2,
            "Amber": 2,
            "Green": 4,
            "Completed": 6,
            "Not rated": 1,
            "Unrecognised": 2,
        },
        "by_priority": {
            "Priority 1": 5,
            "Priority 3": 3,
            "Priority 5": 2,
            "Priority 8": 2,
            "Priority 9": 2,
            "Priority 13": 1,
            "Priority 2": 2,
        },
        "by_recommendation": {"1": 5, "2": 2, "3": 1, "6": 3, "8": 2, "10": 2, "12": 2},
    },
    # 8 past their due date: 1.1.2, 1.1.3, 1.2.2, 1.2.3, 1.3.2, 1.4.1, 1.4.2, 2.2.1; 2.1.1 and
    # 2.1.2 are due that day; 1.1.4 and the action with no ref have no due date.
    "telford": {
        "actions": 17,
        "overdue": 8,
        "due_soon": 2,
        "ratings": {
            "Overdue": 3,
            "In progress but behind schedule": 3,
            "In progress and on schedule": 6,
            "Complete": 3,
            "Not rated": 1,
            "Unrecognised": 1,
        },
        "by_priority": {T1: 11, T2: 4, T3: 2},
        "by_recommendation": {"1": 4, "2": 3, "3": 2, "4": 3, "5": 1, "8": 0, "9": 2, "11": 2},
    },
}
NO_SETTINGS = {
    "reading": build_reading,
    "west-berkshire": build_west_berkshire,
    "sunderland-no-settings": partial(build_sunderland, settings=False),
    "telford": build_telford,
}


@pytest.mark.parametrize("name", list(HAND_COUNTS))
def test_with_no_settings_check_gives_the_counts_a_person_gets_by_hand(tmp_path, name):
    seed = NO_SETTINGS[name](tmp_path)
    assert "Settings" not in openpyxl.load_workbook(seed.path, read_only=True).sheetnames
    result = CliRunner().invoke(
        main, ["check", str(seed.path), "--json", "--as-of", seed.as_of.isoformat()]
    )
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    want = HAND_COUNTS[name]
    assert (got["actions"], got["overdue"], got["due_soon"]) == (
        want["actions"],
        want["overdue"],
        want["due_soon"],
    )
    assert {k: n for k, n in got["ratings"].items() if n} == want["ratings"]
    assert {p: sum(c.values()) for p, c in got["by_priority"].items()} == want["by_priority"]
    assert got["by_recommendation"] == want["by_recommendation"]


def test_month_dates_typed_into_excel_are_the_end_of_their_month(tmp_path):
    """Telford on 15/01/2017: "December 2016" and "November 2016" are past; the four
    "January 2017"s (stored as 1 January) are not yet. Read as the 1st, 5 would be overdue;
    pinning "Month dates: first of month" on Settings reads them so, and says it is pinned."""
    seed = build_telford(tmp_path)
    run = partial(CliRunner().invoke, main)
    result = run(["check", str(seed.path), "--as-of", "2017-01-15", "--json"])
    got = json.loads(result.stdout)
    assert (got["as_of"], got["overdue"], got["due_soon"]) == ("2017-01-15", 2, 3)
    wb = openpyxl.load_workbook(seed.path)
    st = wb.create_sheet("Settings")
    st.append(["Month dates", "first of month"])
    wb.save(seed.path)
    result = run(["check", str(seed.path), "--as-of", "2017-01-15", "--explain"])
    lines = result.stdout.splitlines()
    assert lines[-2].endswith("; 5 past due date, 0 due within 30 days.")
    assert not [line for line in lines if "'Month dates'" in line]
    assert [line for line in lines if line.startswith("  that 12 due dates")] == [
        f"  that 12 due dates with a month but no day mean the first day of that month "
        f"(F{seed.by_ref()['1.1.1'].row} (a date shown as 'mmmm yyyy'), "
        f"F{seed.by_ref()['1.1.2'].row} (a date shown as 'mmm-yy'), "
        f"F{seed.by_ref()['1.2.1'].row} (a date shown as 'mmmm yyyy')) (pinned on Settings)."
    ]


def test_each_guess_is_listed_by_explain_with_how_to_pin_it(runs):
    run = runs("telford")
    lines = run.check.stdout.splitlines()
    block = lines[lines.index("What ragbook guessed:") + 1 :]
    block = block[: next(i for i, line in enumerate(block) if not line.startswith("  "))]
    pins = [
        re.search(
            r"to pin it, type '([^']+)' in column A of the Settings sheet and "
            r"'([^']+)' \(or what is right\) in column B\.$",
            line,
        )
        for line in block
    ]
    assert [m.groups() if m else None for m in pins] == [
        ("RAG rating column", "H"),
        ("Scale", "status4"),
        ("Colour ratings", "read"),
        ("Month dates", "end of month"),
        None,
        None,
    ]
    assert block[4] == (
        f"  that 2 due dates say the action is ongoing or repeats, so they are "
        f"never overdue (F{run.action('1.3.1').row} 'September 2016 and "
        f"quarterly', F{run.action('3.4.1').row} 'September 2016 and ongoing')."
    )
    assert block[5] == (
        "  Ratings typed in another spelling are read as the scale's: 'On "
        "schedule' as In progress and on schedule; 'Behind schedule' as In "
        "progress but behind schedule."
    )
    assert (
        f"Rows 14 to {run.seed.actions[-1].row} under the header: 17 with actions, 4 "
        "narrative rows, 3 priority headings, 8 recommendation rows, 1 repeated header, "
        "0 blank." in lines
    )


def test_pinning_every_guess_on_settings_empties_the_guesses_from_checks(tmp_path):
    seed = build_telford(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    st = wb.create_sheet("Settings")
    for row in (
        ["Scale", "status4"],
        ["RAG rating column", "H"],
        ["Month dates", "end of month"],
        ["Colour ratings", "read"],
    ):
        st.append(row)
    wb.save(seed.path)
    with ragbook.load(seed.path) as plan:
        messages = [p.message for p in plan.problems]
        assert not [m for m in messages if m.startswith("ragbook guessed")]
        assert len(messages) == len(seed.problems) - 4
        assert [g.what for g in plan.data.guesses if g.pinned] == ["colours", "month dates"]
        assert plan.data.settings.scale_source == "Settings sheet"


def test_colour_ratings_pinned_as_not_rated_are_not_read(tmp_path):
    seed = build_telford(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    wb.create_sheet("Settings").append(["Colour ratings", "not rated"])
    wb.save(seed.path)
    with ragbook.load(seed.path) as plan:
        rated = {a.ref: a.rating.rating.label for a in plan.actions if a.rating.rating}
        problems = [p.message for p in plan.problems]
    assert rated == {
        "1.1.3": "In progress and on schedule",
        "1.2.1": "Complete",
        "2.1.1": "In progress but behind schedule",
        "3.4.1": "In progress and on schedule",
        "3.4.2": "Complete",
    }
    assert not [m for m in problems if "fill colour" in m]


def test_a_setting_with_a_value_ragbook_does_not_know_is_a_problem(tmp_path):
    seed = build_telford(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    st = wb.create_sheet("Settings")
    st.append(["Month dates", "middle"])
    st.append(["Colour ratings", "maybe"])
    wb.save(seed.path)
    with ragbook.load(seed.path) as plan:
        settings = [p.line() for p in plan.problems if p.sheet == "Settings"]
    assert settings == [
        "Settings!B1: 'middle' is not a choice ragbook knows here; type 'end of month' or "
        "'first of month'.",
        "Settings!B2: 'maybe' is not a choice ragbook knows here; type 'read' or 'not rated'.",
    ]


def test_the_tracker_says_the_guessed_scale_and_names_the_date_measure_apart(runs):
    """On the status4 scale "Overdue" is a rating: the Tracker's Actions by lead has a column
    for it and one for the actions past their due date, never two called Overdue."""
    run = runs("telford")
    rows = run.sheet("tracker")
    assert rows[1][0] == (
        f"As of 31/03/2018. Scale: status4 (guessed from the key typed in rows 6-9 of sheet "
        f"'{TELFORD_SHEET}'; to pin it, type 'Scale' in column A of the Settings sheet and "
        "'status4' (or what is right) in column B). Built by ragbook; this sheet is rebuilt on "
        "every refresh, so do not type here."
    )
    header, _ = table(section(rows, "Actions by lead"), "Lead")
    assert [h for h in header if h] == [
        "Lead",
        "Actions",
        *LABELS["status4"],
        NOT_RATED,
        "Past due date",
        "Due in 30 days",
    ]
    assert run.refresh.stdout.splitlines()[1].endswith("; 8 past due date, 2 due within 30 days.")


def test_blue_typed_for_completed_where_the_councils_key_says_so(tmp_path):
    """Sunderland's key: COMPLETED is blue. A lead who types "Blue" means Completed."""
    seed = build_sunderland(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    cell = seed.by_ref()["1.2"].rating_cell
    wb[SUNDERLAND_SHEET][cell] = "Blue"
    wb.save(seed.path)
    with ragbook.load(seed.path) as plan:
        action = next(a for a in plan.actions if a.ref == "1.2")
        assert (action.rating.text, action.rating.rating.label) == ("Blue", "Completed")
    assert PRESETS["rag4"].find("Blue") is None  # with no key to say so, it is no rating


@pytest.mark.parametrize("name", seeds())
def test_every_guess_in_checks_is_a_line_of_explain(runs, name):
    """What Checks lists as guessed, --explain says in the same words, with how to pin it."""
    run = runs(name)
    lines = run.check.stdout.splitlines()
    block = lines[lines.index("What ragbook guessed:") + 1 :]
    guessed = [m for _, m in run.seed.problems if m.startswith("ragbook guessed ")]
    assert guessed, "every seed with no scale on Settings has at least the scale guessed"
    for message in guessed:
        said = message[len("ragbook guessed ") :]
        assert [line for line in block if line.startswith(f"  {said}; to pin it, type '")], said
