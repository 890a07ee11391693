"""unread: figures set out in columns that no table took in are said to be unchecked.

A block of lines whose figures line up in two or more columns is a table to a person. Where the
reader found no header for it (the words over its columns name no period, or it has none), its
rows would silently drop out of every check; this says so at the block's first line.
"""

from __future__ import annotations

from ..findings import Related
from ..layout import unread_blocks
from ..model import Document
from .base import Context, make

KIND = "unread"
OPTIONS = {"min_rows": (int, 2)}
FIELDS = {"first", "last", "rows", "columns"}
DEFAULT = "lines {first}-{last} hold {rows} rows of figures in {columns} columns that no table took in (no header over them was understood), so none of them was checked"


def prepare(options: dict) -> dict:
    return options


def check(rule, document: Document, ctx: Context):
    read = {row.line for table in document.tables for row in table.rows}
    read |= {table.line for table in document.tables}
    for lines, columns in unread_blocks(document.source.clean, read, rule.options["min_rows"]):
        first, last = lines[0], lines[-1]
        yield make(
            rule, document.path, first,
            {"first": first, "last": last, "rows": len(lines), "columns": columns},
            DEFAULT, related=[Related(document.path, line) for line in lines[1:]],
            context=(rule.code, " ".join(document.source.clean[first - 1].split())),
        )
