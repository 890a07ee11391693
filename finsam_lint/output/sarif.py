"""SARIF 2.1.0, for code scanning: the rules with their documentation, each finding with its lines."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from ..findings import plain
from .shared import fingerprints, level, shown_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(result, rules, options) -> str:
    known = {rule.code: rule for rule in rules}
    used = sorted(known.values(), key=lambda r: r.code)
    index = {rule.code: n for n, rule in enumerate(used)}
    results = []
    for finding, fingerprint in zip(result.findings, fingerprints(result.findings)):
        entry = {
            "ruleId": finding.rule,
            "level": level("sarif", finding.severity),
            "message": {"text": finding.message},
            "locations": [_location(finding.path, finding.line, finding.end_line, finding.column)],
            "partialFingerprints": {"finsamLint/v1": fingerprint},
        }
        if finding.rule in index:
            entry["ruleIndex"] = index[finding.rule]
        if finding.related:
            entry["relatedLocations"] = [dict(_location(r.path, r.line), id=n) for n, r in enumerate(finding.related)]
        if finding.expected is not None:
            entry["properties"] = {key: plain(getattr(finding, key)) for key in ("expected", "actual", "difference")}
            entry["properties"]["cause"] = finding.cause
        results.append(entry)
    run = {
        "tool": {"driver": {"name": "finsam-lint", "version": _version(), "rules": [_descriptor(r) for r in used]}},
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"


def _descriptor(rule) -> dict:
    help_text = "\n\n".join(part for part in (rule.summary, rule.why, rule.example and f"Example:\n{rule.example}") if part)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": level("sarif", rule.severity)},
        "properties": {"kind": rule.kind},
    }


def _location(path: str, line: int, end_line: int | None = None, column: int = 1) -> dict:
    region = {"startLine": line, "endLine": max(end_line or line, line), "startColumn": column}
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}


def _uri(path: str) -> str:
    shown = shown_path(path)
    if shown == "-":
        return "stdin"
    # the file name's bytes, percent-encoded: an undecodable byte in it stays the byte it is (%FF)
    return Path(shown).as_uri() if Path(shown).is_absolute() else quote(os.fsencode(shown))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("finsam-lint")
    except PackageNotFoundError:
        return "0"
