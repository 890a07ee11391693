"""One self-contained HTML page: the summary, the findings, the tables as read and the text, cross-linked.

Each finding links to its line in the listing of the document's text; each figure a finding names is marked in
the tables and the listing, with the expected value and the difference beside it. No script, no external
resource, and every piece of report text escaped.
"""

from __future__ import annotations

import html

from ..findings import SEVERITIES, kronor, signed
from ..privacy import mask
from .shared import Figures, cut, masked_figures, safe
from .text import _summary

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:2em}
.summary{font-weight:bold}.error{--c:#c0392b}.warning{--c:#b7791f}.info{--c:#2b6cb0}
ol.findings li{margin:.6em 0;padding-left:.5em;border-left:4px solid var(--c)}
.sev{color:var(--c);font-weight:bold}.code{font-family:monospace;font-weight:bold}
.figures{color:#555}
table.read{border-collapse:collapse;margin:1em 0}table.read caption{text-align:left;font-weight:bold}
table.read td,table.read th{border:1px solid #ddd;padding:.15em .5em}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.flagged{background:#fde2e1;outline:2px solid var(--c)}td.flagged small{display:block;color:#555}
pre.listing{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:13px}
pre.listing span.line{display:block}pre.listing span.flagged{background:#fff3cd}
pre.listing .ln{display:inline-block;width:4em;color:#888;text-align:right;margin-right:1em}
mark{background:#f8b4b4;font-weight:bold}:target{outline:2px solid #2b6cb0}
"""


def _e(text, masked: bool = True) -> str:
    """Report text for the page: made safe, masked (a path is shown as given) and escaped."""
    text = safe(str(text))
    return html.escape(mask(text) if masked else text)


def render(result, rules, options) -> str:
    figures = Figures(result.documents)
    doc_ids = {d.path: f"d{n}" for n, d in enumerate(result.documents)}
    cells: dict[tuple[int, int], list] = {}  # (id(row), column) -> [(finding number, finding, primary)]
    lines: dict[tuple[str, int], dict] = {}  # (path, line) -> {"spans": [...], "findings": [...]}
    for n, finding in enumerate(result.findings, start=1):
        for mark in figures.marks(finding):
            cells.setdefault((id(mark.row), mark.column), []).append((n, finding, mark.primary))
        spans = figures.spans(finding)
        for path, line in {(finding.path, finding.line), *((r.path, r.line) for r in finding.related)}:
            entry = lines.setdefault((path, line), {"spans": [], "findings": []})
            entry["spans"] += spans.get((path, line), [])
            entry["findings"].append((n, finding))

    def anchor(path, line):
        return f"#{doc_ids.get(path, 'd')}-L{line}"

    pages = {d.path: d.source.page_of for d in result.documents if d.source.pages}

    def page(path, line) -> str:
        """' (page 4, line 17)' for a finding in a PDF: where the auditor sees it."""
        where = pages[path](line) if path in pages else None
        return f" (page {where[0]}, line {where[1]})" if where else ""

    out = [f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>finsam-lint report</title>'
           f'<style>{STYLE}</style></head><body>',
           f'<h1>finsam-lint report</h1><p class="summary" id="summary">{_e(_summary(result))}</p>',
           '<h2 id="findings">Findings</h2>']
    out.append('<ol class="findings">' if result.findings else "<p>No findings.</p>")
    for n, f in enumerate(result.findings, start=1):
        related = ", ".join(f'<a href="{anchor(r.path, r.line)}">{_e(r.path, masked=False) + ":" if r.path != f.path else "line "}'
                            f'{r.line}</a>' for r in f.related)
        out.append(
            f'<li id="f{n}" class="finding {_e(f.severity)}"><a class="where" href="{anchor(f.path, f.line)}">'
            f'{_e(f.path, masked=False)}:{f.line}{_e(page(f.path, f.line))}</a> <span class="code">{_e(f.rule)}</span> {_e(f.name)} '
            f'<span class="sev">{_e(f.severity)}</span><div class="message">{_e(f.message)}</div>'
            + (f'<div class="figures">expected {_e(kronor(f.expected))}, found {_e(kronor(f.actual))}, '
               f'difference {_e(signed(f.difference))}</div>' if f.expected is not None else "")
            + (f'<div class="related">with {related}</div>' if related else "") + "</li>")
    if result.findings:
        out.append("</ol>")
    for document in result.documents:
        out += _document(document, doc_ids[document.path], cells, lines, anchor)
    out.append("</body></html>\n")
    return "\n".join(out)


def _document(document, doc_id, cells, lines, anchor) -> list[str]:
    out = [f'<section class="document" id="{doc_id}"><h2>{_e(document.path, masked=False)}</h2>',
           f"<h3>Tables as read ({len(document.tables)})</h3>"]
    for t, table in enumerate(document.tables):
        note = f", note {table.note}" if table.note is not None else ""
        out.append(f'<table class="read" id="{doc_id}-t{t}"><caption>{_e(table.title or "(untitled)")} — '
                   f'{_e(table.kind)}{note}, lines {table.line}–{table.end_line}, {_e(table.unit)}</caption>'
                   "<tr><th>line</th><th>label</th><th>not</th>"
                   + "".join(f"<th>{_e(c.name)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            values = "".join(_cell(v, hidden, cells.get((id(row), i), ()))
                             for i, (v, hidden) in enumerate(zip(row.values, masked_figures(document, row))))
            out.append(f'<tr><td class="n"><a href="{anchor(document.path, row.line)}">{row.line}</a></td>'
                       f'<td>{_e(row.label)}</td><td class="n">{"" if row.note is None else row.note}</td>{values}</tr>')
        out.append("</table>")
    out.append('<h3>Text</h3><pre class="listing">')
    for number, text in enumerate(document.source.clean, start=1):
        entry = lines.get((document.path, number))
        body = "".join(f"<mark>{_e(part)}</mark>" if flag else _e(part)
                       for part, flag in cut(mask(text), entry["spans"] if entry else []))
        if entry:
            worst = min((f.severity for _, f in entry["findings"]), key=_rank)
            links = " ".join(f'<a href="#f{n}">{_e(f.rule)}</a>' for n, f in entry["findings"])
            out.append(f'<span class="line flagged {_e(worst)}" id="{doc_id}-L{number}"><span class="ln">{number}'
                       f'</span>{body}  ← {links}</span>')
        else:
            out.append(f'<span class="line" id="{doc_id}-L{number}"><span class="ln">{number}</span>{body}</span>')
    out.append("</pre></section>")
    return out


def _cell(value, hidden, named) -> str:
    """A figure as read (`hidden`: as masked_figures() shows it), marked with the findings that name it."""
    if value is None:
        return "<td></td>"
    shown = _e(hidden or kronor(value.amount))
    if not named:
        return f'<td class="n">{shown}</td>'
    worst = min((f.severity for _, f, _ in named), key=_rank)
    notes = "".join(
        f'<small><a href="#f{n}">{_e(f.rule)}</a>'
        + (f": expected {_e(kronor(f.expected))}, difference {_e(signed(f.difference))}"
           if primary and f.expected is not None else "") + "</small>"
        for n, f, primary in named)
    return f'<td class="n flagged {_e(worst)}">{shown}{notes}</td>'


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
