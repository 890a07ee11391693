"""footing: a total row equals the sum of the rows it stands for, in every column.

Which rows a total sums is read from the table itself: the run of open rows
just above it (rows not yet summed by an earlier subtotal) that adds up to the
total in the most period columns. A column where that same run does not add
up is the error, with what the rows sum to as the expected figure. A report
that shows a total with the opposite sign of its rows (costs as positive
figures) is accepted when it does so in every column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..interval import Interval, total
from ..model import Document, Row, Table
from .base import Context, compile_patterns, make, matches, period, related_values, tables_of

KIND = "footing"
OPTIONS = {
    "tables": (list[str], None),
    "totals": (list[str], None),
    "results": (list[str], []),
    "exclude": (list[str], ["varav\\b.*", "därav\\b.*", "(i )?procent.*"]),
    "tolerance": (float, 0),
    "appendix": (bool, True),
}
FIELDS = {"total", "period", "count", "first", "last", "expected", "actual", "difference", "table"}
DEFAULT = "{total}, {period}: the {count} rows {first} … {last} sum to {expected}, but the total says {actual} (difference {difference})"
MAX_RUN = 40
_BOUNDARY = None


def prepare(options: dict) -> dict:
    return {
        **options,
        "totals": compile_patterns(options["totals"]),
        "results": compile_patterns(options["results"]),
        "exclude": compile_patterns(options["exclude"]),
        "tolerance": Decimal(str(options["tolerance"])),
    }


@dataclass
class Group:
    """A total row and the rows it sums."""

    total: Row
    parts: list[Row]
    sign: int  # -1 where the total shows the rows' sum with the opposite sign
    failing: list[int]  # column indexes where the sum does not meet the total
    sums: dict[int, Interval]


def _sum(table: Table, rows: list[Row], index: int) -> Interval | None:
    values = [row.values[index] for row in rows]
    if any(row.ambiguous for row in rows):
        return None
    return total(Interval.of(v, table.factor) for v in values if v is not None)


def _columns(total_row: Row) -> list[int]:
    return [i for i, v in enumerate(total_row.values) if v is not None]


def structure(table: Table, totals, exclude, tolerance=Decimal(0), results=()) -> list[Group]:
    """Read which rows each total sums; see the module docstring.

    An explicit sum ("Summa ...") that foots in no column is held against the
    run of rows whose sum comes closest to it (a typo moves a figure a little,
    not to another row's sum); a result row ("Verksamhetens resultat") is
    checked only where some column shows which rows it sums.
    """
    items: list[Row | None] = []  # open rows, with _BOUNDARY where a heading stood
    groups: list[Group] = []
    for row in table.rows:
        if not row.label or matches(exclude, row.key):
            continue
        if row.is_heading:
            items.append(_BOUNDARY)
            continue
        explicit = matches(totals, row.key)
        if not explicit and not matches(results, row.key):
            items.append(row)
            continue
        open_rows = [(i, item) for i, item in enumerate(items) if item is not _BOUNDARY]
        columns = _columns(row)
        best = closest = None
        for count in range(1, min(len(open_rows), MAX_RUN) + 1):
            start = open_rows[-count][0]
            aligned = start == 0 or items[start - 1] is _BOUNDARY
            parts = [item for _, item in open_rows[-count:]]
            sums = {c: _sum(table, parts, c) for c in columns}
            if any(s is None for s in sums.values()):
                continue
            for sign in (1, -1):
                hits = [c for c in columns if _meets(sums[c], row, c, table, sign, tolerance)]
                score = (len(hits), aligned, sign, count)
                if best is None or score > best[0]:
                    best = (score, start, parts, sign, sums)
            distance = sum(abs(sums[c].mid - row.values[c].amount * table.factor) for c in columns)
            if closest is None or (distance, not aligned) < closest[0]:
                closest = ((distance, not aligned), start, parts, 1, sums)
        heading_last = bool(items) and items[-1] is _BOUNDARY
        if best is None or (best[0][0] == 0 and (not explicit or heading_last)):
            items.append(row)  # nothing shows which rows it sums: a total standing alone under a heading
            continue
        # Where no run foots in any column, an explicit sum is held against the run that comes closest.
        _, start, parts, sign, sums = best if best[0][0] else closest
        failing = [c for c in columns if not _meets(sums[c], row, c, table, sign, tolerance)]
        groups.append(Group(row, parts, sign, failing, sums))
        del items[start:]
        items.append(row)
    return groups


def _meets(summed: Interval, row: Row, column: int, table: Table, sign: int, tolerance: Decimal) -> bool:
    stated = Interval.of(row.values[column], table.factor)
    return (summed if sign == 1 else -summed).widen(tolerance).meets(stated)


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in tables_of(document, options["tables"], options["appendix"]):
        for group in structure(table, options["totals"], options["exclude"], options["tolerance"], options["results"]):
            for column in _columns(group.total):
                ctx.verified(document.path, [group.total.values[column], *(r.values[column] for r in group.parts)])
            for column in group.failing:
                stated = group.total.values[column]
                expected = group.sums[column].mid * group.sign / table.factor
                ctx.corrections[(document.path, stated.line, id(stated))] = (
                    group.sums[column] if group.sign == 1 else -group.sums[column]
                )
                yield make(
                    rule, document.path, stated.line,
                    {
                        "total": group.total.label, "period": period(table, column),
                        "count": len(group.parts), "first": group.parts[0].label,
                        "last": group.parts[-1].label, "expected": expected,
                        "actual": stated.amount, "table": table.title,
                    },
                    DEFAULT,
                    expected=expected, actual=stated.amount,
                    related=related_values(document.path, [r.values[column] for r in group.parts]),
                    context=(table.title, group.total.key, table.columns[column].key),
                )
