"""legibility: a table the reader could not make sense of is said to be unchecked.

Text copied out of a PDF sometimes scrambles a table: figures without labels,
labels without figures, runs of digits that split into the columns in more
than one way. Such rows are left out of every check, so the table's figures
are not verified; this says so instead of passing in silence.
"""

from __future__ import annotations

import re

from ..findings import Related
from ..model import Document
from .base import Context, make

KIND = "legibility"
OPTIONS = {"tables": (list[str], None)}
FIELDS = {"where", "bad", "rows", "first", "last"}
DEFAULT = "{where} (lines {first}-{last}) could not be read in full: {bad} of its {rows} rows with figures have no label or no certain split into the columns, and the sums over them were not checked"


def prepare(options: dict) -> dict:
    return options


_WORD = re.compile(r"[A-Za-zÅÄÖåäö]{2}")


def _unreadable(row) -> bool:
    return row.ambiguous or not _WORD.search(row.label)


def check(rule, document: Document, ctx: Context):
    for table in document.tables:
        if table.kind not in rule.options["tables"]:
            continue
        rows = [r for r in table.rows if not r.is_heading or r.ambiguous]
        bad = [r for r in rows if _unreadable(r)]
        # One row that splits into the columns two ways is enough: the sums over it go unchecked.
        if any(r.ambiguous for r in rows) or (len(bad) >= 2 and 2 * len(bad) >= len(rows)):
            yield make(
                rule, document.path, bad[0].line,
                {"where": table.name, "bad": len(bad), "rows": len(rows), "first": table.line, "last": table.end_line},
                DEFAULT, related=[Related(document.path, r.line) for r in bad[1:]],
                context=(rule.code, table.title, table.kind),
            )
