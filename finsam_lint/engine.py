"""Running rules over documents: parse each document once, then check many times."""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import KINDS
from .checks.base import Context
from .findings import Finding, Related
from .model import Document
from .reader import read
from .source import load

# Footing first: other kinds read the corrections it leaves for totals that did not foot.
_ORDER = {"footing": 0}


@dataclass
class Result:
    documents: list[Document]
    findings: list[Finding]
    checks: int = 0
    figures: int = 0
    unchecked: list[str] = field(default_factory=list)  # paths in which nothing could be checked


NOTHING_CHECKED = "FL001"


def parse(paths: list[str]) -> list[Document]:
    return [read(load(path)) for path in paths]


def run(documents: list[Document], rules) -> Result:
    ctx = Context()
    findings: list[Finding] = []
    ordered = sorted(rules, key=lambda r: (_ORDER.get(r.kind, 1), r.code))
    per_document = {}
    for document in documents:
        figures_before = len(ctx.figures)
        for rule in ordered:
            kind = KINDS[rule.kind]
            if getattr(kind, "SCOPE", "document") == "document":
                findings.extend(kind.check(rule, document, ctx))
        per_document[document.path] = len(ctx.figures) - figures_before
    for rule in ordered:
        kind = KINDS[rule.kind]
        if getattr(kind, "SCOPE", "document") == "set":
            findings.extend(kind.check(rule, documents, ctx))
    unchecked = [path for path, figures in per_document.items() if figures == 0]
    findings.extend(nothing_checked(path) for path in unchecked)
    findings.sort(key=Finding.sort_key)
    return Result(documents, findings, ctx.checks, len(ctx.figures), unchecked)


def nothing_checked(path: str) -> Finding:
    return Finding(
        rule=NOTHING_CHECKED, name="nothing-checked", severity="warning", path=path, line=1, end_line=1,
        message="no table with figures that any rule could check was found: is this the report text?",
    )
