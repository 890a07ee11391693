"""Interval arithmetic for rounded figures (as XBRL Calculations 1.1 does it).

A figure written to whole kronor stands for every value within half a krona of
it. A computed total is inconsistent with a stated one only when the two
intervals do not meet; so a total that is off by one krona because every line
was rounded is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import ONE, Value
from .numbers import half_unit_of

ZERO = Decimal(0)


@dataclass(slots=True)
class Interval:
    """Closed, in kronor; not frozen only because a frozen dataclass is slow to make, and rules make many."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def of(cls, value: Value, factor: Decimal = ONE) -> Interval:
        """The values a written figure may stand for, in kronor."""
        figure = value.figure
        half, amount = half_unit_of(figure.decimals), figure.value  # figure.half_unit, without a property's call
        if factor is not ONE and not figure.percent:  # most figures are in kronor: no need to multiply
            half, amount = half * factor, amount * factor
        return cls(amount - half, amount + half)

    @staticmethod
    def scaled(value: Value, factor: int, places: int) -> tuple[int, int]:
        """of()'s two ends as whole numbers of 1/(2 * 10**places) kronor, for a figure of at most `places`
        decimals: sums of ints are exact, and several times faster than sums of Decimals."""
        figure = value.figure
        # a whole figure's number is already its units: no Decimal made of it (a third of this call)
        units = int(figure.number) if not figure.decimals else int(figure.value.scaleb(figure.decimals))
        step = 10 ** (places - figure.decimals) * (1 if figure.percent else factor)
        return (2 * units - 1) * step, (2 * units + 1) * step

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval) -> Interval:
        products = [a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("division by an interval around zero")
        quotients = [a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]  # no inverse: 0,07 has none exact
        return Interval(min(quotients), max(quotients))

    def abs(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(ZERO, max(-self.lo, self.hi))

    def widen(self, tolerance: Decimal) -> Interval:
        return Interval(self.lo - tolerance, self.hi + tolerance)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def total(intervals) -> Interval:
    result = Interval.exact(ZERO)
    for interval in intervals:
        result = result + interval
    return result
