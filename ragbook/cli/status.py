"""ragbook status: who has been sent, has returned, was reminded, is outstanding this period."""

from __future__ import annotations

import json

import click

from ..plan import load
from ..status import LeadRound, Return, round_status
from . import EXIT_OK, as_of_option, json_option, main


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@as_of_option("The plan period is this date's month (default: Settings, else today).")
@json_option
@click.pass_context
def status(ctx, path: str, as_of, as_json: bool) -> None:
    """Show, for this period, each lead's workbook: when it was sent and to whom, when it
    came back and what was applied, the reminders, and who is outstanding."""
    with load(path) as plan:
        result = round_status(plan, as_of)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        ctx.exit(EXIT_OK)
    click.echo(f"{result.plan}, period {result.period}:")
    for lead in result.leads:
        click.echo(_line(lead))
    waiting = result.outstanding
    done = len(result.leads) - len(waiting)
    click.echo(
        f"{done} of {len(result.leads)} leads have returned their workbook"
        + (f"; outstanding: {', '.join(w.lead for w in waiting)}." if waiting else ".")
    )
    ctx.exit(EXIT_OK)


def _line(lead: LeadRound) -> str:
    who = f"{lead.name} ({lead.lead})" if lead.name else lead.lead
    parts = [
        f"sent {_at(lead.sent_at)} to {', '.join(lead.sent_to)}"
        if lead.sent_at
        else "not sent this period"
    ]
    parts += [f"returned {_at(r.at)} ({_counts(r)})" for r in lead.returns] or ["not returned"]
    if lead.reminded:
        parts.append("reminded " + ", ".join(_at(r) for r in lead.reminded))
    return f"{who}: {'; '.join(parts)}."


def _counts(r: Return) -> str:
    counts = [f"{r.applied} applied"]
    counts += [
        f"{n} {what}"
        for n, what in (
            (r.not_applied, "requested"),
            (r.refused, "refused"),
            (r.conflicts, "in conflict"),
        )
        if n
    ]
    return f"{r.file}: {', '.join(counts)}"


def _at(when) -> str:
    return when.strftime("%d/%m/%Y %H:%M")
