"""repeated: a figure stated again (overview, key ratios) equals the statement it repeats.

Rows are paired by label groups from the rule (`same`), and columns by period.
Overviews often show costs as positive figures, so only amounts are compared.
"""

from __future__ import annotations

from ..model import Document
from ..findings import Related
from .base import Context, amount_mismatches, compile_patterns, make, matches, repeat_evidence

KIND = "repeated"
OPTIONS = {
    "sources": (list[str], ["overview", "key_ratios"]),
    "targets": (list[str], ["income", "balance", "cashflow"]),
    "same": (list[str], None),
}
FIELDS = {"where", "row", "period", "table", "target", "target_table", "expected", "actual", "difference"}
DEFAULT = "{where}, {period}: {row} is {actual}, but {target} in the {target_table} is {expected} (difference {difference})"


def prepare(options: dict) -> dict:
    groups = [compile_patterns([group]) for group in options["same"]]
    return {**options, "groups": groups}


def _first(document: Document, kinds: list[str], patterns):
    for kind in kinds:
        for table in document.tables:
            if table.kind == kind:
                for row in table.rows:
                    if not row.is_heading and matches(patterns, row.key):
                        return table, row
    return None


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for patterns in options["groups"]:
        unset = target = object()  # the statement row is looked up once per group, when first needed
        for source_table in document.tables:
            if source_table.kind not in options["sources"]:
                continue
            rows = [r for r in source_table.rows if not r.is_heading and matches(patterns, r.key)]
            if target is unset:
                target = _first(document, options["targets"], patterns)
            if not rows or target is None:
                continue
            target_table, target_row = target
            found = list(amount_mismatches(ctx, document.path, source_table, rows[0], target_table, target_row))
            if _defined_otherwise(found, source_table, rows[0], target_table, target_row):
                continue
            for column, stated, repeated, expected in found:
                yield make(
                    rule, document.path, stated.line,
                    {"where": source_table.name, "row": rows[0].label, "period": column.name,
                     "table": source_table.name, "target": target_row.label, "target_table": target_table.name,
                     "expected": expected, "actual": stated.amount},
                    DEFAULT, expected=expected, actual=stated.amount,
                    related=[Related(document.path, repeated.line)],
                    context=(source_table.title, rows[0].key, column.key),
                    evidence=repeat_evidence(source_table, stated, target_table, target_row, column, expected),
                )


def _defined_otherwise(found, table, row, other_table, other_row) -> bool:
    """An overview's line that differs from the statement's in every period it repeats, by no figure of another
    period (no column copied from the year before): a line defined otherwise ("Verksamhetens kostnader" with
    the depreciation and the financial costs in it), not a figure typed wrong."""
    pairs = [(row.values[i], other_row.values[o]) for i, column in enumerate(table.columns)
             if (o := other_table.column_index(column.key)) is not None and row.values[i] is not None and other_row.values[o] is not None]
    if len(pairs) < 2 or len(found) < len(pairs):
        return False
    stated = [abs(v.amount) * table.factor for v, _ in pairs]
    theirs = [abs(r.amount) * other_table.factor for _, r in pairs]
    return not any(a == b for i, a in enumerate(stated) for j, b in enumerate(theirs) if i != j)
