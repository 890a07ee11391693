"""Tables in layout text, read from where their cells stand: the columns, the header block above them.

Text set out in columns (pdftotext -layout, a PDF read by word position, a table copied from a
viewer) puts each figure under its column. Cells are what two or more spaces separate. The
columns of a block of figure lines are the spans their figure cells cover, merged where they
overlap; the header is the lines right above the first figure line whose cells stand over those
columns, however many lines it wraps over ("Budget" / "(tkr)  Not" / "2025"). A row then puts
each figure in the column it stands under, so a short row ("Uppskjuten skatt  0  0  -3  -4" under
five columns) is not read from the left.

The result is a reading for the reader (reader.py) to take as it stands: for each claimed line,
a header (its column names) or a row's label, note and cells. Lines this stage does not claim
(tab-separated text, prose, rows joined by single spaces with no positions to go by) are read
by the reader's own line rules, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .numbers import (
    Figure,
    figure_run,
    plain_figure,
    split_figures,
    tokenize,
    trailing_run,
)

_CELL = re.compile(r"\S+(?: \S+)*")  # what one space joins; two or more part cells
_NOTE = re.compile(r"(?i)(?:not\.?\s*)?(\d{1,2})(?:\s*[,och&]+\s*\d{1,2})*")
_NOTE_TITLE = re.compile(r"(?i)\s*(?:bilaga\s+)?not(?:er)?\.?\s*\d{1,2}\b\.?\s+[A-ZÅÄÖa-zåäö]")
_NOTE_NUMBER = re.compile(r"[1-9]\d?")  # a note's number: no 0, no figure of its own
_NOTE_HEAD = re.compile(r"(?i)not(er)?\.?")
_LETTER = re.compile(r"[A-Za-zÅÄÖåäöÉé]")
_UNIT_ONLY = re.compile(r"(?i)\(?(?:belopp\s+i\s+)?(?:tkr|mkr|mnkr|kr|tusental kronor|miljoner kronor)\)?")
_PAGE_FOOTER = re.compile(r"(?i)(?:sida\s+)?\d{1,3}\s*(?:\(\d{1,3}\)|av\s+\d{1,3}|/\s*\d{1,3})")
_ABOUT = re.compile(r"(?i)(?:ca\.?|cirka|ung\.?|ungefär|~)\s*(?=[-−–]?\d)")
_ENGLISH = re.compile(r"[-−–]?\d{1,3}(?:,\d{3})*\.\d{1,2}")
_DIGIT = re.compile(r"\d")
_DASHES = {"-", "–", "−", "—"}
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]{2}")  # a label has a word: "46x 905" is a spoiled figure
_YEAR_AT_END = re.compile(r"(?i)[a-zåäö]\s+(?:19|20)\d\d$")
_BARE_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")
_DECIMAL_FIGURE = re.compile(r"[-−–]?\d{1,3}(?:\d{3})*,\d+")
_DIGITS = re.compile(r"\d+")
_BRACKETED = re.compile(r"\([^()]+\)")  # "(projekt 7101)": a remark in brackets under its label
_CODE = re.compile(r"\(\d[\d, ]*\)$")  # a project's or account's number after its name: "(6015, 6119)"
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)(?:-\d\d-\d\d|0[1-9]|1[0-2])?")  # 2025, 2025-12-31, 202511
# "…  3 (4)", "SID 18 ( 36 )", "Sida 3 av 9" ending a line; not "1 053  (145)", a row's figures
_PAGE_NUMBER_END = re.compile(r"(?i)(?:\bsid(?:a)?\s*\d{1,3}\s*\(\s*\d{1,3}\s*\)|(?:^|\s{2,})\d{1,3} ?\(\d{1,3}\))\s*$"
                              r"|\bsida\s+\d{1,3}\s+av\s+\d{1,3}\s*$")
_RUNNING_HEADER = re.compile(r"(?i).*\bsid(?:a)?\s*\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3})\s*")  # "… SID 14 (40)"
PAGE_BREAK = 15  # lines between two blocks of one table that a page break (footer, header) may take
_MAX_HEADER_LINES = 4
_MAX_GAP = 2  # blank lines a table runs on over
_JITTER = 3  # characters a column's edges may wander, set out from a PDF's positions


@dataclass(slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Placed:
    """What the layout says of one line: a header's column names, or a row's label, note and figures."""

    # "header", "row", "unreadable" (a row whose cells are no figures), "label" (the rest of the label above)
    # or "skip" (a line read with another)
    kind: str
    label: str = ""  # a header's label ends in "Not" where the table has a note column, as the reader reads it
    note: int | None = None
    columns: list[str] | None = None  # header: the name of each figure column
    figures: list[Figure | None] | None = None  # row: one per column, None for an empty cell
    start: int = -1  # header: the 0-based line its block starts on (titles are looked for above it)
    more_notes: tuple = ()  # row: the further notes it cites ("6,7": 7)


def cells(line: str) -> list[Cell]:
    """What two or more spaces separate; figures with decimals one space apart ("0,512 0,138") are a cell
    each, as no figure's digit groups have decimals between them."""
    found = []
    for match in _CELL.finditer(line):
        words = match.group().split(" ")
        if len(words) > 1 and all(_DECIMAL_FIGURE.fullmatch(w) for w in words):
            start = match.start()
            for word in words:
                found.append(Cell(start, start + len(word), word))
                start += len(word) + 1
        else:
            found.append(Cell(match.start(), match.end(), match.group()))
    return found


def cell_figure(text: str) -> Figure | None:
    """The one figure a cell holds ("-231 935", "0,36", "(1 234)", "12 %"), or None.

    A cell written the English way, with a decimal point after comma-grouped thousands ("8,845,883.52",
    "495.00"), can be read no other way: a Swedish figure groups thousands with a point only before
    three digits.
    """
    figure = plain_figure(text)
    if figure is not None:
        return figure
    if _ABOUT.match(text):  # "ca 98 000": an estimate is still the figure it gives
        figure = cell_figure(_ABOUT.sub("", text, count=1))
        return None if figure is None else replace(figure, written=text)
    if _ENGLISH.fullmatch(text):
        figure = cell_figure(text.replace(",", " ").replace(".", ","))
        return None if figure is None else replace(figure, written=text)
    index, parts = trailing_run(tokenize(text))
    if index != 0 or not parts:
        return None
    split = split_figures(parts, 1)
    if split is None or len(split.figures) != 1 or split.consumed != len(parts) or split.ambiguous:
        return None
    return split.figures[0]


# A figure with a stray character set into it ("21x 693", "764x,4", "1 2O4"): a letter right after a digit
_SPOILED = re.compile(r"[-−–]?\d[\d .,]*?[A-Za-zÅÄÖåäö]{1,2}[\d .,]*[-−–]?")  # "192x-": a trailing minus too


_DIGIT_LETTER = re.compile(r"\d[A-Za-zÅÄÖåäö]")
_UNREAD = Figure(0)  # the place a spoiled figure holds in its column; never read as a figure


def spoiled_figure(text: str) -> bool:
    """A cell that was meant as a figure and is none: digits with a letter set into them or after them.
    "Q1", "K3" and "10 st" are words; "3x 118" is a figure no one can read."""
    text = text.strip()
    return bool(_SPOILED.fullmatch(text)) and bool(_DIGIT_LETTER.search(text)) and cell_figure(text) is None


def is_page_furniture(text: str) -> bool:
    """A page's footer or running header: "26 (34)", "… ÅRSBOKSLUT 2026-02-01.DOCX  SID 20 ( 36 )"."""
    end = text.rstrip()[-1:]  # the page's number ends the line, or its "(40)": most lines are let go by that
    return is_page_footer(text) or is_running_header(text) or (
        "\t" not in text and (end == ")" or end.isdigit() and " av " in text) and bool(_PAGE_NUMBER_END.search(text)))


# "Lindås kommun – Årsredovisning 2025      14": the report's name and year, then the page's number alone
_TITLED_PAGE = re.compile(r"(?i)\b(?:årsredovisning|årsbokslut|bokslut|delårsrapport|delårsbokslut|verksamhetsberättelse"
                          r"|verksamhetsplan|budget|månadsrapport|månadsuppföljning)\b.*\b(?:19|20)\d ?\d\b\D*"
                          r"(?:\s{2,}|\s*[|·]\s*|\s(?:[–—-]\s)?(?:sid|sida|s\.)\s?)\d{1,3}$")  # "… 2025   14", "… | 7", "… – sid 28"


_SEPARATOR = re.compile(r"[|·–—]")


def is_running_header(text: str) -> bool:
    """A page's running header or footer that names its page: "ÅRSBOKSLUT 2025  version 2026-01-15  SID 14 (40)",
    "Lindås kommun – Årsredovisning 2025      14"."""
    text = text.strip()
    if ("SID" in text or "id" in text) and _RUNNING_HEADER.fullmatch(text):  # "id": Sid, sid
        return True
    # the report's name with a separator or the publisher's name beside it: a row "Budget 2025   350" is none
    titled = text[-1:].isdigit() and _TITLED_PAGE.search(text)
    return bool(titled) and (bool(_SEPARATOR.search(text)) or len(text[: titled.start()].split()) >= 2
                             or not titled.group().lower().startswith(("budget", "bokslut")))


def is_page_footer(text: str) -> bool:
    """"14 (22)", "Sida 3 av 9", "3/12": a page number, not a row of figures."""
    return len(text) < 80 and bool(_PAGE_FOOTER.fullmatch(text.strip()))


@dataclass(slots=True)
class _Line:
    number: int  # 0-based index into the lines
    cells: list[Cell]
    label: list[Cell]  # the cells before the figures
    figures: list[tuple[Cell, Figure]]  # the trailing cells that are figures
    spoiled: bool = False  # one of them is a figure no one can read ("161x 742"), held by its place alone


def _figure_line(number: int, line: str) -> _Line | None:
    """A line whose last cells are figures, each alone in its cell, after its label: at most two cells of
    words, which short codes may stand before ("1  P  6289  Utrustning"). A last cell of a word or two
    after two figures or more ("årligen, löpande") is an empty cell of its column, not the row's end."""
    if "\t" in line or not line.strip() or is_page_footer(line) or is_running_header(line):
        return None
    found = cells(line)
    end = len(found)
    if end >= 4 and cell_figure(found[-1].text) is None and not spoiled_figure(found[-1].text) and len(found[-1].text.split()) <= 2 \
            and cell_figure(found[-2].text) is not None and cell_figure(found[-3].text) is not None:
        end -= 1
    figures: list[tuple[Cell, Figure]] = []
    spoiled = False
    while len(figures) < end:
        cell = found[end - 1 - len(figures)]
        figure = cell_figure(cell.text)
        if figure is None and spoiled_figure(cell.text) and len(figures) < end - 1:
            figure, spoiled = _UNREAD, True  # it stands in its column still: the row is said, not read
        if figure is None:
            break
        figures.insert(0, (cell, figure))
    label = found[: end - len(figures)]
    if all(_YEAR.fullmatch(cell.text) for cell, _ in figures):
        return None  # "2025  2025  2024": the last line of a header, not figures
    codes = 0  # short codes before the words: a priority, a status letter, a project number
    while codes < len(label) - 1 and len(label[codes].text) <= 6 and (len(label[codes].text) <= 2 or not _LETTER.search(label[codes].text)):
        codes += 1
    words = label[codes:]
    if not figures or len(words) > 2 or any(not _WORD.search(c.text) for c in words) or (spoiled and not words):
        return None
    return _Line(number, found, label, figures, spoiled)


def _columns(lines: list[_Line]) -> list[tuple[int, int]]:
    """The spans of the figure columns: overlapping figure cells are one column."""
    spans = sorted((cell.start, cell.end, bool(_NOTE_NUMBER.fullmatch(cell.text))) for line in lines for cell, _ in line.figures)
    columns: list[list] = []  # [start, end, whether every cell so far is a note's number]
    for start, end, note in spans:
        # spans that overlap or touch are one column, but a figure touching a column of notes is the next column;
        # two notes a character apart are one, the second pushed right by a long label ("… och utjämning  6")
        notes = bool(columns) and columns[-1][2] and columns[-1][1] - columns[-1][0] <= 2
        if columns and (start < columns[-1][1] or start == columns[-1][1] and not (notes and not note)
                        or notes and note and start == columns[-1][1] + 1):
            columns[-1][1], columns[-1][2] = max(columns[-1][1], end), columns[-1][2] and note
        else:
            columns.append([start, end, note])
    return [(start, end) for start, end, _ in columns]


def _column_of(cell: Cell, columns: list[tuple[int, int]], slack: int = 0) -> int | None:
    """The one column a cell stands over (it overlaps that column's span and no other's)."""
    over = [i for i, (start, end) in enumerate(columns) if cell.start < end + slack and cell.end > start - slack]
    return over[0] if len(over) == 1 else None


def _is_amount(text: str) -> bool:
    return not _YEAR.fullmatch(text) and cell_figure(text) is not None


def _wordy(text: str) -> bool:
    """A sentence, not a column's name."""
    words = text.split()
    return len(words) >= 8 or (len(words) >= 4 and text.rstrip()[-1:] in ".:!?")


def _aligned(block: list[_Line], columns: list[tuple[int, int]]) -> bool:
    """Each column's figures line up on their right or their left edges, as a table's columns do."""
    for start, end in columns:
        # a lone dash for nothing ("–") is often set in the middle of its cell: it shows no edge
        inside = [cell for line in block for cell, _ in line.figures if cell.start < end and cell.end > start
                  and cell.text not in _DASHES]
        if len(inside) > 1 and max(c.end for c in inside) - min(c.end for c in inside) > _JITTER \
                and max(c.start for c in inside) - min(c.start for c in inside) > _JITTER:
            return False
    return True


def _heads(cell: Cell, columns: list[tuple[int, int]]) -> int | None:
    """The column a header cell names: it stands over that column alone, centred near it (a line of prose
    that reaches over a column names nothing)."""
    column = _column_of(cell, columns, 1)
    if column is None:
        return None
    start, end = columns[column]
    # or set flush right with the column's figures, however long ("Delårsrapport jan–aug" over "110")
    return column if start - 4 <= (cell.start + cell.end) / 2 <= end + 4 or abs(cell.end - end) <= 1 else None


def _blocks(figure_lines: dict[int, _Line], lines: list[str]) -> list[list[_Line]]:
    """Runs of figure lines, with at most a couple of blank or text lines (sub-headings) between them."""
    blocks: list[list[_Line]] = []
    last = None
    for number in sorted(figure_lines):
        if last is not None and _joins(lines, last, number):
            blocks[-1].append(figure_lines[number])
        else:
            blocks.append([figure_lines[number]])
        last = number
    return blocks


def _joins(lines: list[str], last: int, number: int) -> bool:
    between = lines[last + 1 : number]
    blanks = sum(1 for text in between if not text.strip())
    texts = [text for text in between if text.strip() and not is_page_furniture(text)]  # a page break goes on
    # a sub-heading ("Omsättningstillgångar", "2  Verksamhetens kostnader") keeps the table going; prose does not
    # a line of several cells between figure lines, with no figures but years, is the header of the next
    # table ("Budget  Ram  Ram"); with other digits in its cells it is a row that could not be read
    return blanks <= _MAX_GAP + len(texts) and len(texts) <= 3 and not any(_wordy(t.strip()) or _header_like(t) for t in texts)


def _header_like(text: str) -> bool:
    found = cells(text)
    return len(found) > 1 and not any(_DIGIT.search(c.text) and not _YEAR.fullmatch(c.text) and not _WORD.search(c.text)
                                      for c in found[1:])


def _header(block: list[_Line], lines: list[str], columns: list[tuple[int, int]]) -> tuple[list[int], list[list[str]], list[str]] | None:
    """The header block above a table: (its line numbers, the words over each column, the words left of them).

    Going up from the first row: lines whose cells each stand over one column are the header; a line of
    words left of the columns alone is a title between them ("(tkr)") or, below the lowest header line,
    a sub-heading of the table ("Anläggningstillgångar"), which stays a row. A cell over two columns is
    split at its words where each word stands over one ("Återstår Helårsprognos"). The top line may hold
    fewer cells than there are columns while a line below names them all: its cells head groups of
    columns ("Kommunen", "Koncernen"), each the columns from where it stands to where the next begins.
    """
    left = columns[0][0]
    seen: list[tuple[int, list[tuple[Cell, int | None]]]] = []  # from the bottom up
    number = block[0].number - 1
    while number >= 0 and len(seen) < _MAX_HEADER_LINES + 2:
        text = lines[number]
        if not text.strip():  # a blank line ends the header above its top; sub-headings below it may stand apart
            if any(cell.end > left - 1 for _, found in seen for cell, _ in found):
                break
            number -= 1
            continue
        if "\t" in text or is_page_furniture(text) or _figure_line(number, text) or any(_wordy(cell.text) for cell in cells(text)) \
                or _NOTE_TITLE.match(text) and not any(_YEAR.search(c.text) for c in cells(text)[1:]):
            break  # "Not 9   Maskiner, fordon och   inventarier": a note's title, whose words may stand over the columns
        at_top = number == 0 or not lines[number - 1].strip()  # nothing over it for a word in lower case to go on from
        found = _header_cells(cells(text), columns, left, at_top)
        over = [(cell, column) for cell, column in found if cell.end > left - 1]
        if any(_is_amount(cell.text) for cell, _ in over) or (any(column is None for _, column in over) and not _groups_line(over, columns)):
            break  # a figure names no column: "2,5 mnkr" over a column is a row of its own
        if len(over) >= 2 and len({cell.text for cell, _ in over}) == 1 and len(over) < len(found) \
                and not _YEAR.fullmatch(over[0][0].text):  # "Nämnd  2026  2026  2026" names the columns' year
            # "Norrviks simhall  Stängt  Stängt  Stängt": a row of words, not the columns' names
            if seen:
                break
            number -= 1
            continue
        seen.append((number, found))
        if any(column is None for _, column in over):
            break  # a line of group headers is the header's top
        number -= 1
    headed = [i for i, (_, found) in enumerate(seen) if any(cell.end > left - 1 for cell, _ in found)]
    if not headed:
        return None
    top = seen[headed[-1]][1]
    groups = None
    right = [cell for cell, _ in top if cell.end > left - 1]
    spanning = any(column is None for cell, column in top if cell.end > left - 1)
    stacked: set[int] = set()  # header lines below the top that go on with its group headers' words
    if spanning:
        right, stacked = _stacked_groups(right, lines, seen, headed, left, number_of=seen[headed[-1]][0])
    elif above := _groups_above(seen, headed, left):
        right, stacked, spanning = _joined_by_column(seen, above, left), set(above) - {headed[-1]}, True
    named = [{k for c, k in seen[i][1] if c.end > left - 1 and k is not None} for i in headed[:-1] if i not in stacked]
    below = [c for c, _ in seen[headed[-2]][1]] if len(headed) > 1 else []
    # a word that goes on in lower case under a top cell ("Årets" over "resultat") is a wrapped name, no group
    wrapped = not spanning and any(c.text[:1].islower() and c.start < t.end and c.end > t.start for t, _ in top for c in below)
    if any(len(line) >= max(2, len(columns) - 1) for line in named) and not wrapped \
            and _groups_line([(c, k) for c, k in top if c.end > left - 1], columns):
        groups = right
    elif spanning:
        headed = headed[:-1]  # group headers with nothing under them to share out
        stacked = set()
        if not headed:
            return None
    names: list[list[str]] = [[] for _ in columns]
    label: list[str] = []
    numbers: list[int] = []
    for index, (number, found) in reversed(list(enumerate(seen[headed[0] : headed[-1] + 1], headed[0]))):
        numbers.append(number)
        for cell, column in found:
            if cell.end <= left - 1:
                label.append(cell.text)
            elif not (groups and (index == headed[-1] or index in stacked)) or column is not None and _NOTE_HEAD.fullmatch(cell.text):
                names[column].append(cell.text)  # "Not" on the groups' line names its column still
    if groups:
        names = _grouped(names, groups, columns)
    return numbers, [_joined(words) for words in names], label


def _stacked_groups(top: list[Cell], lines: list[str], seen, headed: list[int], left: int, number_of: int):
    """Group headers wrapped over lines ("Utgifter sedan" / "projektets" / "start"): the lines above the top
    line whose words it goes on with in lower case, and the header lines below it that go on with its words
    in lower case, each word under a group's. Returns the groups' cells, each with its words joined, and the
    header lines below the top that are group words (by their index in `seen`)."""
    groups = [Cell(c.start, c.end, c.text) for c in top]

    def continues(words: list[Cell], over: list[Cell]) -> bool:
        return bool(words) and all(w.text[:1].islower() and any(w.start < g.end and w.end > g.start for g in over)
                                   for w in words)

    number = number_of - 1
    while number >= 0 and lines[number].strip() and not _figure_line(number, lines[number]):
        above = [c for c in cells(lines[number]) if c.end > left - 1]
        if not above or not continues(groups, above):
            break
        for group in groups:
            over = next(c for c in above if group.start < c.end and group.end > c.start)
            group.text, group.start, group.end = f"{over.text} {group.text}", min(over.start, group.start), max(over.end, group.end)
        # a group of one line beside one of two ("Kommunen" beside "Sammanställd" / "redovisning")
        groups = sorted([*groups, *(Cell(c.start, c.end, c.text) for c in above
                                    if not any(c.start < g.end and c.end > g.start for g in groups))], key=lambda g: g.start)
        number -= 1
    stacked: set[int] = set()
    for index in reversed(headed[:-1]):
        words = [c for c, _ in seen[index][1] if c.end > left - 1]
        if not continues(words, groups):
            break
        for word in words:
            group = next(g for g in groups if word.start < g.end and word.end > g.start)
            group.text, group.start, group.end = f"{group.text} {word.text}", min(word.start, group.start), max(word.end, group.end)
        stacked.add(index)
    return groups, stacked


def _groups_above(seen, headed: list[int], left: int) -> list[int]:
    """Header lines over the line that names the most columns, where each of their cells stands over a column
    that line names in a capitalised word of its own: groups ("Utgifter sedan" / "projektets" / "start" over
    "Total  Ack. Avvikelse"), not a name wrapped ("BUDGET" over a column named by a year below, "Balanserat"
    over "resultat"). Their indexes in `seen` (bottom up), or none."""
    counts = [(len({k for c, k in seen[i][1] if c.end > left - 1 and k is not None}), i) for i in headed]
    most = max(n for n, _ in counts)
    full = max(i for n, i in counts if n == most)  # the top one of those: `seen` goes up
    above = [i for i in headed if i > full]
    named = {k: c.text for c, k in seen[full][1] if k is not None and c.end > left - 1}
    if most < 2 or not above or any(k is None or not named.get(k, "")[:1].isupper()
                                    for i in above for c, k in seen[i][1] if c.end > left - 1):
        return []
    return above


def _joined_by_column(seen, above: list[int], left: int) -> list[Cell]:
    """The group lines' words over each column, top down, as one cell."""
    groups: dict[int, Cell] = {}
    for i in sorted(above, reverse=True):
        for c, k in seen[i][1]:
            if c.end > left - 1:
                group = groups.setdefault(k, Cell(c.start, c.end, ""))
                group.text, group.start, group.end = f"{group.text} {c.text}".strip(), min(group.start, c.start), max(group.end, c.end)
    return sorted(groups.values(), key=lambda g: g.start)


def _grouped(names: list[list[str]], groups: list[Cell], columns: list[tuple[int, int]]) -> list[list[str]]:
    """Each column's name with the words of the group over it, where the columns' own names do not tell them
    apart ("Kommunen 2025" and "Koncernen 2025"), are bare years, or the group stands over one column alone;
    "Varav årets investeringar" stays over "Budget 2025" and "Utfall 2025" as a group, their names saying enough."""
    named = [i for i, words in enumerate(names) if words and not all(_NOTE_HEAD.fullmatch(w) for w in words)]
    owner = {i: next((k for k in reversed(range(len(groups))) if groups[k].start < columns[i][1]), None) for i in named}
    # a column left of the groups is the first's, where the groups span columns ("Kommunen" over its Budget too);
    # where each stands over one column alone, it is that column's name wrapped ("Medlemsavgift" over "2025, tkr")
    spans = any(list(owner.values()).count(k) > 1 for k in range(len(groups)))
    joined = [" ".join(words) for words in names]
    if spans and len(set(joined)) == len(joined) and not any(_YEAR.fullmatch(name) for name in joined):
        return names
    for i in named:
        group = owner[i] if owner[i] is not None else (0 if spans else None)
        if group is not None:
            names[i] = [groups[group].text, *names[i]]
    return names


def _header_cells(line: list[Cell], columns: list[tuple[int, int]], left: int, top: bool) -> list[tuple[Cell, int | None]]:
    """A header line's cells with the column each names. A line that holds a group header (a word over two
    columns or more: "Kommunen") holds groups: its other cells are not split at their words either. On the
    header's top line a cell whose words go on in lower case is one name ("Sammanställd redovisning"); below
    it, such a word may go on from the name above ("exkl EKB kommande" under "Ensam")."""
    heads = [(cell, _heads(cell, columns)) for cell in line]
    if any(column is None and " " not in cell.text and cell.end > left - 1 and _column_of(cell, columns, 1) is None
           for cell, column in heads):
        return heads
    return [placed for cell in line for placed in _placed_words(cell, columns, top)]


def _placed_words(cell: Cell, columns: list[tuple[int, int]], top: bool = False) -> list[tuple[Cell, int | None]]:
    """A header cell with the column it names; a cell over several columns split at its words, where each
    word stands over one of them ("Återstår Helårsprognos"); else the cell with no column."""
    column = _heads(cell, columns)
    if column is not None or " " not in cell.text:
        return [(cell, column)]
    words, start = [], cell.start
    for word in cell.text.split(" "):
        words.append(Cell(start, start + len(word), word))
        start += len(word) + 1
    found = [(word, _column_of(word, columns) if _column_of(word, columns) is not None else _nearest(word, columns))
             for word in words]
    if any(column is None for _, column in found) or len({column for _, column in found}) < 2 \
            or [k for _, k in found] != sorted(k for _, k in found):
        return [(cell, None)]
    merged: list[tuple[Cell, int | None]] = []
    for word, column in found:  # words over one column stay one cell ("Utfall jan-aug")
        if merged and merged[-1][1] == column:
            last = merged[-1][0]
            merged[-1] = (Cell(last.start, word.end, f"{last.text} {word.text}"), column)
        else:
            merged.append((word, column))
    if top and any(cell.text[:1].islower() for cell, _ in merged[1:]):
        return [(cell, None)]  # "Sammanställd redovisning": a name goes on in lower case, a new one does not
    return merged


def _nearest(word: Cell, columns: list[tuple[int, int]]) -> int | None:
    """The column whose middle is nearest a word set in the gap between two ("Budget" of "Avvikelse Budget 2025")."""
    middle = (word.start + word.end) / 2
    distance, column = min((abs((start + end) / 2 - middle), k) for k, (start, end) in enumerate(columns))
    start, end = columns[column]
    return column if start - 6 <= middle <= end + 6 else None


def _groups_line(over: list[tuple[Cell, int | None]], columns: list[tuple[int, int]]) -> bool:
    """Short cells, fewer than the columns, within the columns' reach: group headers. One cell squarely over
    one column is that column's name wrapped, not a group."""
    if len(over) == 1 and over[0][1] is not None:
        return False
    # a group's words are centred over its columns, and may reach past the first or last of them
    return 0 < len(over) < len(columns) and all(len(cell.text.split()) <= 3 for cell, _ in over) \
        and all(columns[0][0] - 2 <= (cell.start + cell.end) / 2 <= columns[-1][1] + 6 for cell, _ in over)


def _joined(words: list[str]) -> list[str]:
    """A column's header words top to bottom; a word wrapped after "/" joins the next without a space."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].endswith("/"):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def place(lines: list[str]) -> dict[int, Placed]:
    """What the layout says of each line it claims, by 0-based line index."""
    figure_lines = {}
    for number, line in enumerate(lines):
        if "  " in line and (found := _figure_line(number, line)):
            figure_lines[number] = found
    placed: dict[int, Placed] = {}
    previous: tuple | None = None  # the last table's columns, their names, its note column and its last line
    for block in _blocks(figure_lines, lines):
        block = _without_label_lines(block, figure_lines, placed)
        if not block:
            continue
        columns = _columns(block)
        if not _aligned(block, columns):
            continue  # figures that stand where their labels end, not in columns: the reader's rules read them
        header = _header(block, lines, columns)
        if header is None:
            if previous is None or not _same_columns(previous[0], columns) or block[0].number - previous[3] > PAGE_BREAK:
                continue
            if len(columns) != len(previous[0]):
                columns = previous[0]  # a block with a column empty throughout: place it by the header's columns
            names, note = previous[1], previous[2]  # the table goes on from the page before, under the same header
            between = range(previous[3] + 1, block[0].number)
            spoiled = _between(block, lines, columns, figure_lines, first=previous[3] + 1)
            if all(not lines[i].strip() or is_page_furniture(lines[i]) or i in spoiled for i in between):
                # a page break: one table still, and a row on it that could not be read is said
                placed.update((i, Placed("skip")) for i in between if i not in spoiled)
                placed.update(spoiled)
        else:
            numbers, names, label = header
            note = _note_column(names)
            figure_columns = _figure_columns(names, note)
            if not figure_columns or not all(names[i] for i in figure_columns):
                continue  # a column with no name over it: not a header this stage can vouch for
            header_label = " ".join([*label, *(names[note] if note is not None else [])])
            column_names = [" ".join(names[i]) for i in figure_columns]
            if len(column_names) == 1 and _UNIT_ONLY.fullmatch(column_names[0]) and _YEAR.search(header_label):
                # "Budget 2025  …  (tkr)": the period is the label's, the one column's name its unit
                header_label, column_names = column_names[0], [header_label]
            placed[numbers[-1]] = Placed("header", header_label, columns=column_names, start=numbers[0])
            for number in numbers[:-1]:
                placed[number] = Placed("skip")
        previous = columns, names, note, block[-1].number
        figure_columns = _figure_columns(names, note)
        placed.update(_between(block, lines, columns, figure_lines))
        for number in range(block[0].number, block[-1].number):  # a page break inside the table: one table still
            if number not in placed and (not lines[number].strip() or is_page_furniture(lines[number])):
                placed[number] = Placed("skip")
        years = _year_labels(block, columns)
        if years and header is not None and note is None:
            # rows named by their years ("År  2025  312 510 …"): the first column is the label
            figure_columns = figure_columns[1:]
            placed[numbers[-1]] = Placed("header", " ".join([*label, *names[0]]), columns=[" ".join(names[i]) for i in figure_columns],
                                         start=numbers[0])
            for line, year in zip(block, years):
                figures = _row(line, columns)[1]
                placed[line.number] = Placed("row", year, figures=[figures[i] for i in figure_columns])
            continue
        for line in block:
            row = None if line.spoiled else _row(line, columns)
            if row is None:  # a figure between two columns, or one no one can read
                placed[line.number] = Placed("unreadable", " ".join(cell.text for cell in line.label))
                continue
            label_text, figures = row
            if not label_text and all(figures[i] is None for i in figure_columns):
                placed[line.number] = Placed("skip")  # a note number alone under "Noter": it cites nothing
                continue
            notes = _note_numbers(line, columns[note]) if note is not None and figures[note] is not None else None
            placed[line.number] = Placed("row", label_text, notes[0] if notes else None,
                                         figures=[figures[i] for i in figure_columns], more_notes=tuple(notes[1:] if notes else ()))
    return placed


def _without_label_lines(block: list[_Line], figure_lines: dict, placed: dict) -> list[_Line]:
    """A line that holds only "(6014)" where the labels start goes on the label above it, not into a column."""
    starts = [line.label[0].start for line in block if line.label]
    if not starts:
        return block
    left = min(starts) + 2
    kept = []
    for line in block:
        if not line.label and all(cell.start <= left for cell, _ in line.figures):
            placed[line.number] = Placed("label", " ".join(cell.text for cell in line.cells))
            del figure_lines[line.number]
        else:
            kept.append(line)
    return kept


def _between(block: list[_Line], lines: list[str], columns: list[tuple[int, int]], figure_lines: dict,
             first: int | None = None) -> dict[int, Placed]:
    """The lines among a table's rows (or right after them) that are no rows of figures: a row with something
    under the columns that is no figure ("84x 512", "1 2 34"), which must not drop out unseen; and a line of
    no words where the labels start ("(6014)"), which is the rest of the label above it."""
    first, last = block[0].number if first is None else first, block[-1].number
    if last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    starts = [line.label[0].start for line in block if line.label]
    found = {}
    for number in range(first, last + 1):
        if number in figure_lines or "\t" in lines[number] or not lines[number].strip() or is_page_furniture(lines[number]):
            continue
        row_cells = cells(lines[number])
        if _YEAR_AT_END.search(row_cells[-1].text) and not any(cell_figure(c.text) for c in row_cells[:-1]) and len(row_cells) > 1:
            found[number] = Placed("skip")  # "Förbundet   Årsredovisning 2025": a running header, no row of the year
            continue
        if starts and len(row_cells) == 1 and row_cells[0].start <= min(starts) + 2 and row_cells[0].end <= columns[0][0] \
                and (_CODE.search(row_cells[0].text) or row_cells[0].text[:1].islower() or _BRACKETED.fullmatch(row_cells[0].text)) \
                and (number - 1 in figure_lines or found.get(number - 1, Placed("")).kind == "label"):
            # "(6014)", "Korsavad (6154)", "kulturföreningar": a code in brackets or words in lower case alone in
            # the labels' place, right under a row (or under such words): its label goes on
            found[number] = Placed("label", row_cells[0].text)
            continue
        under = [c for c in row_cells[1:] if c.end > columns[0][0] and c.start < columns[-1][1] and _DIGIT.search(c.text)]
        labels = [c for c in row_cells if c.end <= columns[0][0]]
        named = any(_WORD.search(c.text) for c in labels) or bool(_BARE_YEAR.fullmatch(row_cells[0].text))
        if under and named and not any(_wordy(c.text) for c in labels):
            found[number] = Placed("unreadable", " ".join(c.text for c in labels) or row_cells[0].text)
    return found


def _year_labels(block: list[_Line], columns: list[tuple[int, int]]) -> list[str] | None:
    """The years that name a block's rows where they stand in its first column, one a row, rising or falling."""
    if len(block) < 2 or len(columns) < 2 or any(line.label for line in block):
        return None
    years = []
    for line in block:
        cell = line.figures[0][0]
        if not _BARE_YEAR.fullmatch(cell.text) or _column_of(cell, columns) != 0 or _row(line, columns) is None:
            return None
        years.append(cell.text)
    steps = [int(b) - int(a) for a, b in zip(years, years[1:])]
    return years if all(step > 0 for step in steps) or all(step < 0 for step in steps) else None


def _same_columns(these: list[tuple[int, int]], those: list[tuple[int, int]]) -> bool:
    """Every column of one block stands over a column of the other: a table going on over a page break."""
    return len(these) >= len(those) and all(any(s < e2 + 1 and e > s2 - 1 for s, e in these) for s2, e2 in those)


def _row(line: _Line, columns: list[tuple[int, int]]) -> tuple[str, list[Figure | None]] | None:
    figures: list[Figure | None] = [None] * len(columns)
    for cell, figure in line.figures:
        column = _column_of(cell, columns)
        if column is None or figures[column] is not None:
            return None
        figures[column] = figure
    # a word in a figure's column ("Strandbadet  Stängt  18 420") says why the cell is empty: no label
    label = [cell for cell in line.label if _column_of(cell, columns) is None or cell is line.label[0]]
    return " ".join(cell.text for cell in label), figures


def _note_column(names: list[list[str]]) -> int | None:
    """The first column is the notes' where its header says "Not"."""
    if len(names) < 2:
        return None
    if names[0] and all(_NOTE_HEAD.fullmatch(word) for word in names[0]):
        return 0
    return None


def _figure_columns(names: list[list[str]], note: int | None) -> list[int]:
    """The columns that hold figures: not the note column, nor a second one ("Not" before the koncern's
    columns, whose notes are the kommun's)."""
    return [i for i in range(len(names)) if i != note and not (names[i] and all(_NOTE_HEAD.fullmatch(w) for w in names[i]))]


def _note_numbers(line: _Line, span: tuple[int, int]) -> list[int] | None:
    """The notes a row cites in the note column: [6, 7] for "6,7"."""
    for cell, _ in line.figures:
        if cell.start < span[1] and cell.end > span[0]:
            return [int(n) for n in _DIGITS.findall(cell.text)] if _NOTE.fullmatch(cell.text) else None
    return None


def unread_blocks(lines, read: set[int], min_rows: int):
    """Blocks of figure lines in two or more aligned columns none of whose lines (1-based) a table read:
    (their line numbers, their column count)."""
    figure_lines = {}
    for number, line in enumerate(lines):
        if "  " in line and (found := _figure_line(number, line)) and len(found.figures) >= 2:
            figure_lines[number] = found
    for block in _blocks(figure_lines, lines):
        numbers = [line.number + 1 for line in block]
        columns = _columns(block)
        # a chart's axis ticks have no labels, and the prose wrapped round a chart goes on in lower case: no table
        labelled = sum(1 for line in block if line.label and not line.label[-1].text[:1].islower())
        # figures out of line are no columns to count, and are said all the same: a table set out so that its
        # columns cannot be told apart must not vanish (min_rows + 1 of them, lest a few lines of prose count)
        aligned = _aligned(block, columns)
        if len(block) >= min_rows + (0 if aligned else 1) and (len(columns) >= 2 or not aligned) \
                and 2 * labelled >= len(block) and not read & set(numbers):
            yield numbers, len(columns) if aligned else None


def unread_runs(lines, read: set[int], min_rows: int = 3):
    """Runs of lines (1-based numbers) that each end in figures after a label, one space apart, as a table
    copied as text is, none of them read by a table: a table whose header the reader did not understand."""
    runs: list[list[int]] = [[]]
    blanks = 0
    for number, line in enumerate(lines, 1):
        text = line.strip()
        blanks = blanks + 1 if not text else 0
        if text and number not in read and (_ends_in_figures(text) or _glued_figures(text)):
            runs[-1].append(number)
        elif text or blanks == 2:  # a line of another kind, or two blank lines, ends a run
            runs.append([])
    yield from (run for run in runs if len(run) >= min_rows)


def _ends_in_figures(text: str) -> bool:
    """"Socialnämnden 4,2 3,9 0,3": a few words, then two figures' digits or more; no sentence."""
    if "  " in text or text[:1].islower() or text.endswith("."):
        return False  # set out in columns, unread_blocks looks at it; prose goes on in lower case
    parts = figure_run(text)
    if len(parts) < 2:
        return False
    one = split_figures(parts, 1)  # "14 636 499 kr" is one figure's digit groups
    if one is not None and one.consumed == len(parts):
        return False
    return 0 < sum(1 for word in text.split() if _WORD.search(word)) <= 8


_LETTER_DIGIT = re.compile(r"[A-Za-zÅÄÖåäö]\d")


def _glued_figures(text: str) -> bool:
    """"Ekmo14 525 tkr11,62 %": cells copied with no space between them, figures glued to the words."""
    tokens = [t for t in text.split() if _DIGIT.search(t)]
    return len(tokens) >= 2 and any(_LETTER_DIGIT.search(t) or _DIGIT_LETTER.search(t) for t in tokens) and not text.endswith(".")


_WORDS_AFTER_FIGURES = re.compile(r"\d\s{2,}[^\W\d_]")


def side_by_side(lines: list[str]) -> list[tuple[int, int, int]]:
    """Blocks of lines that hold two tables side by side ("Medlem  Andel  2025 …      Intäkter, tkr  5 112 …"):
    (first line, last line, 0-based, and the column of spaces between them). A gutter of spaces
    runs down the whole block, with a table's rows either side of it: labels and figures on the left, and on
    the right, labels (words, no figures) before figures, on two lines at least. A table whose columns only
    stand far apart has figures alone right of its gap."""
    found = []
    if sum(1 for line in lines if "  " in line and _WORDS_AFTER_FIGURES.search(line)) < 2:
        return found  # a table's row after another's on one line shows a figure, then after a gap a word
    number = 0
    while number < len(lines):
        if not lines[number].strip() or "\t" in lines[number]:
            number += 1
            continue
        end = number
        while end + 1 < len(lines) and lines[end + 1].strip() and "\t" not in lines[end + 1]:
            end += 1
        if end - number >= 2 and sum(1 for line in lines[number : end + 1] if _WORDS_AFTER_FIGURES.search(line)) >= 2:
            gutter = _gutter(lines[number : end + 1])
            if gutter is not None:
                found.append((number, end, gutter))
        number = end + 1
    return found


def _gutter(block: list[str]) -> int | None:
    """The column of spaces between two tables: the first one down the whole block (three wide in rows of figures)
    right of which two rows at least start with a label of their own, all at one place, and left of which rows
    end in figures."""
    width = max(len(line) for line in block)
    for gap in range(1, width - 2):
        # a column of spaces down the block, and no cell crossing it in a row of figures either side
        if not all(len(line) <= gap or line[gap] == " " for line in block):
            continue
        lefts = [cells(line[:gap]) for line in block]
        if not all(line[gap - 1 : gap + 2].isspace() for line, left in zip(block, lefts)
                   if left and cell_figure(left[-1].text) is not None and len(line) > gap + 1):
            continue
        left_rows = sum(1 for c in lefts if len(c) >= 2 and cell_figure(c[-1].text) is not None)
        labels = [(c[0].start, c[0].text) for c in (cells(line[gap:]) for line in block) if len(c) >= 2 and _WORD.search(c[0].text)
                  and cell_figure(c[0].text) is None and cell_figure(c[-1].text) is not None]
        if left_rows >= 2 and len(labels) >= 2 and len({text for _, text in labels}) == len(labels) \
                and max(start for start, _ in labels) - min(start for start, _ in labels) <= 1:
            return gap
    return None


def place_tabbed(lines: list[str], header_of) -> dict[int, Placed]:
    """Tables of tab-separated cells (a Word or web page table) whose header names no periods the reader's
    tab rules know ("Medlem  Andel  Medlemsavgift, kr 2025", "Belopp, mkr  Not  Kommunen 2025"): the header is
    the tab line right above the first row with figures, each column named by its cell. `header_of` is the
    reader's own header test: a header it reads is left to it."""
    placed: dict[int, Placed] = {}
    number = 0
    while number < len(lines):
        if "\t" not in lines[number]:
            number += 1
            continue
        run = number
        while run < len(lines) and "\t" in lines[run]:
            run += 1
        placed.update(_tabbed(lines, number, run, header_of))
        number = run
    return placed


def _tabbed(lines: list[str], first: int, end: int, header_of) -> dict[int, Placed]:
    rows = [[c.strip() for c in lines[i].split("\t")] for i in range(first, end)]

    def has_figures(row) -> bool:
        return any(cell_figure(c) is not None and not _YEAR.fullmatch(c) for c in row[1:] if c)

    top = next((k for k, row in enumerate(rows) if has_figures(row)), None)
    # a header the reader's tab rules read is theirs: most tables, decided before the rest is looked at
    if not top or header_of(lines[first + top - 1]) is not None:
        return {}
    data = [k for k, row in enumerate(rows) if k >= top and has_figures(row)]
    top -= 1
    names = rows[top]
    columns = sorted({k for r in data for k, c in enumerate(rows[r]) if k > 0 and c and cell_figure(c) is not None})
    note = next((k for k in columns if k < len(names) and _NOTE_HEAD.fullmatch(names[k])), None)
    figure_columns = [k for k in columns if k != note]
    if not figure_columns or any(k >= len(names) or not names[k] for k in figure_columns):
        return {}
    start = figure_columns[0] if note is None else min(note, figure_columns[0])
    placed = {first + top: Placed("header", " ".join([*(c for c in names[:start] if c), *(["Not"] if note is not None else [])]),
                                  columns=[names[k] for k in figure_columns], start=first + top)}
    for k in range(top + 1, len(rows)):
        row = rows[k]
        label = " ".join(c for c in row[:start] if c)
        cells_at = [row[c] if c < len(row) else "" for c in figure_columns]
        figures = [cell_figure(c) if c else None for c in cells_at]
        if not any(figures) and not any(cells_at):
            continue  # a sub-heading: the reader reads it
        if any(c and f is None for c, f in zip(cells_at, figures)):
            placed[first + k] = Placed("unreadable", label)
            continue
        row_note = row[note] if note is not None and note < len(row) else ""
        notes = [int(n) for n in _DIGITS.findall(row_note)] if _NOTE.fullmatch(row_note or "x") else []
        placed[first + k] = Placed("row", label, notes[0] if notes else None, figures=figures, more_notes=tuple(notes[1:]))
    return placed
