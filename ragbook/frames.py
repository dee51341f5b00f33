"""pandas views of a plan. Imported only when a caller asks for a DataFrame;
pandas is the extra ragbook[pandas]."""

from __future__ import annotations

from .extras import need
from .rules.compute import rating_label
from .rules.model import PlanData


def actions_frame(plan: PlanData):
    """One row per action: the fields ragbook reads, then the unknown columns.

    Raises:
        UsageProblem: pandas is not installed.
    """
    pd = need("pandas", "pandas", "A plan's actions as a DataFrame (plan.to_frame())")
    records = []
    for a in plan.actions:
        record = {
            "ref": a.ref,
            "row": a.row,
            "priority": a.priority or None,
            "recommendation": a.recommendation or None,
            "outcome": a.outcome or None,
            "action": a.text,
            "success_measures": a.success_measures or None,
            "leads": list(a.leads),
            "lead_text": a.lead_text,
            "due": pd.Timestamp(a.due.date) if a.due.date else pd.NaT,
            "ongoing": a.due.ongoing,
            "due_text": a.due_text,
            "rating": rating_label(a),
            "rating_text": a.rating.text,
            "complete": a.complete,
            "percent_complete": a.percent_complete,
            "progress": a.progress or None,
            "evidence": a.evidence or None,
            "one_off_cost": a.one_off_cost,
            "recurring_cost": a.recurring_cost,
        }
        for period, value in a.history:
            record[f"rating {period}".strip()] = (
                value.rating.label if value.rating else value.text or None
            )
        for header, extra in a.extra.items():
            record.setdefault(header, extra)
        records.append(record)
    return pd.DataFrame.from_records(records)
