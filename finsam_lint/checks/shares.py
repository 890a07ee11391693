"""shares: each member's fee is its share of the contribution total.

Under FINSAM §5 the state pays one half, the region one quarter and the
municipalities together one quarter, each municipality its agreed percentage.
A member's share is read from its label ("Hylte kommun 1 %"), from the
`members` option (name -> percent, the name a case-insensitive prefix of the
label; the configuration's profile fills it) or from its class (a lone state
or region row). Every fee with a share implies a total; the
total that most fees agree on is the consensus, and a fee that is not its
share of the consensus is the row that is wrong: it is pinpointed with the
expected fee instead of only "the sum is wrong". Members whose individual
share is unknown are checked together against their class's share.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from ..interval import Interval, total
from ..model import Document, Row, Table
from . import footing
from .base import Context, Evidence, compile_patterns, make, matches, period, related_values

KIND = "shares"
OPTIONS = {
    "blocks": (list[str], None),
    "totals": (list[str], None),
    "state": (list[str], None),
    "region": (list[str], None),
    "state_share": (float, 0.5),
    "region_share": (float, 0.25),
    "municipal_share": (float, 0.25),
    "exclude": (list[str], ["varav\\b.*"]),
    "members": (dict, {}),
}
FIELDS = {"where", "member", "period", "share", "consensus", "support", "members", "expected", "actual", "difference"}
DEFAULT = "{where}, {period}: {member} is {actual}, but {share} of the {consensus} that {support} of {members} members' fees imply is {expected} (difference {difference})"
GROUP_MESSAGE = "{where}, {period}: {member} pay {actual} together, but their {share} of the {consensus} that {support} of {members} members' fees imply is {expected} (difference {difference})"
PERCENT = re.compile(r"(\d{1,2}(?:[.,]\d{1,3})?)\s*%")


def prepare(options: dict) -> dict:
    result = dict(options)
    for key in ("blocks", "totals", "state", "region", "exclude"):
        result[key] = compile_patterns(options[key])
    for key in ("state_share", "region_share", "municipal_share"):
        result[key] = Decimal(str(options[key]))
    result["members"] = member_shares(options["members"])
    return result


def member_shares(members: dict) -> dict[str, Decimal]:
    """Member name (lower case) -> share, from name -> percent."""
    for name, percent in members.items():
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 <= percent <= 100:
            raise ValueError(f"members: the percent of '{name}' must be a number from 0 to 100")
    return {name.lower(): Decimal(str(percent)) / 100 for name, percent in members.items()}


def _label_share(label: str) -> Decimal | None:
    match = PERCENT.search(label)
    return Decimal(match.group(1).replace(",", ".")) / 100 if match else None


def _share(row: Row, options) -> Decimal | None:
    share = _label_share(row.label)
    if share is None:
        label = row.label.lower()
        share = next((s for name, s in options["members"].items() if label.startswith(name)), None)
    return share


def _classes(members: list[Row], options) -> tuple[dict[int, Decimal], dict[str, tuple[list[Row], Decimal]]]:
    """Shares of members that have one, and the groups of members that share a class's share."""
    shares: dict[int, Decimal] = {}
    groups: dict[str, list[Row]] = {"the state": [], "the region": [], "the municipalities": []}
    for row in members:
        share = _share(row, options)
        if share is not None:
            shares[id(row)] = share
        elif matches(options["state"], row.key):
            groups["the state"].append(row)
        elif matches(options["region"], row.key):
            groups["the region"].append(row)
        else:
            groups["the municipalities"].append(row)
    class_share = {"the state": options["state_share"], "the region": options["region_share"],
                   "the municipalities": options["municipal_share"]}
    if groups["the municipalities"] and any(
        _share(r, options) is not None and not matches(options["state"] + options["region"], r.key) for r in members
    ):
        # some municipalities state their percentage, so the rest have theirs too, just unwritten
        groups["the municipalities"] = []
    pooled: dict[str, tuple[list[Row], Decimal]] = {}
    for name, rows in groups.items():
        if len(rows) == 1:
            shares[id(rows[0])] = class_share[name]
        elif rows:
            pooled[name] = (rows, class_share[name])
    return shares, pooled


def _consensus(implied: list[tuple[Row, Interval]]) -> tuple[Interval, int] | None:
    """The total that most members' fees agree on, and how many agree."""
    points = sorted({p for _, iv in implied for p in (iv.lo, iv.hi)})
    best = None
    for point in points:
        agreeing = [iv for _, iv in implied if iv.lo <= point <= iv.hi]
        if best is None or len(agreeing) > len(best):
            best = agreeing
    if not best:
        return None
    return Interval(max(iv.lo for iv in best), min(iv.hi for iv in best)), len(best)


def _member_blocks(table: Table, options) -> list[list[Row]]:
    if table.kind != "member_fees" and not any(matches(options["blocks"], r.key) for r in table.rows):
        return []  # no member-fee total here: spare reading the table's structure
    groups = footing.structure(table, {**options, "results": (), "costs": (), "tolerance": Decimal(0)})
    blocks = [g.parts for g in groups if matches(options["blocks"], g.total.key)]
    if not blocks and groups and table.kind == "member_fees":
        blocks = [groups[0].parts]  # a member-fee table whose first sum is just "Summa"
    return [[r for r in parts if not matches(options["totals"], r.key)] for parts in blocks]


def _share_text(share: Decimal) -> str:
    text = format((share * 100).normalize(), "f").replace(".", ",")
    return f"{text} %"


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in document.tables:
        for members in _member_blocks(table, options):
            if len(members) < 3:
                continue
            shares, pooled = _classes(members, options)
            for column in range(len(table.columns)):
                yield from _check_column(rule, document, ctx, table, column, members, shares, pooled)


def _check_column(rule, document, ctx, table, column, members, shares, pooled):
    stated = {id(r): r.values[column] for r in members if r.values[column] is not None}
    implied = [
        (row, Interval.of(stated[id(row)], table.factor) * Interval.exact(1 / shares[id(row)]))
        for row in members
        if id(row) in stated and id(row) in shares and shares[id(row)] > 0
    ]
    if len(implied) < 2:
        return
    found = _consensus(implied)
    if found is None:
        return
    consensus, support = found
    if support < max(2, math.floor(len(implied) / 2) + 1):
        return
    fields = {"where": table.name, "period": period(table, column), "consensus": consensus.mid.quantize(Decimal(1)),
              "support": support, "members": len(implied)}
    for row, _ in implied:
        value = stated[id(row)]
        expected = consensus * Interval.exact(shares[id(row)])
        ctx.verified(document.path, [value])
        if expected.meets(Interval.of(value, table.factor)):
            continue
        expected_figure = (expected.mid / table.factor).quantize(Decimal(1))
        yield make(
            rule, document.path, value.line,
            {**fields, "member": row.label, "share": _share_text(shares[id(row)]),
             "expected": expected_figure, "actual": value.amount},
            DEFAULT, expected=expected_figure, actual=value.amount,
            related=related_values(document.path, [stated[id(r)] for r, _ in implied if r is not row]),
            context=(table.title, row.key, table.columns[column].key),
            evidence=Evidence(value, expected * Interval.exact(1 / table.factor), elsewhere=tuple(
                (period(table, other), Interval.of(v)) for other, v in enumerate(row.values)
                if other != column and v is not None)),
        )
    for name, (rows, share) in pooled.items():
        values = [stated.get(id(r)) for r in rows]
        if any(v is None for v in values):
            continue
        ctx.verified(document.path, values)
        summed = total(Interval.of(v, table.factor) for v in values)
        expected = consensus * Interval.exact(share)
        if expected.meets(summed):
            continue
        expected_figure = (expected.mid / table.factor).quantize(Decimal(1))
        actual = sum(v.amount for v in values)
        yield make(
            rule, document.path, values[0].line,
            {**fields, "member": name.capitalize(), "share": _share_text(share),
             "expected": expected_figure, "actual": actual},
            GROUP_MESSAGE, expected=expected_figure, actual=actual,
            related=related_values(document.path, values[1:]),
            context=(table.title, name, table.columns[column].key),
        )
