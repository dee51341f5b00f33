"""ragbook add-refs: give the actions without a ref one, from the plan's own numbering."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..addrefs import add_refs as add
from ..rules.dates import format_date
from ..rules.words import plural
from . import as_of_option, echo_backup, json_option, main, no_backup_option, scale_option


@main.command("add-refs")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Print the refs it would add; write nothing.")
@as_of_option("Refresh as of this date after adding them (default: Settings, else today).")
@scale_option
@json_option
@no_backup_option()
def add_refs(path: str, dry_run: bool, as_of, scale, as_json: bool, no_backup: bool) -> None:
    """Fill the empty Ref cells of the plan in PATH, from the ref of the recommendation or
    section row above each action (1.1a, 1.1b ...), log each on the Change log, and
    refresh."""
    added = add(
        path, now=datetime.now(), as_of=as_of, dry_run=dry_run, backup=not no_backup, scale=scale
    )
    if as_json:
        click.echo(json.dumps(added.as_json(path), indent=2, ensure_ascii=False))
        return
    if not added.refs:
        click.echo(f"Every action in {path} has a ref; nothing to add.")
        return
    for r in added.refs:
        text = " ".join(r.action.split())
        text = text if len(text) <= 50 else text[:49] + "…"
        click.echo(f"  {added.sheet}!{r.cell}: {r.ref}  ({text})")
    n = len(added.refs)
    refs = f"{plural(n, 'ref')}"
    if dry_run:
        click.echo(f"Dry run: {refs} would be added to {path}; nothing was written.")
        return
    assert added.summary is not None and added.saved is not None, "written: refreshed and saved"
    click.echo(
        f"Added {refs} to {path} and refreshed it as of "
        f"{format_date(added.summary.as_of)}; {plural(n, 'row')} added to "
        "the Change log."
    )
    echo_backup(added.saved.backup)
