"""GitLab Code Quality: a JSON list of issues, each with a fingerprint that survives edits elsewhere."""

from __future__ import annotations

import json

from .shared import fingerprints, level, shown_path


def render(result, rules, options) -> str:
    issues = [
        {
            "type": "issue",
            "description": f"{finding.rule} {finding.message}",
            "check_name": finding.rule,
            "fingerprint": fingerprint,
            "severity": level("gitlab", finding.severity),
            "location": {"path": shown_path(finding.path),
                         "lines": {"begin": finding.line, "end": finding.end_line or finding.line}},
        }
        for finding, fingerprint in zip(result.findings, fingerprints(result.findings))
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
