"""One self-contained HTML page: how it was made, the findings, pictures, the tables as read and the text.

Each finding links to its line in the listing of the document's text. Every figure is marked by what the
checks made of it: wrong (the figure a finding is about), involved (a figure its check compared it with) or
verified (compared by a check and found consistent: the auditor's tickmark); in a finding about words
(a sentence, a placeholder) the words are marked. Pictures are inline SVG. No script, no external resource,
and every piece of report text escaped.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from ..checks import shares
from ..findings import SEVERITIES, kronor, signed
from ..privacy import mask
from .shared import Figures, cut, masked_figures, safe, spans
from .text import _summary

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:2em}
.summary{font-weight:bold}.error{--c:#c0392b}.warning{--c:#b7791f}.info{--c:#2b6cb0}
ol.findings li{margin:.6em 0;padding-left:.5em;border-left:4px solid var(--c)}
.sev{color:var(--c);font-weight:bold}.code{font-family:monospace;font-weight:bold}
.figures{color:#555}.message{overflow-wrap:anywhere}
dl.made{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dl.made dd{margin:0;overflow-wrap:anywhere}
code.hash{font-size:12px}
table.read{border-collapse:collapse;margin:1em 0;max-width:100%}table.read caption{text-align:left;font-weight:bold}
table.read td,table.read th{border:1px solid #ddd;padding:.15em .5em}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wrong{background:#fde2e1;outline:2px solid #c0392b}td.involved{background:#fff3cd;outline:1px dashed #b7791f}
td.verified{background:#e6f4ea}td small{display:block;color:#555;white-space:normal}
.tick{color:#1e7e34;font-weight:bold;margin-left:.3em}
pre.listing{background:#f7f7f7;padding:.5em;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}
pre.listing span.line{display:block;padding-left:5em;text-indent:-5em}pre.listing span.flagged{background:#fff8e1}
pre.listing .ln{display:inline-block;width:4em;color:#888;text-align:right;margin-right:1em;text-indent:0}
mark{background:none;color:inherit}mark.wrong{background:#f8b4b4;font-weight:bold;outline:2px solid #c0392b}
mark.involved{background:#ffe8a1;outline:1px dashed #b7791f}mark.verified{border-bottom:2px solid #1e7e34}
mark.words{background:#f8b4b4;text-decoration:underline wavy #c0392b}
:target{outline:2px solid #2b6cb0}
.legend mark,.legend span{padding:0 .3em;margin-right:1em}
figure{margin:1em 0}figcaption{font-weight:bold}svg text{font:12px system-ui,sans-serif}
svg .stated{fill:#4a78b5}svg .expected{fill:none;stroke:#222;stroke-dasharray:4 2}svg .wrong{fill:#c0392b}
svg .budget{fill:#b8c4d6}svg .up{fill:#6aa36f}svg .down{fill:#d98b73}svg .total{fill:#4a78b5}
svg .axis{stroke:#888}svg .sum{stroke:#222;stroke-width:2;stroke-dasharray:5 3}
"""
ZERO = Decimal(0)
WORD_KINDS = ("narrative", "pattern", "dates")  # check kinds whose findings are about words in a line
LEGEND = ('<p class="legend"><mark class="wrong">wrong</mark>the figure a finding is about '
          '<mark class="involved">involved</mark>a figure its check compared it with '
          '<mark class="verified">verified<span class="tick">✓</span></mark>compared by a check and consistent '
          '<mark class="words">words</mark>the words a finding is about</p>')


def _e(text, masked: bool = True) -> str:
    """Report text for the page: made safe, masked (a path is shown as given) and escaped."""
    text = safe(str(text))
    return html.escape(mask(text) if masked else text)


def render(result, rules, options) -> str:
    figures = Figures(result.documents)
    verified = getattr(result, "verified", {})
    doc_ids = {d.path: f"d{n}" for n, d in enumerate(result.documents)}
    cells: dict[tuple[int, int], list] = {}  # (id(row), column) -> [(finding number, finding, primary)]
    lines: dict[tuple[str, int], dict] = {}  # (path, line) -> {"spans": {span: kind}, "findings": [...]}
    about_words = {rule.code for rule in rules if rule.kind in WORD_KINDS}

    def entry(path, line):
        return lines.setdefault((path, line), {"spans": {}, "findings": []})

    for n, finding in enumerate(result.findings, start=1):
        marks = figures.marks(finding)
        for mark in marks:
            cells.setdefault((id(mark.row), mark.column), []).append((n, finding, mark.primary))
            where = spans(figures.clean[mark.path][mark.line - 1], mark.row)[mark.column]
            if where:
                spans_of = entry(mark.path, mark.line)["spans"]
                if mark.primary or spans_of.get(where) != "wrong":
                    spans_of[where] = "wrong" if mark.primary else "involved"
        for path, line in {(finding.path, finding.line), *((r.path, r.line) for r in finding.related)}:
            entry(path, line)["findings"].append((n, finding))
        if finding.rule in about_words and not any(mark.primary for mark in marks):
            words = _words(figures.clean.get(finding.path, ()), finding)
            if words:
                entry(finding.path, finding.line)["spans"].setdefault(words, "words")
    for document in result.documents:  # every other figure a check compared: verified
        checked, text = verified.get(document.path, ()), figures.clean[document.path]
        for table in document.tables:
            for row in table.rows:
                for column, value in enumerate(row.values):
                    if value is None or value.n not in checked or (id(row), column) in cells:
                        continue
                    # a row's figures may stand on the line after its label: look where the figure stands
                    where = spans(text[value.line - 1], row)[column] if 0 < value.line <= len(text) else None
                    if where:
                        entry(document.path, value.line)["spans"].setdefault(where, "verified")

    def anchor(path, line):
        return f"#{doc_ids.get(path, 'd')}-L{line}"

    pages = {d.path: d.source.place_of for d in result.documents if d.source.pages or d.source.places}

    def page(path, line) -> str:
        """' (page 4, line 17)' in a PDF, ' (table 2, row 3)' in a Word file: where the auditor sees it."""
        where = pages[path](line) if path in pages else None
        return f" ({where})" if where else ""

    out = [f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>finsam-lint report</title>'
           f'<style>{STYLE}</style></head><body>',
           f'<h1>finsam-lint report</h1><p class="summary" id="summary">{_e(_summary(result))}</p>',
           _made(result, rules, options), LEGEND,
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
        out += _document(document, doc_ids[document.path], cells, verified.get(document.path, ()), lines, anchor, rules)
    out.append("</body></html>\n")
    return "\n".join(out)


def _words(text: tuple[str, ...], finding) -> tuple[int, int] | None:
    """Where the words a finding about text quotes (its context: the match, the sentence) stand in its line,
    else the figure it says is wrong; None when neither stands there."""
    if not 0 < finding.line <= len(text):
        return None
    line = mask(text[finding.line - 1])
    quoted = sorted((part for part in finding.context if len(part) > 1), key=len, reverse=True)
    for part in quoted + ([kronor(finding.actual)] if finding.actual is not None else []):
        start = line.find(part, max(0, finding.column - 1)) if part else -1
        if start < 0:
            start = line.find(part)
        if start >= 0:
            return start, start + len(part)
    return None


def _made(result, rules, options) -> str:
    """How the report was made: the tool, when, each input with its SHA-256, the configuration and rule files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")  # a reproducible build's fixed date, where one is set
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    inputs = []
    for document in result.documents:
        inputs.append(f"<li>{_e(document.path, masked=False)}: SHA-256 <code class=\"hash\">{_digest(document)}</code></li>")
    for failure in getattr(result, "failures", ()):
        inputs.append(f"<li>{_e(failure.path, masked=False)}: not read ({_e(failure.message)})</li>")
    configs = options.get("configs") or []
    rule_files = sorted({str(rule.source) for rule in rules if str(getattr(rule, "source", "")).endswith(".toml")})

    def listed(items):
        return "<ul>" + "".join(f"<li>{_e(item, masked=False)}</li>" for item in items) + "</ul>"

    return ('<h2 id="made">How this report was made</h2><dl class="made">'
            f'<dt>tool</dt><dd>finsam-lint {_e(options.get("version", "unknown"))}</dd>'
            f'<dt>date</dt><dd><time>{when.strftime("%Y-%m-%d %H:%M:%S")} UTC</time></dd>'
            f'<dt>inputs</dt><dd><ul>{"".join(inputs)}</ul></dd>'
            f'<dt>configuration</dt><dd>{listed(configs) if configs else "none: the defaults"}</dd>'
            f'<dt>rule files</dt><dd>{listed(rule_files)}</dd></dl>')


def _digest(document) -> str:
    """The SHA-256 of the file as given; of its text as read for standard input (or a file gone since)."""
    try:
        data = Path(document.path).read_bytes() if document.path != "-" else None
    except OSError:
        data = None
    if data is None:
        data = "\n".join(document.source.lines).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _document(document, doc_id, cells, checked, lines, anchor, rules) -> list[str]:
    out = [f'<section class="document" id="{doc_id}"><h2>{_e(document.path, masked=False)}</h2>']
    pictures = _pictures(document, cells, rules)
    if pictures:
        out += ["<h3>Pictures</h3>", *pictures]
    out.append(f"<h3>Tables as read ({len(document.tables)})</h3>")
    for t, table in enumerate(document.tables):
        note = f", note {table.note}" if table.note is not None else ""
        out.append(f'<table class="read" id="{doc_id}-t{t}"><caption>{_e(table.title or "(untitled)")} — '
                   f'{_e(table.kind)}{note}, lines {table.line}–{table.end_line}, {_e(table.unit)}</caption>'
                   "<tr><th>line</th><th>label</th><th>not</th>"
                   + "".join(f"<th>{_e(c.name)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            values = "".join(_cell(v, hidden, cells.get((id(row), i), ()), checked)
                             for i, (v, hidden) in enumerate(zip(row.values, masked_figures(document, row))))
            out.append(f'<tr><td class="n"><a href="{anchor(document.path, row.line)}">{row.line}</a></td>'
                       f'<td>{_e(row.label)}</td><td class="n">{"" if row.note is None else row.note}</td>{values}</tr>')
        out.append("</table>")
    listing = []  # one string: a newline between the lines' blocks would show as a blank line in <pre>
    for number, text in enumerate(document.source.clean, start=1):
        entry = lines.get((document.path, number))
        body = "".join(f'<mark class="{flag}">{_e(part)}</mark>' if flag else _e(part)
                       for part, flag in cut(mask(text), entry["spans"] if entry else {}))
        if entry and entry["findings"]:
            worst = min((f.severity for _, f in entry["findings"]), key=_rank)
            links = " ".join(f'<a href="#f{n}">{_e(f.rule)}</a>' for n, f in entry["findings"])
            listing.append(f'<span class="line flagged {_e(worst)}" id="{doc_id}-L{number}"><span class="ln">{number}'
                           f'</span>{body}  ← {links}</span>')
        else:
            listing.append(f'<span class="line" id="{doc_id}-L{number}"><span class="ln">{number}</span>{body}</span>')
    out.append(f'<h3>Text</h3><pre class="listing">{"".join(listing)}</pre></section>')
    return out


def _cell(value, hidden, named, checked) -> str:
    """A figure as read (`hidden`: as masked_figures() shows it), marked by what the checks made of it: wrong or
    involved in the findings that name it, else verified if a check compared it. `checked` on every figure a
    check compared."""
    if value is None:
        return "<td></td>"
    shown = _e(hidden or kronor(value.amount))
    was_checked = " checked" if value.n in checked else ""
    if not named:
        if was_checked:
            return f'<td class="n verified{was_checked}">{shown}<span class="tick" title="verified">✓</span></td>'
        return f'<td class="n">{shown}</td>'
    kind = "wrong" if any(primary for _, _, primary in named) else "involved"
    notes = "".join(
        f'<small><a href="#f{n}">{_e(f.rule)}</a>'
        + (f": expected {_e(kronor(f.expected))}, difference {_e(signed(f.difference))}"
           if primary and f.expected is not None else "") + "</small>"
        for n, f, primary in named)
    return f'<td class="n {kind}{was_checked}">{shown}{notes}</td>'


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


# Pictures

def _pictures(document, cells, rules) -> list[str]:
    """Member fees against their expected shares, roll-forwards as bridges, budget against outcome."""
    pictures = []
    share_rules = [rule for rule in rules if rule.kind == "shares"]
    for table in document.tables:
        drawn = set()
        for rule in share_rules:
            for column, fees in shares.expected_fees(rule.options, table)[:1]:
                key = tuple(id(row) for row, _, _ in fees)
                if key in drawn:
                    continue
                drawn.add(key)
                items = [(row.label, [(ZERO, stated, _wrong(cells, row, column) or "stated", f"stated {kronor(stated)}"),
                                      (ZERO, expected, "expected", f"expected {kronor(expected)}")])
                         for row, stated, expected in fees]
                pictures.append(_svg(f"{table.name}, {table.columns[column].name}: member fees stated (bars) "
                                     f"against their shares of the total (dashed), {table.unit}", items))
        pictures += _bridge(table, cells) + _budget(table, cells)
    return pictures


def _wrong(cells, row, column) -> str | None:
    return "wrong" if any(primary for _, _, primary in cells.get((id(row), column), ())) else None


_OPENING = re.compile(r"ingående|vid årets början|vid periodens början|\bib\b")
_CLOSING = re.compile(r"utgående|vid årets slut|vid periodens slut|\bub\b|^summa eget kapital$")
_FLOW = re.compile(r"^(årets|periodens) kassaflöde$")
_RESULT = re.compile(r"^(årets|periodens) resultat$")


def _bridge(table, cells) -> list[str]:
    """A roll-forward (opening + movements = closing) as a bridge, where a cash-flow or equity table has one:
    the movements are the rows between the opening and the closing row, else the year's cash flow, else its
    result (a cash-flow statement lists the result too, as the first row its flow sums)."""
    if table.kind not in ("cashflow", "equity") and not (table.note is not None and "eget kapital" in table.title.lower()):
        return []
    rows = [row for row in table.rows if not row.is_heading]
    opening = next((r for r in rows if _OPENING.search(r.key)), None)
    closing = next((r for r in reversed(rows) if _CLOSING.search(r.key)), None)
    if opening is None or closing is None or opening is closing:
        return []
    first, last = rows.index(opening), rows.index(closing)
    movements = rows[first + 1:last] if first < last else []
    if not movements or any(_OPENING.search(r.key) for r in movements):
        movements = [r for r in rows if _FLOW.search(r.key)] or [r for r in rows if _RESULT.search(r.key)]
    column = next((i for i in range(len(table.columns))
                   if all(r.values[i] is not None for r in [opening, closing, *movements])), None)
    if column is None or not movements:
        return []
    running = opening.values[column].amount
    items = [(opening.label, [(ZERO, running, "total", f"opening {kronor(running)}")])]
    for row in movements:
        amount = row.values[column].amount
        items.append((row.label, [(running, running + amount, "up" if amount >= 0 else "down", f"{signed(amount)}")]))
        running += amount
    stated = closing.values[column].amount
    items.append((closing.label, [(ZERO, stated, _wrong(cells, closing, column) or "total",
                                   f"stated {kronor(stated)}")]))
    differs = f": stated {kronor(stated)}, opening and movements give {kronor(running)}" if stated != running else ""
    return [_svg(f"{table.name}, {table.columns[column].name}: {opening.label} → {closing.label} "
                 f"(dashed: opening + movements){differs}, {table.unit}", items, marker=running)]


def _budget(table, cells) -> list[str]:
    """Budget against outcome per row, where a table has both columns for one year."""
    for outcome, column in enumerate(table.columns):
        if column.qualifier or column.year is None:
            continue
        budget = table.period_index("budget", column.year)
        if budget is None:
            continue
        rows = [r for r in table.rows if r.values[outcome] is not None and r.values[budget] is not None]
        if not rows:
            return []
        items = [(row.label, [(ZERO, row.values[budget].amount, "budget", f"budget {kronor(row.values[budget].amount)}"),
                              (ZERO, row.values[outcome].amount, _wrong(cells, row, outcome) or "stated",
                               f"outcome {kronor(row.values[outcome].amount)}")]) for row in rows]
        caption = f"{table.name}: {table.columns[budget].name} (light) against {column.name} (dark), {table.unit}"
        return [_svg(caption, items)]
    return []


LABEL_WIDTH, CHART_WIDTH, FIGURES_WIDTH, BAR, GAP = 280, 440, 340, 11, 8


def _svg(caption: str, items, marker: Decimal | None = None) -> str:
    """Horizontal bars: each item a label and its bars, each bar (from, to, class, tooltip) in the table's unit,
    drawn to one scale from the lowest to the highest figure (zero included); `marker` a dashed line there."""
    ends = [end for _, bars in items for start, stop, _, _ in bars for end in (start, stop)] + [ZERO]
    ends += [marker] if marker is not None else []
    low, high = min(ends), max(ends)
    span = (high - low) or Decimal(1)

    def x(value: Decimal) -> str:
        return str((LABEL_WIDTH + (value - low) * CHART_WIDTH / span).quantize(Decimal("0.1")))

    parts, y = [], 4
    for label, bars in items:
        shown = _e(mask(label)[:42], masked=False)  # masked before it is cut: a cut number is no longer found
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR * len(bars) / 2 + 4:.0f}" text-anchor="end">{shown}</text>')
        for start, stop, css, tip in bars:
            left, right = sorted((start, stop))
            width = (Decimal(x(right)) - Decimal(x(left))).quantize(Decimal("0.1"))
            parts.append(f'<rect class="{css}" x="{x(left)}" y="{y}" width="{width}" height="{BAR}">'
                         f'<title>{_e(label)}: {_e(tip)}</title></rect>')
            y += BAR + 1
        parts.append(f'<text x="{LABEL_WIDTH + CHART_WIDTH + 10}" y="{y - BAR * len(bars) / 2 + 3:.0f}">'
                     f'{_e(", ".join(tip for *_, tip in bars))}</text>')
        y += GAP
    parts.append(f'<line class="axis" x1="{x(ZERO)}" x2="{x(ZERO)}" y1="0" y2="{y}"/>')
    if marker is not None:
        parts.append(f'<line class="sum" x1="{x(marker)}" x2="{x(marker)}" y1="0" y2="{y}"/>')
    width = LABEL_WIDTH + CHART_WIDTH + FIGURES_WIDTH
    return (f'<figure><figcaption>{_e(caption)}</figcaption><svg role="img" '
            f'width="{width}" height="{y}" viewBox="0 0 {width} {y}">{"".join(parts)}</svg></figure>')
