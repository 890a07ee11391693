"""cross-file: reports of several years checked together agree on the years they share.

This year's comparison column must equal last year's report: for every pair of
annual reports of one association (by name) given in one run, a row of the same table kind and label in a
period both report must carry the same figure.
"""

from __future__ import annotations

from ..findings import Related
from ..interval import Interval
from ..model import Document
from .base import Context, make

KIND = "cross-file"
SCOPE = "set"
OPTIONS = {"tables": (list[str], ["income", "balance", "cashflow", "overview"])}
FIELDS = {"where", "row", "period", "other", "expected", "actual", "difference", "table"}
DEFAULT = "{where}, {period}: {row} is {actual} here, but {expected} in {other} (difference {difference})"


def prepare(options: dict) -> dict:
    return options


def _index(document: Document, kinds):
    index = {}
    for table in document.tables:
        if table.kind not in kinds:
            continue
        for row in table.rows:
            for column, value in zip(table.columns, row.values):
                if value is not None and column.year:
                    index.setdefault((table.kind, row.key, column.key), (table, value))
    return index


def check(rule, documents: list[Document], ctx: Context):
    years: dict[str, set[int]] = {}
    for d in documents:
        if d.year and d.association:
            years.setdefault(d.association, set()).add(d.year)
    # Only an association with reports of two years or more has anything to compare.
    reports = sorted((d for d in documents if d.year and len(years.get(d.association, ())) > 1),
                     key=lambda d: (d.association, d.year, d.path))
    indexes = [_index(d, rule.options["tables"]) for d in reports]
    for later in range(len(reports)):
        for earlier in range(later - 1, -1, -1):
            if reports[earlier].association != reports[later].association:
                break
            if reports[earlier].year == reports[later].year:
                continue
            for key, (table, value) in indexes[later].items():
                found = indexes[earlier].get(key)
                if found is None:
                    continue
                other_table, other = found
                ctx.verified(reports[later].path, [value])
                if Interval.of(value, table.factor).meets(Interval.of(other, other_table.factor)):
                    continue
                expected = other.amount * other_table.factor / table.factor
                yield make(
                    rule, reports[later].path, value.line,
                    {"where": table.name, "row": _label(table, key[1]), "period": key[2], "other": f"{reports[earlier].path}:{other.line}",
                     "expected": expected, "actual": value.amount, "table": table.title},
                    DEFAULT, expected=expected, actual=value.amount,
                    related=[Related(reports[earlier].path, other.line)],
                    context=key,
                )


def _label(table, key: str) -> str:
    return next((row.label for row in table.rows if row.key == key), key)
