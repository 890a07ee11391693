"""JUnit XML: per file a test suite, per rule a test case that fails with the rule's findings in that file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .shared import safe


def render(result, rules, options) -> str:
    names = {rule.code: rule.name for rule in rules}
    names.update({f.rule: f.name for f in result.findings})
    codes = sorted(names.items())
    grouped: dict[tuple[str, str], list] = {}
    for finding in result.findings:
        grouped.setdefault((finding.path, finding.rule), []).append(finding)
    paths = list(dict.fromkeys([d.path for d in result.documents] + [f.path for f in result.findings]))
    root = ET.Element("testsuites", name="finsam-lint", tests=str(len(paths) * len(codes)),
                      failures=str(len(grouped)))
    for path in paths:
        suite = ET.SubElement(root, "testsuite", name=_xml(path), tests=str(len(codes)))
        failures = 0
        for code, name in codes:
            case = ET.SubElement(suite, "testcase", name=f"{code} {name}", classname=_xml(path))
            found = grouped.get((path, code))
            if found:
                failures += 1
                failure = ET.SubElement(case, "failure", type=found[0].severity,
                                        message=f"{len(found)} finding{'s' if len(found) != 1 else ''}")
                failure.text = "".join(
                    f"{_xml(f.path)}:{f.line}:{f.column}: {f.rule} [{f.severity}] {_xml(f.message)}\n" for f in found)
        suite.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml(text: str) -> str:
    """Only characters XML 1.0 allows (report text may hold control characters)."""
    return safe(text)
