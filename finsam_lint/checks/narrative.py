"""narrative: a figure written in a sentence equals the statement row it quotes.

"Årets resultat blev 52 300 kr", "det egna kapitalet uppgår till 2 668 035 kr",
"medlemsbidrag ... uppgick till 19,1 mkr": each rule's pattern captures the
amount with its unit, and the sentence may run over a line break. The figure
is compared with the named row in the report's own year, within what its
written precision allows (19,1 mkr stands for 19 050 000 to 19 150 000).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..findings import Related
from ..interval import Interval
from ..literals import Text, blocks, prefilter
from ..model import UNIT_FACTORS, Document, Value
from ..numbers import parse_amount
from .base import Context, agree, compile_patterns, make, matches, readings

KIND = "narrative"
OPTIONS = {
    "patterns": (list[str], None),
    "tables": (list[str], None),
    "rows": (list[str], None),
}
FIELDS = {"table", "sentence", "row", "period", "expected", "actual", "difference"}
DEFAULT = "text, {period}: \"{sentence}\" says {actual}, but {row} in the {table} is {expected} (difference {difference})"
UNITS = {"kr": "kr", "kronor": "kr", "tkr": "tkr", "mkr": "mkr", "miljoner kronor": "mkr"}


def prepare(options: dict) -> dict:
    compiled = [re.compile(p, re.IGNORECASE) for p in options["patterns"]]
    for pattern in compiled:
        if not {"amount", "unit"} <= set(pattern.groupindex):
            raise ValueError("each pattern needs the named groups (?P<amount>…) and (?P<unit>…)")
    return {**options, "compiled": compiled, "prefilters": [prefilter(p) for p in compiled],
            "rows": compile_patterns(options["rows"])}


def paragraphs(lines, indexes, first: int = 0):
    """The runs of non-blank lines around the given line indexes, each joined with spaces:
    (text, where each line starts in it, its line numbers, counting lines[0] as line first + 1)."""
    end = -1
    for index in indexes:
        if index <= end or not lines[index]:
            continue
        start = index
        while start > 0 and lines[start - 1]:
            start -= 1
        end = index
        while end + 1 < len(lines) and lines[end + 1]:
            end += 1
        paragraph = Text(lines[start : end + 1], " ")
        yield paragraph.text + " ", paragraph.starts, list(range(first + start + 1, first + end + 2))


def _target(document: Document, options):
    for table in document.tables:
        if table.kind not in options["tables"]:
            continue
        index = next((i for i, c in enumerate(table.columns) if c.year == document.year and not c.qualifier), None)
        if index is None:
            continue
        for row in table.rows:
            if matches(options["rows"], row.key) and row.values[index] is not None:
                return table, row, index
    return None


def check_all(rules, document: Document, ctx: Context):
    if document.year is None:
        return
    targets = [(rule, target) for rule in rules if (target := _target(document, rule.options))]
    if not targets:
        return
    for first, lines in blocks([line.strip() for line in document.source.clean]):
        whole = Text(lines, " ")  # every paragraph as paragraphs() joins it
        for rule, target in targets:
            for pattern, needs in zip(rule.options["compiled"], rule.options["prefilters"]):
                found = paragraphs(lines, whole.lines_with(needs), first)
                yield from _check_paragraphs(rule, document, ctx, target, pattern, found)


def _check_paragraphs(rule, document: Document, ctx: Context, target, pattern, found):
    table, row, index = target
    stated_value = row.values[index]
    for text, starts, numbers in found:
        for match in pattern.finditer(text):
            try:
                figure = parse_amount(match.group("amount"))
            except ValueError:
                continue
            unit = UNITS.get(match.group("unit").lower(), "kr")
            line = numbers[bisect_right(starts, match.start("amount")) - 1]
            said = Interval.of(Value(figure, line), UNIT_FACTORS[unit])
            ctx.verified(document.path, [stated_value])
            if agree([said], readings(ctx, document.path, table, stated_value)):
                continue
            expected = stated_value.amount * table.factor / UNIT_FACTORS[unit]
            yield make(
                rule, document.path, line,
                {"table": table.name, "sentence": match.group().strip(), "row": row.label, "period": document.year,
                 "expected": expected, "actual": figure.value},
                DEFAULT, expected=expected, actual=figure.value,
                related=[Related(document.path, stated_value.line)],
                context=(rule.code, match.group().strip()),
            )
