"""The board paper as one self-contained HTML file, laid out by a Jinja2 template.

The template (templates/paper.html.j2) holds the headings, tables and styles;
this module only fills it in. Autoescaping is on, so text from the plan (action
wording, updates) can never become markup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..scales import Scale
from .chart import indicator_chart, ratings_by_priority, ratings_over_time
from .paper import Paper

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("paper.html.j2")


def render_html(paper: Paper, scale: Scale) -> str:
    indicators = [(line, indicator_chart(line, f"chart-indicator-{i}"))
                  for i, line in enumerate(paper.indicators_off_target, 1)
                  if any(value is not None for _, value in line.series)]
    return _template().render(paper=paper, scale=scale, chart=ratings_by_priority(paper),
                              over_time=ratings_over_time(paper) if paper.over_time else "",
                              indicator_charts=indicators)
