"""Keep the README's --help blocks current.

The README holds each command's --help between markers:

    <!-- help: check -->
    ```text
    ...
    ```
    <!-- /help -->

`python tests/readme_help.py` rewrites them from the code; tests/test_readme.py
fails when they differ, so the docs cannot drift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- help:(?: (?P<cmd>[\w -]*?))? -->\n)```text\n.*?```\n(<!-- /help -->)",
                   re.S)


def help_text(command: str) -> str:
    from ragbook.cli import main

    args = command.split() + ["--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, prog_name="ragbook", terminal_width=88)
    assert result.exit_code == 0, result.output
    return result.output


def render(text: str) -> str:
    return BLOCK.sub(lambda m: f"{m.group(1)}```text\n{help_text(m.group('cmd') or '')}```\n"
                               f"{m.group(3)}", text)


if __name__ == "__main__":
    sys.path.insert(0, str(README.parent))
    README.write_text(render(README.read_text()))
    print(f"updated {README}")
