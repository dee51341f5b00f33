"""ragbook collect: fold the leads' returned workbooks back into the plan."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..collect import collect_returns
from . import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PROBLEMS,
    as_of_option,
    echo_backup,
    json_option,
    main,
    no_backup_option,
)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.argument("returned", nargs=-1, required=True, type=click.Path(dir_okay=False))
@as_of_option("Refresh as of this date after collecting (default: Settings, else today).")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@json_option
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when anything was not applied: a file, a cell, or a lead's request.",
)
@no_backup_option("Do not keep a copy of the previous plan.")
@click.pass_context
def collect(
    ctx,
    path: str,
    returned: tuple[str, ...],
    as_of,
    dry_run: bool,
    as_json: bool,
    strict: bool,
    no_backup: bool,
) -> None:
    """Apply the updates in the leads' RETURNED workbooks to the plan in PATH, cell by
    cell, log them on the Change log sheet, and refresh."""
    result = collect_returns(
        path, list(returned), now=datetime.now(), as_of=as_of, dry_run=dry_run, backup=not no_backup
    )
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        _report(result, path)
    if all(o.status == "not applied" for o in result.outcomes):
        ctx.exit(EXIT_FAILED)  # nothing could be done
    ctx.exit(EXIT_PROBLEMS if strict and result.held else EXIT_OK)


def _report(result, path: str) -> None:
    for outcome in result.outcomes:
        for line in outcome.lines(result.dry_run):
            click.echo(line)
    click.echo(f"{result.sentence()}.")
    if result.saved is not None and not result.dry_run:
        echo_backup(result.saved.backup)
