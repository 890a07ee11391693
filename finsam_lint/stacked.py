"""Tables copied one cell per line: a label, then each column's figure on a line of its own.

Copying a table out of a web page or some PDF viewers gives every cell its own line, blank lines
between; the header cells too (`Belopp, mkr` / `Not` / `2025` / `2024`), often under group
headers (`Kommunen`, `Kommunkoncernen`). The header is a run of such cells naming periods; its
column count then says how many figure lines belong to each label. An empty cell shows as more
blank lines than the usual gap between two cells, so a short row still puts its figures in their
columns. What this reads is handed to the reader like the layout stage's readings (layout.Placed).
"""

from __future__ import annotations

import re
from collections import Counter

from .layout import Placed, cell_figure, is_page_footer, spoiled_figure
from .numbers import figure_run

_YEAR = re.compile(r"\(?(?:19[5-9]\d|20\d\d)(?:-\d\d-\d\d)?\)?")
_PERIOD_WORDS = {
    "utfall", "budget", "prognos", "bokslut", "avvikelse", "avv.", "plan", "helår", "helårsprognos", "ack.", "ack",
    "ackumulerat", "delår", "återstår", "differens", "diff", "ram",
}
_NOTE = re.compile(r"(?i)not(er)?\.?")
_NOTE_NUMBER = re.compile(r"\d{1,2}")
_UNIT = re.compile(r"(?i).*\b(tkr|mkr|mnkr|kr|belopp)\b.*")
_LETTER = re.compile(r"[A-Za-zÅÄÖåäö]")
_MIN_COLUMNS = 2
_WITH_NOTE = re.compile(r"(.*?\b(?:tkr|mkr|mnkr|kr)\b\)?)\s+Not(?:er)?\b\s*(.*)", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-ZÅÄÖ][a-zåäö]*(?:\s+[a-zåäö]+)*")  # "Kommunen", "Sammanställd redovisning"


def _year(name: str) -> int:
    match = _YEAR.search(name)
    return int(match.group().strip("()")[:4]) if match else 0


def _period(text: str) -> bool:
    """A header cell naming a period: "2025", "Bokslut 2024", "Budget" (its year on the next line)."""
    words = text.lower().split()
    return bool(words) and all(_YEAR.fullmatch(w) or w in _PERIOD_WORDS for w in words)


def _is_label(text: str) -> bool:
    return bool(_LETTER.search(text)) and cell_figure(text) is None and len(text.split()) <= 12


def place_stacked(lines: list[str], claimed: dict) -> dict[int, Placed]:
    """What one-cell-per-line tables say of their lines, by 0-based index; lines already claimed are left."""
    cells = [(i, text.strip()) for i, text in enumerate(lines) if text.strip() and "\t" not in text
             and "  " not in text.strip() and not is_page_footer(text)]
    placed: dict[int, Placed] = {}
    done = 0  # cells before this one are read
    for position, (_, text) in enumerate(cells):
        if position < done or len(text) > 24 or not (_period(text) or _NOTE.fullmatch(text)):
            continue  # a header's first period or Not cell; most lines are nothing of the kind
        start = position
        while start > done and position - start < 4 and _is_label(cells[start - 1][1]):
            start -= 1
        header = _header(cells, start, lines)
        if header is None or any(i in claimed for i, _ in cells[start:header[0]]):
            continue
        end, names, label, note, header_lines = header
        rows, stop = _rows(cells, end, len(names), note)
        if not rows and not _figures_follow(cells, end, len(names)):
            continue
        placed[header_lines[-1]] = Placed("header", label, columns=names, start=header_lines[0])
        for i in header_lines[:-1]:
            placed[i] = Placed("skip")
        for row in rows:
            placed.update(row)
        last = max(placed)
        for i in range(header_lines[0], last + 1):  # blank lines inside are empty cells, not a table's end
            if i not in placed and not lines[i].strip():
                placed[i] = Placed("skip")
        done = stop
    return placed


def _header(cells, position, source_lines):
    """A run of header cells from `position`: (where it ends, column names, label, note column, its lines).
    The cells follow each other with blank lines alone between them: "Budget 2027" and "Ram 2028" with a table
    set out in columns between them are two titles, no header."""
    index = position
    label: list[str] = []
    groups: list[tuple[int, str]] = []
    named_groups: list[str] = []  # groups named on the unit's line, shared out where the years start again
    lines: list[int] = []
    while index < len(cells) and not _period(cells[index][1]) and not _NOTE.fullmatch(cells[index][1]):
        line, text = cells[index]
        if not _is_label(text) or len(label) + len(groups) >= 4:
            return None
        if _UNIT.fullmatch(text):
            words = _WITH_NOTE.fullmatch(text)  # "(mnkr) Not Kommunen Sammanställd redovisning"
            if words and words.group(2):
                label.append(words.group(1))
                named_groups = _CAPITALISED.findall(words.group(2))
            else:
                label.append(text)
            lines.append(line)
        else:
            groups.append((line, text))
        index += 1
    note = False
    names: list[str] = []
    pending = ""
    while index < len(cells):
        text = cells[index][1]
        if index > position and any(t.strip() for t in source_lines[cells[index - 1][0] + 1 : cells[index][0]]):
            break
        if _NOTE.fullmatch(text) and not names and not note:
            note = True
        elif _period(text):
            if _YEAR.search(text):
                names.append(f"{pending} {text}".strip())
                pending = ""
            elif pending:
                names.append(pending)
                pending = text
            else:
                pending = text
        elif _UNIT.fullmatch(text) and not names:
            label.append(text)
        else:
            break
        lines.append(cells[index][0])
        index += 1
    if pending:
        names.append(pending)
    if len(names) < _MIN_COLUMNS or index >= len(cells) or not _is_label(cells[index][1]):
        return None
    if named_groups:
        note = True
        restarts = [0] + [k for k in range(1, len(names)) if _year(names[k]) < _year(names[k - 1])] + [len(names)]
        if len(restarts) - 1 == len(named_groups):  # "Bokslut 2024 … Budget 2025 | Bokslut 2024 …": a group each
            names = [f"{group} {name}" for group, a, b in zip(named_groups, restarts, restarts[1:]) for name in names[a:b]]
    # Group headers over the columns ("Kommunen", "Kommunkoncernen"): each over an equal share of them. Words
    # before them, or that do not share the columns out, are titles for the reader to see.
    for size in range(len(groups), 1, -1):
        if len(names) % size == 0 and len(names) // size >= 2:
            share, over = len(names) // size, groups[-size:]
            names = [f"{over[k // share][1]} {name}" for k, name in enumerate(names)]
            lines = sorted([*lines, *(line for line, _ in over)])
            break
    if not lines:
        return None
    return index, names, " ".join([*label, *(["Not"] if note else [])]), note, lines


def _figures_follow(cells, index, count) -> bool:
    """A label, then all of its figures on the next line or its own ("Skatteintäkter" / "6 731,6 770,2 …"):
    rows the reader's own rules read, under this header."""
    return any(len(figure_run(text)) >= count for _, text in cells[index : index + 2])


def _rows(cells, index, count, note):
    """The rows after a header: ([{line: Placed}], where the table ends)."""
    gaps = Counter(cells[k + 1][0] - cells[k][0] - 1 for k in range(index, min(len(cells) - 1, index + 40)))
    normal = gaps.most_common(1)[0][0] if gaps else 0
    width = count + (1 if note else 0)
    rows = []
    while index < len(cells):
        line, text = cells[index]
        if not _is_label(text) or len(text.split()) > 12:
            break
        label, label_lines, index = text, [line], index + 1
        while index < len(cells) and _is_label(cells[index][1]) and cells[index][1][:1].islower() \
                and cells[index][0] == label_lines[-1] + 1:
            label += " " + cells[index][1]  # a label wrapped over two lines
            label_lines.append(cells[index][0])
            index += 1
        slots: list = []
        previous = label_lines[-1]
        figure_lines = []
        spoiled = False  # a cell meant as a figure that is none ("3x 118"): the row is said, not read
        while index < len(cells) and len(slots) < width:
            at, cell = cells[index]
            figure = cell_figure(cell)
            if figure is None and spoiled_figure(cell):
                spoiled = True
            elif figure is None:
                break
            slots.extend([None] * ((at - previous - 1 - normal) // (normal + 1)))  # empty cells before it
            slots.append((figure, cell))
            figure_lines.append(at)
            previous = at
            index += 1
        if not figure_lines:
            rows.append({})  # a sub-heading: the reader reads it as one
            continue
        if len(slots) > width:
            break
        slots += [None] * (width - len(slots))
        row_note = None
        if note:
            first = slots.pop(0)
            if first is not None and first[0] is not None:
                if not _NOTE_NUMBER.fullmatch(first[1]):
                    break
                row_note = int(first[1])
        if spoiled:
            placed = {label_lines[0]: Placed("unreadable", label)}
        else:
            placed = {label_lines[0]: Placed("row", label, row_note, figures=[s and s[0] for s in slots])}
        placed.update({i: Placed("skip") for i in label_lines[1:] + figure_lines})
        rows.append(placed)
    while rows and not rows[-1]:
        rows.pop()
    if not any(rows):
        return [], index
    return [row for row in rows if row], index
