"""cross-file: reports of several years checked together agree on the years they share.

This year's comparison column must equal last year's report: for every pair of
annual reports of one association (by name) given in one run, a row of the same table kind and label in a
period both report must carry the same figure.
"""

from __future__ import annotations

from decimal import Decimal

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


def digest(rule, document: Document) -> dict | None:
    """What the rule compares of a document: (table kind, row key, period) -> (table's place in the
    document, row label, line, Value.n, the figure as a string, its interval as Interval.scaled gives it
    at the figure's own decimals, those decimals). Plain values: a worker process takes them where it
    reads the document (engine.check), cheap to send back, and no table is unpacked to compare them."""
    if not (document.year and document.association):
        return None
    index = {}
    for number, table in enumerate(document.tables):
        if table.kind not in rule.options["tables"]:
            continue
        factor = int(table.factor)
        for row in table.rows:
            for column, value in zip(table.columns, row.values):
                if value is not None and column.year:
                    key = (table.kind, row.key, column.key)
                    if key not in index:
                        places = value.figure.decimals
                        index[key] = (number, row.label, value.line, value.n, str(value.amount),
                                      *Interval.scaled(value, factor, places), places)
    return index


def _meets(one: tuple, other: tuple) -> bool:
    """Whether two digested figures' intervals meet, brought to the finer of their two scales."""
    *_, lo, hi, places = one
    *_, other_lo, other_hi, other_places = other
    if places < other_places:
        lo, hi = lo * 10 ** (other_places - places), hi * 10 ** (other_places - places)
    else:
        other_lo, other_hi = other_lo * 10 ** (places - other_places), other_hi * 10 ** (places - other_places)
    return lo <= other_hi and other_lo <= hi


def check(rule, documents: list[Document], ctx: Context, reported: set[str] | None = None):
    """Findings on the later report of each pair; `reported` (None: all) names the reports that are
    checked, the others only compared with (an archive)."""
    years: dict[str, set[int]] = {}
    for d in documents:
        if d.year and d.association:
            years.setdefault(d.association, set()).add(d.year)
    # Only an association with reports of two years or more has anything to compare.
    reports = sorted((d for d in documents if d.year and len(years.get(d.association, ())) > 1),
                     key=lambda d: (d.association, d.year, d.path))
    for later in range(len(reports)):
        if reported is not None and reports[later].path not in reported:
            continue
        for earlier in range(later - 1, -1, -1):
            if reports[earlier].association != reports[later].association:
                break
            if reports[earlier].year == reports[later].year:
                continue
            yield from _compare(rule, reports[later], reports[earlier], ctx)


def _digest(rule, document: Document) -> dict:
    if rule.code not in document.digests:  # read in this process: taken only now, for a report compared
        document.digests[rule.code] = digest(rule, document)
    return document.digests[rule.code]


def _compare(rule, report: Document, earlier: Document, ctx: Context):
    index, earlier_index = _digest(rule, report), _digest(rule, earlier)
    for key, entry in index.items():
        found = earlier_index.get(key)
        if found is None:
            continue
        ctx.verified_numbers(report.path, [entry[3]])
        if _meets(entry, found):
            continue
        number, label, line, _, amount, *_ = entry
        other_number, _, other_line, _, other_amount, *_ = found
        table, other_table = report.tables[number], earlier.tables[other_number]
        expected, actual = Decimal(other_amount) * other_table.factor / table.factor, Decimal(amount)
        yield make(
            rule, report.path, line,
            {"where": table.name, "row": label, "period": key[2], "other": f"{earlier.path}:{other_line}",
             "expected": expected, "actual": actual, "table": table.title},
            DEFAULT, expected=expected, actual=actual,
            related=[Related(earlier.path, other_line)],
            context=key,
        )
