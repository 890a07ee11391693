"""What every check kind shares: the run context, label patterns and building findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..findings import Finding, Related, kronor, signed
from ..interval import Interval
from ..model import ONE, Document, Row, Table, Value


@dataclass
class Context:
    """What one run knows beyond a single rule: counts, and totals found to be wrong."""

    checks: int = 0
    figures: dict = field(default_factory=dict)  # path -> the figures (Value.n) some rule checked
    # (path, Value.n) of a stated total that did not foot -> what its rows sum to
    corrections: dict = field(default_factory=dict)
    # what a check kind works out once for the document being checked, kept while its rules run
    memo: dict = field(default_factory=dict)

    def verified(self, path: str, values) -> None:
        self.checks += 1
        checked = self._checked(path)
        for value in values:
            if value is not None:
                checked.add(value.n)

    def verified_numbers(self, path: str, numbers) -> None:
        """verified(), for figures known by their number in the document (Value.n) alone."""
        self.checks += 1
        self._checked(path).update(numbers)

    def _checked(self, path: str) -> set:
        checked = self.figures.get(path)
        if checked is None:  # not setdefault(path, set()): that makes a set on every call
            checked = self.figures[path] = set()
        return checked

    def merge(self, other: Context) -> None:
        """Take in what a run over other documents (in another process) found."""
        self.checks += other.checks
        for path, checked in other.figures.items():
            mine = self.figures.get(path)
            if mine is None:  # each file is checked in one process: its set is taken as it came, not copied
                self.figures[path] = checked
            else:
                mine.update(checked)
        self.corrections.update(other.corrections)


class Patterns(tuple):
    """A rule's compiled label patterns, hashed and compared as one object: hashing a tuple of
    re.Pattern hashes every pattern's compiled code again (some 200 ns), and matches() is asked
    about 100 000 times per 2 MB of reports."""

    __hash__ = object.__hash__
    __eq__ = object.__eq__


def compile_patterns(patterns: list[str]) -> Patterns:
    try:
        return Patterns(re.compile(p, re.IGNORECASE) for p in patterns)
    except re.error as error:
        raise ValueError(f"bad label pattern: {error}") from None


@lru_cache(maxsize=1 << 16)  # the same labels ("Summa", "Årets resultat") recur in every table and report
def matches(patterns: Patterns, label: str) -> bool:
    return any(p.fullmatch(label) for p in patterns)


def readings(ctx: Context, path: str, table: Table, value: Value) -> list[Interval]:
    """A stated figure as an interval in kronor; for a total that did not foot, also what its rows sum to.

    A comparison fails only if it fails for every reading: where the stated
    total agrees with the other figure, the error lies in its rows and has
    been reported there; where the sum of its rows agrees, the total itself
    is the error and has been reported by the footing rule.
    """
    stated = Interval.of(value, table.factor)
    corrected = ctx.corrections.get((path, value.n))
    return [stated] if corrected is None else [stated, corrected]


def agree(first: list[Interval], second: list[Interval], signed: bool = True) -> bool:
    """Whether any reading of one figure meets any reading of the other (or its negation if not signed)."""
    return any(a.meets(b) or (not signed and a.meets(-b)) for a in first for b in second)


_COSTS = re.compile(r"kostnad|utgift|avskrivning|förlust")


def amount_mismatches(ctx: Context, path: str, table: Table, row: Row, other_table: Table, other_row: Row):
    """Period by period, where a row and the row it repeats disagree.

    The two may show a figure with opposite signs (costs as positive figures in
    an overview or a note); the sign relation most periods show is taken as the
    convention, and a period that breaks it is a mismatch too. Where the periods
    are split evenly, only costs may change sign. Yields (column,
    the row's value, the other value, what the row should say in its own unit
    and sign).
    """
    pairs = []
    for index, column in enumerate(table.columns):
        other = other_table.column_index(column.key)
        if other is None or row.values[index] is None or other_row.values[other] is None:
            continue
        value, repeated = row.values[index], other_row.values[other]
        ctx.verified(path, [value, repeated])
        pairs.append((column, value, repeated))
    relations = [1 if (v.amount < 0) == (r.amount < 0) else -1 for _, v, r in pairs if v.amount and r.amount]
    convention = 1 if 2 * relations.count(1) > len(relations) else -1 if 2 * relations.count(-1) > len(relations) else 0
    if not convention:  # no period shows the relation more often than the other: costs go either way
        convention = 0 if _COSTS.search(row.key) else 1
    for column, value, repeated in pairs:
        mine = readings(ctx, path, table, value)
        theirs = readings(ctx, path, other_table, repeated)
        signs = (convention,) if convention else (1, -1)
        if any(agree(mine, [t if sign == 1 else -t for t in theirs]) for sign in signs):
            continue
        sign = convention or (-1 if (value.amount < 0) != (repeated.amount < 0) else 1)
        yield column, value, repeated, repeated.amount * other_table.factor * sign / table.factor


@dataclass(frozen=True)
class Evidence:
    """What may explain a difference: the stated figure, what it should be, and the figures that make that.

    All in one unit, the expected figure's: `factor` brings the stated figure into it (a tkr table's
    figure compared in kronor, a percentage compared as a ratio)."""

    stated: Value
    expected: Interval  # what the stated figure should be, as wide as rounding leaves it
    factor: Decimal = ONE
    parts: tuple = ()  # (label, amount): what the expected figure adds up, each with the sign it is added with
    elsewhere: tuple = ()  # (where, Interval): the same place's figure in another column or year


TWICE, LEFT_OUT, FLIPPED = "{part} counted twice", "{part} left out", "the sign of {part} flipped"


def likely_cause(evidence: Evidence) -> str | None:
    """The shape of the difference an auditor would name, where one fits it exactly (within rounding):
    a figure copied from another column or year, the sign flipped, two digits transposed in it or in one
    of the rows (the difference a multiple of 9; to the last digit), one of the rows counted twice, left
    out or with its sign flipped, or a factor of 10, 100 or 1 000 (a decimal point or the unit shifted).
    The first that fits is named; None where nothing does."""
    stated, expected, factor = evidence.stated, evidence.expected, evidence.factor
    actual, half = stated.amount * factor, stated.half_unit * factor

    def fits(intended: Decimal, spread: Decimal = half) -> bool:
        """Whether the figure would agree had `intended` been written (within `spread` by rounding)."""
        return Interval(intended - spread, intended + spread).meets(expected)

    if not actual:  # a figure left at 0 shows no shape: any row may be the one it "lacks"
        return None
    for where, figure in evidence.elsewhere:
        if figure.meets(Interval(actual - half, actual + half)):
            return f"{kronor(stated.amount)} is the figure of {where} (copied from the wrong place)"
    if fits(-actual):
        return f"the sign of {kronor(stated.amount)} flipped"
    # A swap must give the expected figure as the stated one would write it, to the last digit: rounding's
    # slack would let a swap in the last digits "explain" any difference of a few units above them.
    written = (expected.mid / factor).quantize(Decimal(1).scaleb(-stated.decimals))
    if written in _swaps(stated.amount, stated.decimals):
        return f"two digits transposed: {kronor(stated.amount)} for {kronor(written)}"
    for label, amount in evidence.parts:  # or in a row: the row as meant is the row as written plus the difference
        places = max(0, -amount.as_tuple().exponent)
        meant = (amount + actual - expected.mid).quantize(Decimal(1).scaleb(-places))
        if amount and meant in _swaps(amount, places):
            return f"two digits of {label} transposed: {kronor(amount / factor)} for {kronor(meant / factor)}"
    for label, amount in evidence.parts:
        part = f"{label} ({kronor(amount / factor)})"
        for shape, intended in ((TWICE, actual - amount), (LEFT_OUT, actual + amount), (FLIPPED, actual + 2 * amount)):
            if amount and fits(intended):
                return shape.format(part=part)
    for scale, shift in ((10, "a decimal point"), (100, "a decimal point"), (1000, "the unit")):
        for intended, spread in ((actual * scale, half * scale), (actual / scale, half / scale)):
            if fits(intended, spread):
                return f"a factor of {kronor(Decimal(scale))}: {shift} shifted"
    return None


def _swaps(value: Decimal, decimals: int):
    """The figures two neighbouring digits swapped would make of a figure written with `decimals` (each a
    multiple of 9 away from it: 9 × the digits' difference × the place). Only neighbours: a swap across
    places is 99 or 999 away, the difference a figure off by one krona of rounding shows after a typo."""
    digits = str(int(abs(value).scaleb(decimals)))
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1] and not (i == 0 and digits[1] == "0"):
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            yield Decimal(swapped).scaleb(-decimals).copy_sign(value)


def repeat_evidence(table: Table, value: Value, other_table: Table, other_row: Row, column, expected: Decimal,
                    parts=()) -> Evidence:
    """Evidence for a figure that repeats another table's (as amount_mismatches compared them): that row's
    figures in the other columns, and `parts`, the rows of the other table its figure adds up."""
    index = other_table.column_index(column.key)
    repeated = other_row.values[index]
    to_mine = Interval.exact((-1 if expected * repeated.amount < 0 else 1) / table.factor)  # in my unit and sign
    elsewhere = tuple((f"{other_table.name}, {period(other_table, i)}", Interval.of(v, other_table.factor) * to_mine)
                      for i, v in enumerate(other_row.values) if i != index and v is not None)
    found = [(row.label, (Interval.of(row.values[index], other_table.factor) * to_mine).mid)
             for row in parts if row.values[index] is not None]
    return Evidence(value, Interval.of(repeated, other_table.factor) * to_mine, parts=tuple(found), elsewhere=elsewhere)


def make(rule, path: str, line: int, fields: dict, default: str, *, expected=None, actual=None,
         related=(), context=(), evidence: Evidence | None = None) -> Finding:
    """A finding with its message from the rule's template (or the kind's default), and the likely cause
    of its difference where the evidence shows one."""
    difference = actual - expected if expected is not None and actual is not None else None
    shown = {k: (kronor(v) if isinstance(v, Decimal) else v) for k, v in fields.items()}
    if difference is not None:
        shown.setdefault("difference", signed(difference))
    message = (rule.message or default).format_map(shown)
    # Each other place once; the finding's own line is not "related" to it (another file's same line is).
    others = dict.fromkeys(Related(r.path, r.line) for r in related if (r.path, r.line) != (path, line))
    return Finding(
        rule=rule.code, name=rule.name, severity=rule.severity, path=path, line=line,
        end_line=line, message=message, expected=expected, actual=actual, difference=difference,
        related=tuple(others), context=context,
        cause=likely_cause(evidence) if evidence is not None and difference else None,
    )


def related_values(path: str, values) -> list[Related]:
    """The places of the figures involved (make() drops repeats)."""
    return [Related(path, value.line) for value in values if value is not None]


def tables_of(document: Document, kinds: list[str], appendix: bool = True):
    return [t for t in document.tables if t.kind in kinds and (appendix or not t.appendix)]


def period(table: Table, index: int) -> str:
    return table.columns[index].name
