"""ragbook status on the command line: one line per lead, the outstanding ones, --json."""

from __future__ import annotations

import json
from datetime import datetime

from builders import lead_edit, write_loop_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main
from ragbook.collect import collect_returns
from ragbook.mail.sendlog import REMINDER, SendLog
from ragbook.split import split_plan

FIRST = 17


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_status_lists_each_lead_and_who_is_outstanding(tmp_path):
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with ragbook.load(plan) as loaded:
        books = {f.lead: f.path for f in split_plan(loaded, tmp_path / "out").files}
    log = SendLog.beside(plan)
    for code in ("AF", "SG"):
        log.record(
            datetime(2019, 1, 15, 9),
            "Test plan",
            "2019-01",
            code,
            [f"{code.lower()}@example.org"],
            books[code],
            f"<{code}@x>",
        )
    log.record(
        datetime(2019, 1, 22, 8),
        "Test plan",
        "2019-01",
        "SG",
        ["sg@example.org"],
        books["SG"],
        "<r@x>",
        kind=REMINDER,
    )
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"C{FIRST}": datetime(2019, 3, 1)})
    collect_returns(plan, [books["AF"]], now=datetime(2019, 1, 16, 10, 30))
    result = run("status", plan)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Test plan, period 2019-01:",
        "Head of Early Help (AF): sent 15/01/2019 09:00 to af@example.org; returned 16/01/2019 "
        "10:30 (AF 2019-01-15.xlsx: 1 applied, 1 requested).",
        "Service Manager - Children in Care (AMD): not sent this period; not returned.",
        "Service Manager - Front Door (SG): sent 15/01/2019 09:00 to sg@example.org; not "
        "returned; reminded 22/01/2019 08:00.",
        "1 of 3 leads have returned their workbook; outstanding: AMD, SG.",
    ]
    data = json.loads(run("status", plan, "--json").output)
    assert data["period"] == "2019-01" and data["outstanding"] == ["AMD", "SG"]
    af = data["leads"][0]
    assert af["sent"] == {
        "at": "2019-01-15T09:00:00",
        "to": ["af@example.org"],
        "file": "AF 2019-01-15.xlsx",
    }
    assert af["returned"] == [
        {
            "at": "2019-01-16T10:30:00",
            "file": "AF 2019-01-15.xlsx",
            "workbook_id": af["returned"][0]["workbook_id"],
            "applied": 1,
            "not_applied": 1,
            "refused": 0,
            "conflicts": 0,
        }
    ]
    assert data["leads"][2]["reminded"] == ["2019-01-22T08:00:00"] and af["outstanding"] is False
