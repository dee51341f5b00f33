"""ragbook close-period: freeze this period's ratings into the Plan history (or reopen one)."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..closing import close_period as close
from ..closing import reopen_period
from ..errors import UsageProblem
from ..plan import SaveResult
from ..rules.dates import format_date
from . import as_of_option, echo_backup, json_option, main, no_backup_option, scale_option


@main.command("close-period")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--period",
    metavar="TEXT",
    help='The period to close, e.g. "Oct 2016" or "Q3 2016/17" (default: the '
    "month just ended when the as-of date is within the returns window after "
    "it, else the month of the as-of date). With --undo, the period to reopen.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Close a period that is already in the Plan history again, with the "
    "ratings as they are now.",
)
@click.option(
    "--undo",
    is_flag=True,
    help="Reopen the latest closed period: its rows leave the Plan history, and "
    "the Change log says so.",
)
@as_of_option(
    "The as-of date: names the default period and refreshes as of it "
    "(default: Settings, else today)."
)
@scale_option
@json_option
@no_backup_option()
def close_period(
    path: str, period, replace: bool, undo: bool, as_of, scale, as_json: bool, no_backup: bool
) -> None:
    """Freeze each action's rating, % complete and progress update for this period into the
    Plan history sheet of the plan in PATH, and refresh its Tracker."""
    if undo and replace:
        raise UsageProblem(
            "--undo reopens a period and --replace closes one again; use one of them"
        )
    if undo:
        closed = reopen_period(
            path, period, now=datetime.now(), as_of=as_of, scale=scale, backup=not no_backup
        )
    else:
        closed = close(path, period, replace, as_of, scale=scale, backup=not no_backup)
    assert isinstance(closed.saved, SaveResult), "close and reopen save the plan"
    assert closed.summary is not None and closed.summary.trend is not None, "and refresh it"
    backup = closed.saved.backup
    if as_json:
        click.echo(json.dumps(closed.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{closed.sentence()}.")
    if closed.why:
        click.echo(f"No --period given: {closed.period} is {closed.why}.")
    if closed.reopened:
        click.echo("Recorded in the Change log.")
    click.echo(
        f"Refreshed {path} as of {format_date(closed.summary.as_of)}: {closed.summary.sentence()}."
    )
    echo_backup(backup)
