"""The ragbook command line: thin adapters over the library.

Each command parses its options, makes one library call, and reports. A
problem with the user's file or options is one line on stderr starting
"Error:", with exit code 2; the traceback only with --verbose.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from importlib import import_module

import click

from ..errors import RagbookError

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


def _verbose_here(ctx: click.Context, param, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["verbose"] = True


class Group(click.Group):
    """Turns ragbook's exceptions into one line on stderr and exit code 2.

    Every command also takes -v/--verbose after its name (`ragbook check plan.xlsx
    --verbose`), hidden from its help: it is the group's option, listed there.
    Subgroups (`ragbook addin ...`) are Groups too.
    """

    group_class = type

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})  # command name -> the module that registers it

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(p.name == "verbose" for p in cmd.params):
            cmd.params.append(
                click.Option(
                    ["-v", "--verbose"],
                    is_flag=True,
                    hidden=True,
                    expose_value=False,
                    callback=_verbose_here,
                )
            )
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            # Import only the command being run: `ragbook check` must not pay for
            # e-mail, the add-in builder or the board report (docs/speed.md).
            import_module(self.lazy[name], __name__)
        return self.commands.get(name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`ragbook check --json | head`): stop
            # quietly, as other command-line tools do, with the status a closed pipe gives.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_CLOSED_PIPE)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            message, code = _one_line(exc)
            click.echo(f"Error: {message}", err=True)
            ctx.exit(code)


def _one_line(exc: Exception) -> tuple[str, int]:
    """What to say about an error that stopped a command, and the exit code."""
    if isinstance(exc, RagbookError):
        return _printable(str(exc)), exc.exit_code
    if isinstance(exc, MemoryError):
        return (
            "ragbook ran out of memory before it finished, so it stopped; the plan was not "
            "changed. Close other programs and try again, or run it on a computer with more "
            "memory (about 5 GB for a plan of a million actions).",
            EXIT_FAILED,
        )
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return (
            _printable(
                f"{exc.strerror or exc}{where}; nothing was changed. Check the file "
                "and the drive, then try again."
            ),
            EXIT_FAILED,
        )
    # a bug in ragbook: still one line, never a traceback
    return (
        f"ragbook hit an unexpected error ({type(exc).__name__}: "
        f"{' '.join(str(exc).split())[:200]}). Run "
        "the command again with --verbose to see the details, and report them.",
        EXIT_FAILED,
    )


def _printable(message: str) -> str:
    """One line whatever a damaged file put in it (a part named with a line break, say)."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else " " if ch in "\r\n\t" else "?" for ch in message)


def parse_date(ctx, param, value):
    """--as-of YYYY-MM-DD (or DD/MM/YYYY)."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2019-01-31")


def today() -> date:
    return date.today()


AS_OF_HELP = "Count overdue and due-soon from this date (default: Settings, else today)."


def as_of_option(f=None, help_text: str = AS_OF_HELP):
    """--as-of YYYY-MM-DD, as every command that counts takes it.

    Use as @as_of_option, @as_of_option() or @as_of_option("Other help.").
    """
    if isinstance(f, str):
        f, help_text = None, f
    option = click.option("--as-of", callback=parse_date, metavar="YYYY-MM-DD", help=help_text)
    return option(f) if callable(f) else option


def scale_option(f):
    from ..rules.scales import PRESETS

    return click.option(
        "--scale",
        type=click.Choice(list(PRESETS)),
        help="Use this preset scale instead of the one in Settings.",
    )(f)


def json_option(f):
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object (see docs/json.md)."
    )(f)


def no_backup_option(help_text: str = "Do not keep a copy of the previous file."):
    """--no-backup, as every command that saves the plan takes it."""
    return click.option("--no-backup", is_flag=True, help=help_text)


def echo_backup(backup) -> None:
    """Say where the previous version was kept, when a save kept one."""
    if backup:
        click.echo(f"Previous version kept as {backup}.")


# Each command's module, imported when that command is run (or listed by --help).
COMMANDS = {
    "add-refs": ".add_refs",
    "addin": ".addin",
    "check": ".check",
    "close-period": ".close_period",
    "collect": ".collect",
    "demo": ".demo",
    "new": ".new",
    "refresh": ".refresh",
    "remind": ".remind",
    "report": ".board_report",
    "send": ".send",
    "split": ".split",
    "status": ".status",
}


@click.group(cls=Group, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show the full traceback on errors.")
@click.version_option(package_name="ragbook", prog_name="ragbook")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Keep an improvement plan in Excel up to date: recount the RAG ratings,
    flag what is overdue, and rebuild the Tracker, Exceptions, per-lead and
    Checks sheets in place."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


def run() -> None:  # console-script entry point
    main(prog_name="ragbook")


if __name__ == "__main__":
    run()
