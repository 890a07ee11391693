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
DEFAULT = "nothing was checked: no figure that the selected rules read was found among {tables} tables (is this the report text?)"


def prepare(options: dict) -> dict:
    return options


def check(rule, document: Document, ctx: Context):
    if not any(path == document.path for path, _, _ in ctx.figures):
        yield make(rule, document.path, 1, {"tables": len(document.tables)}, DEFAULT, context=(rule.code,))
