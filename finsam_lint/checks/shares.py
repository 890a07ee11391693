"""shares: each member's fee is its share of the contribution total.

Under FINSAM §5 the state pays one half, the region one quarter and the
municipalities together one quarter, each municipality its agreed percentage.
A member's share is read from its label ("Hylte kommun 1 %"), from a share
printed without % beside it (an `Andel %` column, `Norrby kommun  3,25`: taken
where those figures add up as shares do), from the `members` option (name ->
percent, the name a case-insensitive prefix of the label; the configuration's
profile fills it) or from its class (a lone state or region row). Every fee with a share implies a total; the
total that most fees agree on is the consensus, and a fee that is not its
share of the consensus is the row that is wrong: it is pinpointed with the
expected fee instead of only "the sum is wrong". Members whose individual
share is unknown are checked together against their class's share, and,
where the table has three or more periods, each against its own fees in the
other columns: members' shares hold from year to year, so one fee that breaks
from its member's proportion to the others (a figure copied from the year
before) is pinpointed. The members' sum is footed in every column by the
footing rules.
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
_DRIFT = Decimal("0.01")  # how far members' shares may move between two years without a word in the report
HELD_MESSAGE = "{where}, {period}: {member} is {actual}, but in the other columns its fee stands in the same proportion to every other member's, which here makes it {expected} (difference {difference})"
PERCENT = re.compile(r"(\d{1,2}(?:[.,]\d{1,3})?)\s*%")
BARE = re.compile(r"\s(\d{1,2}(?:,\d{1,3})?|100)$")  # "Norrby kommun 3,25": a share cell without its %


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


def _bare_share(row: Row) -> tuple[Decimal, Decimal] | None:
    """A share cell printed without its %, and half its last digit: the reader leaves "3,25" in the label
    and a whole "9" in the note column."""
    match = BARE.search(row.label)
    if match:
        text = match.group(1).replace(",", ".")
        decimals = len(text.partition(".")[2])
        return Decimal(text), Decimal(5).scaleb(-decimals - 1)
    return (Decimal(row.note), Decimal("0.5")) if row.note is not None else None


def _printed_shares(members: list[Row], options) -> dict[int, Decimal]:
    """The shares printed without % beside the labels, where they add up as shares do: to 100 over all
    the members, or to the municipalities' share over those that are neither state nor region. Figures
    that add up to nothing (note numbers, a row's code) are no shares."""
    bare = {id(r): b for r in members if (b := _bare_share(r)) is not None}
    municipalities = [r for r in members if not matches(options["state"] + options["region"], r.key)]
    for rows, whole in ((members, Decimal(100)), (municipalities, options["municipal_share"] * 100)):
        if rows and all(id(r) in bare for r in rows):
            printed, slack = (sum(bare[id(r)][i] for r in rows) for i in (0, 1))
            if abs(printed - whole) <= slack:
                return {id(r): bare[id(r)][0] / 100 for r in rows}
    return {}


def _share(row: Row, options, printed: dict[int, Decimal]) -> Decimal | None:
    share = _label_share(row.label)
    if share is None:
        share = printed.get(id(row))
    if share is None:
        label = row.label.lower()
        share = next((s for name, s in options["members"].items() if label.startswith(name)), None)
    return share


def _classes(members: list[Row], options) -> tuple[dict[int, Decimal], dict[str, tuple[list[Row], Decimal]]]:
    """Shares of members that have one, and the groups of members that share a class's share."""
    printed = _printed_shares(members, options)
    shares: dict[int, Decimal] = {}
    groups: dict[str, list[Row]] = {"the state": [], "the region": [], "the municipalities": []}
    for row in members:
        share = _share(row, options, printed)
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
        _share(r, options, printed) is not None and not matches(options["state"] + options["region"], r.key) for r in members
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


def _consensus(implied: list[tuple[Row, Interval]]) -> tuple[Interval, list[Row]] | None:
    """The total that most members' fees agree on, and the members whose fees agree on it."""
    points = sorted({p for _, iv in implied for p in (iv.lo, iv.hi)})
    best = None
    for point in points:
        agreeing = [(row, iv) for row, iv in implied if iv.lo <= point <= iv.hi]
        if best is None or len(agreeing) > len(best):
            best = agreeing
    if not best:
        return None
    return Interval(max(iv.lo for _, iv in best), min(iv.hi for _, iv in best)), [row for row, _ in best]


def _member_blocks(table: Table, options) -> list[tuple[Row, list[Row]]]:
    """Each member-fee total and the members' rows it sums."""
    if table.kind != "member_fees" and not any(matches(options["blocks"], r.key) for r in table.rows):
        return []  # no member-fee total here: spare reading the table's structure
    groups = footing.structure(table, {**options, "results": (), "costs": (), "tolerance": Decimal(0)})
    blocks = [g for g in groups if matches(options["blocks"], g.total.key)]
    if not blocks and groups and table.kind == "member_fees":
        blocks = [groups[0]]  # a member-fee table whose first sum is just "Summa"
    return [(g.total, [r for r in g.parts if not matches(options["totals"], r.key)]) for g in blocks]


def _share_text(share: Decimal) -> str:
    text = format((share * 100).normalize(), "f").replace(".", ",")
    return f"{text} %"


def check(rule, document: Document, ctx: Context):
    options = rule.options
    for table in document.tables:
        for total_row, members in _member_blocks(table, options):
            if len(members) < 2:
                continue
            shares, pooled = _classes(members, options) if len(members) >= 3 else ({}, {})
            broken = _broken_share(table, total_row, members, [r for r in members if id(r) not in shares])
            if broken:
                yield _held_finding(rule, document, ctx, table, *broken)
            if len(members) < 3:
                continue
            for column in range(len(table.columns)):
                if broken and broken[1] == column:  # that member's fee is the error, not its class's share
                    pooled_here = {k: v for k, v in pooled.items() if all(r is not broken[0] for r in v[0])}
                else:
                    pooled_here = pooled
                yield from _check_column(rule, document, ctx, table, column, members, shares, pooled_here)


def _common(intervals: list[Interval]) -> Interval | None:
    """What every interval holds, or None where they do not all meet."""
    lo, hi = max(iv.lo for iv in intervals), min(iv.hi for iv in intervals)
    return Interval(lo, hi) if lo <= hi else None


def _broken_share(table: Table, total_row: Row, members: list[Row], suspects: list[Row]):
    """The one suspect and column whose fee breaks from its proportion to the other members' fees in the
    other columns (a figure copied from the year before), and the fee that proportion gives it.

    Members' shares hold from year to year, so each two members' fees keep their ratio in every column.
    Where one member's ratio to every other breaks in one column only, and every other two keep theirs in
    all, that one figure is wrong. Two members alone are told apart by the total. Where more break, the
    shares may have changed: nothing is said.
    """
    items = members if len(members) >= 3 else [*members, total_row]
    columns = [
        c for c, column in enumerate(table.columns)
        if column.qualifier != "avvikelse" and all(r.values[c] is not None and abs(r.values[c].amount) >= 1 for r in items)
    ]
    if len(columns) < 3:
        return None

    def held(a: Row, b: Row, among) -> Interval | None:
        return _common([Interval.of(a.values[c]) / Interval.of(b.values[c]) for c in among])

    def breaks_only_at(a: Row, b: Row) -> int | None:
        if held(a, b, columns):
            return None
        fits = [c for c in columns if held(a, b, [o for o in columns if o != c])]
        return fits[0] if len(fits) == 1 else None

    found = []
    for suspect in suspects:
        others = [r for r in items if r is not suspect]
        at = {breaks_only_at(suspect, other) for other in others}
        if len(at) == 1 and None not in at:
            found.append((suspect, at.pop(), others))
    if len(found) != 1:
        return None
    suspect, column, others = found[0]
    if any(not held(a, b, columns) for i, a in enumerate(others) for b in others[i + 1 :]):
        return None
    rest = [c for c in columns if c != column]
    expected = _common([held(suspect, other, rest) * Interval.of(other.values[column]) for other in others])
    # shares drift a little from year to year (the population they are counted on moves): a break is a
    # figure from the wrong year only where it is more than that drift
    if not expected or abs(suspect.values[column].amount - expected.mid) <= _DRIFT * abs(expected.mid):
        return None
    return suspect, column, expected


def _held_finding(rule, document, ctx, table, row, column, expected):
    value = row.values[column]
    ctx.verified(document.path, [value])
    figure = expected.mid.quantize(Decimal(1))
    fields = {"where": table.name, "period": period(table, column), "member": row.label, "expected": figure,
              "actual": value.amount}
    others = [row.values[c] for c in range(len(table.columns)) if c != column and row.values[c] is not None]
    return make(
        rule, document.path, value.line, fields, HELD_MESSAGE, expected=figure, actual=value.amount,
        related=related_values(document.path, others), context=(table.title, row.key, table.columns[column].key),
    )


def _implied(table: Table, column: int, members: list[Row], shares) -> list[tuple[Row, Interval]]:
    """The total each member's fee implies, for the members that have a share and a fee in the column."""
    # divided, not multiplied by the share's inverse: 353 500 / 0,07 is 5 050 000, where 1 / 0,07 is no exact
    # decimal and a fee right at its rounding's edge would miss the total the others agree on
    return [(row, Interval.of(row.values[column], table.factor) / Interval.exact(shares[id(row)]))
            for row in members if row.values[column] is not None and shares.get(id(row), 0) > 0]


def expected_fees(options, table: Table) -> list[tuple[int, list[tuple[Row, Decimal, Decimal]]]]:
    """For each column of each member block with a consensus: every member with a share, its stated fee and
    the fee its share of the consensus comes to, in the table's unit (for the HTML report's picture)."""
    result = []
    for _, members in _member_blocks(table, options):
        if len(members) < 3:
            continue
        shares, _ = _classes(members, options)
        for column in range(len(table.columns)):
            implied = _implied(table, column, members, shares)
            found = _consensus(implied) if len(implied) >= 2 else None
            if found:
                result.append((column, [(row, row.values[column].amount,
                                         (found[0] * Interval.exact(shares[id(row)])).mid / table.factor)
                                        for row, _ in implied]))
    return result


def _check_column(rule, document, ctx, table, column, members, shares, pooled):
    stated = {id(r): r.values[column] for r in members if r.values[column] is not None}
    implied = _implied(table, column, members, shares)
    if len(implied) < 2:
        return
    found = _consensus(implied)
    if found is None:
        return
    consensus, agreeing = found
    support = len(agreeing)
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
            # the rows that set the consensus, not every row: a second wrong fee is no evidence for this one
            related=related_values(document.path, [stated[id(r)] for r in agreeing]),
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
            related=related_values(document.path, values[1:] + [stated[id(r)] for r in agreeing]),
            context=(table.title, name, table.columns[column].key),
        )
