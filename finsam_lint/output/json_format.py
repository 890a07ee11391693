"""The JSON contract (see the README): findings, and the tables the reader understood."""

from __future__ import annotations

import json

from ..findings import Finding, plain


def finding_dict(finding: Finding) -> dict:
    return {
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
        "related": [{"path": r.path, "line": r.line} for r in finding.related],
    }


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
    data = {"findings": [finding_dict(f) for f in result.findings], "summary": summary(result)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def tables(documents) -> str:
    files = []
    for document in documents:
        files.append({
            "path": document.path,
            "tables": [
                {
                    "kind": table.kind,
                    "title": table.title,
                    "line": table.line,
                    "end_line": table.end_line,
                    "unit": table.unit,
                    "note": table.note,
                    "columns": [c.name for c in table.columns],
                    "rows": [
                        {
                            "label": row.label,
                            "line": row.line,
                            "note": row.note,
                            "values": [None if v is None else plain(v.amount) for v in row.values],
                        }
                        for row in table.rows
                    ],
                }
                for table in document.tables
            ],
        })
    return json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n"
