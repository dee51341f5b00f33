"""ragbook demo: write a demo plan with messy real-world values, and refresh it."""

from __future__ import annotations

from pathlib import Path

import click

from ..demo import write_demo
from ..errors import FileProblem
from ..plan import load
from ..rules.words import plural
from . import main, today

DEMO_FILE = "demo-plan.xlsx"


@main.command()
@click.argument("folder", default="ragbook-demo", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace a demo plan already in FOLDER.")
def demo(folder: str, force: bool) -> None:
    """Write a demo plan into FOLDER (default ragbook-demo) and refresh it."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / DEMO_FILE
    if path.exists() and not force:
        raise FileProblem(
            f"{path} already exists; use --force to replace it, or give another folder."
        )
    as_of = today()
    write_demo(path, as_of)
    with load(path) as plan:
        summary = plan.refresh(as_of)
        plan.save(backup=False)
    click.echo(f"Wrote and refreshed {path}.")
    click.echo(
        f"{summary.sentence()}; {plural(len(summary.problems), 'problem')} listed on Checks."
    )
    click.echo(
        f"Open {path} and look at the Tracker, Exceptions, Checks and lead sheets; "
        f"then edit a rating on Actions and run: ragbook refresh {path}"
    )
