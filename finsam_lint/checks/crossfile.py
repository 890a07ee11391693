"""cross-file: reports of several years checked together agree on the years they share.

This year's comparison column must equal last year's report: for every pair of
annual reports of one association (by name) given in one run, a row of the same table kind and label in a
period both report must carry the same figure. A column whose figures are, most of them, the other
report's figures for another year (copied from the wrong column) is one finding that says so.
"""

from __future__ import annotations

from dataclasses import replace
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
    compared: dict[tuple, int] = {}  # (table kind, period) -> figures both reports show
    differing: dict[tuple, list] = {}  # (table kind, period) -> the keys whose figures disagree
    for key, entry in index.items():
        found = earlier_index.get(key)
        if found is None:
            continue
        ctx.verified_numbers(report.path, [entry[3]])
        compared[key[0], key[2]] = compared.get((key[0], key[2]), 0) + 1
        if not _meets(entry, found):
            differing.setdefault((key[0], key[2]), []).append(key)
    for (kind, period), keys in differing.items():
        shift = _shifted(index, earlier_index, kind, period, keys)
        if shift:
            other_period, moved = shift
            yield _shifted_finding(rule, report, earlier, index, (kind, period, other_period), moved, len(keys),
                                   compared[kind, period])
            keys = [key for key in keys if key not in moved]
        for key in keys:
            yield _mismatch(rule, report, earlier, key, index[key], earlier_index[key])


SHIFTED = ("{where}: the {period} column does not match the {year} report {other}: {count} of {total} figures differ; "
           "{matching} its {shifted} column")
SHIFT_MINIMUM = 3  # fewer differing figures are told one by one: a shift needs a pattern to be seen


def _shifted(index: dict, earlier_index: dict, kind: str, period: str, keys: list):
    """Where most of a period's differing figures are the earlier report's figures for another period (a
    comparison column copied from the wrong year), that period and the keys it explains; else None."""
    if len(keys) < SHIFT_MINIMUM:
        return None
    best = None
    for other in sorted({key[2] for key in earlier_index if key[0] == kind and key[2] != period}):
        moved = [key for key in keys
                 if (kind, key[1], other) in earlier_index and _meets(index[key], earlier_index[kind, key[1], other])]
        if best is None or len(moved) > len(best[1]):
            best = (other, moved)
    if best and len(best[1]) >= SHIFT_MINIMUM and 3 * len(best[1]) >= 2 * len(keys):
        return best
    return None


def _shifted_finding(rule, report: Document, earlier: Document, index: dict, periods: tuple, moved: list,
                     count: int, total: int):
    kind, period, other_period = periods
    lines = sorted(index[key][2] for key in moved)
    table = report.tables[index[moved[0]][0]]
    matching = "they match" if len(moved) == count else f"{len(moved)} of them match"
    fields = {"where": table.name, "period": period, "year": earlier.year, "other": earlier.path, "count": count,
              "total": total, "matching": matching, "shifted": other_period}
    return make(
        replace(rule, message=None), report.path, lines[0], fields, SHIFTED,
        related=[Related(report.path, line) for line in lines[1:]],
        context=(kind, "shifted column", period),
    )


def _mismatch(rule, report: Document, earlier: Document, key: tuple, entry: tuple, found: tuple):
    number, label, line, _, amount, *_ = entry
    other_number, _, other_line, _, other_amount, *_ = found
    table, other_table = report.tables[number], earlier.tables[other_number]
    expected, actual = Decimal(other_amount) * other_table.factor / table.factor, Decimal(amount)
    return make(
        rule, report.path, line,
        {"where": table.name, "row": label, "period": key[2], "other": f"{earlier.path}:{other_line}",
         "expected": expected, "actual": actual, "table": table.title},
        DEFAULT, expected=expected, actual=actual,
        related=[Related(earlier.path, other_line)],
        context=key,
    )
