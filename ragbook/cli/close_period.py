"""ragbook close-period: freeze this period's ratings into the Plan history."""

from __future__ import annotations

import json

import click

from ..closeperiod import close_period as close
from ..dates import format_date
from ..scales import PRESETS
from . import main, parse_date


@main.command("close-period")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--period", metavar="TEXT",
              help="The period to close, e.g. \"Oct 2016\" or \"Q3 2016/17\" (default: the "
                   "month of the as-of date).")
@click.option("--replace", is_flag=True,
              help="Close a period that is already in the Plan history again, with the "
                   "ratings as they are now.")
@click.option("--as-of", callback=parse_date, metavar="YYYY-MM-DD",
              help="The as-of date: names the default period and refreshes as of it "
                   "(default: Settings, else today).")
@click.option("--scale", type=click.Choice(list(PRESETS)),
              help="Use this preset scale instead of the one in Settings.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@click.option("--no-backup", is_flag=True, help="Do not keep a copy of the previous file.")
def close_period(path: str, period, replace: bool, as_of, scale, as_json: bool,
                 no_backup: bool) -> None:
    """Freeze each action's rating, % complete and progress update for this period into the
    Plan history sheet of the plan in PATH, and refresh its Tracker."""
    closed = close(path, period, replace, as_of, scale=scale, backup=not no_backup)
    backup = closed.saved.backup
    if as_json:
        click.echo(json.dumps({
            "file": path, "written": True, "period": closed.period, "replaced": closed.replaced,
            "actions": closed.actions, "periods": closed.periods, "sheet": closed.sheet,
            "as_of": closed.summary.as_of.isoformat(), "backup": str(backup) if backup else None,
            "history": closed.summary.trend.as_json()}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{closed.sentence()}.")
    click.echo(f"Refreshed {path} as of {format_date(closed.summary.as_of)}: "
               f"{closed.summary.sentence()}.")
    if backup:
        click.echo(f"Previous version kept as {backup}.")
