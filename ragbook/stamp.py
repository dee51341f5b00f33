"""The hidden stamp a lead workbook carries, so collect can tell who changed what.

Per file: the plan (its title), the lead, the as-of date, the lead sheet and
where its columns are. Per row: the action's ref, its row in the plan, a
SHA-256 fingerprint of the whole plan row as it was at the split, and one of
each update value sent. A checksum over all of it makes the stamp
tamper-evident: a stamp edited by hand no longer matches its checksum. There
is no secret key, so someone who knows this code can forge one; the stamp
catches accidents and casual edits, not a determined forger.

Pure functions only: the stamp goes in and out of a sheet as rows of text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from .model import Action
from .scales import Scale, fold
from .schema import UPDATE_FIELDS
from .xlsx.cells import col_index, col_letter

STAMP_SHEET = "ragbook"
MAGIC = "ragbook lead workbook"
FORMAT = "1"
ROW_HEADERS = ("Row", "Ref", "Plan row", "Fingerprint") + UPDATE_FIELDS
KEYS = ("plan", "lead", "as of", "sheet", "columns", "source", "checksum")


class StampProblem(ValueError):
    """The stamp is missing, damaged or edited; str() says which."""


def canonical(key: str, value: object, scale: Scale | None = None) -> str:
    """An update value in the one form both sides are compared in.

    Ratings by their label (a code or odd case means the same rating);
    % complete in percent points to two decimals (so 0.35 survives a
    round trip through a spreadsheet); text with its line ends made "\\n"
    and outer spaces dropped.
    """
    if value is None:
        return ""
    if key == "rating":
        text = " ".join(str(value).split())
        rating = scale.find(text) if scale else None
        return rating.label if rating else text
    if key == "percent_complete":  # a fraction: 0.5 is 50%
        return f"{round(float(value) * 100, 2):g}"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def action_values(action: Action) -> dict[str, str]:
    """The canonical update values of an action in the plan."""
    rating = action.rating.rating
    return {
        "rating": rating.label if rating else " ".join(action.rating.text.split()),
        "percent_complete": canonical("percent_complete", action.percent_complete),
        "progress": canonical("progress", action.progress),
        "evidence": canonical("evidence", action.evidence),
    }


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def value_hash(key: str, value: str) -> str:
    """What a stamp holds for an update value sent (canonical form in)."""
    return digest(key, value)


def row_fingerprint(action: Action, values: dict[str, str]) -> str:
    """A fingerprint of the plan row: what the lead saw and the update values."""
    seen = [action.ref, action.text, action.lead_text, action.due_text, action.priority,
            action.recommendation, action.outcome, action.success_measures]
    seen += [values[k] for k in UPDATE_FIELDS]
    return digest(json.dumps(seen, ensure_ascii=False))


@dataclass
class StampRow:
    ref: str
    row: int  # row of the lead sheet
    plan_row: int  # row of the plan's Actions sheet at the split
    fingerprint: str
    sent: dict[str, str]  # update field -> value_hash of the value sent


@dataclass
class Stamp:
    plan: str  # the plan's title
    lead: str  # the lead's code
    as_of: date
    sheet: str  # the lead sheet's name
    columns: dict[str, int]  # "ref" and update fields -> column of the lead sheet
    rows: list[StampRow] = field(default_factory=list)
    source: str = ""  # the plan's file name, for messages

    def checksum(self) -> str:
        body = [self.plan, self.lead, self.as_of.isoformat(), self.sheet, self._columns_text(),
                self.source]
        body += [json.dumps([r.ref, r.row, r.plan_row, r.fingerprint,
                             [r.sent.get(k, "") for k in UPDATE_FIELDS]], ensure_ascii=False)
                 for r in self.rows]
        return digest(MAGIC, FORMAT, *body)

    @property
    def id(self) -> str:
        """A short name for this workbook, as the Change log shows it."""
        return self.checksum()[:12]

    def _columns_text(self) -> str:
        return ",".join(f"{k}={col_letter(c)}" for k, c in self.columns.items())

    def to_rows(self) -> list[list[str]]:
        """The stamp as rows of text, for a sheet."""
        rows = [[MAGIC, FORMAT],
                ["plan", self.plan], ["lead", self.lead], ["as of", self.as_of.isoformat()],
                ["sheet", self.sheet], ["columns", self._columns_text()],
                ["source", self.source], ["checksum", self.checksum()], [],
                list(ROW_HEADERS)]
        for r in self.rows:
            rows.append([str(r.row), r.ref, str(r.plan_row), r.fingerprint]
                        + [r.sent.get(k, "") for k in UPDATE_FIELDS])
        return rows


def from_rows(rows: list[list[str]]) -> Stamp:
    """Read a stamp back; raise StampProblem when it is not one or was edited."""
    if not rows or not rows[0] or rows[0][0] != MAGIC:
        raise StampProblem("it has no ragbook stamp")
    if len(rows[0]) < 2 or rows[0][1] != FORMAT:
        raise StampProblem("its stamp is from another version of ragbook")
    values: dict[str, str] = {}
    i = 1
    while i < len(rows) and any(rows[i]):
        row = rows[i] + ["", ""]
        values[row[0]] = row[1]
        i += 1
    missing = [k for k in KEYS if k not in values and k != "source"]
    if missing:
        raise StampProblem(f"its stamp has no {missing[0]}")
    try:
        as_of = date.fromisoformat(values["as of"])
        columns = {k: col_index(v) for k, v in
                   (item.split("=", 1) for item in values["columns"].split(",") if item)}
        body = [r + [""] * (len(ROW_HEADERS) - len(r)) for r in rows[i + 2:] if any(r)]
        stamp_rows = [StampRow(r[1], int(r[0]), int(r[2]), r[3],
                               {k: v for k, v in zip(UPDATE_FIELDS, r[4:]) if v})
                      for r in body]
    except (ValueError, IndexError):
        raise StampProblem("its stamp is damaged") from None
    stamp = Stamp(values["plan"], values["lead"], as_of, values["sheet"], columns, stamp_rows,
                  values.get("source", ""))
    if stamp.checksum() != values["checksum"]:
        raise StampProblem("its hidden stamp has been edited (the checksum does not match)")
    return stamp


def same_plan(a: str, b: str) -> bool:
    """Plan titles compared as a person would: case and spacing ignored."""
    return fold(a) == fold(b)
