"""A report published as a web page, read from its markup.

Python's own HTML parser (html.parser, which copes with the unclosed tags real pages have) walks
the page: headings, paragraphs, list items and line breaks each end a line of text (in <pre>, its own
lines and spaces stand), and every
table row becomes one tab-separated line with one cell per column (a cell spanning columns is
followed by empty ones), so the reader's tab rules read the columns without guessing. Script,
style and head contents are not report text.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption", "section", "article",
    "header", "footer", "table", "thead", "tbody", "tfoot", "ul", "ol", "dl", "blockquote", "pre", "figure",
    "figcaption", "main", "nav", "aside", "title",
}
_SKIPPED = {"script", "style", "head", "template", "noscript"}
_MAX_SPAN = 50  # a colspan beyond any real table's width is a broken attribute


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.text: list[str] = []  # the words of the line being read
        self.row: list[str] | None = None  # the cells of the table row being read
        self.cell: list[str] | None = None
        self.span = 1
        self.skipping = 0
        self.pre = 0  # inside <pre>: lines and spaces stand as written (a report pasted as text)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "pre":
            self.end_line()
            self.pre += 1
        elif tag == "tr":
            self.end_row()
            self.end_line()
            self.row = []
        elif tag in ("td", "th"):
            if self.row is None:
                self.end_line()
                self.row = []
            self.end_cell()
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), _MAX_SPAN) if span.strip().isdigit() and int(span) > 0 else 1
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.end_line()
        elif tag in _BLOCKS and self.cell is None:
            self.end_row()
            self.end_line()

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "pre":
            self.end_line()
            self.pre = max(0, self.pre - 1)
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag == "tr" or tag == "table":
            self.end_row()
        elif tag in _BLOCKS and self.cell is None:
            self.end_line()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.pre and self.cell is None:
            first, *rest = data.split("\n")
            self.text.append(first)
            for line in rest:
                self.lines.append("".join(self.text).rstrip())
                self.text = [line]
            return
        (self.cell if self.cell is not None else self.text).append(data)

    def end_cell(self):
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row.extend([""] * (self.span - 1))
        self.cell = None
        self.span = 1

    def end_row(self):
        self.end_cell()
        if self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(self.row).rstrip("\t"))
            self.row = None

    def end_line(self):
        text = "".join(self.text).rstrip() if self.pre else " ".join("".join(self.text).split())
        if text:
            self.lines.append(text)
        self.text = []

    def close(self):
        super().close()
        self.end_row()
        self.end_line()


def html_lines(text: str) -> list[str]:
    """The page's text, a line per block and a tab-separated line per table row."""
    page = _Page()
    page.feed(text)
    page.close()
    return page.lines
