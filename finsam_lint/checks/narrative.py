"""narrative: a figure written in a sentence equals the statement row it names.

"Årets resultat blev 52 300 kr", "det egna kapitalet uppgick vid årets slut till 2 668 035 kr",
"intäkterna uppgick till 9 415 tkr (9 102 tkr)", "soliditeten uppgick till 76,4 %": a rule
names the figure (`subjects`) and the words that give its amount (`phrasings`); the amount,
its unit (kr, tkr, mkr/mnkr, or % for a rule whose row is a percentage of its `per` row) and
the prior year's in parentheses are read here, the same for every rule. The sentence may
run over a line break. The figure is compared with the named row in the report's year (or
the year the sentence names, "resultatet för 2024"), the parenthesis with the year before,
within what its written precision allows (19,1 mkr stands for 19 050 000 to 19 150 000).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from ..findings import Related
from ..interval import Interval
from ..literals import Text, blocks, prefilter
from ..model import UNIT_FACTORS, Document, Value
from ..numbers import parse_amount
from .base import Context, agree, compile_patterns, make, matches, readings

KIND = "narrative"
OPTIONS = {
    "subjects": (list[str], None),
    "phrasings": (list[str], None),
    "tables": (list[str], None),
    "rows": (list[str], None),
    "per": (list[str], []),
    "parts": (list[str], []),
    "negated": (list[str], []),
    "earlier": (list[str], []),
    "unsigned": (bool, False),
}
FIELDS = {"table", "sentence", "row", "period", "expected", "actual", "difference"}
DEFAULT = "text, {period}: \"{sentence}\" says {actual}, but {row} in the {table} is {expected} (difference {difference})"
UNITS = {"kr": "kr", "kronor": "kr", "sek": "kr", "tkr": "tkr", "tsek": "tkr", "tusen kronor": "tkr",
         "mkr": "mkr", "mnkr": "mkr", "msek": "mkr", "miljoner kronor": "mkr"}
# An amount as a sentence writes it: digit groups apart (plain or no-break spaces) or run
# together (source.clean_line joins groups set apart by no-break spaces), a decimal comma.
_AMOUNT = r"[-−–]? ?(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:,\d+)?"
_UNIT = r"(?:(?:kr|kronor|sek|tkr|tsek|tusen kronor|mnkr|mkr|msek|miljoner kronor|procent)\b|%)"
PERCENT = {"%", "procent"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What follows the phrasing: the amount, and perhaps "(9 102 tkr)", "(2023: 9 102)", "(föregående år 9 102 tkr)".
FIGURES = (
    rf"\s*(?P<amount>{_AMOUNT}) ?(?P<unit>{_UNIT})"
    rf"(?: ?\((?:(?:föregående år|fg år|(?:19|20)\d\d:) ?)?(?P<prior>{_AMOUNT}) ?(?P<prior_unit>{_UNIT})?\))?"
)


def prepare(options: dict) -> dict:
    subjects = "|".join(f"(?:{s})" for s in options["subjects"])
    phrasings = "|".join(f"(?:{p})" for p in options["phrasings"])
    # The subject, then (in the same sentence) what it says of the figure.
    pattern = re.compile(rf"\b(?:{subjects})\b[^.]{{0,80}}?\b(?:{phrasings}){FIGURES}",
                         re.IGNORECASE)
    return {**options, "compiled": pattern, "prefilter": prefilter(pattern), "rows": compile_patterns(options["rows"]),
            "per": compile_patterns(options["per"]), "parts": _any(options["parts"]),
            "negated": _any(options["negated"]), "earlier": _any(options["earlier"])}


def _any(patterns: list[str]) -> re.Pattern | None:
    """One pattern that finds any of the words, or None for none."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


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
    """The first table row the rule names that has a figure for the report's year, and the row it is a
    percentage of (for a rule with `per`)."""
    for table in document.tables:
        if table.kind not in options["tables"]:
            continue
        index = _column(table, document.year)
        if index is None:
            continue
        row = next((r for r in table.rows if matches(options["rows"], r.key) and r.values[index] is not None), None)
        per = next((r for r in table.rows if matches(options["per"], r.key) and r.values[index] is not None), None)
        if row and (per or not options["per"]):
            return table, row, per
    return None


def _column(table, year: int) -> int | None:
    return next((i for i, c in enumerate(table.columns) if c.year == year and not c.qualifier), None)


def check_all(rules, document: Document, ctx: Context):
    if document.year is None:
        return
    targets = [(rule, target) for rule in rules if (target := _target(document, rule.options))]
    if not targets:
        return
    for first, lines in blocks([line.strip() for line in document.source.clean]):
        whole = Text(lines, " ")  # every paragraph as paragraphs() joins it
        for rule, target in targets:
            found = paragraphs(lines, whole.lines_with(rule.options["prefilter"]), first)
            yield from _check_paragraphs(rule, document, ctx, target, found)


def _check_paragraphs(rule, document: Document, ctx: Context, target, found):
    options = rule.options
    for text, starts, numbers in found:
        for match in options["compiled"].finditer(text):
            lead = text[match.start() : match.start("amount")]  # the words that say which figure it is
            before = text[: match.start()].rpartition(". ")[2][-40:]
            if options["parts"] and (options["parts"].search(before + lead) or options["parts"].match(text[match.end() :].lstrip())):
                continue  # "budgeterat …", "… 69 994 tkr för Norrby kommun": another figure, or a part of it
            named = _YEAR.search(lead)
            if named:
                year = int(named.group())
            else:
                year = document.year - 1 if options["earlier"] and options["earlier"].search(lead) else document.year
            negated = bool(options["negated"] and options["negated"].search(lead))
            quoted = [("amount", match.group("unit"), year), ("prior", match.group("prior_unit") or match.group("unit"), year - 1)]
            for group, unit, in_year in quoted:
                if match.group(group) is None:
                    continue
                line = numbers[bisect_right(starts, match.start(group)) - 1]
                yield from _compare(rule, document, ctx, target, match, match.group(group), unit, in_year, line, negated)


def _compare(rule, document, ctx, target, match, amount: str, unit: str, year: int, line: int, negated: bool):
    table, row, per = target
    index = _column(table, year)
    stated_value = row.values[index] if index is not None else None
    base = per.values[index] if per and index is not None else None
    unit = " ".join(unit.lower().split())
    if stated_value is None or (unit in PERCENT) != (per is not None) or (per and base is None):
        return  # a percentage is compared only with a ratio, an amount only with a figure
    try:
        written = parse_amount(amount)
    except ValueError:
        return
    figure = written.value
    sign = -1 if negated and figure > 0 else 1  # "ett underskott på 31 435 kr" says -31 435
    ctx.verified(document.path, [stated_value] + ([base] if base else []))
    if per:
        said = Interval.of(Value(written, line))
        stated = Interval.of(stated_value) / Interval.of(base) * Interval.exact(Decimal(100))
        if said.meets(stated):
            return
        expected = stated.mid.quantize(Decimal(1).scaleb(-written.decimals))
    else:
        said = Interval.of(Value(written, line), UNIT_FACTORS[UNITS[unit]]) * Interval.exact(sign)
        if agree([said], readings(ctx, document.path, table, stated_value), signed=not rule.options["unsigned"]):
            return
        expected = stated_value.amount * table.factor / UNIT_FACTORS[UNITS[unit]] * sign
        if rule.options["unsigned"] and (expected < 0) != (figure < 0):
            expected = -expected  # costs written as the sentence writes them
    sentence = match.group().strip()
    yield make(
        rule, document.path, line,
        {"table": table.name, "sentence": sentence, "row": row.label, "period": table.columns[index].name,
         "expected": expected, "actual": figure},
        DEFAULT, expected=expected, actual=figure,
        related=[Related(document.path, v.line) for v in (stated_value, base) if v],
        context=(rule.code, sentence, str(year)),
    )
