"""The board paper as a tagged PDF (PDF/UA-1), rendered from the HTML by WeasyPrint.

WeasyPrint lays out HTML and CSS without a browser and writes a tagged PDF whose
structure follows the HTML's headings and tables, with the document's title and
language, so the PDF is as accessible as the HTML it comes from. It needs Pango
from the operating system (Debian: libpango-1.0-0 libpangoft2-1.0-0).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageProblem


def pdf_available() -> bool:
    """Whether WeasyPrint, and the Pango it needs, can be loaded here."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def write_pdf(html: str, out: Path) -> None:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # not installed, or Pango missing
        raise UsageProblem(
            f"{out.name}: writing the board report as PDF needs WeasyPrint ({exc}); install "
            "it with: pip install 'ragbook[pdf]' (and Pango: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0), or write .html."
        ) from None
    weasyprint.HTML(string=html).write_pdf(str(out), pdf_variant="pdf/ua-1")
