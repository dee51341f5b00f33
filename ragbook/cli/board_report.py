"""ragbook report: the highlight report for the board, from the plan's own numbers."""

from __future__ import annotations

import click

from ..board import write_report
from ..plan import load
from . import as_of_option, main, parse_date, scale_option


@main.command("report")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Write the board paper here (.html, .pdf or .docx).",
)
@as_of_option
@click.option(
    "--board-date",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="The date of the board meeting (default: the end of the due-soon window).",
)
@scale_option
def report(path: str, out: str, as_of, board_date, scale) -> None:
    """Write the highlight report for the board from the plan in PATH. Never changes PATH."""
    with load(path, scale) as plan:
        paper = write_report(plan, out, as_of, board_date)
    click.echo(
        f"Wrote the board report for {paper.board_date_text} to {out} "
        f"(figures as of {paper.as_of_text})."
    )
    for sentence in paper.sentences[:3]:
        click.echo(sentence)
