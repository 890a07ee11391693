"""units: a table's stated unit agrees with the figures it repeats.

A driftredovisning headed "Belopp tkr" whose result reads -2 812 499, the
resultaträkning's result in kronor, is not in tkr: compared as tkr it would
be a thousand times too large. Two or more large figures that a table in
another unit shows with the same digits give the unit label away.
"""

from __future__ import annotations

from ..model import Document
from .base import Context, make, related_values

KIND = "units"
OPTIONS = {
    "against": (list[str], ["income", "balance", "cashflow"]),
    "least": (int, 1000),  # smaller figures repeat by chance
}
FIELDS = {"where", "unit", "count", "other", "other_unit", "example", "line"}
DEFAULT = ("{where} says its figures are in {unit}, but {count} of them are figures of the {other} "
           "in {other_unit}, digit for digit (such as {example} on line {line})")


def prepare(options: dict) -> dict:
    return options


def check(rule, document: Document, ctx: Context):
    options = rule.options
    against = [t for t in document.tables if t.kind in options["against"]]
    factors = {t.factor for t in against}
    for table in document.tables:
        if not factors - {table.factor}:
            continue  # every table it could be compared with is in its unit (so a long report is not read T² times)
        mine = {v.amount: v for row in table.rows for v in row.values if v is not None and abs(v.amount) >= options["least"]}
        for other in against:
            if other is table or other.factor == table.factor:
                continue
            theirs = {v.amount: v for row in other.rows for v in row.values if v is not None}
            shared = sorted(set(mine) & set(theirs), key=abs, reverse=True)
            ctx.checks += 1
            if len(shared) >= 2:
                example = theirs[shared[0]]
                yield make(
                    rule, document.path, table.line,
                    {"where": table.name, "unit": table.unit, "count": len(shared), "other": other.name,
                     "other_unit": other.unit, "example": shared[0], "line": example.line},
                    DEFAULT, related=related_values(document.path, [theirs[a] for a in shared[:5]]),
                    context=(rule.code, table.title, other.title),
                )
                break
