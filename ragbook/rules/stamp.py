"""The hidden stamp a lead workbook carries, so collect can tell who changed what.

Per file: the plan (its title and id), the lead, the as-of date, the lead
sheet and where its columns are. Per row: the ref(s) shown, its row in the
plan, a SHA-256 fingerprint of the whole plan row as it was at the split, one
of each update value sent, and (format 2) the identity of each action the row
shows, a fingerprint of each locked cell sent, and the update cells the plan
calculates. A checksum over all of it makes the stamp tamper-evident: a
stamp edited by hand no longer matches its checksum. There is no secret key,
so someone who knows this code can forge one; the stamp catches accidents and
casual edits, not a determined forger.

Pure functions only: the stamp goes in and out of a sheet as rows of text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..xlsx.refs import col_index, col_letter, display
from .identity import Identity
from .model import Action
from .scales import Scale, fold
from .schema import UPDATE_FIELDS

STAMP_SHEET = "ragbook"
MAGIC = "ragbook lead workbook"
# Format 2 adds, per row, the identity of each action shown (see identity.py), what
# was sent in the locked cells and which update cells the plan calculates; and per
# file, the plan's id. Workbooks of format 1 (split before) still collect, matched
# by ref as they were then.
FORMAT = "2"
ROW_HEADERS_1 = ("Row", "Ref", "Plan row", "Fingerprint", *UPDATE_FIELDS)
ROW_HEADERS = (*ROW_HEADERS_1, "Identity")
KEYS = ("plan", "lead", "as of", "sheet", "columns", "source", "checksum")
LOCKED_HASH = 16  # hex characters of a locked cell's fingerprint: enough to see an edit


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
        return f"{round(float(value) * 100, 2):g}"  # type: ignore[arg-type]  # a number, or its text
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
    seen = [
        action.ref,
        action.text,
        action.lead_text,
        action.due_text,
        action.priority,
        action.recommendation,
        action.outcome,
        action.success_measures,
    ]
    seen += [values[k] for k in UPDATE_FIELDS]
    return digest(json.dumps(seen, ensure_ascii=False))


def locked_text(value: object) -> str:
    """A locked cell's value as both sides compare it: what it shows, spacing folded."""
    return " ".join(display(value).split())


def locked_hash(value: object) -> str:
    """What a stamp holds for a locked cell sent (any value)."""
    return digest("locked", locked_text(value))[:LOCKED_HASH]


@dataclass
class StampRow:
    ref: str  # as the lead sheet shows it: "1.5 / 1.6" for actions sharing the row
    row: int  # row of the lead sheet
    plan_row: int  # row of the plan's Actions sheet at the split
    fingerprint: str
    sent: dict[str, str]  # update field -> value_hash of the value sent
    # Format 2 (empty for format 1):
    identities: tuple[Identity, ...] = ()  # each action the row shows
    locked: dict[str, str] = field(default_factory=dict)  # column letter -> locked_hash sent
    calculated: tuple[str, ...] = ()  # update fields the plan calculates (locked, not taken)

    @property
    def actions(self) -> tuple[Identity, ...]:
        """The identities to look for in the plan (format 1: the ref alone)."""
        return self.identities or (Identity(self.ref),)

    def _data(self) -> str:
        return json.dumps(
            {
                "actions": [[i.ref, i.text, i.context] for i in self.identities],
                "locked": self.locked,
                "calculated": list(self.calculated),
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )


@dataclass
class Stamp:
    plan: str  # the plan's title
    lead: str  # the lead's code
    as_of: date
    sheet: str  # the lead sheet's name
    columns: dict[str, int]  # "ref" and update fields -> column of the lead sheet
    rows: list[StampRow] = field(default_factory=list)
    source: str = ""  # the plan's file name, for messages
    # Format 2:
    plan_id: str = ""  # the plan's id mark at the split ("" if it had none yet)
    locked_columns: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # letter -> (key, header)
    format: str = FORMAT

    def checksum(self) -> str:
        body = [
            self.plan,
            self.lead,
            self.as_of.isoformat(),
            self.sheet,
            self._columns_text(),
            self.source,
        ]
        if self.format != "1":
            body += [self.plan_id, self._locked_text()]
        body += [
            json.dumps(
                [
                    r.ref,
                    r.row,
                    r.plan_row,
                    r.fingerprint,
                    [r.sent.get(k, "") for k in UPDATE_FIELDS],
                ]
                + ([r._data()] if self.format != "1" else []),
                ensure_ascii=False,
            )
            for r in self.rows
        ]
        return digest(MAGIC, self.format, *body)

    @cached_property
    def sealed(self) -> str:
        """The checksum, worked out once: a stamp is not changed after it is made."""
        return self.checksum()

    @property
    def id(self) -> str:
        """A short name for this workbook, as the Change log shows it."""
        return self.sealed[:12]

    def _columns_text(self) -> str:
        return ",".join(f"{k}={col_letter(c)}" for k, c in self.columns.items())

    def _locked_text(self) -> str:
        return json.dumps(
            {k: list(v) for k, v in self.locked_columns.items()},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    def to_rows(self) -> list[list[str]]:
        """The stamp as rows of text, for a sheet."""
        rows = [
            [MAGIC, self.format],
            ["plan", self.plan],
            ["lead", self.lead],
            ["as of", self.as_of.isoformat()],
            ["sheet", self.sheet],
            ["columns", self._columns_text()],
            ["source", self.source],
        ]
        if self.format != "1":
            rows += [["plan id", self.plan_id], ["locked", self._locked_text()]]
        rows += [
            ["checksum", self.sealed],
            [],
            list(ROW_HEADERS if self.format != "1" else ROW_HEADERS_1),
        ]
        for r in self.rows:
            rows.append(
                [str(r.row), r.ref, str(r.plan_row), r.fingerprint]
                + [r.sent.get(k, "") for k in UPDATE_FIELDS]
                + ([r._data()] if self.format != "1" else [])
            )
        return rows


def from_rows(rows: list[list[str]]) -> Stamp:
    """Read a stamp back; raise StampProblem when it is not one or was edited."""
    if not rows or not rows[0] or rows[0][0] != MAGIC:
        raise StampProblem("it has no ragbook stamp")
    version = rows[0][1] if len(rows[0]) > 1 else ""
    if version not in ("1", FORMAT):
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
        columns = {
            k: col_index(v)
            for k, v in (item.split("=", 1) for item in values["columns"].split(",") if item)
        }
        width = len(ROW_HEADERS if version != "1" else ROW_HEADERS_1)
        body = [r + [""] * (width - len(r)) for r in rows[i + 2 :] if any(r)]
        stamp_rows = [_row(r, version) for r in body]
        locked = {k: (v[0], v[1]) for k, v in json.loads(values.get("locked") or "{}").items()}
    except (ValueError, IndexError, TypeError, KeyError, AttributeError):
        raise StampProblem("its stamp is damaged") from None
    stamp = Stamp(
        values["plan"],
        values["lead"],
        as_of,
        values["sheet"],
        columns,
        stamp_rows,
        values.get("source", ""),
        values.get("plan id", ""),
        locked,
        version,
    )
    if stamp.checksum() != values["checksum"]:
        raise StampProblem("its hidden stamp has been edited (the checksum does not match)")
    return stamp


def _row(r: list[str], version: str) -> StampRow:
    sent = {k: v for k, v in zip(UPDATE_FIELDS, r[4:], strict=False) if v}
    row = StampRow(r[1], int(r[0]), int(r[2]), r[3], sent)
    if version != "1":
        data = json.loads(r[4 + len(UPDATE_FIELDS)])
        row.identities = tuple(
            Identity(str(ref), str(text), str(context)) for ref, text, context in data["actions"]
        )
        row.locked = {str(k): str(v) for k, v in data["locked"].items()}
        row.calculated = tuple(str(k) for k in data["calculated"])
    return row


def same_plan(a: str, b: str) -> bool:
    """Plan titles compared as a person would: case and spacing ignored."""
    return fold(a) == fold(b)
