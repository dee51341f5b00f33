"""ragbook addin build | install | check: the Excel add-in with the Refresh button."""

from __future__ import annotations

from pathlib import Path

import click

from ..addin import ADDIN_NAME
from ..addin.build import build as build_addin
from ..addin.install import install as install_addin
from ..addin.install import installed_addin
from ..addin.provenance import check_addin
from . import main


@main.group()
def addin() -> None:
    """The Excel add-in: a ragbook tab with a Refresh button."""


@addin.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="The folder to write ragbook.xlam into.",
)
@click.option(
    "--python",
    metavar="PATH",
    help="The Python the button runs, as a path on the computer with Excel "
    "(default: the Python running this command).",
)
@click.option("--force", is_flag=True, help="Replace a ragbook.xlam that ragbook did not write.")
def build(out: str, python: str | None, force: bool) -> None:
    """Build ragbook.xlam from the installed xlwings' add-in template."""
    result = build_addin(out, python, force=force)
    click.echo(
        f"{'Rebuilt' if result.replaced else 'Wrote'} {result.path} for xlwings "
        f"{result.stamp.xlwings_version}; its button runs {result.interpreter}."
    )
    if not result.interpreter_found:
        click.echo(
            f"Note: {result.interpreter} is not on this computer; it must be on the one with Excel."
        )
    click.echo(f"Licence notices: {result.notices}.")
    click.echo(f"Next: ragbook addin install --path {result.path}")


@addin.command()
@click.option(
    "--path",
    "source",
    type=click.Path(dir_okay=False),
    default=ADDIN_NAME,
    show_default=True,
    help="The add-in that `ragbook addin build` wrote.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a ragbook.xlam in Excel's folder that ragbook did not write.",
)
def install(source: str, force: bool) -> None:
    """Put ragbook.xlam where Excel opens it at start-up."""
    result = install_addin(source, force=force)
    if result.target is None:
        click.echo(result.next_steps)
        return
    if result.forced:
        click.echo(f"Replaced {result.target}, which ragbook had not written (--force).")
    click.echo(
        f"{'Replaced' if result.replaced else 'Installed'} {result.target} "
        f"(xlwings {result.stamp.xlwings_version})."
    )
    if result.applescript:
        click.echo(f"xlwings' RunPython script is in {result.applescript}.")
    click.echo(result.next_steps)


@addin.command()
@click.argument("path", type=click.Path(dir_okay=False), required=False)
def check(path: str | None) -> None:
    """Check that an add-in was built from the installed xlwings.

    PATH defaults to the installed ragbook.xlam, else ./ragbook.xlam.
    """
    if path is None:
        installed = installed_addin()
        path = str(installed) if installed else ADDIN_NAME
    stamp = check_addin(Path(path))
    click.echo(
        f"{path} was built from xlwings {stamp.xlwings_version} (ragbook "
        f"{stamp.ragbook_version or 'unknown'}), the xlwings installed here: it is current."
    )
