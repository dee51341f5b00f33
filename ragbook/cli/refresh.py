"""ragbook refresh: validate, recount and rebuild the sheets ragbook owns."""

from __future__ import annotations

import json

import click

from ..plan import load
from ..refreshed import RefreshResult
from ..rules.words import plural
from . import (
    EXIT_OK,
    EXIT_PROBLEMS,
    as_of_option,
    echo_backup,
    json_option,
    main,
    no_backup_option,
    scale_option,
)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@as_of_option
@scale_option
@json_option
@click.option(
    "--strict", is_flag=True, help="Exit 1 when problems are found (the refresh is still saved)."
)
@no_backup_option()
@click.pass_context
def refresh(ctx, path: str, as_of, scale, as_json: bool, strict: bool, no_backup: bool) -> None:
    """Refresh the plan in PATH: rebuild Tracker, Exceptions, lead sheets and Checks."""
    with load(path, scale, lock=True) as plan:
        summary = plan.refresh(as_of)
        result = plan.save(backup=not no_backup)
    refreshed = RefreshResult(path, summary, result)
    if as_json:
        click.echo(json.dumps(refreshed.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"{refreshed.sentence()}.")
        click.echo(f"{summary.sentence()}.")
        n = len(summary.problems)
        if n:
            click.echo(
                f"{plural(n, 'problem')} listed on the Checks sheet (or run: ragbook check {path})."
            )
        report = result.report
        if report.names_skipped:
            click.echo(
                f"Names not written, as you have names of those names already: "
                f"{', '.join(report.names_skipped)}; rename yours (Formulas > Name "
                "Manager) to get ragbook's (see docs/names.md)."
            )
        if report.dependents:
            n = len(report.dependents)
            click.echo(
                f"{n} of your cells, names, charts or pivots read ragbook's sheets: Excel "
                f"recalculates {'it' if n == 1 else 'them'} when the plan is next opened "
                f"(ragbook check {path} --explain lists them)."
            )
        if result.report.removed:
            click.echo(f"Removed sheets no longer needed: {', '.join(result.report.removed)}.")
        echo_backup(result.backup)
    ctx.exit(EXIT_PROBLEMS if strict and summary.problems else EXIT_OK)
