"""The parsed document that every rule reads: tables of exact figures with their lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from .numbers import Figure
from .source import Source

ONE = Decimal(1)  # the one factor of kronor, which Interval.of need not multiply by
UNIT_FACTORS = {"kr": ONE, "tkr": Decimal(1000), "mkr": Decimal(1000000)}
KIND_NAMES = {
    "income": "resultaträkning", "balance": "balansräkning", "cashflow": "kassaflödesanalys",
    "equity": "förändring av eget kapital", "operating": "driftredovisning", "key_ratios": "nyckeltal",
    "overview": "översikt", "member_fees": "medlemsavgifter", "budget": "budget",
}


@dataclass(slots=True, init=False)
class Value(Figure):
    """One figure in a table cell and the line it stands on.

    A Value is its figure, with the line and its place added: one object where a Value holding a
    Figure made two (40 bytes more a figure, and the reader keeps every figure of a report).
    """

    line: int
    # its place among the document's figures (reader.read numbers them): how a run names a figure,
    # the same in the process that read it and in the one that reports it
    n: int

    def __init__(self, figure: Figure, line: int, n: int = -1) -> None:
        self.number, self.decimals, self.written, self.percent = figure.number, figure.decimals, figure.written, figure.percent
        self.line, self.n = line, n

    @property
    def figure(self) -> Figure:
        return self

    @property
    def amount(self) -> Decimal:
        return self.value


@dataclass(frozen=True)
class Column:
    name: str  # as the header wrote it: "2023", "Budget 2024", "Utfall jan-dec 2023"
    year: int | None
    qualifier: str  # "" (outcome), "budget", "prognos" or "avvikelse"

    @cached_property  # asked for every figure a rule compares across tables
    def key(self) -> str:
        """What makes two columns the same period in different tables."""
        return " ".join(str(p) for p in (self.qualifier, self.year) if p) or self.name.lower()


@dataclass(slots=True)
class Row:
    label: str
    line: int
    values: list[Value | None]
    note: int | None = None
    partial: bool = False  # fewer figures than columns: filled from the left
    ambiguous: bool = False  # the figures could be split into columns in more than one way
    alternatives: tuple = ()  # those ways, for the table to choose between by its other rows
    more_notes: tuple = ()  # the further notes a row cites ("6,7": 7): the row is their sum, not note 6's alone
    total: bool = False  # the reader knows it for its rows' total though its label names none (a breakdown beside it)
    # the index in its table's rows of the total this row is a part of (as an XBRL calculation arc), set by
    # the footing check from the figures; None for a row that is no part of a total, or not yet checked
    parent: int | None = None
    # Made once, as rules ask for them again and again; a row read again is a new Row (dataclasses.replace).
    key: str = field(init=False, repr=False, compare=False)  # the label as labels are compared
    is_heading: bool = field(init=False, repr=False, compare=False)  # a label without figures, read or unread

    def __post_init__(self) -> None:
        self.key = normalize_label(self.label)
        self.is_heading = not any(self.values) and not self.ambiguous  # a Value is always true, an empty cell None


@dataclass
class Table:
    kind: str
    title: str
    line: int
    end_line: int
    unit: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: int | None = None  # "Not N" tables: their number
    appendix: bool = False  # "Bilaga" tables, which break a note down further

    @property
    def name(self) -> str:
        """How a message names the table: "note 1", "resultaträkning", or its title."""
        if self.note is not None:
            return f"note {self.note}"
        return KIND_NAMES.get(self.kind) or self.title or "table"

    @property
    def factor(self) -> Decimal:
        return UNIT_FACTORS.get(self.unit, ONE)

    def period_index(self, qualifier: str, year: int) -> int | None:
        """The first column of a period: ("", 2024) is the outcome for 2024."""
        for index, column in enumerate(self.columns):
            if column.year == year and column.qualifier == qualifier:
                return index
        return None

    def column_index(self, key: str) -> int | None:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        return None

    # Tables come back from the processes that read them with their rows packed into one bytes object
    # of plain tuples, unpacked only where read again (by a rule that compares files, or to mark a
    # finding's figures). Unpickling every row as objects cost the parent as long as reading the text
    # had cost a worker, and even as tuples they woke the garbage collector again and again.
    def __getstate__(self) -> dict:
        import pickle

        rows = pickle.dumps([_pack_row(row) for row in self.rows], pickle.HIGHEST_PROTOCOL)
        return {**self.__dict__, "rows": rows}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._packed = self.__dict__.pop("rows")

    def __getattr__(self, name: str):
        if name == "rows" and "_packed" in self.__dict__:
            import pickle

            self.rows = [_unpack_row(packed) for packed in pickle.loads(self.__dict__.pop("_packed"))]
            return self.rows
        raise AttributeError(name)


def _pack_values(values) -> tuple:
    return tuple([None if v is None else (v.number, v.decimals, v.written, v.percent, v.line, v.n)
                  for v in values])  # a list first: tuple() of a generator is a third slower


def _unpack_values(packed) -> list[Value | None]:
    return [None if p is None else Value(Figure(p[0], p[1], p[2], p[3]), p[4], p[5]) for p in packed]


def _pack_row(row: Row) -> tuple:
    return (row.label, row.line, _pack_values(row.values), row.note, row.partial, row.ambiguous,
            tuple([_pack_values(a) for a in row.alternatives]) if row.alternatives else (), row.more_notes,  # mostly none
            row.total, row.parent)


def _unpack_row(packed: tuple) -> Row:
    label, line, values, note, partial, ambiguous, alternatives, more_notes, total, parent = packed
    return Row(label, line, _unpack_values(values), note, partial, ambiguous, tuple(_unpack_values(a) for a in alternatives),
               more_notes, total, parent)


@dataclass
class Document:
    source: Source
    tables: list[Table]
    year: int | None = None  # the financial year an annual report is for
    association: str | None = None  # whose report it is: reports are compared only within one association
    # rule code -> what a rule that compares documents took from this one where it was read (see engine)
    digests: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.source.path


_PUNCTUATION, _COMMA, _SPACES = re.compile(r"[*:;]+"), re.compile(r"\s*,\s*"), re.compile(r"\s+")
# A unit the label names after it ("Verksamhetens intäkter, kr", "Soliditet (%)", "Belopp i tkr"): no
# part of what the row is. A "%" right after a figure is a share ("Hylte kommun 1 %") and stays.
_UNITS = r"(?:kr|kronor|tkr|mkr|mnkr|%)"
_UNIT_MARKER = re.compile(rf"(?<=[^\d\s])(?:(?:\s*,\s*|\s*\(\s*|\s+i\s+)(?:{_UNITS}|procent)|\s+{_UNITS})\s*\)?$")
_PERCENT_MARKER = re.compile(r"(?<=[^\d\s])(?:(?:\s*,\s*|\s*\(\s*|\s+i\s+)(?:%|procent)|\s+%)\s*\)?$", re.IGNORECASE)
# Abbreviations as reports write them, and the words they stand for.
_ABBREVIATIONS = re.compile(r"(?<!\w)(s:a|tot\.|avv\.|verks\.|ack\.|avskr\.|ing\.)(?=\s|$)")
_WORDS = {"s:a": "summa", "tot.": "totalt", "avv.": "avvikelse", "verks.": "verksamhetens",
          "ack.": "ackumulerade", "avskr.": "avskrivningar", "ing.": "ingående"}


@lru_cache(maxsize=1 << 16)  # rules ask for the same labels' keys again and again
def normalize_label(label: str) -> str:
    """Lower case, single spaces, abbreviations written out, no punctuation around and no unit after
    ("S:a verks. kostnader, tkr" is "summa verksamhetens kostnader"): how labels are compared."""
    label = label.lower().replace("\u00a0", " ").strip()
    label = _ABBREVIATIONS.sub(lambda m: _WORDS[m[1]], label)
    label = _UNIT_MARKER.sub("", label)
    label = _PUNCTUATION.sub(" ", label)
    label = _COMMA.sub(", ", label)
    label = _SPACES.sub(" ", label)
    return label.strip(" .,-–")


def percent_marked(label: str) -> bool:
    """Whether a label says its figures are percentages ("Soliditet (%)", "Soliditet, %", "Andel i procent"),
    as against a share in the label itself ("Hylte kommun 1 %")."""
    return _PERCENT_MARKER.search(label.strip()) is not None
