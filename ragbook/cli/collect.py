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
@click.argument("returned", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--mailbox",
    is_flag=True,
    help="Collect the workbooks the leads sent back by e-mail: read the IMAP mailbox in "
    "the mail settings, file each reply away and send each lead a receipt.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="With --mailbox: the mail settings file (default: ragbook-mail.ini beside the "
    "plan, then ~/.config/ragbook/mail.ini).",
)
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
    mailbox: bool,
    config: str | None,
    as_of,
    dry_run: bool,
    as_json: bool,
    strict: bool,
    no_backup: bool,
) -> None:
    """Apply the updates in the leads' RETURNED workbooks (or, with --mailbox, those
    e-mailed back) to the plan in PATH, cell by cell, log them on the Change log sheet,
    and refresh."""
    if mailbox == bool(returned):
        raise click.UsageError("give the RETURNED workbooks, or --mailbox, not both or neither")
    if mailbox:
        from .collect_mailbox import run_mailbox

        run_mailbox(ctx, path, config, as_of, dry_run, as_json, strict, no_backup)
        return
    if config:
        raise click.UsageError("--config is for --mailbox")
    result = collect_returns(
        path, list(returned), now=datetime.now(), as_of=as_of, dry_run=dry_run, backup=not no_backup
    )
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        report(result, path)
    if all(o.status == "not applied" for o in result.outcomes):
        ctx.exit(EXIT_FAILED)  # nothing could be done
    ctx.exit(EXIT_PROBLEMS if strict and result.held else EXIT_OK)


def report(result, path: str) -> None:
    for outcome in result.outcomes:
        for line in outcome.lines(result.dry_run):
            click.echo(line)
    click.echo(f"{result.sentence()}.")
    if result.saved is not None and not result.dry_run:
        echo_backup(result.saved.backup)
