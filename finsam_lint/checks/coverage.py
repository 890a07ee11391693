"""coverage: a file in which no rule could check a single figure is not a clean file.

Without this, a PDF extraction that came out as noise, or a file that is not a
report at all, would pass as "0 findings". It runs after every other rule.
"""

from __future__ import annotations

from ..model import Document
from .base import Context, make

KIND = "coverage"
OPTIONS: dict = {}
FIELDS = {"tables"}
DEFAULT = "nothing was checked: no figure in this file was read by a rule ({tables}); is this the report text?"


def prepare(options: dict) -> dict:
    return options


def check(rule, document: Document, ctx: Context):
    if not ctx.figures.get(document.path):
        count = len(document.tables)
        tables = f"{count} table{'s' if count != 1 else ''} read" if count else "no table found"
        pictures = document.source.pictures
        if pictures:  # a table drawn as a picture has no text: the reader cannot see its figures
            which = f"pages {', '.join(map(str, pictures))} hold pictures" if len(pictures) > 1 else f"page {pictures[0]} holds a picture"
            tables += f"; {which}, and a table drawn as a picture is not read"
        yield make(rule, document.path, 1, {"tables": tables}, DEFAULT, context=(rule.code,))
