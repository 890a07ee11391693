"""rollforward: what a roll-forward opens with is what it closed with the period before.

The roll-forward itself (opening + movements = closing) is footed by the footing kind, which
reads it from the figures: the closing row is a total whose first part is the opening row.
This kind walks those arcs and holds each opening row to the closing of the period before:
this year's opening is last year's closing, in the column of the year before. Only rows that
roll the same thing forward are paired: their labels without the `markers` (ingående, utgående…)
and figures are the same ("Ingående anskaffningsvärde" and "Utgående anskaffningsvärde").
"""

from __future__ import annotations

import re

from ..model import Document, Row, Table
from . import footing
from .base import Context, agree, compile_patterns, make, matches, period, readings, related_values, tables_of

KIND = "rollforward"
OPTIONS = {**footing.OPTIONS, "opening": (list[str], None), "closing": (list[str], None), "markers": (list[str], None)}
FIELDS = {"where", "opening", "closing", "period", "prior", "expected", "actual", "difference"}
DEFAULT = "{where}, {period}: {opening} is {actual}, but {closing} of {prior} is {expected} (difference {difference})"


def prepare(options: dict) -> dict:
    prepared = footing.prepare(options)
    return {**prepared, **{key: compile_patterns(options[key]) for key in ("opening", "closing", "markers")}}


_FIGURES = re.compile(r"[\d\s.,:()%-]+")


def _subject(key: str, markers) -> str:
    """What a roll-forward row rolls forward: its label without the opening or closing words and figures."""
    for marker in markers:
        key = marker.sub(" ", key)
    return _FIGURES.sub("", key)


def _prior_columns(table: Table) -> list[tuple[int, int]]:
    """(column, the column of the year before it) where the table has exactly one column of that year."""
    pairs = []
    for index, column in enumerate(table.columns):
        if column.year is None:
            continue
        before = [i for i, c in enumerate(table.columns) if c.year == column.year - 1]
        if len(before) == 1 and table.columns[before[0]].qualifier == column.qualifier:
            pairs.append((index, before[0]))
    return pairs


def _pairs(groups, options) -> list[tuple[Row, Row]]:
    """(opening row, closing row) of each roll-forward: a closing total whose first part opens the same thing."""
    pairs = []
    for group in groups:
        closing, opening = group.total, group.parts[0]
        if (matches(options["closing"], closing.key) and matches(options["opening"], opening.key)
                and _subject(closing.key, options["markers"]) == _subject(opening.key, options["markers"])):
            pairs.append((opening, closing))
    return pairs


def _may_roll(table: Table, options) -> bool:
    """Whether some row opens and some row closes: a pair needs both, and reading the table's structure
    costs more than matching its labels (most notes roll nothing forward)."""
    keys = [row.key for row in table.rows]
    return any(matches(options["closing"], key) for key in keys) and any(matches(options["opening"], key) for key in keys)


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in tables_of(document, options["tables"], options["appendix"]):
        columns = _prior_columns(table)
        if not columns or not _may_roll(table, options):
            continue
        for opening, closing in _pairs(footing.structure(table, options), options):
            for mine, theirs in columns:
                stated, prior = opening.values[mine], closing.values[theirs]
                if stated is None or prior is None:
                    continue
                ctx.verified(document.path, [stated, prior])
                if agree(readings(ctx, document.path, table, stated), readings(ctx, document.path, table, prior)):
                    continue
                expected = prior.amount
                yield make(
                    rule, document.path, stated.line,
                    {"where": table.name, "opening": opening.label, "closing": closing.label,
                     "period": period(table, mine), "prior": period(table, theirs),
                     "expected": expected, "actual": stated.amount},
                    DEFAULT, expected=expected, actual=stated.amount,
                    related=related_values(document.path, [prior]),
                    context=(table.title, opening.key, table.columns[mine].key),
                )
