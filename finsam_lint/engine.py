"""Running rules over documents: parse each document once, then check many times."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import KINDS
from .checks.base import Context
from .findings import Finding
from .model import Document
from .reader import read
from .source import load

# Footing first: other kinds read the corrections it leaves for totals that did not foot.
# Coverage last: it reports files in which no other rule checked a figure.
_ORDER = {"footing": 0, "coverage": 2}


@dataclass
class Result:
    documents: list[Document]
    findings: list[Finding]
    checks: int = 0
    figures: int = 0


def parse(paths: list[str], unit: str = "kr") -> list[Document]:
    """Read each file once; `unit` is the report's unit where no table states one."""
    return [read(load(path), unit) for path in paths]


def run(documents: list[Document], rules) -> Result:
    ctx = Context()
    findings: list[Finding] = []
    ordered = sorted(rules, key=lambda r: (_ORDER.get(r.kind, 1), r.code))
    for document in documents:
        for rule in ordered:
            kind = KINDS[rule.kind]
            if getattr(kind, "SCOPE", "document") == "document":
                findings.extend(kind.check(rule, document, ctx))
    for rule in ordered:
        kind = KINDS[rule.kind]
        if getattr(kind, "SCOPE", "document") == "set":
            findings.extend(kind.check(rule, documents, ctx))
    findings.sort(key=Finding.sort_key)
    return Result(documents, findings, ctx.checks, len(ctx.figures))
