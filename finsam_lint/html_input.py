"""A report published as a web page, read from its markup.

Python's own HTML parser (html.parser, which copes with the unclosed tags real pages have) walks
the page: headings, paragraphs, list items and line breaks each end a line of text (in <pre>, its
own lines and spaces stand), and every table becomes a grid: each row one tab-separated line with
one cell per column, where a cell spanning columns or rows (colspan, rowspan) is followed by empty
ones. A table's header rows (its leading rows of <th> cells) are one line: each column named by
the words over it, a group header over several columns naming each of them ("Kommunen 2025",
"Kommunen 2024"), so the reader's tab rules read the columns without guessing. Script, style and
head contents are not report text.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption", "section", "article",
    "header", "footer", "ul", "ol", "dl", "blockquote", "figure", "figcaption", "main", "nav", "aside", "title",
}
_SKIPPED = {"script", "style", "head", "template", "noscript"}
_MAX_SPAN = 50  # a colspan or rowspan beyond any real table's size is a broken attribute


def _span(attrs: dict, name: str) -> int:
    value = (attrs.get(name) or "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.origins: list[int] = []  # the page's own line each line of text starts on
        self.text: list[str] = []  # the words of the line being read
        self.text_at = 1  # where the line being read starts
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # open tables: rows of (text, colspan, rowspan)
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.heads: list[set[int]] = []  # per open table: the rows all of whose cells are <th>
        self.row_lines: list[list[int]] = []  # per open table: the page's line each of its rows starts on
        self.head_row = True
        self.skipping = 0
        self.pre = 0  # inside <pre>: lines and spaces stand as written (a report pasted as text)
        self.caption = False  # inside a table's <caption>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "pre":
            self.end_line()
            self.pre += 1
        elif tag == "table":
            self.end_cell()
            self.end_line()
            self.tables.append([])
            self.row_lines.append([])
            self.heads.append(set())
        elif tag == "tr" and self.tables:
            self.end_cell()
            self.tables[-1].append([])
            self.row_lines[-1].append(self.getpos()[0])
            self.heads[-1].add(len(self.tables[-1]) - 1)
        elif tag in ("td", "th") and self.tables:
            self.end_cell()
            if not self.tables[-1]:
                self.tables[-1].append([])
                self.row_lines[-1].append(self.getpos()[0])
            if not self.tables[-1][-1]:  # a row is where its first cell is ("<tr>" may stand a line above)
                self.row_lines[-1][-1] = self.getpos()[0]
            self.cell = []
            self.spans = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
            if tag == "td":
                self.heads[-1].discard(len(self.tables[-1]) - 1)
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.end_line()
        elif tag in _BLOCKS and self.cell is None:
            self.end_line()
            self.caption = self.caption or tag == "caption"

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "pre":
            self.end_line()
            self.pre = max(0, self.pre - 1)
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag == "table" and self.tables:
            self.end_cell()
            self.end_table()
        elif tag in _BLOCKS and self.cell is None:
            self.end_line()
            self.caption = self.caption and tag != "caption"

    def handle_data(self, data):
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.pre:
            first, *rest = data.split("\n")
            self.start_text(first)
            for offset, line in enumerate(rest, 1):
                self.lines.append("".join(self.text).rstrip())
                self.origins.append(self.text_at)
                self.text, self.text_at = [line], self.getpos()[0] + offset
        elif not self.tables or self.caption:  # a table's caption titles it, on the line before its rows
            self.start_text(data)

    def start_text(self, data):
        if not "".join(self.text).strip():  # the line starts here, after the newlines before its first word
            self.text_at = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.text.append(data)

    def end_cell(self):
        if self.cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append((" ".join("".join(self.cell).split()), *self.spans))
        self.cell = None

    def end_line(self):
        text = "".join(self.text).rstrip() if self.pre else " ".join("".join(self.text).split())
        if text:
            self.lines.append(text)
            self.origins.append(self.text_at)
        self.text = []

    def end_table(self):
        for line, origin in _grid_lines(self.tables.pop(), self.heads.pop(), self.row_lines.pop()):
            self.lines.append(line)
            self.origins.append(origin)

    def close(self):
        super().close()
        self.end_cell()
        while self.tables:
            self.end_table()
        self.end_line()


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[tuple[str, bool]]]:
    """Rows of cells placed in their columns: (text, whether it is the cell's first place) for each."""
    grid: list[list[tuple[str, bool]]] = []
    below: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers) of a rowspan cell
    for row in rows:
        placed: list[tuple[str, bool]] = []
        cells = iter(row)
        while True:
            column = len(placed)
            if column in below:
                text, left = below.pop(column)
                placed.append((text, False))
                if left > 1:
                    below[column] = (text, left - 1)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text, colspan, rowspan = cell
            for offset in range(colspan):
                placed.append((text, offset == 0))
                if rowspan > 1:
                    below[column + offset] = (text, rowspan - 1)
        while len(placed) in below:  # rowspan cells after the row's last cell
            text, left = below.pop(len(placed))
            placed.append((text, False))
            if left > 1:
                below[len(placed) - 1] = (text, left - 1)
        grid.append(placed)
    return grid


def _grid_lines(rows: list[list[tuple[str, int, int]]], heads: set[int], starts: list[int]) -> list[tuple[str, int]]:
    """A table's lines, each with the page's line it starts on: its header rows (the leading rows of <th>
    cells alone) made one, then a tab-separated line a row."""
    placed = _grid(rows)
    kept = [k for k, row in enumerate(placed) if any(text for text, _ in row)]
    grid = [placed[k] for k in kept]
    heading = 0
    while heading < len(grid) and kept[heading] in heads:
        heading += 1
    lines = []
    if heading > 1:
        width = max(len(row) for row in grid[:heading])
        names = []
        for column in range(width):
            words: list[str] = []
            for row in grid[:heading]:
                text = row[column][0] if column < len(row) else ""
                if text and (not words or words[-1] != text):  # a rowspan repeats its words: once
                    words.append(text)
            names.append(" ".join(words))
        lines.append(("\t".join(names).rstrip("\t"), starts[kept[0]]))
        heading_rows = range(0)
    else:
        heading_rows = range(heading)
    lines.extend(("\t".join(text if first else "" for text, first in grid[k]).rstrip("\t"), starts[kept[k]])
                 for k in [*heading_rows, *range(heading, len(grid))])
    return lines


def html_lines(text: str) -> tuple[list[str], list[int]]:
    """The page's text, a line per block and a tab-separated line per table row, and the page's own
    line each of them starts on."""
    page = _Page()
    page.feed(text)
    page.close()
    return page.lines, page.origins
