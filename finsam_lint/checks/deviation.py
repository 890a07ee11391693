"""deviation: in a budget table, avvikelse = utfall − budget on every row.

Some tables write the deviation the other way round (budget − utfall); the
convention the most rows follow is taken as the table's own, and a row that
follows neither is the error.
"""

from __future__ import annotations

from ..interval import Interval
from ..model import Document
from .base import Context, Evidence, make

KIND = "deviation"
OPTIONS = {
    "outcome": (str, "utfall"),
    "budget": (str, "budget"),
    "deviation": (str, "avvikelse"),
}
FIELDS = {"where", "row", "outcome", "budget", "expected", "actual", "difference", "outcome_column", "budget_column", "deviation_column"}
DEFAULT = "{where}: {row}: {deviation_column} is {actual}, but {outcome_column} − {budget_column} is {expected} (difference {difference})"


def prepare(options: dict) -> dict:
    return options


def _find(columns, word: str, exclude=()):
    for index, column in enumerate(columns):
        name = column.name.lower()
        if word in name and not any(other in name for other in exclude):
            return index
    return None


def check(rule, document: Document, ctx: Context):
    o = rule.options
    for table in document.tables:
        dev = _find(table.columns, o["deviation"])
        if dev is None:
            continue
        budget = _find(table.columns, o["budget"], (o["deviation"],))
        outcome = _find(table.columns, o["outcome"], (o["deviation"], o["budget"]))
        if budget is None or outcome is None or table.columns[outcome].year != table.columns[budget].year:
            continue
        rows = [r for r in table.rows if all(r.values[i] is not None for i in (dev, budget, outcome))]
        conventions = {1: 0, -1: 0}
        for row in rows:
            diff = Interval.of(row.values[outcome]) - Interval.of(row.values[budget])
            stated = Interval.of(row.values[dev])
            for sign in conventions:
                if (diff if sign == 1 else -diff).meets(stated):
                    conventions[sign] += 1
        sign = 1 if conventions[1] >= conventions[-1] else -1
        for row in rows:
            values = [row.values[i] for i in (outcome, budget, dev)]
            ctx.verified(document.path, values)
            diff = Interval.of(values[0]) - Interval.of(values[1])
            diff = diff if sign == 1 else -diff
            if diff.meets(Interval.of(values[2])):
                continue
            expected = diff.mid
            columns = table.columns
            yield make(
                rule, document.path, values[2].line,
                {"where": table.name, "row": row.label, "outcome": values[0].amount, "budget": values[1].amount,
                 "expected": expected, "actual": values[2].amount,
                 "outcome_column": columns[outcome].name if sign == 1 else columns[budget].name,
                 "budget_column": columns[budget].name if sign == 1 else columns[outcome].name,
                 "deviation_column": columns[dev].name},
                DEFAULT, expected=expected, actual=values[2].amount,
                context=(table.title, row.key, "deviation"),
                evidence=Evidence(values[2], diff, parts=(
                    (columns[outcome].name, sign * values[0].amount), (columns[budget].name, -sign * values[1].amount))),
            )
