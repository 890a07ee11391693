"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from .shared import level, safe, shown_path


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, rules, options) -> str:
    out = []
    for finding in result.findings:
        properties = {"file": safe(shown_path(finding.path)), "line": finding.line, "endLine": finding.end_line or finding.line,
                      "col": finding.column, "title": f"{finding.rule} {finding.name}"}
        fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
        out.append(f"::{level('github', finding.severity)} {fields}::{escape_data(finding.message)}\n")
    return "".join(out)
