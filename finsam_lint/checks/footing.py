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
from .base import Context, Evidence, compile_patterns, make, matches, period, related_values, tables_of

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
    columns: list[int]  # the indexes of the columns where the total has a figure
    failing: dict[int, Interval]  # column index -> what the rows, as written, sum to, where that does not meet the total


class _Structure:
    """Reads one table's totals in order; see structure().

    It sums in whole numbers of 1/scale kronor: every figure of the table, half its last digit and the
    tolerance are whole multiples of that, so the sums are exact, and adding ints is several times
    faster than adding Decimals in what is the hottest loop of the checks.
    """

    def __init__(self, table: Table, options: dict):
        self.table, self.options, self.factor = table, options, int(table.factor)
        self.places = max([0, -options["tolerance"].normalize().as_tuple().exponent]
                          + [v.figure.decimals for row in table.rows for v in row.values if v is not None])
        self.scale = 2 * 10**self.places
        self.tolerance = int(options["tolerance"] * self.scale)
        self.items: list[Row | None] = []  # open rows, with _BOUNDARY where a heading stood
        self.corrected: dict[int, dict[int, tuple[int, int]]] = {}  # id(total row) -> column -> what its rows sum to
        self.groups: list[Group] = []
        self.bounds: dict[int, tuple[list[int], list[int]]] = {}

    def bounds_of(self, row: Row) -> tuple[list[int], list[int]]:
        """Per column, the lowest and the highest a row's figure may stand for (0 and 0 for an empty cell)."""
        found = self.bounds.get(id(row))
        if found is None:
            lows, highs = [], []
            for value in row.values:
                lo, hi = Interval.scaled(value, self.factor, self.places) if value is not None else (0, 0)
                lows.append(lo)
                highs.append(hi)
            found = self.bounds[id(row)] = (lows, highs)
        return found

    def interval(self, bounds: tuple[int, int]) -> Interval:
        return Interval(Decimal(bounds[0]) / self.scale, Decimal(bounds[1]) / self.scale)

    def coefficient(self, part: Row) -> int:
        """A result sums costs shown as positive totals ("UTGIFTER TOTALT 21 372 564") as minus."""
        o = self.options
        if not matches(o["costs"], part.key) or not matches(o["totals"], part.key):
            return 1
        return -1 if all(v is None or v.amount >= 0 for v in part.values) else 1

    def sums(self, row: Row, parts: list[Row], columns: list[int]):
        """The sums of a run of rows, yielded as it grows by each part, per column in the order of `columns`:
        the bounds of what the parts sum to as written (low, high) and, once a part that is a total that
        did not foot has joined, with each such part taken as its own rows' sum (fixed_low, fixed_high;
        None until then). The lists are updated in place."""
        low, high = [0] * len(columns), [0] * len(columns)
        fixed_low = fixed_high = None
        results = not matches(self.options["totals"], row.key)  # only a result may sum costs as minus
        for part in parts:
            lows, highs = self.bounds_of(part)
            fixes = self.corrected.get(id(part))
            if fixes:
                fixed_lows, fixed_highs = lows[:], highs[:]
                for c, (lo, hi) in fixes.items():
                    fixed_lows[c], fixed_highs[c] = lo, hi
                if fixed_low is None:
                    fixed_low, fixed_high = low[:], high[:]
            else:
                fixed_lows, fixed_highs = lows, highs
            if results and self.coefficient(part) == -1:
                lows, highs = [-h for h in highs], [-lo for lo in lows]
                fixed_lows, fixed_highs = [-h for h in fixed_highs], [-lo for lo in fixed_lows]
            for j, c in enumerate(columns):
                low[j] += lows[c]
                high[j] += highs[c]
            if fixed_low is not None:
                for j, c in enumerate(columns):
                    fixed_low[j] += fixed_lows[c]
                    fixed_high[j] += fixed_highs[c]
            yield low, high, fixed_low, fixed_high

    @staticmethod
    def readings(low, high, fixed_low, fixed_high) -> list[list[tuple[int, int]]]:
        """What a run of rows sums to in each column: as written, and where it differs, as corrected."""
        if fixed_low is None:  # no part carries a correction
            return [[(lo, hi)] for lo, hi in zip(low, high)]
        return [[(lo, hi)] if (lo, hi) == (f_lo, f_hi) else [(lo, hi), (f_lo, f_hi)]
                for lo, hi, f_lo, f_hi in zip(low, high, fixed_low, fixed_high)]

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
        upward = []  # (index in items, row) of the open rows a run may take, the nearest first
        for i in range(len(items) - 1, -1, -1):
            if items[i] is not _BOUNDARY:
                upward.append((i, items[i]))
                if len(upward) == MAX_RUN:
                    break
        columns = [i for i, v in enumerate(row.values) if v is not None]
        lows, highs = self.bounds_of(row)
        tolerance = self.tolerance
        # what the rows must meet, per column, for a total shown with their sign (1) or the opposite (-1)
        targets = {1: [(lows[c] - tolerance, highs[c] + tolerance) for c in columns],
                   -1: [(-highs[c] - tolerance, -lows[c] + tolerance) for c in columns]}
        telling = [row.values[c].amount != 0 for c in columns]
        quiet = [j for j in range(len(columns)) if not telling[j]]  # columns still all zero, run so far and total
        best = None
        tried = []  # (start, count, aligned) of every run tried
        # the run grows one row upward at a time
        for count, (low, high, fixed_low, fixed_high) in enumerate(self.sums(row, [r for _, r in upward], columns), start=1):
            start, part = upward[count - 1]
            if part.ambiguous:
                break  # every longer run holds a row that could not be read
            for j in quiet:
                value = part.values[columns[j]]
                telling[j] = telling[j] or (value is not None and value.amount != 0)
            aligned = start == 0 or items[start - 1] is _BOUNDARY
            tried.append((start, count, aligned))
            for sign in (1, -1):
                # A column where the total and its rows are all zero shows nothing about which rows it sums.
                hits = 0
                for j, (t_lo, t_hi) in enumerate(targets[sign]):
                    if (not quiet or telling[j]) and ((low[j] <= t_hi and t_lo <= high[j]) or (
                            fixed_low is not None and fixed_low[j] <= t_hi and t_lo <= fixed_high[j])):
                        hits += 1
                score = (hits, aligned, sign, count)
                if best is None or score > best[0]:
                    fixed = (None, None) if fixed_low is None else (fixed_low[:], fixed_high[:])
                    best = (score, start, count, sign, (low[:], high[:], *fixed))  # copies: sums() goes on
        heading_last = bool(items) and items[-1] is _BOUNDARY
        unread = False  # a row since the last heading whose figures could not be read in full
        for item in reversed(items):
            if item is _BOUNDARY:
                break
            unread = unread or item.ambiguous or item.partial
        if best is None or (best[0][0] == 0 and (not explicit or heading_last or unread)):
            # Nothing shows which rows it sums: a total standing alone under a heading, a result
            # that foots in no column, or a sum over a row whose figures could not be read.
            items.append(row)
            return
        if best[0][0]:
            _, start, count, sign, sums = best
            readings = self.readings(*sums)
        else:  # no run foots in any column: an explicit sum is held against the run that comes closest
            sign, closest = 1, None
            for start_, count_, aligned in tried:
                *_, sums = self.sums(row, [r for _, r in upward[:count_]], columns)
                run = self.readings(*sums)
                distance = sum(abs(r[0][0] + r[0][1] - t[0] - t[1]) for r, t in zip(run, targets[1])), not aligned
                if closest is None or distance < closest[0]:
                    closest = (distance, start_, count_, run)
            _, start, count, readings = closest
        parts = [r for _, r in reversed(upward[:count])]
        target = targets[sign]
        failing = [j for j in range(len(columns))
                   if not any(lo <= target[j][1] and target[j][0] <= hi for lo, hi in readings[j])]
        # what the rows, as written, sum to where that does not meet the total, in the total's sign
        sums = {columns[j]: readings[j][0] if sign == 1 else (-readings[j][0][1], -readings[j][0][0]) for j in failing}
        self.groups.append(Group(row, parts, sign, columns, {c: self.interval(bounds) for c, bounds in sums.items()}))
        self.corrected[id(row)] = sums
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
            for column in group.columns:
                ctx.verified(document.path, [group.total.values[column], *[r.values[column] for r in group.parts]])
            for column, sums in group.failing.items():
                stated = group.total.values[column]
                expected = sums.mid / table.factor
                ctx.corrections[(document.path, stated.n)] = sums
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
                    evidence=Evidence(
                        stated, Interval(sums.lo / table.factor, sums.hi / table.factor),
                        parts=tuple((r.label, group.sign * r.values[column].amount)
                                    for r in group.parts if r.values[column] is not None),
                        elsewhere=tuple((period(table, other), Interval.of(value))
                                        for other, value in enumerate(group.total.values)
                                        if other != column and value is not None)),
                )
