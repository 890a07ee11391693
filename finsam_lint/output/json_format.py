"""The JSON contract (see the README): findings, and the tables the reader understood."""

from __future__ import annotations

import json

from ..findings import Finding, plain
from ..privacy import mask
from .shared import masked_figures


def finding_dict(finding: Finding, source=None) -> dict:
    """`source` given and a PDF: "page" and "page_line" say where the finding's line stands in the PDF."""
    data = {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "path": finding.path,
        "line": finding.line,
        "end_line": finding.end_line or finding.line,
        "column": finding.column,
        "message": finding.message,
        "expected": plain(finding.expected),
        "actual": plain(finding.actual),
        "difference": plain(finding.difference),
        "cause": finding.cause,
        "related": [{"path": r.path, "line": r.line} for r in finding.related],
    }
    where = source.page_of(finding.line) if source is not None else None
    if where:
        data["page"], data["page_line"] = where
    place = source.place_of(finding.line) if source is not None and source.places else None
    if place:
        data["place"] = place
    return data


def summary(result) -> dict:
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    return {
        "files": len(result.documents),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "checks": result.checks,
        "figures": result.figures,
    }


def render(result, rules, options) -> str:
    sources = {d.path: d.source for d in result.documents}
    data = {"findings": [finding_dict(f, sources.get(f.path)) for f in result.findings], "summary": summary(result)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def tables(documents) -> str:
    from ..checks.footing import link

    link(documents)
    files = []
    for document in documents:
        files.append({
            "path": document.path,
            "tables": [
                {
                    "kind": table.kind,
                    "title": mask(table.title),
                    "line": table.line,
                    "end_line": table.end_line,
                    "unit": table.unit,
                    "note": table.note,
                    "columns": [mask(c.name) for c in table.columns],
                    "rows": [
                        {
                            "label": mask(row.label),
                            "line": row.line,
                            "note": row.note,
                            "parent": row.parent,
                            "values": [None if v is None else hidden or plain(v.amount)
                                       for v, hidden in zip(row.values, masked_figures(document, row))],
                        }
                        for row in table.rows
                    ],
                }
                for table in document.tables
            ],
        })
    return json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n"
