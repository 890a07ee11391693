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

from ..interval import Interval
from ..model import Document, Row, Table
from .base import Context, compile_patterns, make, matches, period, related_values, tables_of

KIND = "footing"
OPTIONS = {
    "tables": (list[str], None),
    "totals": (list[str], None),
    "results": (list[str], []),
    "costs": (list[str], ["(summa |s:a )?(utgifter|kostnader)\\b.*", ".*\\b(utgifter|kostnader) totalt"]),
    "exclude": (list[str], ["varav\\b.*", "därav\\b.*", "(i )?procent.*"]),
    "tolerance": (float, 0),
    "appendix": (bool, True),
}
FIELDS = {"where", "total", "period", "count", "first", "last", "expected", "actual", "difference", "table"}
DEFAULT = "{where}, {period}: {total} is {actual}, but the {count} rows {first} … {last} sum to {expected} (difference {difference})"
MAX_RUN = 40
_BOUNDARY = None
_ZERO = Decimal(0)


def prepare(options: dict) -> dict:
    return {
        **options,
        **{key: compile_patterns(options[key]) for key in ("totals", "results", "costs", "exclude")},
        "tolerance": Decimal(str(options["tolerance"])),
    }


@dataclass
class Group:
    """A total row and the rows it sums."""

    total: Row
    parts: list[Row]
    sign: int  # -1 where the total shows the rows' sum with the opposite sign
    failing: list[int]  # column indexes where the sum does not meet the total
    sums: dict[int, Interval]  # what the rows, as written, sum to


class _Structure:
    """Reads one table's totals in order; see structure()."""

    def __init__(self, table: Table, options: dict):
        self.table, self.options, self.factor = table, options, table.factor
        self.items: list[Row | None] = []  # open rows, with _BOUNDARY where a heading stood
        self.corrected: dict[int, dict[int, Interval]] = {}  # id(total row) -> column -> what its rows sum to
        self.groups: list[Group] = []
        self.intervals: dict[int, Interval] = {}

    def interval(self, value) -> Interval:
        interval = self.intervals.get(id(value))
        if interval is None:
            interval = self.intervals[id(value)] = Interval.of(value, self.factor)
        return interval

    def coefficient(self, part: Row) -> int:
        """A result sums costs shown as positive totals ("UTGIFTER TOTALT 21 372 564") as minus."""
        o = self.options
        if not matches(o["costs"], part.key) or not matches(o["totals"], part.key):
            return 1
        return -1 if all(v is None or v.amount >= 0 for v in part.values) else 1

    def sums(self, row: Row, parts: list[Row], columns: list[int]):
        """The sums of a run of rows, yielded as it grows by each part: per column the bounds of what the
        parts sum to as written (low, high), and with each part that is a total that did not foot taken
        as its own rows sum (fixed_low, fixed_high). Until such a part joins the run, fixed_low and
        fixed_high are low and high themselves. Plain Decimals, not Intervals: this loop is hot."""
        low, high = dict.fromkeys(columns, _ZERO), dict.fromkeys(columns, _ZERO)
        fixed_low, fixed_high = low, high
        results = not matches(self.options["totals"], row.key)  # only a result may sum costs as minus
        for part in parts:
            k = self.coefficient(part) if results else 1
            fixes = self.corrected.get(id(part))
            if fixes and fixed_low is low:
                fixed_low, fixed_high = dict(low), dict(high)
            for c in columns:
                value = part.values[c]
                if value is None:
                    continue
                interval = self.interval(value)
                if k == 1:
                    lo, hi = interval.lo, interval.hi
                else:
                    lo, hi = -interval.hi, -interval.lo
                low[c] += lo
                high[c] += hi
                if fixed_low is not low:
                    fixed = fixes.get(c, interval) if fixes else interval
                    fixed_low[c] += fixed.lo if k == 1 else -fixed.hi
                    fixed_high[c] += fixed.hi if k == 1 else -fixed.lo
            yield low, high, fixed_low, fixed_high

    def readings(self, row: Row, parts: list[Row], columns: list[int]) -> dict[int, list[Interval]]:
        """What a run of rows sums to in each column: as written, and where it differs, as corrected."""
        *_, (low, high, fixed_low, fixed_high) = self.sums(row, parts, columns)
        if fixed_low is low:  # no part carries a correction
            return {c: [Interval(low[c], high[c])] for c in columns}
        readings = {}
        for c in columns:
            stated, corrected = Interval(low[c], high[c]), Interval(fixed_low[c], fixed_high[c])
            readings[c] = [stated] if corrected == stated else [stated, corrected]
        return readings

    def add(self, row: Row) -> None:
        o = self.options
        if not row.label or matches(o["exclude"], row.key):
            return
        if row.is_heading:
            self.items.append(_BOUNDARY)
            return
        explicit = matches(o["totals"], row.key)
        if not explicit and not matches(o["results"], row.key):
            self.items.append(row)
            return
        items = self.items
        open_rows = [(i, item) for i, item in enumerate(items) if item is not _BOUNDARY]
        columns = [i for i, v in enumerate(row.values) if v is not None]
        tolerance = o["tolerance"]
        # what the rows must meet, for a total shown with their sign (1) or the opposite (-1)
        targets = {sign: {c: (self.interval(row.values[c]) if sign == 1 else -self.interval(row.values[c])).widen(tolerance)
                          for c in columns} for sign in (1, -1)}
        bounds = {sign: [(c, target[c].lo, target[c].hi) for c in columns] for sign, target in targets.items()}
        telling = {c: row.values[c].amount != 0 for c in columns}
        quiet = [c for c in columns if not telling[c]]  # columns still all zero, run so far and total
        best = None
        tried = []  # (start, count, aligned) of every run tried
        upward = [item for _, item in reversed(open_rows[-MAX_RUN:])]  # the run grows one row upward at a time
        for count, (low, high, fixed_low, fixed_high) in enumerate(self.sums(row, upward, columns), start=1):
            start, part = open_rows[-count]
            if part.ambiguous:
                break  # every longer run holds a row that could not be read
            for c in quiet:
                telling[c] = telling[c] or (part.values[c] is not None and part.values[c].amount != 0)
            aligned = start == 0 or items[start - 1] is _BOUNDARY
            tried.append((start, count, aligned))
            fixed = fixed_low is not low
            for sign in (1, -1):
                # A column where the total and its rows are all zero shows nothing about which rows it sums.
                hits = 0
                for c, t_lo, t_hi in bounds[sign]:
                    if (not quiet or telling[c]) and ((low[c] <= t_hi and t_lo <= high[c])
                                       or (fixed and fixed_low[c] <= t_hi and t_lo <= fixed_high[c])):
                        hits += 1
                score = (hits, aligned, sign, count)
                if best is None or score > best[0]:
                    best = (score, start, count, sign)
        heading_last = bool(items) and items[-1] is _BOUNDARY
        last_boundary = next((i for i in range(len(items) - 1, -1, -1) if items[i] is _BOUNDARY), -1)
        unread = any(item.ambiguous or item.partial for item in items[last_boundary + 1 :])
        if best is None or (best[0][0] == 0 and (not explicit or heading_last or unread)):
            # Nothing shows which rows it sums: a total standing alone under a heading, a result
            # that foots in no column, or a sum over a row whose figures could not be read.
            items.append(row)
            return
        if best[0][0]:
            _, start, count, sign = best
            readings = self.readings(row, [item for _, item in open_rows[-count:]], columns)
        else:  # no run foots in any column: an explicit sum is held against the run that comes closest
            sign, closest = 1, None
            for start_, count_, aligned in tried:
                run = self.readings(row, [item for _, item in open_rows[-count_:]], columns)
                distance = sum(abs(run[c][0].mid - targets[1][c].mid) for c in columns), not aligned
                if closest is None or distance < closest[0]:
                    closest = (distance, start_, count_, run)
            _, start, count, readings = closest
        parts = [item for _, item in open_rows[-count:]]
        failing = [c for c in columns if not any(r.meets(targets[sign][c]) for r in readings[c])]
        sums = {c: readings[c][0] if sign == 1 else -readings[c][0] for c in columns}
        self.groups.append(Group(row, parts, sign, failing, sums))
        self.corrected[id(row)] = {c: sums[c] for c in failing}
        del items[start:]
        items.append(row)


def structure(table: Table, options: dict) -> list[Group]:
    """Which rows each total of a table sums, read from the table itself.

    An explicit sum ("Summa ...") that foots in no column is held against the
    run of rows whose sum comes closest to it (a typo moves a figure a little,
    not to another row's sum); a result row ("Verksamhetens resultat") is
    checked only where some column shows which rows it sums. A total that did
    not foot enters later sums both as written and as what its rows sum to, so
    it is not blamed twice.
    """
    reader = _Structure(table, options)
    for row in table.rows:
        reader.add(row)
    return reader.groups


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in tables_of(document, options["tables"], options["appendix"]):
        for group in structure(table, options):
            for column in group.sums:
                ctx.verified(document.path, [group.total.values[column], *[r.values[column] for r in group.parts]])
            for column in group.failing:
                stated = group.total.values[column]
                expected = group.sums[column].mid / table.factor
                ctx.corrections[(document.path, stated.n)] = group.sums[column]
                yield make(
                    rule, document.path, stated.line,
                    {
                        "where": table.name, "total": group.total.label, "period": period(table, column),
                        "count": len(group.parts), "first": group.parts[0].label,
                        "last": group.parts[-1].label, "expected": expected,
                        "actual": stated.amount, "table": table.title,
                    },
                    DEFAULT,
                    expected=expected, actual=stated.amount,
                    related=related_values(document.path, [r.values[column] for r in group.parts]),
                    context=(table.title, group.total.key, table.columns[column].key),
                )
