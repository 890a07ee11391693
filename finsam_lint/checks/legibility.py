"""legibility: a table the reader could not make sense of is said to be unchecked.

Text copied out of a PDF sometimes scrambles a table: figures without labels,
labels without figures, runs of digits that split into the columns in more
than one way, a cell under a column that is no figure. Such rows are left out
of every check, so the table's figures are not verified; this says so instead
of passing in silence. So is a block of figures in aligned columns that no
table took in (no header over it that the reader understood): a table must
never vanish unseen.
"""

from __future__ import annotations

import re

from ..findings import Related
from ..layout import unread_blocks, unread_runs
from ..model import Document
from .base import Context, make

KIND = "legibility"
OPTIONS = {"tables": (list[str], None)}
FIELDS = {"where", "bad", "rows", "first", "last", "columns"}
DEFAULT = "{where} (lines {first}-{last}) could not be read in full: {bad} of its {rows} rows with figures have no label, a figure no one can read or no certain split into the columns, and the sums over them were not checked"
UNREAD = "lines {first}-{last} hold {rows} rows of figures in {columns} columns that no table took in (no header over them was understood), so none of them was checked"
UNREAD_RUN = "lines {first}-{last} hold {rows} rows of figures that no table took in (no header over them was understood), so none of them was checked"


def prepare(options: dict) -> dict:
    return options


_WORD = re.compile(r"[A-Za-zÅÄÖåäö]{2}")


_YEAR = re.compile(r"(?:19|20)\d\d")  # a row named by its year ("2025  48 210 …") has a label


def _unreadable(row) -> bool:
    return row.ambiguous or not (_WORD.search(row.label) or _YEAR.fullmatch(row.label))


def check(rule, document: Document, ctx: Context):
    for table in document.tables:
        # a row the layout found under a table's columns that is no figure is said whatever the table is
        if table.kind not in rule.options["tables"] and not any(r.ambiguous and not r.alternatives for r in table.rows):
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
    read = {row.line for table in document.tables for row in table.rows} | {table.line for table in document.tables}
    blocks = list(unread_blocks(document.source.clean, read, 2))
    said = {line for lines, _ in blocks for line in lines}
    runs = [(lines, None) for lines in unread_runs(document.source.clean, read | said)]
    for lines, columns in blocks + runs:
        first, last = lines[0], lines[-1]
        yield make(
            rule, document.path, first,
            {"where": "table", "bad": len(lines), "rows": len(lines), "first": first, "last": last, "columns": columns},
            UNREAD if columns else UNREAD_RUN, related=[Related(document.path, line) for line in lines[1:]],
            context=(rule.code, " ".join(document.source.clean[first - 1].split())),
        )
