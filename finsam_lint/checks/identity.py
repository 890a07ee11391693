"""identity: an equation between named rows must hold in every period.

The rule names the tables it reads by kind (`tables = {bs = "balance"}`) and
writes the equation in the expression language (finsam_lint.expression).
Figures are intervals, so rounding never makes an identity fail; a total that
failed its own footing enters with what its rows sum to, so one wrong figure
is reported once, where it stands.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .. import expression
from ..interval import Interval
from ..model import Document, percent_marked
from .base import Context, Evidence, compile_patterns, make, matches, readings, related_values

KIND = "identity"
UNITLESS = re.compile(r"(soliditet|andel|kvot|procent|antal|nyckeltal)\b")
OPTIONS = {
    "tables": (dict[str, str], None),
    "expression": (str, None),
    "tolerance": (float, 0),
}
FIELDS = {"where", "left", "right", "period", "expected", "actual", "difference"}
DEFAULT = "{where}, {period}: {left} is {actual}, but {right} makes {expected} (difference {difference})"


def prepare(options: dict) -> dict:
    tree = expression.parse(options["expression"])
    for alias, pattern in expression.references(tree):
        if alias not in options["tables"]:
            raise ValueError(f"expression refers to table '{alias}', which 'tables' does not name")
        re.compile(pattern)
    references = expression.references(tree)
    return {**options, "tree": tree, "references": references, "tolerance": Decimal(str(options["tolerance"])),
            "patterns": {pattern: compile_patterns([pattern]) for _, pattern in references},
            "siblings": {alias: tuple(p for a, p in references if a == alias) for alias, _ in references}}


class _Missing(Exception):
    pass


_UNREAD = object()


class _Evaluator:
    def __init__(self, document: Document, ctx: Context, options: dict, corrected: bool):
        self.document, self.ctx = document, ctx
        self.tables, self.patterns, self.siblings = options["tables"], options["patterns"], options["siblings"]
        self.corrected = corrected  # read totals that did not foot as what their rows sum to
        self.used = []  # values read, in order

    def row(self, alias: str, pattern: str):
        """The row of the first table of the alias's kind in which all the alias's rows are found."""
        key = (KIND, self.tables[alias], self.siblings[alias], pattern)
        found = self.ctx.memo.get(key, _UNREAD)
        if found is _UNREAD:  # every period and both readings look the same rows up
            table = self._table(alias)
            regex = self.patterns[pattern]
            found = self.ctx.memo[key] = table and (table, next(r for r in table.rows if not r.is_heading and matches(regex, r.key)))
        if found is None:
            raise _Missing
        return found

    def _table(self, alias: str):
        """The first table of the alias's kind in which all the alias's rows are found (None if none is)."""
        key = (KIND, self.tables[alias], self.siblings[alias])
        found = self.ctx.memo.get(key, _UNREAD)
        if found is _UNREAD:  # the same for every row of the alias
            patterns = [self.patterns[p] for p in self.siblings[alias]]
            kinds = self.tables[alias].split("|")
            found = self.ctx.memo[key] = next(
                (table for table in self.document.tables if table.kind in kinds
                 and all(any(matches(p, r.key) for r in table.rows if not r.is_heading) for p in patterns)), None)
        return found

    def table_of(self, node):
        """The table of the first row the expression refers to."""
        alias, pattern = expression.references(node)[0]
        return self.row(alias, pattern)[0]

    def value(self, node, key: tuple[str, int]):
        kind = node[0]
        if kind == "num":
            text = node[1]
            number = Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)
            return Interval.exact(number)
        if kind == "ref":
            table, row = self.row(node[1], node[2])
            index = table.period_index(*key)
            if index is None or row.values[index] is None:
                raise _Missing
            value = row.values[index]
            self.used.append((row, value))
            if UNITLESS.match(row.key):  # a ratio, not an amount: the table's kr/tkr does not apply
                return Interval.of(value) * Interval.exact(_ratio_factor(row, value))
            return readings(self.ctx, self.document.path, table, value)[-1 if self.corrected else 0]
        if kind == "prior":
            return self.value(node[1], (key[0], key[1] - 1))
        if kind == "abs":
            return self.value(node[1], key).abs()
        if kind == "neg":
            return -self.value(node[1], key)
        if kind == "bin":
            left, right = self.value(node[2], key), self.value(node[3], key)
            try:
                return {"+": left.__add__, "-": left.__sub__, "*": left.__mul__, "/": left.__truediv__}[node[1]](right)
            except ZeroDivisionError:
                raise _Missing from None
        raise ValueError(f"unknown node {kind}")


def _describe(node, evaluator) -> str:
    """The expression in words, with the labels of the rows it read: "Kassa och bank + Fordringar"."""
    kind = node[0]
    if kind == "ref":
        try:
            return evaluator.row(node[1], node[2])[1].label
        except _Missing:
            return node[2]
    if kind == "num":
        return node[1]
    if kind in ("prior", "abs"):
        return f"{kind}({_describe(node[1], evaluator)})"
    if kind == "neg":
        return f"−{_describe(node[1], evaluator)}"
    return f"{_describe(node[2], evaluator)} {node[1].replace('-', '−')} {_describe(node[3], evaluator)}"


def _evaluate(document, ctx, options, key, corrected: bool):
    """Both sides of the equation in one period, or None where a figure is missing."""
    _, left_node, right_node = options["tree"]
    evaluator = _Evaluator(document, ctx, options, corrected)
    try:
        left = evaluator.value(left_node, key)
        right = evaluator.value(right_node, key)
    except _Missing:
        return None
    return evaluator, left, right


def _holds(evaluated, options) -> bool:
    return evaluated is not None and evaluated[1].widen(options["tolerance"]).meets(evaluated[2])


def check(rule, document: Document, ctx: Context):
    options = rule.options
    _, left_node, right_node = options["tree"]
    kinds = {kind for kinds in options["tables"].values() for kind in kinds.split("|")}
    keys = sorted(
        {(c.qualifier, c.year) for t in document.tables if t.kind in kinds for c in t.columns if c.year},
        key=lambda k: (k[0], -k[1]),
    )
    for key in keys:
        stated = _evaluate(document, ctx, options, key, corrected=False)
        if stated is None:
            continue
        evaluator, left, right = stated
        ctx.verified(document.path, [v for _, v in evaluator.used])
        if _holds(stated, options) or _holds(_evaluate(document, ctx, options, key, corrected=True), options):
            continue
        first_row, first_value = evaluator.used[0]
        divisor = 1
        if left_node[0] == "ref":  # a lone row: its figure as written, and what it should be as it is written
            actual = first_value.amount
            # "76,4" under "Soliditet (%)" expects 76,40, not 0,764; a tkr table's row 8 215, not 8 215 000
            divisor = _ratio_factor(first_row, first_value) if UNITLESS.match(first_row.key) else evaluator.table_of(left_node).factor
        else:
            actual = left.mid
        expected = right.mid / divisor
        period = " ".join(str(p) for p in key if p)
        yield make(
            rule, document.path, first_value.line,
            {"where": evaluator.table_of(left_node).name, "left": _describe(left_node, evaluator), "right": _describe(right_node, evaluator),
             "period": period, "expected": expected, "actual": actual},
            DEFAULT, expected=_round(right.mid, max(v.decimals for _, v in evaluator.used)) / divisor, actual=actual,
            related=related_values(document.path, [v for _, v in evaluator.used]),
            context=(rule.code, first_row.key, period),
            evidence=_evidence(document, ctx, options, keys, key, evaluator, right) if left_node[0] == "ref" else None,
        )


def _ratio_factor(row, value) -> Decimal:
    """What a ratio's figure is multiplied by to be a fraction: 1/100 for a figure under a label that says %
    ("Soliditet (%)  76,4") and not written with one, else 1."""
    return Decimal("0.01") if percent_marked(row.label) and not value.percent else Decimal(1)


def _evidence(document, ctx, options, keys, key, evaluator, right) -> Evidence:
    """What may explain a lone row's difference from the other side: the rows that side adds up, in this
    period, and what that side makes in the other periods (a figure copied from another year)."""
    row, value = evaluator.used[0]
    table = evaluator.table_of(options["tree"][1])
    factor = _ratio_factor(row, value) if UNITLESS.match(row.key) else table.factor
    parts = []
    for node, sign in _terms(options["tree"][2]):
        try:
            other_table, other_row = evaluator.row(node[1], node[2])
        except _Missing:
            return Evidence(value, right, factor)
        index = other_table.period_index(*key)
        figure = other_row.values[index] if index is not None else None
        if figure is not None:
            parts.append((other_row.label, sign * Interval.of(figure, other_table.factor).mid))
    elsewhere = []
    for other in keys:
        evaluated = _evaluate(document, ctx, options, other, corrected=False) if other != key else None
        if evaluated is not None:
            elsewhere.append((" ".join(str(p) for p in other if p), evaluated[2]))
    return Evidence(value, right, factor, parts=tuple(parts), elsewhere=tuple(elsewhere))


def _terms(node, sign: int = 1) -> list:
    """The rows a side adds up, each with its sign; none where the side is no plain sum of rows."""
    kind = node[0]
    if kind == "ref":
        return [(node, sign)]
    if kind == "neg":
        return _terms(node[1], -sign)
    if kind == "bin" and node[1] in "+-":
        left, right = _terms(node[2], sign), _terms(node[3], sign if node[1] == "+" else -sign)
        return left + right if left and right else []
    return []


def _round(value: Decimal, decimals: int) -> Decimal:
    """As the figures are written: to the krona, or to the öre of figures written with öre; a ratio to 4 places."""
    return value.quantize(Decimal(1).scaleb(-decimals)) if abs(value) >= 10 else value.quantize(Decimal("0.0001"))

