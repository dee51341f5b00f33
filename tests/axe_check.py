"""Run axe-core (tests/axe/axe.min.js, MPL-2.0, vendored) on an HTML file in headless
Chromium from Debian's packages, and return axe's violations.

A copy of the page gets axe and a few lines that run it and write the results into
the page as JSON; Chromium's --dump-dom prints the page after its scripts ran.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

AXE = Path(__file__).parent / "axe" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=20000",
    "--dump-dom",
]
RUNNER = """
<script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                    "wcag22aa", "best-practice"]}})
  .then(function (r) { var out = document.createElement("pre"); out.id = "axe-results";
    out.textContent = JSON.stringify({violations: r.violations, passes: r.passes.length});
    document.body.appendChild(out); })
  .catch(function (e) { var out = document.createElement("pre"); out.id = "axe-results";
    out.textContent = JSON.stringify({error: String(e)}); document.body.appendChild(out); });
</script>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def axe_results(page: Path, work: Path) -> dict:
    """axe's results for `page`: {"violations": [...], "passes": n}."""
    text = page.read_text(encoding="utf-8")
    script = f"<script>{AXE.read_text(encoding='utf-8')}</script>{RUNNER}"
    checked = work / f"axe-{page.name}"
    # The result element is added after the audit, so axe never sees it.
    checked.write_text(text.replace("</body>", script + "</body>", 1), encoding="utf-8")
    run = subprocess.run(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={work / 'chromium-profile'}",
            checked.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', run.stdout, re.DOTALL)
    assert found, f"axe did not report (chromium exit {run.returncode}): {run.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))
