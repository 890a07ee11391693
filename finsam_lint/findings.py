"""The one kind of result every rule produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .privacy import mask

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Related:
    path: str
    line: int


@dataclass(frozen=True)
class Finding:
    rule: str  # stable code, "FL201"
    name: str  # kebab-case name, "member-fee-share"
    severity: str
    path: str
    line: int
    message: str
    end_line: int | None = None
    column: int = 1
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    related: tuple[Related, ...] = ()
    # The shape of the difference, where one fits it exactly: "Hyror (120 000) counted twice" (see checks.base.cause)
    cause: str | None = None
    # What identifies the finding apart from its line: table, row, period (for baselines).
    context: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        # Masked where every finding is made: a message or context (and so every format, baseline and
        # fingerprint) never holds a personal identity number in full, whichever rule quoted it.
        object.__setattr__(self, "message", mask(self.message))
        object.__setattr__(self, "context", tuple(mask(part) for part in self.context))
        if self.cause is not None:
            object.__setattr__(self, "cause", mask(self.cause))

    def sort_key(self):
        return (self.path, self.line, self.rule, self.column, self.message)


def plain(value: Decimal | None) -> str | None:
    """A Decimal as a plain string: no exponent, no trailing zeros after the point."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def kronor(value: Decimal | None) -> str:
    """A figure the way the report writes it: 19 108 000, -2 812 499, 0,42."""
    if value is None:
        return "–"
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    elif value.normalize().as_tuple().exponent < -3:  # a computed share: to the öre; 0,001 mnkr as written
        value = value.quantize(Decimal("0.01"))
    else:
        value = value.normalize() if value.normalize().as_tuple().exponent < -2 else value.quantize(Decimal("0.01"))
    text = plain(value)
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = " ".join(groups) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + result


def signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + kronor(value)
