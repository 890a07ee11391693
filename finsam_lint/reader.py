"""From report text to tables: headers with periods, rows with labels, notes and figures.

A table starts at a column header (a line naming periods: "2025 2024",
"Prognos 2023 Budget 2024", tab-separated "Utfall jan-dec 2023 ...") and runs
until a heading, a paragraph of prose, another header or a gap of blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product, takewhile

from .interval import Interval
from .interval import total as total_of
from .layout import PAGE_BREAK, Placed, cell_figure, cells, is_page_furniture, place, place_tabbed, side_by_side, spoiled_figure
from .stacked import place_stacked
from .model import Column, Document, Row, Table, Value, normalize_label
from .numbers import Split, figure_run, parse_part, plain_figure, quick_split, split_figures, tokenize, trailing_run
from .source import Source

# A year, or a balance date naming one ("2024-12-31"), standing alone.
YEAR = re.compile(r"(?<![\d\-/.])(19[5-9]\d|20\d\d)(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))?(?![\d\-/.])")
PERIOD_WORDS = {
    "utfall", "budget", "prognos", "avvikelse", "bokslut", "aktuell", "reviderad", "ursprunglig",
    "helår", "helårsprognos", "delår", "delårsbokslut", "ack", "ackumulerat", "period", "jan-dec",
    "jan–dec", "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    "t1", "t2", "t3", "tertial", "q1", "q2", "q3", "q4", "diff", "differens", "mot", "utfall-budget",
    "-", "–", "år", "föregående", "innevarande", "beslutad", "plan", "avv", "ram",
}
QUALIFIERS = ("avvikelse", "budget", "prognos")  # first match names the column's kind
KINDS = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("income", r"resultaträkning|resultatrakning"),
    ("balance", r"balansräkning|balansrakning"),
    ("cashflow", r"kassaflödesanalys|finansieringsanalys|kassaflöde"),
    ("equity", r"förändring(ar)? (av|i) eget kapital"),
    ("operating", r"drifts?redovisning|^drift(en)?$"),
    ("key_ratios", r"nyckeltal"),
    ("overview", (r"översikt|flerårsöversikt|femårsöversikt|verksamhetens utveckling|sammandrag"
                  r"|^ekonomi(sk sammanfattning)?(\s*\((tkr|mkr|mnkr|kr)\))?$")),
    ("member_fees", r"medlemsavgift|medlemsbidrag|medelstilldelning"),
    # an investment table is read as a budget is (budget, outcome, deviation), but its title names it: it is no
    # passing mention of a budget, and a nearer title than a "Driftredovisning" above it
    ("investments", r"investeringsredovisning|investeringsbudget|^investeringar\b"),
    ("budget", r"\bbudget"),  # a "Resultatbudget" is what its rows say: an income statement, in plan
    # what counts things (visitors, places, staff) is no budget and no statement, whatever its columns say
    ("counts", r"^statistik\b|^antal\b"),
))
# What a statement's own rows say it is, where its title does not: two of these rows make the kind.
CONTENT_KINDS = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("income", r"verksamhetens (intäkter|kostnader|nettokostnader)|skatteintäkter|finansiella (intäkter|kostnader)"
               r"|resultat (före|efter) (extraordinära|finansiella) poster|årets resultat"),
    ("balance", r"summa (tillgångar|anläggningstillgångar|omsättningstillgångar|eget kapital och skulder|skulder)"
                r"|summa eget kapital, avsättningar och skulder"),
    ("cashflow", r"likvida medel vid (årets|periodens) (början|slut)|(medel|kassaflöde) från (den löpande|investerings|finansierings)"
                 r"|årets kassaflöde"),
    ("key_ratios", r"(soliditet|likviditet|kassalikviditet|balanslikviditet)\b.*|nettoinvesteringar|långfristiga? skuld(er)?"),
    ("member_fees", r"försäkringskassan|staten|(region|landstinget)( [\wåäö-]+)*|[\wåäö-]+ (kommun|stad)"
                    r"|(medlemsbidrag|medlemsavgift)(er)?( \d{4})?"),  # the members, or their fees year by year
))
_DIGIT_RUN = re.compile(r"\d+")
TOTAL_LABEL = re.compile(r"(summa|s:a|totalt?)\b")  # what a total is called: only to settle a reading by its sums
NOTE_TITLE = re.compile(r"(?i)^\s*(?:bilaga\s+)?not(?:er)?\.?\s*(\d{1,2})\b")
# A heading in the cleaned text: numbered ("2.1 Verksamheten"), a note's title ("NOT 3 ..."), or an appendix's.
HEADING = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ][^\d\t]{2,80}$|(?i:(?:bilaga\s+)?not(?:er)?\.?\s*\d{1,2}\b|bilaga\b))")
UNIT_TEXT = re.compile(r"(?i)(?:\(|\bbelopp\s+(?:i\s+)?|\b)(tkr|mkr|mnkr|kr|tusental kronor|tusen kronor|miljoner kronor)\b")
NOTE_HEADER = re.compile(r"(?i)\bnot(er)?\.?$")
NOTE_CELL = re.compile(r"(?i)(?:not\.?\s*)?(\d{1,2})")
BARE_NOTE = re.compile(r"(?:^|\s)(\d{1,2})((?:\s*,\s*\d{1,2})*)$")  # "… 6", "… 6,7", "… 2, 3, 14"; "8" before figures
LETTER = re.compile(r"[A-Za-zÅÄÖåäö]")
REPORT_YEAR = re.compile(r"(?i)årsredovisning(?:en)?\s+(?:för\s+(?:år\s+)?)?((?:19|20)\d\d)\b")
ASSOCIATION = re.compile(r"(?i)samordningsförbund(?:et)?\s+(?:i\s+)?([A-ZÅÄÖ][\wåäöÅÄÖ-]+(?:\s+län)?)")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
NOTE_IN_LABEL = re.compile(r"(?i)\s*\bnot(?:er)?\.?\s*(\d{1,2})\s*$")
WORD = re.compile(r"[A-Za-zÅÄÖåäö]{4}")  # a title names something; "(kr)" or "2024" does not
UNIT_LINE = re.compile(r"(?i)(belopp\s+(i\s+)?\w+|\(?(tkr|mkr|mnkr|kr|miljoner kronor|tusental kronor)\)?)(\s+not)?")  # no title
APPENDIX = re.compile(r"(?i)\bbilaga\b")
NOTES_TITLE = re.compile(r"(?i)\s*(?:[A-Z]\.\s*)?noter\b.*")  # "Noter", "NOTER", "C. NOTER TILL BALANSRÄKNINGEN"
NUMBERED_TITLE = re.compile(r"\s*(\d{1,2})\.?\s+[A-ZÅÄÖ]")
DATE_RANGE = re.compile(r"^\D*(?:19|20)\d\d-\d\d-\d\d\s*[-–]\s*(?:19|20)\d\d-\d\d-\d\d\s*$")
RUN_TOGETHER = re.compile(r"((?:19|20)\d\d)(?=[A-ZÅÄÖ][a-zåäö])")
# A title alone on its line ends the table above it, as a sub-heading ("Omsättningstillgångar") does not: it
# names a statement or a report's section ("Balanskravsutredning", "Investeringsredovisning (tkr)")
SECTION_TITLE = re.compile(r"(?i)[a-zåäö]+(?:redovisning|räkning|analys|utredning|översikt|sammanställning|uppföljning)"
                           r"(?:\s*\((?:tkr|mkr|mnkr|kr)\))?")
FRAME = re.compile(r"\bram\b")  # "Ram 2028": the budget frame of a year to come
UNFINISHED = re.compile(r"(?i)(,|\boch|\bsamt|\bexkl\.?|\binkl\.?|[-–/])$")  # a label that goes on on the next line
PLANNED = re.compile(r"budget|plan\b|prognos|\bram\b")  # a column of what is to come, not of the outcome
PAGE_NUMBER = re.compile(r"\d{1,3}|[-–—]\s*\d{1,3}\s*[-–—]")  # "41", "– 41 –"
CONTINUED = re.compile(r"(?i)\bforts(?:\.|ättning|att)?\b")  # "Balansräkning, forts.": the table goes on
SIDE_KINDS = ("budget", "operating", "member_fees")  # a table beside a row of these breaks its figure down alike
CAPTION = re.compile(r"(?i)^(?:tabell|tab\.)\s*\d+[.:]?\s+")  # "Tabell 1 Översikt …" under its table
MARGIN_NOTE = re.compile(r"\s*(\d{1,2})\s{2,}[A-ZÅÄÖ][^\d]*$")


@dataclass
class Header:
    label: str
    columns: list[Column]
    cells: list[int] | None  # for tab-separated headers: the cell index of each column
    note_at: int | None = None  # for them too: the cell of a note column after the figures ("2025  2024  Not")

    @property
    def note_column(self) -> bool:
        """The header names a note column ("Not  2024  2023"): a small number ending a label is a note."""
        return bool(NOTE_HEADER.search(self.label))


@lru_cache(maxsize=1 << 10)  # headers name the same periods table after table; a Column is immutable
def _column(name: str) -> Column:
    year = YEAR.search(name)
    lowered = normalize_label(name)  # "Avv. mot budget" is "avvikelse mot budget"
    qualifier = next((q for q in QUALIFIERS if q in lowered), "budget" if FRAME.search(lowered) else "")
    return Column(name, int(year.group(1)) if year else None, qualifier)


_COMPOUND_PERIOD = re.compile(r"[a-zåäö]{3,}(?:avvikelse|prognos|budget|utfall)")  # "budgetavvikelse", "årsbudget"


def _is_period_word(word: str) -> bool:
    word = word.lower().strip(",:().")  # "Avv.", "Ack."
    return word in PERIOD_WORDS or bool(_COMPOUND_PERIOD.fullmatch(word))


def _is_period_cell(cell: str) -> bool:
    if cell[:1].isdigit() and not cell[:4].isdigit():
        return False  # a figure ("6 605 065"): a year starts with four digits, and no period word with one
    return _names_periods(cell)


@lru_cache(maxsize=1 << 12)  # every table's header names its periods again: "2024", "Budget 2024"
def _names_periods(cell: str) -> bool:
    words = cell.split()
    if not words or not (_is_period_word(words[0]) or YEAR.fullmatch(words[0].strip("()"))):
        return False  # what the check below asks of every word, asked of the first: most cells are figures
    has_year = bool(YEAR.search(cell))
    rest = [w for w in words if not YEAR.fullmatch(w.strip("()"))]
    return all(_is_period_word(w) for w in rest) and (has_year or any(w.lower() in QUALIFIERS + ("utfall",) for w in rest))


def parse_header(line: str) -> Header | None:
    if "\t" not in line and _no_header_end(line):
        return None  # most lines are rows of figures: turned down before the searches below
    if DATE_RANGE.search(line):  # "Räkenskapsåret 2025-01-01 - 2025-12-31": one period, no two columns
        return None
    if RUN_TOGETHER.search(line):  # "Utfall 2024Budget 2024Avvikelse": cells a PDF printer set with no space
        line = RUN_TOGETHER.sub(r"\1 ", line)
    if "\t" in line:
        end = line.rstrip()
        note_at = None
        if NOTE_HEADER.fullmatch(end[end.rfind("\t") + 1 :].strip()) and end.count("\t") >= 2:
            note_at, end = end.count("\t"), end[: end.rfind("\t")]  # "2025-12-31  2024-12-31  Not": notes last
            line = end
        if not _is_period_cell(end[end.rfind("\t") + 1 :]):  # every cell after the label names a period
            return None
        cells = [c.strip() for c in line.split("\t")]
        filled = [i for i, c in enumerate(cells) if c]
        leading = []  # label columns before the periods: "Medlem", "Andel", "Not"
        while filled and not _is_period_cell(cells[filled[0]]):
            leading.append(cells[filled.pop(0)])
        label = " ".join(leading)
        if not filled or len(leading) > 3 or not all(_is_period_cell(cells[i]) for i in filled):
            return None
        if not (any(YEAR.search(cells[i]) for i in filled) or len(filled) >= 2):
            return None
        if len(filled) == 1 and not any(_is_period_word(w) for w in cells[filled[0]].split()) and not _names_a_table(label):
            return None
        bare = [YEAR.fullmatch(cells[i]) for i in filled]
        if all(bare) and not _consecutive([int(m.group(1)) for m in bare]):
            return None
        return Header(label, [_column(cells[i]) for i in filled], filled, note_at)
    # The last word alone first: splitting a paragraph into words is slow.
    last = line.rsplit(None, 1)[-1:]
    if _no_header_end(line):
        return None
    if not (YEAR.fullmatch(last[0]) or _is_period_word(last[0])) or not YEAR.search(line):
        return None  # every word after the first year is a year or a period word, and there must be a year
    words = line.split()
    years = [i for i, w in enumerate(words) if YEAR.fullmatch(w)]
    if not years:
        return None
    first = years[0]
    start = first
    while start > 0 and _is_period_word(words[start - 1]) and not words[start - 1].isdigit():
        start -= 1
    after = words[first:]
    if not all(YEAR.fullmatch(w) or _is_period_word(w) for w in after):
        return None
    period_words = [w for w in words[start:] if not YEAR.fullmatch(w)]
    label_words = words[:start]
    if len(years) < 2 and not period_words and not _names_a_table(" ".join(label_words)):
        return None
    if not period_words and not _consecutive([int(YEAR.fullmatch(words[i]).group(1)) for i in years]):
        return None  # "Lokaler 2010 2015": figures, not periods
    if any(parse_part(t) for t in tokenize(" ".join(label_words))[-1:]):
        return None
    columns, pending = [], []
    for word in words[start:]:
        pending.append(word)
        if YEAR.fullmatch(word):
            columns.append(_column(" ".join(pending)))
            pending = []
    if pending and (_column(" ".join(pending)).qualifier or any(w.lower() == "utfall" for w in pending)):
        columns.append(_column(" ".join(pending)))
    return Header(" ".join(label_words), columns, None)




def _no_header_end(line: str) -> bool:
    """Whether a line's last word cannot end a header without tabs: a figure's last digit group ("065") is no
    year, and no period word starts with a digit; neither ends a sentence. RUN_TOGETHER's spaces leave such
    a last word as it is (or cut off its head only, which keeps its last character)."""
    last = line.rsplit(None, 1)[-1:]
    return not last or last[0][:1].isdigit() and len(last[0]) < 4 or last[0][-1] == "." and not _is_period_word(last[0])


def _consecutive(years: list[int]) -> bool:
    """Bare years head columns only as a run of consecutive years (2025 2024 2023)."""
    steps = {b - a for a, b in zip(years, years[1:])}
    return steps <= {1} or steps <= {-1}


def qualifier_line(line: str) -> list[str] | None:
    """A line of period words alone ("Prognos Budget"): the first half of a two-line header."""
    if "\t" in line:
        parts = [c.strip() for c in line.split("\t") if c.strip()]
    else:
        parts = line.split()
    if len(parts) >= 2 and all(all(_is_period_word(w) for w in p.split()) for p in parts):
        return parts
    return None


def is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= 10 or len(text) > 100 or (text.rstrip().endswith((".", "!", "?")) and len(words) >= 4)


def is_heading(original: str, clean: str) -> bool:
    return bool(MARKDOWN_HEADING.match(original) or HEADING.match(clean))


def _names_a_table(text: str) -> bool:
    """A title such as "Resultaträkning" or "NOT 3 Fordringar": enough to make "<title> 2024" a header."""
    return bool(text) and _known(_kind([text], [])[0]) != "other"


def _kind(texts: list[str], columns: list[Column]) -> tuple[str, int | None]:
    """What the titles say a table is. "Budget" is the weakest word: a title naming a statement wins over a
    nearer line that mentions a budget ("Driftsredovisning" over "Utfall i förhållande till budget")."""
    for text in texts:
        note = NOTE_TITLE.match(text)
        if note:
            return "note", int(note.group(1))
    lowered = [text.lower() for text in texts]
    for strong in (True, False):
        for text in lowered:
            for kind, pattern in KINDS:
                if (kind != "budget") == strong and pattern.search(text):
                    return kind, None
    for column in columns:  # a column may say it too ("Medlemsbidrag 2026, tkr")
        for kind, pattern in KINDS:
            if kind != "budget" and pattern.search(column.name.lower()):
                return kind, None
    if any(c.qualifier in ("budget", "prognos") for c in columns):
        return "budget", None
    return "other", None


def _known(kind: str) -> str:
    """A kind as the rules know it: counts are "other", an investment table is read as a budget is."""
    return {"counts": "other", "investments": "budget"}.get(kind, kind)


def _kind_of_rows(rows: list[Row]) -> str:
    """A table titled by nothing the reader knows, named by its rows: "Verksamhetens intäkter" and "Årets
    resultat" make an income statement. Rows of two kinds, or key ratios among them (an overview), leave it."""
    found = set()
    figures = [row for row in rows if any(row.values)]
    items = sum(1 for row in figures if not TOTAL_LABEL.match(row.key))
    for kind, pattern in CONTENT_KINDS:
        named = sum(1 for row in figures if pattern.fullmatch(row.key))
        # members' rows make a members' table only where they are most of it, not a budget's income lines
        if named >= 2 and (kind != "member_fees" or 2 * named >= items):
            found.add(kind)
    # key ratios beside statement lines are an overview, whose lines may be defined otherwise: left as read
    return found.pop() if len(found) == 1 and "key_ratios" not in found else "other"


def _unit(texts: list[str]) -> str | None:
    for text in texts:
        match = UNIT_TEXT.search(text)
        if match:
            word = match.group(1).lower()
            return {"tusental kronor": "tkr", "tusen kronor": "tkr", "miljoner kronor": "mkr", "mnkr": "mkr"}.get(word, word)
    return None


def _inherit_units(tables: list[Table], unit: str) -> None:
    """A table that states no unit is in the unit the statements state (notes under "Resultaträkning (tkr)"),
    or where none does, in the report's unit (kr unless the association's profile says otherwise)."""
    default = next((t.unit for t in tables if t.unit and t.kind in ("income", "balance", "cashflow")), unit)
    for table in tables:
        table.unit = table.unit or default


class _Reader:
    def __init__(self, source: Source, unit: str):
        self.source, self.unit = source, unit
        self.tables: list[Table] = []
        self.table: Table | None = None
        self.header: Header | None = None
        self.blank_run = 0
        self.recent: list[tuple[int, str, bool]] = []  # (line, text, is heading) of lines outside tables
        self.section = ""
        # What the layout's positions say (layout.py) and tables copied a cell per line (stacked.py); the
        # rest is read line by line.
        self.placed = place(source.clean)
        self.placed.update(place_stacked(source.clean, self.placed))
        self.placed.update(place_tabbed(source.clean, parse_header))
        self.furniture = _repeated_page_edges(source)  # a page's running title or footer, by its 1-based line
        self.block: Header | None = None  # the last header the layout placed: rows after a sub-title go on under it
        self.kind_by_columns = False  # the open table is a budget by a column's name alone
        self.planned = False  # most of its columns are budgets, plans and forecasts
        self.titled = False
        self.closed_label = ""  # the header label of the table closed last
        self.side: tuple[Table, Row, int] | None = None  # a table beside the open one: it, its total, its labels' column
        self.in_notes = False  # a "Noter" title has been passed: numbered titles after it name notes
        self.block_unit: str | None = None  # the unit the layout's last header's table is in

    def run(self) -> list[Table]:
        for number, (original, clean) in enumerate(zip(self.source.lines, self.source.clean), start=1):
            self.line(number, original, clean)
        if self.side is not None:
            self.side_row(len(self.source.lines) + 1, "")
        self.close()
        self.tables.sort(key=lambda table: table.line)  # a side table is done before the one beside it
        _inherit_units(self.tables, self.unit)
        return self.tables

    def line(self, number: int, original: str, clean: str) -> None:
        if self.side is not None and self.side_row(number, clean):
            return
        placed = self.placed.get(number - 1)
        if placed is not None:
            if number not in self.furniture or placed.kind == "header":  # a page's number ("41") is no short row
                self.place(number, placed)
            return
        text = clean.strip()
        if not text or is_page_furniture(text) or number in self.furniture:
            self.blank_run += 1
            if self.table and self.blank_run >= 3:
                self.close()
            return
        blank_before = self.blank_run > 0
        self.blank_run = 0
        header = parse_header(clean)
        if header:
            self.close()
            self.open(number, header)
            return
        if self.table and CAPTION.match(text) and any(any(r.values) for r in self.table.rows):
            # "Tabell 1 Översikt över verksamhetens utveckling" under a table is its title; over one, the next's
            kind, note = _kind([CAPTION.sub("", text)], [])
            if not self.titled and kind != "other":
                self.table.kind, self.table.note = _known(kind), note
                self.kind_by_columns = False
            self.table.title = self.table.title or _clean_label(text)
            self.close()
            return
        row = self.row(number, clean) if self.table else None
        if row is not None and _a_year_only(row) and YEAR.search(row.label):
            row = None  # "Medlemsavgifter 2025 och 2024": the next table's title, its years no figure
        if (row is None or original.lstrip().startswith("#")) and (is_heading(original, clean) or SECTION_TITLE.fullmatch(text)):
            self.close()
            self.section = text
            self.remember(number, text, True)
            return
        if (row is None or _a_year_only(row)) and self.table and self.table.rows and _continues_label(text) \
                and not blank_before and self.table.end_line >= number - 2 and any(self.table.rows[-1].values):
            # a label wrapped after its figures: "Övriga kortfristiga  4  1 200" over "skulder"
            self.table.rows[-1] = replace(self.table.rows[-1], label=f"{self.table.rows[-1].label} {text}")
            return
        if row is None and self.table and _spoiled_row(text):  # "Verksamhetens kostnader 2 -82 604 -87x 016 …"
            self.append(Row(_clean_label(_leading_words(text)), number, [None] * len(self.table.columns), ambiguous=True),
                        number, blank_before)
            return
        if row is None:
            if self.table and (is_prose(text) or not LETTER.search(text)):
                self.close()
            if self.table:
                label, note = _note_off(text)  # "Summa eget kapital Not 6", its figures on the next line
                self.table.rows.append(Row(_clean_label(label), number, [None] * len(self.table.columns), note))
                self.table.end_line = number
            elif not figure_run(text):
                self.remember(number, text, False)
            return
        self.append(row, number, blank_before)

    def append(self, row: Row, number: int, blank_before: bool) -> None:
        previous = self.table.rows[-1] if self.table.rows else None
        if (
            (row.label[:1].islower() or previous is not None and UNFINISHED.search(previous.label))
            and not row.label.lower().startswith("varav")
            and previous is not None
            and previous.is_heading
            and number - previous.line <= 3
        ):  # a label broken over two lines: "Summa eget kapital och" / "skulder 8 894 953", "SUMMA EGET KAPITAL," / "AVSÄTTNINGAR …"
            self.table.rows[-1] = replace(row, label=f"{previous.label} {row.label}", line=previous.line)
        elif (
            not row.label
            and previous is not None
            and previous.is_heading
            and previous.line == number - 1
            and not blank_before
        ):
            self.table.rows[-1] = replace(row, label=previous.label, line=previous.line, note=row.note or previous.note)
        else:
            self.table.rows.append(row)
        self.table.end_line = number

    def place(self, number: int, placed: Placed) -> None:
        """A line the layout has read: a header opens a table, a row goes into it."""
        blank_before = self.blank_run > 0
        self.blank_run = 0
        if placed.kind == "skip":
            return
        if placed.kind == "header":
            self.close()
            self.block = Header(placed.label, [_column(name) for name in placed.columns], None)
            self.open(number, self.block, placed.start + 1)
            self.block_unit = self.table.unit
            return
        if placed.kind == "label":  # "(6014)" under "Ny inredning, biblioteket": the label goes on
            if self.table is not None and self.table.rows:
                self.table.rows[-1] = replace(self.table.rows[-1], label=f"{self.table.rows[-1].label} {placed.label}")
            return
        if placed.kind == "unreadable":  # a row under the columns whose cells are no figures: FL003 names it
            if self.table is not None:
                self.table.rows.append(Row(_clean_label(placed.label), number, [None] * len(self.table.columns), ambiguous=True))
                self.table.end_line = number
            return
        values = [None if figure is None else Value(figure, number) for figure in placed.figures]
        if self.table is not None and len(self.table.columns) != len(values):
            self.close()
        if self.table is None:  # rows under the block's header after a sub-title ("2  Verksamhetens kostnader")
            # the same columns as the header before, which titled its own table: only its note column carries on
            self.open(number, replace(self.block, label="Not" if self.block.note_column else ""))
            self.table.unit = self.table.unit or self.block_unit
        label, note = (placed.label, placed.note) if placed.note is not None else _note_off(placed.label)  # "… Not 2"
        self.append(Row(_clean_label(label), number, values, note, more_notes=placed.more_notes), number, blank_before)

    def remember(self, number: int, text: str, heading: bool) -> None:
        self.in_notes = self.in_notes or bool(NOTES_TITLE.fullmatch(text))
        self.recent = [*self.recent[-11:], (number, text, heading)]

    def open(self, number: int, header: Header, start: int | None = None) -> None:
        """A table under `header` at line `number`; its titles are the lines just above `start` (its header's first line)."""
        titles: list[str] = []
        sentences = 0  # a few lines of prose between a title and its table ("Tabellen visar nämndernas …")
        for line, text, heading in reversed(self.recent):
            if (start or number) - line > 6 + sentences:
                break
            if not heading and (is_prose(text) or text.endswith(".") and not NOTE_TITLE.match(text)):
                sentences += 1  # a paragraph's lines, its last ("budget.") too: an introduction to the table
                if sentences > 8:
                    break
                continue
            qualifiers = qualifier_line(text)
            if qualifiers and len(qualifiers) == len(header.columns) and not titles:
                header.columns = [
                    _column(f"{q} {c.name}") if c.year and not c.qualifier else c
                    for q, c in zip(qualifiers, header.columns)
                ]
                continue
            titles.append(text)
            if len(titles) == 3:
                break
        previous = self.tables[-1] if self.tables else None
        if previous and self._goes_on(previous, header, start or number, titles):
            # the header repeated over the rest of a table on the next page: the same table goes on under it
            self.tables.pop()
            self.table, self.header, self.recent = previous, header, []
            return
        texts = [t for t in [header.label, *titles] if t]
        kind, note = _kind(texts, header.columns)
        # a Budget column beside the outcome makes a budget by its name alone; what the rows say is more (members,
        # an income statement's lines). Columns most of which are budgets and plans are a budget's, whatever its rows.
        # the table's own titles name it, not its section or columns; a title's mere "budget" is the weakest word,
        # and the rows may say more ("Verksamhetsplan och budget 2026" over the members' fees)
        self.titled = _kind(texts, [])[0] not in ("other", "budget")
        self.kind_by_columns = kind == "budget" and not self.titled
        self.planned = 2 * sum(1 for c in header.columns if PLANNED.search(c.name.lower())) > len(header.columns)
        if note is None:
            # under "Noter", a table titled "2  Verksamhetens kostnader" or "4. Inventarier" is note 2 or 4; so is
            # one titled with its number set apart in the margin ("5   Finansiella kostnader") anywhere
            numbered = next((m for t in texts[:3] if (m := (NUMBERED_TITLE if self.in_notes else MARGIN_NOTE).match(t))), None)
            if numbered:
                kind, note = "note", int(numbered.group(1))
        if kind == "other" and self.section:
            kind, note = _kind([self.section], header.columns)
        kind = _known(kind)
        named = [t for t in texts if WORD.search(t) and not UNIT_LINE.fullmatch(t)]
        title = named[0] if named else ""
        if note is not None and not NOTE_TITLE.match(title):
            title = next((t for t in texts if NOTE_TITLE.match(t)), title)
        self.header = header
        self.table = Table(
            kind=kind,
            title=_clean_label(title),
            line=number,
            end_line=number,
            unit=_unit([header.label, *titles, *[c.name for c in header.columns]]),
            columns=header.columns,
            note=note,
            appendix=any(APPENDIX.search(t) for t in texts),
        )
        self.recent = []

    def _goes_on(self, previous: Table, header: Header, start: int, titles: list[str]) -> bool:
        """Whether a header repeats the one of the table before it over a page break (a page's foot or head, a
        form feed, a new page of a PDF between them), with no title of its own but "forts." or the table's."""
        if [c.name for c in previous.columns] != [c.name for c in header.columns] or start - previous.end_line > PAGE_BREAK:
            return False
        between = range(previous.end_line, start - 1)  # 0-based lines after the table's last row
        lines, pages = self.source.clean, self.source.pages
        broken = any("\f" in self.source.lines[i] or is_page_furniture(lines[i].strip()) or i + 1 in self.furniture
                     for i in between) or bool(pages and pages[start - 1] != pages[previous.end_line - 1])
        own = [t for t in [header.label, *titles] if WORD.search(t) and not UNIT_LINE.fullmatch(t) and not CONTINUED.search(t)
               and _clean_label(t) not in (previous.title, self.closed_label)]
        return broken and not own

    def close(self) -> None:
        table = self.table
        if table is None:
            return
        table.rows = _labels_below([_unless_spoiled(row) for row in table.rows])
        _settle_ambiguous(table)
        _settle_notes(table, self.source.clean, self.header, self.placed)
        if table.kind == "other" or self.kind_by_columns:
            by_rows = _kind_of_rows(table.rows)
            if by_rows != "other" and not (self.kind_by_columns and self.planned and by_rows != "member_fees"):
                table.kind = by_rows
        trailing = []
        while table.rows and table.rows[-1].is_heading:
            trailing.insert(0, table.rows.pop())
        # Lines after the last figures may title the next table ("BALANSRÄKNING (kr)"); so may a "header" with no
        # figures under it ("Driftredovisning 2025" over "Nettokostnad per nämnd, mnkr" and the real header).
        titles = [] if table.rows else [(table.line, self.source.clean[table.line - 1].strip(), True)]
        self.recent = [*titles, *((row.line, row.label, False) for row in trailing[-3:])]
        if table.rows:
            table.end_line = table.rows[-1].line
            self.tables.append(table)
        self.closed_label = _clean_label(self.header.label) if self.header else ""
        self.table = None
        self.header = None

    def row(self, number: int, line: str) -> Row | None:
        table, header = self.table, self.header
        count = len(table.columns)
        if header.cells is not None and "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            last = max([*header.cells, header.note_at or 0])
            if len(cells) == last + 1 or (len(cells) > last and not any(cells[last + 1 :])):
                row = self.row_from_cells(number, cells, header.cells)
                if row is not None and header.note_at is not None and header.note_at < len(cells) \
                        and (note := NOTE_CELL.fullmatch(cells[header.note_at])):
                    row = replace(row, note=int(note.group(1)))
                return row
        split = quick_split(line, count) or split_figures(figure_run(line), count)
        if split is None:
            return None
        label = line[: split.start].strip()
        if is_prose(label) or (line.rstrip().endswith(".") and len(label.split()) >= 4):
            return None  # "Eget kapital uppgick vid årets slut till 1 245 310 kr.": a sentence, no row
        if "  " in label and _beside(label):  # "Medlemsbidrag 2027   90 362  Alingsås   69 994": two tables
            return self.beside(number, label, split, count) or Row(_clean_label(label), number, [None] * count, ambiguous=True)
        return _make_row(number, label, split, count, header.note_column)

    def beside(self, number: int, label: str, split: Split, count: int) -> Row | None:
        """A row of the table, and beside it the first row of a small table of its own that breaks the row's
        figure down ("Medlemsbidrag 2027  90 362   Alingsås  69 994" over "Vårgårda  20 367"): the row is the
        side table's total, read where it is written. None where the line is no such pair."""
        found = cells(label)
        figures = [cell_figure(c.text) for c in found[1 : 1 + count]]
        rest = found[1 + count :]
        if count != 1 or len(split.figures) != 1 or None in figures or len(rest) != 1 or not WORD.search(rest[0].text):
            return None
        row = Row(_clean_label(found[0].text), number, [Value(f, number) for f in figures])
        side = Table(kind=self.table.kind if self.table.kind in SIDE_KINDS else "other", title=row.label, line=number,
                     end_line=number, unit=self.table.unit, columns=[_column(row.label)], note=None)
        side.rows.append(Row(_clean_label(rest[0].text), number, [Value(split.figures[0], number)]))
        self.side = (side, Row(row.label, number, [Value(figures[0], number)], total=True), rest[0].start)
        return row

    def side_row(self, number: int, clean: str) -> bool:
        """A line under the side table's labels, a label and a figure: its next row. Else the side table ends,
        its total (the row it stands beside) last."""
        side, total, indent = self.side
        found = cells(clean)
        if found and len(found) == 2 and abs(found[0].start - indent) <= 2 and WORD.search(found[0].text) \
                and (figure := cell_figure(found[1].text)) is not None:
            side.rows.append(Row(_clean_label(found[0].text), number, [Value(figure, number)]))
            side.end_line = number
            return True
        side.rows.append(total)
        if side.kind == "other":
            side.kind = _kind_of_rows(side.rows)
        self.tables.append(side)
        self.side = None
        return False

    def row_from_cells(self, number: int, cells: list[str], positions: list[int]) -> Row | None:
        first = positions[0]
        label_cells = [c for c in cells[:first] if c]
        note = None
        if len(label_cells) > 1 and (cell := NOTE_CELL.fullmatch(label_cells[-1])):
            note = int(cell.group(1))
            label_cells = label_cells[:-1]
        values: list[Value | None] = []
        for position in positions:
            cell = cells[position] if position < len(cells) else ""
            if not cell:
                values.append(None)
                continue
            figure = plain_figure(cell)
            if figure is not None:
                values.append(Value(figure, number))
                continue
            tokens = tokenize(cell)
            index, parts = trailing_run(tokens)
            split = split_figures(parts, 1) if index == 0 else None
            if split is None or len(split.figures) != 1 or split.consumed != len(parts):
                return None if not label_cells else Row(_clean_label(" ".join(label_cells)), number, [None] * len(positions), note, ambiguous=True)
            values.append(Value(split.figures[0], number))
        label, in_label = _note_off(" ".join(label_cells))
        note = note if note is not None else in_label
        if not any(values):  # a Value is always true, an empty cell None
            return None
        return Row(_clean_label(label), number, values, note)


def _repeated_page_edges(source: Source) -> set[int]:
    """The first and last lines of text on a page that stand at an edge of another page too, page numbers
    aside ("Årsredovisning 2025" at the top of each page, "Norra Vallby  9 (18)" at the foot): page furniture,
    not a row. Pages are what a form feed or a PDF's pages part; a header or a statement's title repeated over
    a continued table is that still."""
    if source.pages:
        starts = [i for i in range(len(source.lines)) if i == 0 or source.pages[i] != source.pages[i - 1]]
    else:
        starts = [0, *(i for i, line in enumerate(source.lines) if "\f" in line)]
    if len(starts) < 2 and not source.pages:
        return set()  # no page in sight: a text's last line may be a figure of a table copied a cell per line
    edges: dict[str, set[int]] = {}
    numbers = set()  # "41" alone at a page's foot or head: its number
    for start, end in zip(starts, [*starts[1:], len(source.lines)]):
        texts = [i for i in range(start, end) if source.clean[i].strip()]
        numbers.update(i + 1 for i in {*texts[:1], *texts[-1:]} if PAGE_NUMBER.fullmatch(source.clean[i].strip()))
        for i in {*texts[:2], *texts[-3:]}:  # a running title over or under the page's number, an address at its foot
            edges.setdefault(_DIGIT_RUN.sub("#", " ".join(source.clean[i].split())), set()).add(i)
    return numbers | {i + 1 for lines in edges.values() if len(lines) >= 2 for i in lines
                      if parse_header(source.clean[i]) is None and len(figure_run(source.clean[i])) <= 1
                      and not _names_a_table(source.clean[i].strip())}


def _beside(label: str) -> bool:
    """A label set out in cells of which one is a figure with words after it: the row of one table, then the
    row of another beside it, whose figures cannot be told apart from the first one's."""
    found = cells(label)
    return any(cell_figure(c.text) is not None and any(WORD.search(later.text) for later in found[k + 1 :])
               for k, c in enumerate(found[1:], 1))


def _a_year_only(row: Row) -> bool:
    """"december 2027" under a row: a year ending the words that go on from its label, no figure."""
    figures = [v for v in row.values if v is not None]
    return len(figures) == 1 and figures[0].decimals == 0 and figures[0].written in (None, str(figures[0].number)) \
        and YEAR.fullmatch(str(figures[0].number)) is not None


def _continues_label(text: str) -> bool:
    """Words that go on in lower case, no sentence and no "varav:" over rows of its own."""
    return text[:1].islower() and not is_prose(text) and not text.endswith(":") \
        and not text.lower().startswith(("varav", "därav"))


def _spoiled_row(text: str) -> bool:
    """A line of figures one of which no one can read: more figure-like words than words, one of them spoiled."""
    tokens = text.split()
    figures = [t for t in tokens if any(c.isdigit() for c in t)]
    return 2 * len(figures) > len(tokens) and any(spoiled_figure(t) for t in figures) and not text.rstrip().endswith(".")


def _leading_words(text: str) -> str:
    return " ".join(takewhile(lambda t: not any(c.isdigit() for c in t), text.split()))


def _labels_below(rows: list[Row]) -> list[Row]:
    """A row of figures with no label, its label on the line under it ("50  50  50" over "Inventarier": a PDF set
    them on two baselines), is one row."""
    merged: list[Row] = []
    for row in rows:
        previous = merged[-1] if merged else None
        if previous is not None and row.is_heading and not previous.label and any(previous.values) \
                and row.line == previous.line + 1 and LETTER.search(row.label):
            merged[-1] = replace(previous, label=row.label)
            continue
        merged.append(row)
    return merged


def _unless_spoiled(row: Row) -> Row:
    """A row whose label ends in a spoiled figure ("Kassa och bank 12 21x", its figures "693 14 820") was split
    at the stray character, and one whose label ends in a figure written as its figures are ("Socialnämnden
    4,2" before "3,9  0,3") has more figures than the table has columns: either way its figures are not
    placed for certain, and FL003 says so."""
    last = row.label.split()[-1:]
    if not last or row.ambiguous or not (spoiled_figure(last[0]) or _one_figure_more(last[0], row) or _first_in_label(last[0], row)):
        return row
    return replace(row, label=_leading_words(row.label), values=[None] * len(row.values), ambiguous=True, alternatives=())


def _first_in_label(word: str, row: Row) -> bool:
    """"SWEN 500" over an empty first column and figures after it: the first column's figure set in the label's
    cell, or a code in the label; which, the line does not tell."""
    figure = plain_figure(word)
    return figure is not None and len(row.values) >= 2 and row.values[0] is None and any(row.values[1:]) \
        and len(row.label.split()) <= 3 and not YEAR.fullmatch(word)


def _one_figure_more(word: str, row: Row) -> bool:
    figure = cell_figure(word)
    decimals = {v.decimals for v in row.values if v is not None}
    return figure is not None and figure.decimals > 0 and decimals == {figure.decimals}


def _note_off(label: str, note_column: bool = False) -> tuple[str, int | None]:
    """A label without the note reference that ends it ("Not 6", or a bare number under a Not column)."""
    if not label.rstrip()[-1:].isdigit():  # both patterns end in the note's number: most labels end in a word
        return label, None
    match = NOTE_IN_LABEL.search(label) or (BARE_NOTE.search(label) if note_column else None)
    return (label[: match.start()], int(match.group(1))) if match else (label, None)


def _settle_notes(table: Table, lines: tuple[str, ...], header: Header | None, placed: dict) -> None:
    """Under a Not column, a note joined to the figures by one space may have been read as a figure's first
    digit group ("Skatteintäkter 4 231 604 228 915" as 4 231 604 | 228 915). The table tells: a row is read
    again with its first small number as the note where that keeps the notes rising down the table and puts
    in each column a figure of as many digit groups as the column's other figures have; where the digit groups
    cannot tell, by the total below it."""
    if header is None or not header.note_column or header.cells is not None:
        return
    count = len(table.columns)
    typical = []
    for column in range(count):
        groups = sorted(_digit_groups(r.values[column].text) for r in table.rows if r.values[column] is not None and r.note is not None)
        typical.append(groups[len(groups) // 2] if groups else None)
    notes = [(index, r.note) for index, r in enumerate(table.rows) if r.note is not None]
    doubtful: dict[int, list] = {}  # row index -> the readings with a note that the digit groups cannot tell apart
    for index, row in enumerate(table.rows):
        if row.note is not None or row.is_heading or row.ambiguous or None in typical:
            continue
        line = next(v.line for v in row.values if v is not None)  # the figures' own line: a label may stand above it
        if line - 1 in placed:
            continue  # set out in columns, its figures stand where they are: "1 842" under 2024 is no note 1
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        parts = figure_run(text)
        if len(parts) < count + 1 or not re.fullmatch(r"\d{1,2}", parts[0].token.text):
            continue
        split = split_figures(parts[1:], count)
        if split is None or split.consumed != len(parts) - 1:
            continue
        note = int(parts[0].token.text)
        before = next((n for i, n in reversed(notes) if i < index), 0)  # the notes of the nearest rows above and below
        after = next((n for i, n in notes if i > index), 100)
        if not before < note < after:
            continue

        def fit(figures) -> int:  # how many columns get a figure of their usual number of digit groups
            return sum(f is not None and _digit_groups(f.text) == t for f, t in zip(figures, typical))

        readings = [f for f in (split.alternatives or (split.figures,)) if len(f) == count]
        best = max(readings, key=fit, default=None)
        if best is not None and [fit(r) for r in readings].count(fit(best)) == 1 and (
                fit(best) > fit(row.values) or (fit(best) == fit(row.values) and note in (before + 1, after - 1))):
            # digit groups that fit better, or as well where the note is the very next one down the table
            table.rows[index] = replace(row, values=[Value(f, line) for f in best], note=note, partial=False)
        elif readings:
            doubtful[index] = [(note, [Value(f, line) for f in r]) for r in readings]
    _settle_by_sums(table, doubtful)


def _footed(rows: list[Row], group: list[int], total: Row, chosen: dict) -> int:
    """In how many columns the rows of `group`, read as `chosen` says where it names them, sum to `total`."""
    count = 0
    for column, stated in enumerate(total.values):
        if stated is None:
            continue
        parts = [chosen[i][1][column] if i in chosen else rows[i].values[column] for i in group]
        if total_of([Interval.of(v) for v in parts if v is not None]).meets(Interval.of(stated)):
            count += 1
    return count


def _digit_groups(text: str) -> int:
    """How many digit groups a figure's whole part has: "– 1 187,4" has two."""
    return len(_DIGIT_RUN.findall(text.split(",")[0]))


def _settle_by_sums(table: Table, doubtful: dict[int, list]) -> None:
    """What the digit groups leave open, the table's arithmetic settles: the readings of its doubtful rows
    that make the total below them foot in the most columns, where that is more columns than as read."""
    if not doubtful:
        return
    rows = table.rows
    start = 0
    for end, total in enumerate(rows):
        if not TOTAL_LABEL.match(total.key):
            continue
        group = [i for i in range(start, end) if not rows[i].is_heading and not TOTAL_LABEL.match(rows[i].key)]
        start = end + 1
        open_rows = [i for i in group if i in doubtful]
        if not open_rows or len(open_rows) > 4:
            continue

        best, best_count = {}, _footed(rows, group, total, {})
        for choice in product(*[[None, *doubtful[i]] for i in open_rows]):
            chosen = {i: option for i, option in zip(open_rows, choice) if option is not None}
            if chosen and (count := _footed(rows, group, total, chosen)) > best_count:
                best, best_count = chosen, count
        for i, (note, values) in best.items():
            rows[i] = replace(rows[i], values=values, note=note, partial=False)


def _make_row(number: int, label: str, split: Split, count: int, note_column: bool = False) -> Row:
    label, note = _note_off(label, note_column)
    if split.ambiguous:
        alternatives = tuple([Value(f, number) for f in figures] for figures in split.alternatives if len(figures) == count)
        return Row(_clean_label(label), number, [None] * count, note, ambiguous=True, alternatives=alternatives)
    values: list[Value | None] = [Value(f, number) for f in split.figures]
    partial = len(values) < count
    values += [None] * (count - len(values))
    return Row(_clean_label(label), number, values, note, partial=partial)


def _digits(value: Value) -> int:
    return len(str(abs(int(value.amount))))


def _settle_ambiguous(table: Table) -> None:
    """Split a row that single spaces left ambiguous ("3 506 986 220 676") the way the table itself tells.

    Where the table has a deviation column (avvikelse = utfall − budget, either way round) and exactly one
    split keeps that relation, it is taken ("15 042 689 15 041 952 737" is 15 042 689, 15 041 952 and 737).
    Otherwise the figures of one column are of one order of magnitude: of the splits that fit the row
    equally well, the one whose figures come closest in digits to the other rows of each column is taken,
    but only when it is clearly closer (by two digits or more) than every other.
    """
    ambiguous = [index for index, row in enumerate(table.rows) if row.ambiguous and row.alternatives]
    if not ambiguous:
        return
    deviation = _deviation_columns(table.columns)
    typical = []
    for column in range(len(table.columns)):
        digits = sorted(_digits(r.values[column]) for r in table.rows if not r.ambiguous and r.values[column] is not None)
        typical.append(digits[len(digits) // 2] if digits else None)
    for index in ambiguous:
        row = table.rows[index]
        choice = None
        if deviation:
            fitting = [n for n, values in enumerate(row.alternatives) if _deviates(values, deviation)]
            choice = fitting[0] if len(fitting) == 1 else None
        if choice is None and None not in typical:
            scored = sorted(
                (sum(abs(_digits(v) - t) for v, t in zip(values, typical)), n) for n, values in enumerate(row.alternatives)
            )
            if len(scored) == 1 or scored[1][0] - scored[0][0] >= 2:
                choice = scored[0][1]
        if choice is not None:
            table.rows[index] = replace(row, values=list(row.alternatives[choice]), ambiguous=False, alternatives=())


def _deviation_columns(columns: list[Column]) -> tuple[int, int, int] | None:
    """(utfall, budget, avvikelse): the columns of a deviation, where a table has them."""
    def first(qualifier: str, year: int | None = None) -> int | None:
        return next((i for i, c in enumerate(columns) if c.qualifier == qualifier and (year is None or c.year == year)), None)

    deviation, budget = first("avvikelse"), first("budget")
    if deviation is None or budget is None or columns[budget].year is None:
        return None
    outcome = first("", columns[budget].year)
    return None if outcome is None else (outcome, budget, deviation)


def _deviates(values: list[Value], columns: tuple[int, int, int]) -> bool:
    """Whether a row's avvikelse is its utfall − budget, or budget − utfall (to the figures' rounding)."""
    outcome, budget, deviation = (Interval.of(values[i]) for i in columns)
    return (outcome - budget).meets(deviation) or (budget - outcome).meets(deviation)


_BULLET = re.compile(r"^[–•·▪*-]\s+(?=\D)")  # "– Immateriella anläggningstillgångar": a list's mark, no sign


def _clean_label(label: str) -> str:
    label = _BULLET.sub("", " ".join(label.split()))
    return label.rstrip(":").strip()


def report_year(source: Source) -> int | None:
    for clean in source.clean[:200]:
        match = REPORT_YEAR.search(clean) if "årsredovisning" in clean.lower() else None
        if match:
            return int(match.group(1))
    return None


def association(source: Source) -> str | None:
    """The association's name as the text most often writes it ("samordningsförbundet halland")."""
    names: dict[str, int] = {}
    for clean in source.clean[:400]:
        # "ö" is the one letter of the word that only "Ö" lowers to: a line with neither is not lowered
        if "ö" not in clean and "Ö" not in clean or "samordningsförbund" not in clean.lower():
            continue
        for match in ASSOCIATION.finditer(clean):
            name = match.group(1).lower()
            names[name] = names.get(name, 0) + 1
    return max(sorted(names), key=names.get) if names else None


def read(source: Source, unit: str = "kr") -> Document:
    pairs = side_by_side(source.clean)
    if not pairs:
        tables = _Reader(source, unit).run()
    else:  # two tables side by side: each side read on its own, at its own place on the line
        left, right = list(source.clean), [""] * len(source.clean)
        for first, last, gutter in pairs:
            for i in range(first, last + 1):
                left[i], right[i] = source.clean[i][:gutter].rstrip(), " " * gutter + source.clean[i][gutter:]
        tables = [table for view in (left, right) for table in _Reader(replace(source, lines=tuple(view), clean=tuple(view)), unit).run()]
        tables.sort(key=lambda table: table.line)
    n = 0
    for table in tables:
        for row in table.rows:
            for value in row.values:
                if value is not None:
                    value.n, n = n, n + 1
    return Document(source, tables, report_year(source), association(source))
