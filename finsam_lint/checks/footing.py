"""footing: a total row equals the sum of the rows it stands for, in every column.

Which rows a total sums is read from the table itself: the run of open rows
just above it (rows not yet summed by an earlier subtotal) that adds up to the
total in the most period columns. A column where that same run does not add
up is the error, with what the rows sum to as the expected figure. A report
that shows a total with the opposite sign of its rows (costs as positive
figures) is accepted when it does so in every column.

Any row may be a total, labelled or not: the figures are the evidence. A row
whose label names a sum (`totals`) is always held to the run nearest to it; a
result row (`results`) or one whose label tips the choice (`evidence`, or a label
in upper case) is a total where at least one telling column foots; any other row
only where two or more telling columns foot, and more than do not. A row may
also head its parts (`ANLÄGGNINGSTILLGÅNGAR 412 300` over its components): the
run of open rows just below it that sums to it, by the same evidence. Each row
the structure places under a total gets that total's index as its `parent`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ..interval import Interval
from ..model import Document, Row, Table
from .base import Context, Evidence, compile_patterns, make, matches, period, related_values, tables_of

KIND = "footing"
OPTIONS = {
    "tables": (list[str], None),
    "totals": (list[str], None),
    "results": (list[str], []),
    "costs": (list[str], ["(summa |s:a )?(utgifter|kostnader)\\b.*", ".*\\b(utgifter|kostnader) totalt"]),
    "exclude": (list[str], ["(i )?procent.*"]),
    "details": (list[str], ["(varav|därav)\\b.*"]),  # parts of the row above, not of any sum
    "evidence": (list[str], []),  # labels that tip a row to be a total of the figures around it
    "tolerance": (float, 0),
    "appendix": (bool, True),
    "infer": (bool, True),  # any row may be a total where its figures show it, not only a labelled one
}
FIELDS = {"where", "total", "period", "count", "first", "last", "expected", "actual", "difference", "table"}
DEFAULT = "{where}, {period}: {total} is {actual}, but the {count} rows {first} … {last} sum to {expected} (difference {difference})"
MAX_RUN = 40
MAX_INFERRED_RUN = 20  # an unnamed total sums fewer rows: each row of a table is tried as one
_BOUNDARY = None
# How a row's label shows it may be a total, from the strongest: it names a sum, it names a result, it tips
# the choice (upper case, `evidence`), or nothing: then its figures alone must show it.
EXPLICIT, RESULT, EVIDENT, PLAIN = range(4)


def prepare(options: dict) -> dict:
    return {
        **options,
        **{key: compile_patterns(options[key]) for key in ("totals", "results", "costs", "exclude", "details", "evidence")},
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
    inferred: bool = False  # a total by its figures (and a label that only tips the choice), not by a label naming it


class _Structure:
    """Reads one table's totals in order; see structure().

    It sums in whole numbers of 1/scale kronor: every figure of the table, half its last digit and the
    tolerance are whole multiples of that, so the sums are exact, and adding ints is several times
    faster than adding Decimals in what is the hottest loop of the checks. For the same reason a figure's
    sign is read from its `number` (an int, or the Decimal as read), not its `amount`, which makes a Decimal.
    """

    def __init__(self, table: Table, options: dict, bounds: dict | None = None):
        self.table, self.options, self.factor = table, options, int(table.factor)
        self.places = max([0, -options["tolerance"].normalize().as_tuple().exponent]
                          + [v.figure.decimals for row in table.rows for v in row.values if v is not None])
        self.scale = 2 * 10**self.places
        self.tolerance = int(options["tolerance"] * self.scale)
        self.items: list[Row | None] = []  # open rows, with _BOUNDARY where a heading stood
        self.corrected: dict[int, dict[int, tuple[int, int]]] = {}  # id(total row) -> column -> what its rows sum to
        self.groups: list[Group] = []
        # id(row) -> per column, the lowest and the highest its figure may stand for (0 and 0 for an empty
        # cell). Made for every row at once, and looked up in place: each row is summed or tried as a total,
        # most of them many times. The same for another reading of the table with the same tolerance.
        self.bounds: dict[int, tuple[list[int], list[int]]] = bounds if bounds is not None else {
            id(row): _bounds(row, self.factor, self.places) for row in table.rows}
        self.heads: set[int] = set()  # id() of the open rows that may yet head the rows below them
        self.details: list[tuple[Row, Row]] = []  # a "varav" row and the row it is part of
        self.last: Row | None = None  # the last row with figures, that a "varav" row below is part of

    def interval(self, bounds: tuple[int, int]) -> Interval:
        return Interval(Decimal(bounds[0]) / self.scale, Decimal(bounds[1]) / self.scale)

    def coefficient(self, part: Row) -> int:
        """A result sums costs shown as positive totals ("UTGIFTER TOTALT 21 372 564") as minus."""
        o = self.options
        if not matches(o["costs"], part.key) or not matches(o["totals"], part.key):
            return 1
        return -1 if all(v is None or v.number >= 0 for v in part.values) else 1

    def sums(self, row: Row, parts: list[Row], columns: list[int]):
        """The sums of a run of rows, yielded as it grows by each part, per column in the order of `columns`:
        the bounds of what the parts sum to as written (low, high) and, once a part that is a total that
        did not foot has joined, with each such part taken as its own rows' sum (fixed_low, fixed_high;
        None until then). The lists are updated in place."""
        low, high = [0] * len(columns), [0] * len(columns)
        fixed_low = fixed_high = None
        results = not matches(self.options["totals"], row.key)  # only a result may sum costs as minus
        for part in parts:
            lows, highs = self.bounds[id(part)]
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
        if matches(o.get("details", ()), row.key):
            if self.last is not None:
                self.details.append((row, self.last))  # "varav": a part of the row above, not of the sum
            return
        if row.is_heading:
            self.items.append(_BOUNDARY)
            self.last = None
            return
        self.last = row
        explicit = row.total or matches(o["totals"], row.key)
        if explicit or matches(o["results"], row.key):
            level = EXPLICIT if explicit else RESULT
        elif o.get("infer"):
            level = EVIDENT if _evident(self.options["evidence"], row.key, row.label) else PLAIN
        else:
            self.items.append(row)
            return
        if (level != PLAIN or sum(v is not None for v in row.values) >= 2) and self.close_below(row, level):
            return  # (a row of one figure and no label to tip it is no total: one column is not evidence enough)
        self.items.append(row)
        if level >= EVIDENT:
            self.heads.add(id(row))
            while self.close_above():
                pass

    @staticmethod
    def supported(level: int, hits: int, misses: int) -> bool:
        """Whether the columns that foot are evidence enough for a row of this level to be a total."""
        if level == PLAIN:
            return hits >= 2 and hits > misses
        return hits >= 1

    def close_above(self) -> bool:
        """A group total above its parts: the nearest open row that the open rows below it sum to. Walking
        upward from the last open row, each row is tried as the head of the rows below it, then joins them."""
        items, tolerance = self.items, self.tolerance
        if len(items) < 3:
            return False  # no head with two rows below it
        width = len(self.table.columns)
        low, high, nonzero, present = [0] * width, [0] * width, [False] * width, [False] * width
        fixed_low = fixed_high = None
        for i in range(len(items) - 1, max(-1, len(items) - 2 - MAX_INFERRED_RUN), -1):
            head = items[i]
            if head is _BOUNDARY or head.ambiguous or head.partial:
                return False  # a group does not reach over a heading, nor over a row not read in full
            count = len(items) - 1 - i
            if count >= 2 and id(head) in self.heads:
                columns = [c for c, v in enumerate(head.values) if v is not None]
                lows, highs = self.bounds[id(head)]
                hits = misses = 0
                failing = []
                for c in columns:
                    if not present[c] or (not nonzero[c] and head.values[c].number == 0):
                        continue  # zeros alone, or no part's figure, show nothing
                    t_lo, t_hi = lows[c] - tolerance, highs[c] + tolerance
                    if (low[c] <= t_hi and t_lo <= high[c]) or (
                            fixed_low is not None and fixed_low[c] <= t_hi and t_lo <= fixed_high[c]):
                        hits += 1
                    else:
                        misses += 1
                        failing.append(c)
                level = EVIDENT if _evident(self.options["evidence"], head.key, head.label) else PLAIN
                if self.supported(level, hits, misses):
                    parts = items[i + 1:]
                    sums = {c: (low[c], high[c]) for c in failing}
                    self.groups.append(Group(head, parts, 1, columns, {c: self.interval(b) for c, b in sums.items()}, True))
                    self.corrected[id(head)] = sums
                    self.heads.discard(id(head))
                    del items[i + 1:]
                    return True
            part = head  # not the head of the rows below it: one of the rows a head further up may sum
            part_lows, part_highs = self.bounds[id(part)]
            fixes = self.corrected.get(id(part))
            if fixes and fixed_low is None:
                fixed_low, fixed_high = low[:], high[:]
            for c in range(width):
                low[c] += part_lows[c]
                high[c] += part_highs[c]
                value = part.values[c]
                present[c] = present[c] or value is not None
                nonzero[c] = nonzero[c] or (value is not None and value.number != 0)
                if fixed_low is not None:
                    lo, hi = fixes[c] if fixes and c in fixes else (part_lows[c], part_highs[c])
                    fixed_low[c] += lo
                    fixed_high[c] += hi
        return False

    def may_foot(self, row: Row, upward: list, columns: list[int], need: int, signs) -> bool:
        """Whether some run of two or more of the open rows above an inferred total (`upward`, the nearest
        first) meets it in at least `need` columns with one sign: what close_below needs to find one. Each
        part counts with the hull of its reading as written and as corrected, so every column close_below
        counts for a run (in either reading) is counted here too: where this says no, so would it."""
        lows, highs = self.bounds[id(row)]
        tolerance = self.tolerance
        targets = [[(lows[c] - tolerance, highs[c] + tolerance) for c in columns]]
        if -1 in signs:
            targets.append([(-highs[c] - tolerance, -lows[c] + tolerance) for c in columns])
        low, high = [0] * len(columns), [0] * len(columns)
        for count, (_, part) in enumerate(upward, start=1):
            if part.ambiguous:
                return False  # close_below tries no run through it
            part_lows, part_highs = self.bounds[id(part)]
            fixes = self.corrected.get(id(part))
            negate = self.coefficient(part) == -1  # an inferred total is no named sum: it is summed as a result
            for j, c in enumerate(columns):
                lo, hi = part_lows[c], part_highs[c]
                if fixes and c in fixes:
                    lo, hi = min(lo, fixes[c][0]), max(hi, fixes[c][1])
                if negate:
                    lo, hi = -hi, -lo
                low[j] += lo
                high[j] += hi
            if count >= 2:
                for target in targets:
                    if sum(lo <= t_hi and t_lo <= hi for lo, hi, (t_lo, t_hi) in zip(low, high, target)) >= need:
                        return True
        return False

    def close_below(self, row: Row, level: int) -> bool:
        """A total below its parts: the run of open rows just above it that sums to it. Whether one was found."""
        explicit = level == EXPLICIT
        fewest = 1 if level <= RESULT else 2  # an inferred total stands for more than one row
        signs = (1,) if level == PLAIN else (1, -1)
        inferred = level >= EVIDENT
        present = [False] * len(row.values)  # per column: whether some part of the run has a figure there
        items = self.items
        upward = []  # (index in items, row) of the open rows a run may take, the nearest first
        longest = MAX_INFERRED_RUN if inferred else MAX_RUN
        for i in range(len(items) - 1, -1, -1):
            if items[i] is not _BOUNDARY:
                upward.append((i, items[i]))
                if len(upward) == longest:
                    break
        heading_last = bool(items) and items[-1] is _BOUNDARY
        unread = False  # a row since the last heading whose figures could not be read in full
        for item in reversed(items):
            if item is _BOUNDARY:
                break
            unread = unread or item.ambiguous or item.partial
        columns = [i for i, v in enumerate(row.values) if v is not None]
        # Cheap tests that no run can be this row's: most rows are tried as inferred totals and are none,
        # and scoring every run is the dearest part of reading a table's structure.
        if len(upward) < fewest or (inferred and unread):
            return False
        if inferred and not self.may_foot(row, upward, columns, 2 if level == PLAIN else 1, signs):
            return False
        lows, highs = self.bounds[id(row)]
        tolerance = self.tolerance
        # what the rows must meet, per column, for a total shown with their sign (1) or the opposite (-1)
        targets = {1: [(lows[c] - tolerance, highs[c] + tolerance) for c in columns],
                   -1: [(-highs[c] - tolerance, -lows[c] + tolerance) for c in columns]}
        telling = [row.values[c].number != 0 for c in columns]
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
                telling[j] = telling[j] or (value is not None and value.number != 0)
            for j, c in enumerate(columns):
                present[j] = present[j] or part.values[c] is not None
            aligned = start == 0 or items[start - 1] is _BOUNDARY
            if count < fewest:
                continue
            tried.append((start, count, aligned))
            for sign in signs:
                # A column where the total and its rows are all zero shows nothing about which rows it sums.
                hits = shown = wrong = 0
                for j, (t_lo, t_hi) in enumerate(targets[sign]):
                    if (not quiet or telling[j]) and (present[j] or not inferred):
                        shown += 1
                        if (low[j] <= t_hi and t_lo <= high[j]) or (
                                fixed_low is not None and fixed_low[j] <= t_hi and t_lo <= fixed_high[j]):
                            hits += 1
                        elif present[j]:
                            wrong += 1
                # as many columns foot: the run that contradicts the total in fewer of the columns it has figures in
                # (a specification under a roll-forward's closing row sums to it without the closing row above)
                score = (hits, -wrong, aligned, sign, count, shown - hits)
                if best is None or score > best[0]:
                    fixed = (None, None) if fixed_low is None else (fixed_low[:], fixed_high[:])
                    best = (score, start, count, sign, (low[:], high[:], *fixed))  # copies: sums() goes on
                if hits == shown:
                    break  # the opposite sign, tried second, could at best tie this score, and a tie goes to this one
        if best is None or (best[0][0] == 0 and (not explicit or heading_last or unread)) or (
                level >= EVIDENT and (unread or not self.supported(level, best[0][0], best[0][5]))):
            # Nothing shows which rows it sums: a total standing alone under a heading, a result
            # that foots in no column, a sum over a row whose figures could not be read, or a row
            # whose label does not name a sum and whose figures are not evidence enough.
            return False
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
        # a column where no part has a figure says nothing of the sum: the parts break down the other columns only
        # (a kommun's equity specified, the koncern's not), unless no column foots at all
        present = [any(part.values[c] is not None for part in parts) for c in columns]  # in the run taken
        failing = [j for j in range(len(columns)) if (present[j] or not inferred and not best[0][0])
                   and not any(lo <= target[j][1] and target[j][0] <= hi for lo, hi in readings[j])]
        # what the rows, as written, sum to where that does not meet the total, in the total's sign
        sums = {columns[j]: readings[j][0] if sign == 1 else (-readings[j][0][1], -readings[j][0][0]) for j in failing}
        self.groups.append(Group(row, parts, sign, columns, {c: self.interval(bounds) for c, bounds in sums.items()}, inferred))
        self.corrected[id(row)] = sums
        del items[start:]
        items.append(row)
        return True


def _bounds(row: Row, factor: int, places: int) -> tuple[list[int], list[int]]:
    lows, highs = [], []
    for value in row.values:
        lo, hi = Interval.scaled(value, factor, places) if value is not None else (0, 0)
        lows.append(lo)
        highs.append(hi)
    return lows, highs


@lru_cache(maxsize=1 << 16)  # asked of every row, and again of each row that may head the rows below it
def _evident(evidence, key: str, label: str) -> bool:
    """A label that tips a row to be a total: a word in `evidence`, or the label in upper case."""
    letters = [c for c in label if c.isalpha()]
    return matches(evidence, key) or (len(letters) >= 3 and all(c.isupper() for c in letters))


def structure(table: Table, options: dict, link: bool = False) -> list[Group]:
    """Which rows each total of a table sums, read from the table itself.

    An explicit sum ("Summa ...") that foots in no column is held against the
    run of rows whose sum comes closest to it (a typo moves a figure a little,
    not to another row's sum); a result row ("Verksamhetens resultat") is
    checked only where some column shows which rows it sums. A total that did
    not foot enters later sums both as written and as what its rows sum to, so
    it is not blamed twice.

    With `link`, each row's `parent` is set to the index of the total it is a part of
    (a "varav" row's, to the row it details), and None for the others.
    """
    reader = _read(table, options)
    if _wrong(reader.groups) and any(group.inferred for group in reader.groups):
        # Of the structures with and without the inferred totals, the one that makes fewer labelled
        # totals wrong (the inferred ones, where a tie leaves them): a FINSAM region's 25 % equals the
        # municipalities' 25 %, and must not be taken for their sum when "Summa" sums them all.
        labelled = _read(table, {**options, "infer": False}, reader.bounds)
        if _wrong(labelled.groups) < _wrong(reader.groups):
            reader = labelled
    if link:
        index = {id(row): i for i, row in enumerate(table.rows)}
        for row in table.rows:
            row.parent = None
        for group in reader.groups:
            for part in group.parts:
                part.parent = index[id(group.total)]
        for detail, whole in reader.details:
            detail.parent = index[id(whole)]
    return reader.groups


def link(documents, rules=None) -> None:
    """Set every row's `parent` as the footing rules (the built-in ones unless given) read the tables."""
    if rules is None:
        from ..rules import load_rules

        rules = load_rules()
    for rule in rules:
        if rule.kind == KIND:
            for document in documents:
                for table in tables_of(document, rule.options["tables"], rule.options["appendix"]):
                    structure(table, rule.options, link=True)


def _read(table: Table, options: dict, bounds: dict | None = None) -> _Structure:
    reader = _Structure(table, options, bounds)
    for row in table.rows:
        reader.add(row)
    return reader


def _wrong(groups: list[Group]) -> int:
    """How many figures of labelled totals do not foot."""
    return sum(len(group.failing) for group in groups if not group.inferred)


AVERAGE = re.compile(r"(?i)\bper\s+(invånare|inv\.?|capita|elev|brukare|plats|person|anställd|årsarbetare)\b|/inv\b|snitt|medel(värde|tal)")


def _rates(table: Table, group: Group, column: int) -> bool:
    """Percentages that are no shares of the total ("Förändring %" 1,6 %, 4,6 % … over 3,6 %): they do not add
    up, and are not footed. Shares do: their total is the whole, 100 %. Nor does a column whose 'total' stands
    between the least and the greatest of its rows, all of one sign ("Kronor per invånare" 1 480, 1 520 over
    1 500): an average, which no sum of two such rows or more can be."""
    total = group.total.values[column]
    if total is None:
        return False
    if total.percent and total.value != 1:
        return True
    parts = [r.values[column].value for r in group.parts if r.values[column] is not None]
    if len(parts) < 2 or not (all(p > 0 for p in parts) or all(p < 0 for p in parts)):
        return False
    # a wrong sum may fall between its rows too: an average is named so, or is every row's own figure
    return min(parts) <= total.value <= max(parts) and (AVERAGE.search(table.columns[column].name) or len(set(parts)) == 1)


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in tables_of(document, options["tables"], options["appendix"]):
        for group in structure(table, options, link=True):
            rates = {column for column in group.columns if _rates(table, group, column)}
            if rates:
                group = replace(group, columns=[c for c in group.columns if c not in rates],
                                failing={c: s for c, s in group.failing.items() if c not in rates})
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
