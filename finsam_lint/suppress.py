"""Inline suppressions: `finsam-lint: ignore[FL201]` on a report line silences its findings.

The marker may stand anywhere on the line, usually in a comment that the
reader skips: `<!-- finsam-lint: ignore[FL201] -->` or
`[//]: # (finsam-lint: ignore[member-fee-share,FL104])`; ruff's and flake8's
`noqa: FL201` (or `finsam-lint: noqa: FL201`) reads the same. A bare
`finsam-lint: ignore` or `noqa` silences every finding on the line. A comment
that names finsam-lint but holds no marker it reads is reported, not passed over. A suppression that
silences nothing is itself reported (FL002 unused-suppression), so stale ones
do not pile up.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .findings import Finding
from .rules import Rule
from .source import SUPPRESSION

KIND = "suppression"
UNUSED = Rule(
    code="FL002", name="unused-suppression", kind=KIND, severity="warning",
    summary="A finsam-lint: ignore marker that silences nothing",
    why="A suppression outlives the finding it was written for; left in place it would hide the next real error on that line.",
    example="Hylte kommun 1 %\t191 080 <!-- finsam-lint: ignore[FL201] -->   <- the fee is right now: remove the marker",
    message=None, options={}, source="finsam_lint/suppress.py",
)


@dataclass
class Marker:
    path: str
    line: int
    idents: tuple[str, ...]  # empty for a bare marker: every rule
    used: set = field(default_factory=set)
    understood: bool = True  # False: a comment that names finsam-lint but is no marker it reads; it silences nothing

    def silences(self, finding: Finding) -> bool:
        if not self.understood:
            return False
        hits = {i for i in self.idents if _same(i) in (finding.rule, finding.name)} if self.idents else {"*"}
        self.used |= hits
        return bool(hits)


_CODE = re.compile(r"(?i)FL\d+")
_COMMENTS = re.compile(r"<!--(.*?)(?:-->|$)|\[//\]: # \(([^)]*)\)")


def marker_rules(line: str) -> tuple[str, ...] | None:
    """The rules a line's marker names (empty: every rule), or None for a line without one."""
    match = SUPPRESSION.search(line)
    if not match:
        return None
    return tuple(i.strip() for i in (match.group(1) or match.group(2) or "").split(",") if i.strip())


def line_silences(line: str, finding: Finding) -> bool:
    """Whether a marker on the line silences the finding (without counting it as used)."""
    idents = marker_rules(line)
    return idents is not None and (not idents or any(_same(i) in (finding.rule, finding.name) for i in idents))


def _same(ident: str) -> str:
    """A rule as a marker names it, in the case the rules have: codes and names may be written in any case."""
    return ident.upper() if _CODE.fullmatch(ident) else ident.lower()


def markers(document) -> dict[int, Marker]:
    found = {}
    for number, line in enumerate(document.source.lines, start=1):
        if "finsam-lint" not in line and "noqa" not in line.lower():  # most lines: no need to look further
            continue
        idents = marker_rules(line)
        if idents is not None:
            found[number] = Marker(document.path, number, idents)
        elif any("finsam-lint" in (c.group(1) or c.group(2) or "") for c in _COMMENTS.finditer(line)):
            found[number] = Marker(document.path, number, (), understood=False)
    return found


def apply(findings: list[Finding], documents, active: list[Rule], known: list[Rule]) -> list[Finding]:
    """The findings no marker silences, and an FL002 finding for each marker (or part) that silenced nothing.

    `active` are the rules of this run (FL002 among them unless it is left
    out), `known` every rule: a marker naming a known rule that is not active
    is not unused, only idle.
    """
    by_path = {document.path: markers(document) for document in documents}
    kept = []
    for finding in findings:
        marker = by_path.get(finding.path, {}).get(finding.line)
        if marker is None or not marker.silences(finding):
            kept.append(finding)
    unused_rule = next((rule for rule in active if rule.code == UNUSED.code), None)
    if unused_rule is None:
        return kept
    active_idents = {ident for rule in active for ident in (rule.code, rule.name)}
    known_idents = {ident for rule in known for ident in (rule.code, rule.name)}
    for found in by_path.values():
        for marker in found.values():
            message = _unused(marker, active_idents, known_idents)
            if message:
                kept.append(Finding(
                    rule=unused_rule.code, name=unused_rule.name, severity=unused_rule.severity,
                    path=marker.path, line=marker.line, end_line=marker.line, message=message,
                    context=(unused_rule.code, *marker.idents),
                ))
    return sorted(kept, key=Finding.sort_key)


def _unused(marker: Marker, active: set[str], known: set[str]) -> str | None:
    if not marker.understood:
        return ("suppression not understood: write finsam-lint: ignore[CODE] or noqa: CODE "
                "inside <!-- --> or [//]: # ( )")
    if not marker.idents:
        return None if marker.used else "unused suppression: no finding on this line"
    parts = []
    idle = [i for i in marker.idents if _same(i) in active and i not in marker.used]
    if idle:
        parts.append(f"no {', '.join(idle)} finding on this line")
    for ident in marker.idents:
        if _same(ident) not in known:
            close = difflib.get_close_matches(ident, sorted(known), n=1)
            parts.append(f"'{ident}' is not a rule" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return "unused suppression: " + "; ".join(parts) if parts else None
