"""Keep the --help blocks in the README and docs/ current.

The README and the pages under docs/ hold each command's --help between markers:

    <!-- help: check -->
    ```text
    ...
    ```
    <!-- /help -->

`python tests/readme_help.py` rewrites them from the code, in every file that has
them; tests/test_readme.py fails when they differ, or when a command has no help
block anywhere, so the docs cannot drift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
BLOCK = re.compile(
    r"(<!-- help:(?: (?P<cmd>[\w -]*?))? -->\n)```text\n.*?```\n(<!-- /help -->)", re.S
)


def doc_files() -> list[Path]:
    """The README and every Markdown page under docs/, in a fixed order."""
    return [README, *sorted(DOCS.rglob("*.md"))]


def help_text(command: str) -> str:
    from ragbook.cli import main

    args = [*command.split(), "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, prog_name="ragbook", terminal_width=88)
    assert result.exit_code == 0, result.output
    return result.output


def render(text: str) -> str:
    return BLOCK.sub(
        lambda m: f"{m.group(1)}```text\n{help_text(m.group('cmd') or '')}```\n{m.group(3)}", text
    )


def documented(text: str) -> list[str]:
    """The commands a text has a help block for ('' for the top level)."""
    return [m.group("cmd") or "" for m in BLOCK.finditer(text)]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for path in doc_files():
        text = path.read_text()
        if render(text) != text:
            path.write_text(render(text))
            print(f"updated {path.relative_to(ROOT)}")
