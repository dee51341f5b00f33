"""What ragbook understood of a workbook, in words (`ragbook check --explain`)."""

from __future__ import annotations

from collections import Counter

from .model import PlanData
from .schema import ACTION_FIELD_BY_KEY, NO_PRIORITY
from .xlsx.cells import col_letter


def explain(plan: PlanData) -> list[str]:
    lines = [f"Action table: sheet '{plan.actions_sheet}', header row {plan.header_row}."]
    others = [(s, r, n) for s, r, n in plan.candidates if s != plan.actions_sheet]
    if others:
        lines.append("Other sheets that look like action tables (not read): " + "; ".join(
            f"'{s}' (header row {r}, {n} columns recognised)" for s, r, n in others)
            + ". To read one of them instead, type its name beside 'Actions sheet' on Settings.")
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
            role = ("current rating" if position == len(ratings) - 1 else
                    "initial rating" if position == 0 else
                    "previous rating" if position == len(ratings) - 2 else "earlier rating")
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
    per_priority = Counter(a.priority or NO_PRIORITY for a in plan.actions)
    lines.append(f"Actions found: {len(plan.actions)}" + (", by priority:" if per_priority else "."))
    for priority, n in per_priority.items():
        lines.append(f"  {priority}: {n}")
    if plan.recommendations:
        lines.append("Ofsted recommendations named: " + ", ".join(sorted(
            plan.recommendations, key=lambda r: int(r) if r.isdigit() else 0)) + ".")
    return lines + plan.notes
