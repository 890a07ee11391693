"""Findings for a person: path:line:col: CODE [severity] message, the lines involved with the figures marked, a summary.

Colour comes from rich, imported only when colour is wanted: plain output never imports it.
Report text is hostile input: every piece of it passes through safe() before it is printed.
"""

from __future__ import annotations

import re
from collections import Counter

from ..findings import kronor, signed
from .json_format import summary
from .shared import Figures, safe

_safe = safe  # the name other modules know
STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan", "mark": "bold red", "path": "bold",
          "gutter": "blue", "note": "dim"}


def render(result, rules, options) -> str:
    lines: list[list[tuple[str, str | None]]] = []  # each line as (text, style) pieces
    if options.get("statistics"):
        lines += _statistics(result, rules)
    else:
        figures = None if options.get("quiet") else Figures(result.documents)
        pages = {d.path: d.source.place_of for d in result.documents if d.source.pages or d.source.places}
        for finding in result.findings:
            lines += _finding(finding, figures, pages, options.get("quiet"), options.get("width"))
    lines.append([(_summary(result), None)])
    if options.get("color"):
        return _colour(lines)
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def _finding(finding, figures, pages, quiet, width=None):
    where = pages[finding.path](finding.line) if finding.path in pages else None
    page = f"[{where}] " if where else ""
    head = [(f"{safe(finding.path)}:{finding.line}:{finding.column}:", "path"), (f" {finding.rule} ", None),
            (f"[{finding.severity}]", finding.severity)]
    message = _wrapped(f" {page}{safe(finding.message)}", sum(len(text) for text, _ in head), width)
    out = [head + [(message[0], None)]] + [[(more, None)] for more in message[1:]]
    if quiet:
        return out
    for (path, line), pieces in figures.lines(finding).items():
        number = f"{line:>5}" if path == finding.path else f"{safe(path)}:{line}"
        gutter = f"  {'>' if (path, line) == (finding.path, finding.line) else ' '} {number} | "
        out.append([(gutter, "gutter")] + [(text, "mark" if flag else None) for text, flag in pieces])
        if any(flag for _, flag in pieces):
            carets = "".join(("^" if flag else " ") * len(text) for text, flag in pieces).rstrip()
            out.append([(" " * (len(gutter) - 2) + "| ", "gutter"), (carets, "mark")])
    if finding.expected is not None:
        out.append([(f"      = expected {kronor(finding.expected)}, found {kronor(finding.actual)}, "
                     f"difference {signed(finding.difference)}", "note")])
    if finding.cause:
        out.append([(f"      = likely cause: {safe(finding.cause)}", "note")])
    return out


_GROUPED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")  # the space inside a figure ("19 108 000"): no place to break


def _wrapped(message: str, start: int, width: int | None) -> list[str]:
    """The message in lines that fit the terminal's width, broken between words, never inside a figure (the
    first line goes on after `start` characters of the head, the others are indented); one line where no
    width is given or it fits."""
    if not width or start + len(message) <= width:
        return [message]
    import textwrap

    lines = textwrap.wrap(_GROUPED.sub("\0", message.lstrip()), width, initial_indent="\1" * (start + 1),
                          subsequent_indent=" " * 6, break_long_words=False, break_on_hyphens=False)
    return [(" " + lines[0].lstrip("\1") if i == 0 else line).replace("\0", " ") for i, line in enumerate(lines)]


def _statistics(result, rules):
    """How many findings each rule has, most first, like ruff --statistics."""
    names = {rule.code: rule.name for rule in rules}
    names.update({f.rule: f.name for f in result.findings})
    counts = Counter(f.rule for f in result.findings)
    severity = {f.rule: f.severity for f in result.findings}
    return [[(f"{count:>5}  {code}  ", None), (f"[{severity[code]}]", severity[code]), (f"  {names[code]}", None)]
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _summary(result) -> str:
    counts = summary(result)
    return (
        f"{_count(counts['files'], 'file')} checked: {_count(counts['errors'], 'error')}, "
        f"{_count(counts['warnings'], 'warning')}, {counts['infos']} info "
        f"({_count(counts['checks'], 'check')} over {_count(counts['figures'], 'figure')})"
    )


def _colour(lines) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=10_000, highlight=False,
                      emoji=False, markup=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*((text, STYLES.get(style, "")) for text, style in line)))
    return buffer.getvalue()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
