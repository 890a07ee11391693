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


def _find(columns, word: str, exclude=(), before: int | None = None):
    """The column named by `word` (and none of `exclude`) nearest before column `before`; else the first."""
    found = [i for i, column in enumerate(columns)
             if word in column.name.lower() and not any(other in column.name.lower() for other in exclude)]
    nearest = [i for i in found if before is not None and i < before]
    return nearest[-1] if nearest else (found[0] if found else None)


def _deviations(table, o):
    """Each deviation column with the budget and outcome it compares: the ones that stand nearest before it
    ("Total budget  Ack. utfall  Avvikelse  Budget 2025  Utfall 2025  Budgetavvikelse": two deviations)."""
    for dev, column in enumerate(table.columns):
        if o["deviation"] not in column.name.lower() or _in_percent(table, dev):
            continue  # "Avvikelse i %": a deviation as a share of the budget, not the difference
        budget = _find(table.columns, o["budget"], (o["deviation"],), dev)
        outcome = _find(table.columns, o["outcome"], (o["deviation"], o["budget"]), dev)
        if budget is not None and outcome is not None and table.columns[outcome].year == table.columns[budget].year:
            yield dev, budget, outcome


def _in_percent(table, column: int) -> bool:
    name = table.columns[column].name.lower()
    values = [r.values[column] for r in table.rows if r.values[column] is not None]
    return "%" in name or "procent" in name or bool(values) and all(v.percent for v in values)


def check(rule, document: Document, ctx: Context):
    o = rule.options
    for table in document.tables:
        for dev, budget, outcome in _deviations(table, o):
            yield from _check_one(rule, document, ctx, table, dev, budget, outcome)


def _check_one(rule, document: Document, ctx: Context, table, dev: int, budget: int, outcome: int):
    """One deviation column against its budget and outcome, in the convention most rows follow."""
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
            context=(table.title, row.key, columns[dev].key),
            evidence=Evidence(values[2], diff, parts=(
                (columns[outcome].name, sign * values[0].amount), (columns[budget].name, -sign * values[1].amount))),
        )
