"""Read an HTML board paper back the way a test needs it: headings, paragraphs and
tables as text, with the attributes accessibility checks look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    tag: str  # "th" or "td"
    text: str
    attrs: dict


@dataclass
class Table:
    id: str
    caption: str = ""
    rows: list[list[Cell]] = field(default_factory=list)

    def body(self) -> dict[str, list[str]]:
        """First cell's text -> the other cells' texts, for every row but the header."""
        return {row[0].text: [c.text for c in row[1:]] for row in self.rows[1:]}

    @property
    def header(self) -> list[str]:
        return [c.text for c in self.rows[0]]


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.paragraphs: list[tuple[str, str]] = []  # (class, text)
        self.tables: list[Table] = []
        self.spans: list[dict] = []  # attributes of every <span class="rating">, with its text
        self.items: list[tuple[str, str]] = []  # (the heading above, text) of every <li>
        self._stack: list[tuple[str, dict]] = []
        self._text: list[str] = []
        self._cell: Cell | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag in ("title", "h1", "h2", "h3", "h4", "h5", "h6", "p", "caption", "span", "li"):
            self._stack.append((tag, attrs))
            self._text = [] if tag != "span" else self._text
            if tag == "span":
                self.spans.append({**attrs, "start": len("".join(self._text))})
        if tag == "table":
            self.tables.append(Table(attrs.get("id", "")))
        if tag == "tr":
            self.tables[-1].rows.append([])
        if tag in ("th", "td"):
            self._cell = Cell(tag, "", attrs)
            self._text = []

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text).split())
        if tag in ("th", "td") and self._cell is not None:
            self._cell.text = text
            self.tables[-1].rows[-1].append(self._cell)
            self._cell = None
            return
        if tag == "span" and self.spans and "text" not in self.spans[-1]:
            self.spans[-1]["text"] = "".join(self._text)[self.spans[-1].pop("start") :].strip()
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, attrs = self._stack.pop()
        if tag == "title":
            self.title = self.title or text  # the page's, not a chart's
        elif tag[0] == "h" and tag[1:].isdigit():
            self.headings.append((int(tag[1]), text))
        elif tag == "p":
            self.paragraphs.append((attrs.get("class", ""), text))
        elif tag == "caption":
            self.tables[-1].caption = text
        elif tag == "li":
            self.items.append((self.headings[-1][1] if self.headings else "", text))

    def handle_data(self, data):
        self._text.append(data)

    def table(self, id_: str) -> Table:
        return next(t for t in self.tables if t.id == id_)

    def headline(self) -> list[str]:
        return [text for cls, text in self.paragraphs if cls == "headline"]
