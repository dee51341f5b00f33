"""The board paper as one self-contained HTML file, laid out by a Jinja2 template.

The template (templates/paper.html.j2) holds the headings, tables and styles;
this module only fills it in. Autoescaping is on, so text from the plan (action
wording, updates) can never become markup.
"""

from __future__ import annotations

import base64
import html
import re
from functools import lru_cache
from pathlib import Path

from ..rules.scales import Scale
from .chart import indicator_chart, ratings_by_priority, ratings_over_time, words_of
from .paper import Paper

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("paper.html.j2")


def render_html(paper: Paper, scale: Scale, charts_as_images: bool = False) -> str:
    """The paper as one HTML page. Charts are inline SVG (role="img" with a title and
    description); `charts_as_images` makes each an <img> of that SVG with the same words
    as its alt text instead, which is what a tagged PDF needs to give its figures alt text."""
    show = _as_image if charts_as_images else (lambda svg: svg)
    indicators = [
        (line, show(indicator_chart(line, f"chart-indicator-{i}")))
        for i, line in enumerate(paper.indicators_off_target, 1)
        if any(value is not None for _, value in line.series)
    ]
    return _template().render(
        paper=paper,
        scale=scale,
        chart=show(ratings_by_priority(paper)),
        over_time=show(ratings_over_time(paper)) if paper.over_time else "",
        indicator_charts=indicators,
    )


def _as_image(svg: str) -> str:
    """An inline SVG chart as a self-contained <img>, its title and description as alt text."""
    title, desc = words_of(svg)
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    assert size is not None, "ragbook's own charts have a size"
    width, height = size.groups()
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" '
        f'alt="{html.escape(f"{title}. {desc}")}">'
    )
