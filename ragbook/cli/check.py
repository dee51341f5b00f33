"""ragbook check: read and validate a plan; never writes."""

from __future__ import annotations

import json

import click

from ..plan import load
from ..read.explain import explain as explain_plan
from ..rules.words import plural
from . import EXIT_OK, EXIT_PROBLEMS, as_of_option, json_option, main, scale_option
from .report import describe_plan


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@as_of_option
@scale_option
@json_option
@click.option("--strict", is_flag=True, help="Exit 1 when problems are found.")
@click.option("--explain", is_flag=True, help="Also print what ragbook understood of the workbook.")
@click.option(
    "--lint",
    is_flag=True,
    help="Also list the plan-quality findings and the actions rated better than the "
    "facts allow (with --strict, findings exit 1 too).",
)
@click.pass_context
def check(
    ctx, path: str, as_of, scale, as_json: bool, strict: bool, explain: bool, lint: bool
) -> None:
    """Check the plan in PATH and list every problem with its cell. Writes nothing."""
    with load(path, scale) as plan:
        summary = plan.summary(as_of)
        if as_json:
            out = summary.as_json()
            out["file"] = path
            out["written"] = False
            click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            click.echo(describe_plan(plan, path))
            if explain:
                for line in explain_plan(plan.data) + plan.dependent_lines():
                    click.echo(line)
            for problem in summary.problems:
                click.echo(problem.line())
            click.echo(f"{summary.sentence()}.")
            n = len(summary.problems)
            click.echo(f"{plural(n, 'problem')} found." if n else "No problems found.")
            if lint:
                for line in lint_lines(summary):
                    click.echo(line)
    found = summary.problems or (lint and summary.lint)
    ctx.exit(EXIT_PROBLEMS if strict and found else EXIT_OK)


def lint_lines(summary) -> list[str]:
    """The plan-quality findings, then the actions rated better than the facts."""
    lines = [finding.line() for finding in summary.lint]
    n = len(summary.lint)
    lines.append(f"{plural(n, 'plan-quality finding')}." if n else "No plan-quality findings.")
    flagged = summary.rated_better
    lines += [suggestion.line() for suggestion in flagged]
    n = len(flagged)
    lines.append(
        f"{plural(n, 'action')} rated better than the facts allow."
        if n
        else "No action is rated better than the facts allow."
    )
    return lines
