"""notes: a statement line that refers to a note equals the note's total, period by period.

The note's total is its last total row (not a "varav" row); a note that shows
costs as positive figures under a statement that shows them negative is
accepted, so only the amount is compared.
"""

from __future__ import annotations

import re

from ..model import Document, Table
from ..findings import Related
from .base import Context, amount_mismatches, compile_patterns, make, matches, repeat_evidence

KIND = "notes"
OPTIONS = {
    "statements": (list[str], ["income", "balance", "cashflow"]),
    "totals": (list[str], None),
    "closing": (list[str], ["utgående (bokfört |redovisat )?(rest)?värde\\b.*", "(bokfört|redovisat) värde\\b.*", "utgående (balans|saldo)\\b.*"]),
    "exclude": (list[str], ["varav\\b.*", "därav\\b.*"]),
    # a statement line of the year's flow (income, cash flow) names the note's movement of the year
    "movements": (list[str], ["årets\\b.*"]),
    # a cash-flow line that invests names the note's acquisitions of the year, whatever its own words
    "investing": (list[str], ["(brutto)?investering.*", "investeringar\\b.*", "förvärv\\b.*", "inköp\\b.*"]),
    "acquisitions": (list[str], ["årets (investering|anskaffning|inköp|förvärv|nyanskaffning)\\w*\\b.*",
                                 "(investeringar|inköp|nyanskaffningar) under året\\b.*"]),
}
FIELDS = {"where", "row", "period", "note", "note_total", "expected", "actual", "difference"}
DEFAULT = "{where}, {period}: {row} is {actual}, but note {note} totals {expected} ({note_total}) (difference {difference})"


def prepare(options: dict) -> dict:
    return {**options, **{key: compile_patterns(options[key])
                          for key in ("totals", "closing", "exclude", "movements", "investing", "acquisitions")}}


def note_total(table: Table, options, named: str = "", statement: str = ""):
    """The note row a statement line is compared with. A flow (income, cash flow) is the note's movement of the
    year its label names ("Avskrivningar" is "Årets avskrivningar"; a cash-flow investment is the note's
    acquisitions of the year). Else the closing value or total its label names ("Eget
    kapital" is "Utgående balans allmänt eget kapital", not the note's "Summa eget kapital"),
    else the note's closing value ("Utgående restvärde"), else its last total. A cash-flow line names a
    flow: a note of balances that has no row naming it has nothing to compare it with."""
    rows = [r for r in table.rows if not r.is_heading and not r.ambiguous and not matches(options["exclude"], r.key)]
    naming = [r for r in rows if _names(named, r.key)] if named else []
    if statement in ("income", "cashflow"):  # a flow: the note's movement of the year ("Årets avskrivningar")
        found = [r for r in naming if matches(options["movements"], r.key)]
        if statement == "cashflow" and matches(options["investing"], named):
            found = found or [r for r in rows if matches(options["acquisitions"], r.key)]
        if found:
            return found[-1]
    for patterns in (options["closing"], options["totals"]):
        found = [r for r in naming if matches(patterns, r.key)]
        if found:
            return found[-1]
    if statement == "cashflow":
        return None
    for patterns in (options["closing"], options["totals"]):
        found = [r for r in rows if matches(patterns, r.key)]
        if found:
            return found[-1]
    return rows[0] if len(rows) == 1 else None


_WORD = re.compile(r"[a-zåäöé]{3,}")


def _names(label: str, key: str) -> bool:
    """Every word of the statement's label stands in the note row's ("verksamhetens kostnader" in
    "verksamhetens totala kostnader"), an inflected ending aside ("anläggningstillgång", "-tillgångar")."""
    words = _WORD.findall(label)
    theirs = _WORD.findall(key)
    return bool(words) and all(any(t.startswith(w[: max(4, len(w) - 2)]) for t in theirs) for w in words)


def check(rule, document: Document, ctx: Context):
    options = rule.options
    notes: dict[int, Table] = {}
    for table in document.tables:
        if table.kind == "note" and not table.appendix and table.note is not None:
            notes.setdefault(table.note, table)
    for statement in document.tables:
        if statement.kind not in options["statements"]:
            continue
        for row in statement.rows:
            # a row citing several notes ("6,7") is their sum, which no one note's total shows
            note = notes.get(row.note) if row.note is not None and not row.more_notes else None
            total_row = note_total(note, options, row.key, statement.kind) if note else None
            if total_row is None:
                continue
            for column, stated, noted, expected in amount_mismatches(ctx, document.path, statement, row, note, total_row):
                yield make(
                    rule, document.path, stated.line,
                    {"where": statement.name, "row": row.label, "period": column.name, "note": row.note, "note_total": total_row.label,
                     "expected": expected, "actual": stated.amount},
                    DEFAULT, expected=expected, actual=stated.amount,
                    related=[Related(document.path, noted.line)],
                    context=(statement.title, row.key, column.key, f"note {row.note}"),
                    evidence=repeat_evidence(statement, stated, note, total_row, column, expected,
                                             parts=_parts(note, total_row, options)),
                )


def _parts(note: Table, total_row, options) -> list:
    """The note rows above the one compared, which it may add up."""
    above = note.rows[:next(i for i, r in enumerate(note.rows) if r is total_row)]
    return [r for r in above if not r.is_heading and not r.ambiguous and not matches(options["exclude"], r.key)]

