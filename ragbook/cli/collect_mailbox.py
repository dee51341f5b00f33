"""ragbook collect --mailbox: the output of a collect from the mailbox."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..mail.config import load_mail_config
from ..mailbox import ALREADY, COLLECTED, LEFT_ALONE, REFUSED, collect_mailbox
from . import EXIT_OK, EXIT_PROBLEMS


def run_mailbox(ctx, path, config, as_of, dry_run, as_json, strict, no_backup) -> None:
    settings = load_mail_config(path, config)
    result = collect_mailbox(
        path,
        config=settings,
        now=datetime.now(),
        as_of=as_of,
        dry_run=dry_run,
        backup=not no_backup,
    )
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        _report(result, path, dry_run)
    held = bool(result.collected and result.collected.held) or any(
        m.status in (REFUSED, LEFT_ALONE) or m.receipt.startswith("not") for m in result.messages
    )
    ctx.exit(EXIT_PROBLEMS if strict and held else EXIT_OK)


def _report(result, path: str, dry_run: bool) -> None:
    from .collect import report

    for m in result.messages:
        said = f"Message from {m.sender or 'an unknown sender'}"
        if m.subject:
            said += f" ({m.subject})"
        if m.status == COLLECTED:
            moved = f"; moved to {m.folder}" if m.folder else ""
            receipt = f"; receipt {m.receipt}" if m.receipt else ""
            click.echo(f"{said}: {m.lead}'s workbook{moved}{receipt}.")
        elif m.status == ALREADY:
            click.echo(f"{said}: {m.detail}; moved to {m.folder or 'nowhere (dry run)'}.")
        else:
            click.echo(f"{said}: {m.status}: {m.detail}.")
    if result.collected is not None and any(m.files for m in result.messages):
        report(result.collected, path)
    elif not result.messages:
        click.echo(f"No replies for {path} in the mailbox; nothing was written.")
    elif result.collected is not None and result.collected.saved is not None:
        click.echo(f"Recorded on the Change log of {path}; no workbook was applied.")
    if dry_run and result.messages:
        click.echo("Dry run: no message was moved and no receipt was sent.")
