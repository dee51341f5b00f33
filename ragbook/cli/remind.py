"""ragbook remind: e-mail the leads who have not returned this period's workbook."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..mail.config import load_mail_config
from ..plan import load
from ..remind import REMINDED, remind_leads
from . import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, as_of_option, json_option, main


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write the workbooks sent again into.",
)
@click.option(
    "--after",
    type=click.IntRange(0, 366),
    default=0,
    show_default=True,
    metavar="DAYS",
    help="Remind only leads sent their workbook at least DAYS days ago.",
)
@as_of_option("The reminders' as-of date; the period is its month (default: today).")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="The mail settings file (default: ragbook-mail.ini beside the plan, then "
    "~/.config/ragbook/mail.ini).",
)
@json_option
@click.pass_context
def remind(ctx, path: str, out: str, after: int, as_of, config: str | None, as_json: bool) -> None:
    """E-mail each lead who has not returned this period's workbook their workbook again
    (rebuilt as of today, written into OUT), at most once a day."""
    settings = load_mail_config(path, config)
    with load(path) as plan:
        result = remind_leads(
            plan, out, config=settings, now=datetime.now(), as_of=as_of, after=after
        )
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        for d in result.deliveries:
            if d.status == REMINDED:
                assert d.file is not None, "a reminder carries its workbook"
                click.echo(f"{d.lead}: reminded, to {', '.join(d.to)} ({d.file.name}).")
            else:
                click.echo(f"{d.lead}: not reminded: {d.detail}.")
        failed = len(result.failed)
        click.echo(
            f"Reminded {len(result.reminded)} of {len(result.deliveries)} leads who have "
            f"not returned their workbook for {result.period}"
            + (f"; {failed} could not be." if failed else ".")
        )
    if result.failed:
        ctx.exit(EXIT_PROBLEMS if result.reminded else EXIT_FAILED)
    ctx.exit(EXIT_OK)
