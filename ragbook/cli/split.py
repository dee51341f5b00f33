"""ragbook split: one workbook per lead, with only their actions to update."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from ..plan import load
from ..split import LeadFile, split_plan
from . import as_of_option, main

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar as ClickBar

MANY_LEADS = 5  # a progress bar from this many workbooks on


class ProgressBar:
    """click's progress bar on stderr, only on a terminal and only for many leads."""

    def __init__(self, label: str):
        self.label = label
        self.bar: ClickBar[int] | None = None

    def __call__(self, written: LeadFile, done: int, total: int) -> None:
        if self.bar is None:
            if total < MANY_LEADS or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write the workbooks into (made if missing).",
)
@click.option(
    "--lead",
    "leads",
    multiple=True,
    metavar="CODE",
    help="Only this lead's workbook; repeat for more (default: every lead).",
)
@as_of_option()
@click.option("--json", "as_json", is_flag=True, help="Print the files written as JSON.")
def split(path: str, out: str, leads: tuple[str, ...], as_of, as_json: bool) -> None:
    """Write a workbook for each lead of the plan in PATH into OUT, with only their
    actions, to update and send back."""
    bar = ProgressBar("Writing lead workbooks")
    try:
        with load(path) as plan:
            result = split_plan(plan, out, leads=list(leads) or None, as_of=as_of, progress=bar)
    finally:
        bar.close()
    for problem in result.problems:
        click.echo(f"Warning: {problem.line()}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{result.sentence()}:")
    for f in result.files:
        click.echo(f"  {f.sentence()}")
