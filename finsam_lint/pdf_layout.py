"""A PDF page as layout text, placed from where its words stand on the page.

pypdfium2 (PDFium's compiled core) gives every run of text on a page with its box. Runs on one
baseline make a line; runs close together make one cell ("Budget 202" and "5", drawn apart by
kerning); a gap wider than a space starts a new cell. Each cell is then set at the character
column its x position gives: a figure by its right edge, as figures are right-aligned under their
column, and text by its left edge. Two cells stand at least two spaces apart, so the reader sees a
column break wherever the page has one, also where a PDF printer drew the cells with no space
between them ("Budget 2024Avvikelse").

Measured on ../shared/real (benchmarks/bench.py): pypdf's layout mode lost whole tables and took
18x pdftotext's time; pdfplumber's words read the cells but took 9 s for 35 pages; PDFium reads
them right in about a tenth of a second for the same pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

_NUMERIC = re.compile(r"[-−–(]?\d[\d  .,]*\)?%?-?")
_THOUSANDS = re.compile(r"\d{3}(?: \d{3})*(?:,\d+)?")
_PIECE = re.compile(r"\d{1,2}")
_BROKEN_GROUPS = re.compile(r"([-−–]?)(\d{1,4}(?: \d{1,3})+)(,\d+)?(\s*(?:kr|tkr|mkr|mnkr|%))?")
_DECIMALS = re.compile(r"[,.]\d{1,3}")
_GROUP_END = re.compile(r"(?<![\d,])\d{1,3}$")
_LEADER = re.compile(r"(?:\s*[.·…]){4,}\s*$|^\s*(?:[.·…]\s*){4,}")  # "Kassa . . . . . .", ". . . . 1 234"
_GENERATED = "\x00\x01\x02\x03\ufffe\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _GENERATED + "\r\n"), None)


@dataclass(slots=True)
class Run:
    x0: float
    x1: float
    bottom: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


def page_runs(textpage) -> list[Run]:
    """The page's runs of text with their boxes (PDF points, y upwards)."""
    count, rects = textpage.count_chars(), textpage.count_rects()
    if rects and count < 3 * rects:
        return _glyph_runs(textpage, count)  # glyphs set one by one (Google Docs): PDFium's runs are fragments
    runs = []
    for index in range(rects):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).translate(_INVISIBLE)
        if not text.strip():
            continue
        if text[-1].isspace():  # a run's box takes in its trailing space: a figure's edge is its last digit
            right = _last_glyph_edge(textpage, left, bottom, right, top)
        run = Run(left, right, bottom, top, _LEADER.sub("", text).strip())
        if not run.text:
            continue  # a leader of dots between a label and its figures: set out as text it pushes the figures aside
        if runs and (again := _taken_again(runs[-1], run)):
            # a kerned pair or a ligature ("Ve", "ft") ends a run whose box the next one touches, and the text within
            # that box takes those letters in again ("Verksamhetens", "fter"): they are read once
            run.text = run.text[again:].lstrip()
            if not run.text:
                continue
        runs.append(run)
    return runs


def _taken_again(before: Run, run: Run) -> int:
    """How many letters a run starts with that the run before it, on its line and touching it, ends with."""
    overlap = min(before.top, run.top) - max(before.bottom, run.bottom)
    gap = run.x0 - before.x1
    if gap > 0.5 or overlap < 0.5 * min(before.height, run.height):
        return 0
    least = 1 if gap < -0.3 else 2
    return next((k for k in range(min(len(before.text), len(run.text)), least - 1, -1)
                 if before.text.endswith(run.text[:k])), 0)


def _glyph_runs(textpage, count: int) -> list[Run]:
    """Runs made from the glyphs themselves, each with its font's height (PDFium's loose box): a glyph
    joins the run before it where it follows on the same line within a space's width."""
    import ctypes

    from pypdfium2 import raw

    text = textpage.get_text_range(0, count) if count else ""
    box = raw.FS_RECTF()
    runs: list[Run] = []
    spaced = False
    for index, char in enumerate(text[:count]):
        if char.isspace() or char in _GENERATED:
            spaced = spaced or char.isspace()
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(box)):
            continue
        left, right, bottom, top = box.left, box.right, min(box.bottom, box.top), max(box.bottom, box.top)
        height = top - bottom
        if runs:
            last = runs[-1]
            overlap = min(last.top, top) - max(last.bottom, bottom)
            gap = left - last.x1
            if overlap > 0.5 * min(height, last.height) and -0.3 * height < gap < 0.3 * height:
                if gap < 0 and last.text.endswith(char) and abs(left - (last.x1 - (right - left))) < 0.2 * height:
                    continue  # the same glyph drawn twice over itself
                space = " " if spaced or gap > 0.12 * height else ""
                runs[-1] = Run(last.x0, max(last.x1, right), min(last.bottom, bottom), max(last.top, top), last.text + space + char)
                spaced = False
                continue
        runs.append(Run(left, right, bottom, top, char))
        spaced = False
    return runs


def _last_glyph_edge(textpage, left: float, bottom: float, right: float, top: float) -> float:
    char = textpage.get_index(right - 0.3, (bottom + top) / 2, 1.0, (top - bottom) / 2)
    while char is not None and char > 0 and textpage.get_text_range(char, 1).isspace():
        char -= 1
    if char is None or char < 0:
        return right
    edge = textpage.get_charbox(char)[2]
    return edge if left < edge <= right else right


def _lines(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by baseline, top of the page first, each line left to right.

    A run joins the line when it overlaps the line's height by half its own (or the line's) height: a
    minus sign's box is a sliver in the middle of its line, a header cell set half a line higher is not.
    """
    lines: list[list[Run]] = []
    spans: list[tuple[float, float]] = []
    for run in sorted(runs, key=lambda r: (-(r.bottom + r.top) / 2, r.x0)):
        if spans:
            low, high = spans[-1]
            overlap = min(high, run.top) - max(low, run.bottom)
            if overlap >= 0.5 * min(run.height, high - low):
                lines[-1].append(run)
                if run.height > 0.6 * (high - low):
                    spans[-1] = (min(low, run.bottom), max(high, run.top))
                continue
        lines.append([run])
        spans.append((run.bottom, run.top))
    for line in lines:
        line.sort(key=lambda r: r.x0)
    return lines


def _cells(line: list[Run]) -> list[Run]:
    """Runs joined into cells: a gap narrower than a wide space is inside a cell."""
    size = max(r.height for r in line)  # a minus sign's box is a sliver: the line's height measures its gaps
    cells: list[Run] = []
    pieces: list[list[tuple[str, float, bool]]] = []  # per cell: each run's text, the gap before it, no space by sign
    for run in line:
        if cells:
            last = cells[-1]
            gap = run.x0 - last.x1
            if gap < 0 and last.text.endswith(run.text):
                continue  # the same glyphs drawn twice, over each other (a shadow, a bold imitation)
            if (gap < 0.6 * size or _continues(last.text, run.text, gap, size)) and not _apart(last.text, run.text, gap, size):
                # a minus drawn apart from its figure is still its own, and so are its decimals ("1" ",352")
                sign = last.text in ("-", "−", "–", "(") or _decimal_mark(last.text, run.text)
                space = " " if gap > 0.12 * size and not sign else ""
                cells[-1] = Run(last.x0, run.x1, min(last.bottom, run.bottom), max(last.top, run.top), last.text + space + run.text)
                pieces[-1].append((run.text, gap, sign))
                continue
        cells.append(Run(run.x0, run.x1, run.bottom, run.top, run.text))
        pieces.append([(run.text, 0.0, True)])
    return [Run(c.x0, c.x1, c.bottom, c.top, _regrouped(_letter_spaced(p, size) or c.text)) for c, p in zip(cells, pieces)]


def _letter_spaced(pieces: list[tuple[str, float, bool]], size: float) -> str | None:
    """A cell of letters set apart one by one (a letter-spaced heading: "B a l a n s rä kn i n g"), its words
    joined again: between its letters a gap of their own, between its words one clearly wider. None for a
    cell of words and figures as they come."""
    if len(pieces) < 4 or median(len(text) for text, _, _ in pieces) > 2 or any(len(t) > 1 and _NUMERIC.fullmatch(t) for t, _, _ in pieces):
        return None
    threshold = max(0.12 * size, 1.6 * median(gap for _, gap, _ in pieces[1:]))
    return "".join(("" if sign or gap <= threshold else " ") + text for text, gap, sign in pieces)


def _decimal_mark(left: str, right: str) -> bool:
    """A figure's decimal comma drawn as a glyph of its own ("1" "," "352"): no space either side of it."""
    return (left[-1:].isdigit() and right[:1] in ",.") or (left[-1:] in ",." and left[-2:-1].isdigit() and right[:1].isdigit())


def _apart(left: str, right: str, gap: float, size: float) -> bool:
    """Two figures side by side are two cells even when set close ("4 040" and "5 726"), but a figure's
    thousands set a little wide ("1" and "686") are one, and so is a figure set in pieces by a PDF printer
    that spaces its glyphs ("-1" "74" "304"): a piece of one or two digits is no figure of its own."""
    if gap <= 0.2 * size or not (_NUMERIC.fullmatch(left) and _NUMERIC.fullmatch(right)):
        return False
    return not _continues(left, right, gap, size) and not _PIECE.fullmatch(right)


def _regrouped(text: str) -> str:
    """A figure joined from pieces, its digits grouped in threes again: "-1 74 304" is -174 304."""
    match = _BROKEN_GROUPS.fullmatch(text)
    groups = match.group(2).split() if match else []
    if not match or (len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        return text
    digits = match.group(2).replace(" ", "")
    groups = [digits[max(0, end - 3):end] for end in range(len(digits), 0, -3)][::-1]
    return match.group(1) + " ".join(groups) + (match.group(3) or "") + (match.group(4) or "")


def _continues(left: str, right: str, gap: float, size: float) -> bool:
    """A figure's thousands or decimals set wider than a space ("32" and "050", "1" and ",352"): one cell still."""
    if gap > 0.9 * size or not _NUMERIC.fullmatch(left):
        return False
    return bool(_THOUSANDS.fullmatch(right) and _GROUP_END.search(left)) or bool(_DECIMALS.fullmatch(right) and left[-1:].isdigit())


def page_text(runs: list[Run]) -> list[str]:
    """The page as lines of text, each cell at the column its position gives."""
    if not runs:
        return []
    widths = [(r.x1 - r.x0) / len(r.text.strip()) for r in runs if _NUMERIC.fullmatch(r.text.strip())]
    widths = widths or [(r.x1 - r.x0) / len(r.text.strip()) for r in runs]
    unit = max(median(widths), 1.0)  # one character column: a digit's width
    margin = min(r.x0 for r in runs)  # the page's left margin is column 0
    lines = _lines(runs)
    bottoms = [min(r.bottom for r in line) for line in lines]
    steps = [a - b for a, b in zip(bottoms, bottoms[1:]) if a > b]
    pitch = median(steps) if steps else 1.0  # the page's usual distance from one line to the next
    text_lines: list[str] = []
    for number, line in enumerate(lines):
        if number:  # a gap of more than a line and a half is a blank line, as between paragraphs
            text_lines.extend([""] * min(2, round((bottoms[number - 1] - bottoms[number]) / pitch) - 1))
        text = ""
        for cell in _cells(line):
            content = " ".join(cell.text.split())
            if _NUMERIC.fullmatch(content):
                start = round((cell.x1 - margin) / unit) - len(content)
            else:
                start = round((cell.x0 - margin) / unit)
            if text:
                start = max(start, len(text) + 2)
            text = text.ljust(start) + content
        text_lines.append(text.rstrip())
    return text_lines


def pictured(page) -> bool:
    """Whether a page holds a picture large enough to be a table drawn as one: a tenth of the page or more,
    and at least half its width (a logo or a signature is smaller)."""
    from pypdfium2 import raw

    width, height = page.get_size()
    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) >= 0.5 * width and (right - left) * (top - bottom) >= 0.1 * width * height:
            return True
    return False
