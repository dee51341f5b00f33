"""What ragbook understood of a workbook, in words (`ragbook check --explain`)."""

from __future__ import annotations

from collections import Counter

from ..rules.model import PlanData
from ..rules.schema import ACTION_FIELD_BY_KEY, NO_PRIORITY
from ..rules.words import noun
from ..xlsx.cells import col_letter


def explain(plan: PlanData) -> list[str]:
    lines = [f"Action table: sheet '{plan.actions_sheet}', header row {plan.header_row}."]
    others = [(s, r, n) for s, r, n in plan.candidates if s != plan.actions_sheet]
    if others:
        lines.append(
            "Other sheets that look like action tables (not read): "
            + "; ".join(f"'{s}' (header row {r}, {n} columns recognised)" for s, r, n in others)
            + ". To read one of them instead, type its name beside 'Actions sheet' on Settings."
        )
    lines.append("Columns:")
    fields = {c: key for key, c in plan.columns.items()}
    ratings = plan.rating_columns
    for col in sorted(set(plan.header_texts) | set(fields) | {c for _, c in ratings}):
        heading = plan.header_texts.get(col, "")
        where = f"  {col_letter(col)} '{heading}'"
        if col in fields:
            lines.append(f"{where} -> {ACTION_FIELD_BY_KEY[fields[col]].header}")
        elif any(c == col for _, c in ratings):
            position = [c for _, c in ratings].index(col)
            role = (
                "current rating"
                if position == len(ratings) - 1
                else "initial rating"
                if position == 0
                else "previous rating"
                if position == len(ratings) - 2
                else "earlier rating"
            )
            lines.append(f"{where} -> {role}")
        else:
            lines.append(f"{where} -> not read by ragbook (kept as it is)")
    kinds = Counter(kind for _, kind, _ in plan.structure)
    if plan.structure:
        lines.append("Rows that are not actions:")
        for row, kind, text in plan.structure:
            shown = f": {text}" if text else ""
            lines.append(f"  row {row}: {kind}{shown}")
        lines.append("  (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    lines += table_rows(plan)
    lines += hidden(plan)
    per_priority = Counter(a.priority or NO_PRIORITY for a in plan.actions)
    lines.append(
        f"Actions found: {len(plan.actions)}" + (", by priority:" if per_priority else ".")
    )
    for priority, n in per_priority.items():
        lines.append(f"  {priority}: {n}")
    if plan.recommendations:
        lines.append(
            "Ofsted recommendations named: "
            + ", ".join(sorted(plan.recommendations, key=lambda r: int(r) if r.isdigit() else 0))
            + "."
        )
    lines += guesses(plan)
    return lines + plan.notes


def table_rows(plan: PlanData) -> list[str]:
    """Every row of the table area, from the header to its last action or heading, counted
    by what it is: nothing read is dropped silently."""
    action_rows = {a.row for a in plan.actions}
    kinds = Counter(kind for _, kind, _ in plan.structure)
    last = max(action_rows | {r for r, _, _ in plan.structure}, default=plan.header_row)
    blank = last - plan.header_row - len(action_rows) - len(plan.structure)
    parts = [_rows(len(action_rows), "with actions")]
    parts += [_rows(n, _ROW_KINDS.get(kind, kind)) for kind, n in sorted(kinds.items())]
    parts.append(_rows(blank, "blank"))
    return [
        f"Rows {plan.header_row + 1} to {last} under the header: {', '.join(parts)}."
        if last > plan.header_row
        else "No rows under the header."
    ]


_ROW_KINDS = {
    "priority": "priority headings",
    "recommendation": "recommendation rows",
    "narrative": "narrative rows",
    "repeated header": "repeated headers",
}


def _rows(n: int, what: str) -> str:
    """'3 priority headings', '1 priority heading', '2 with actions'."""
    if n == 1 and what.endswith("s"):
        what = what[:-1]
    return f"{n} {what}"


def hidden(plan: PlanData) -> list[str]:
    """Rows Excel hides (or a filter leaves out), which ragbook still reads."""
    if not plan.hidden_rows:
        return []
    rows = plan.hidden_rows
    holding = sum(1 for a in plan.actions if a.row in set(rows))
    how = "filtered out by the sheet's filter" if plan.filtered else "hidden"
    return [
        f"{len(rows)} row{'s are' if len(rows) != 1 else ' is'} {how} in Excel "
        f"({_spans(rows)}), holding {holding} of the {len(plan.actions)} actions; ragbook "
        "reads and counts every row, hidden or not."
    ]


def _spans(rows: list[int]) -> str:
    """[3, 4, 5, 9] -> 'rows 3-5, 9'."""
    spans: list[list[int]] = []
    for r in sorted(rows):
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    text = ", ".join(f"{a}-{b}" if b > a else f"{a}" for a, b in spans)
    return f"{noun(len(rows), 'row')} {text}"


def guesses(plan: PlanData) -> list[str]:
    """What ragbook guessed, and how to pin each guess on Settings."""
    lines = [g.line() for g in plan.guesses]
    scale = plan.settings.scale
    spelt: Counter = Counter()
    for action in plan.actions:
        for value in (action.rating, *(v for _, v in action.history)):
            if value.rating is not None and value.text and scale and scale.match(value.text)[1]:
                spelt[(value.text, value.rating.label)] += 1
    if spelt:
        lines.append(
            "  Ratings typed in another spelling are read as the scale's: "
            + "; ".join(
                f"'{typed}' as {label}" + (f" ({n} cells)" if n > 1 else "")
                for (typed, label), n in spelt.items()
            )
            + "."
        )
    return ["What ragbook guessed:", *lines] if lines else []
