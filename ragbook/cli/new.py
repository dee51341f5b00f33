"""ragbook new: start a plan from the template."""

from __future__ import annotations

import click

from ..rules.scales import PRESETS
from ..template import new_plan
from . import main


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--scale",
    type=click.Choice(list(PRESETS)),
    default="rag4",
    show_default=True,
    help="The RAG scale: reading5 (RED .. COMPLETED), rag4 (Red, Amber, Green, "
    "Completed) or status4 (Complete, In progress ..., Overdue).",
)
@click.option("--title", help="The plan's title, shown on the Tracker.")
def new(path: str, scale: str, title: str | None) -> None:
    """Create a new plan workbook PATH from the template."""
    created = new_plan(path, scale, title)
    click.echo(
        f"Created {created} with the {scale} scale. Fill in Actions and Leads, then run: "
        f"ragbook refresh {created}"
    )
