"""ragbook send: e-mail each lead their workbook."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..mail.config import load_mail_config
from ..plan import load
from ..send import send_workbooks
from . import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, as_of_option, json_option, main


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write the workbooks (and, with --dry-run, the messages) into.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Write each message as an .eml file into OUT instead of sending it.",
)
@click.option(
    "--lead",
    "leads",
    multiple=True,
    metavar="CODE",
    help="Only this lead; repeat for more (default: every lead).",
)
@click.option(
    "--resend", is_flag=True, help="Send again to leads already mailed for this plan period."
)
@as_of_option()
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="The mail settings file (default: ragbook-mail.ini beside the plan, then "
    "~/.config/ragbook/mail.ini).",
)
@json_option
@click.pass_context
def send(
    ctx,
    path: str,
    out: str,
    dry_run: bool,
    leads: tuple[str, ...],
    resend: bool,
    as_of,
    config: str | None,
    as_json: bool,
) -> None:
    """E-mail each lead their workbook (written into OUT), with the summary of their
    actions in the message."""
    settings = load_mail_config(path, config)
    with load(path) as plan:
        result = send_workbooks(
            plan,
            out,
            config=settings,
            now=datetime.now(),
            as_of=as_of,
            leads=list(leads) or None,
            dry_run=dry_run,
            resend=resend,
        )
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        for d in result.deliveries:
            click.echo(f"{d.sentence()}.")
        click.echo(f"{result.sentence()}.")
    if result.failed:
        ctx.exit(EXIT_FAILED if not result.done else EXIT_PROBLEMS)
    ctx.exit(EXIT_OK)
