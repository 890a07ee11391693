"""Plain text findings: path:line:col: CODE [severity] message, the lines involved, a summary."""

from __future__ import annotations

from .json_format import summary
from ..findings import kronor, signed


def _lines(result):
    return {d.path: d.source.lines for d in result.documents}


def render(result, rules, options) -> str:
    sources = _lines(result)
    pages = {d.path: d.source.page_of for d in result.documents if d.source.pages}
    out = []
    for finding in result.findings:
        where = pages[finding.path](finding.line) if finding.path in pages else None
        page = f"[page {where[0]}, line {where[1]}] " if where else ""
        out.append(f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] {page}{finding.message}")
        if options.get("quiet"):
            continue
        involved = [(finding.path, finding.line)] + [(r.path, r.line) for r in finding.related]
        for path, line in involved[:12]:
            lines = sources.get(path, ())
            if 0 < line <= len(lines):
                marker = ">" if (path, line) == (finding.path, finding.line) else " "
                where = f"{line:>5}" if path == finding.path else f"{path}:{line}"
                out.append(f"  {marker} {where} | {_safe(lines[line - 1].strip())[:160]}")
        if finding.expected is not None:
            out.append(f"      expected {kronor(finding.expected)}, found {kronor(finding.actual)}, difference {signed(finding.difference)}")
    counts = summary(result)
    out.append(
        f"{counts['files']} file{'s' if counts['files'] != 1 else ''} checked: "
        f"{counts['errors']} error{'s' if counts['errors'] != 1 else ''}, "
        f"{counts['warnings']} warning{'s' if counts['warnings'] != 1 else ''}, {counts['infos']} info "
        f"({counts['checks']} checks over {counts['figures']} figures)"
    )
    return "\n".join(out) + "\n"


def _safe(text: str) -> str:
    """No terminal escapes or bidi overrides from report text reach the terminal."""
    return "".join(ch if ch.isprintable() and not ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069") else "\ufffd" for ch in text)
