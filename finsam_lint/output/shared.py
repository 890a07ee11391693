"""What the output formats share: severity words, safe text, paths, fingerprints, the figures a finding names.

Report text reaches an output as a finding (masked where it is made, see findings.py) or as the document's
own lines, titles and labels: each format passes those through privacy.mask() before it shows them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..privacy import mask

# finsam-lint's severities in each format's own words.
LEVELS = {
    "sarif": {"error": "error", "warning": "warning", "info": "note"},
    "github": {"error": "error", "warning": "warning", "info": "notice"},
    "gitlab": {"error": "major", "warning": "minor", "info": "info"},
}


def level(fmt: str, severity: str) -> str:
    return LEVELS[fmt].get(severity, LEVELS[fmt]["warning"])


def safe(text: str) -> str:
    """Report text made harmless: control characters, terminal escapes and bidi overrides become U+FFFD."""
    return "".join(
        ch if ch.isprintable() and not ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069") else "\ufffd"
        for ch in text
    )


def shown_path(path: str) -> str:
    """A path as a CI system wants it: relative to the working directory when it lies below it, with slashes."""
    if path == "-":
        return path
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            return candidate.as_posix()
    return candidate.as_posix()


_LINE_NUMBERS = re.compile(r"(\blines?\s+|:)\d+(?:\s*[-–]\s*\d+)?")


def fingerprints(findings) -> list[str]:
    """One stable id per finding: rule, path, context (table, row, period) and message, never a line number.

    Lines added or removed elsewhere leave it unchanged; two findings that would share one are told apart by
    their order."""
    import hashlib  # here: text and json output need no fingerprints, and hashlib loads OpenSSL

    seen: Counter = Counter()
    result = []
    for finding in findings:
        message = _LINE_NUMBERS.sub(lambda m: m.group(1) + "N", finding.message)
        key = "\0".join([finding.rule, shown_path(finding.path), *finding.context, message])
        seen[key] += 1
        if seen[key] > 1:
            key += f"\0{seen[key]}"
        result.append(hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest())  # a file name's undecodable byte
    return result


@dataclass(frozen=True)
class Mark:
    """A figure a finding names: where it stands, in which table, row and column."""

    path: str
    line: int
    table: object
    row: object
    column: int
    primary: bool  # the figure the finding is about (its actual value), not one it compares with


def involved_lines(finding, limit: int = 12) -> list[tuple[str, int]]:
    lines = [(finding.path, finding.line)] + [(r.path, r.line) for r in finding.related]
    return list(dict.fromkeys(lines))[:limit]


class Figures:
    """The documents' rows by line, to find the figures a finding names and show the lines they stand on."""

    def __init__(self, documents):
        self.clean = {d.path: d.source.clean for d in documents}
        self.documents = {d.path: d for d in documents}
        self.indexed: dict[str, dict[int, list]] = {}  # path -> line -> (table, row); made for files with findings

    def rows_on(self, path: str, line: int) -> list:
        if path not in self.indexed:
            rows: dict[int, list] = {}
            document = self.documents.get(path)
            for table in document.tables if document else ():
                for row in table.rows:
                    rows.setdefault(row.line, []).append((table, row))
            self.indexed[path] = rows
        return self.indexed[path].get(line, [])

    def marks(self, finding) -> list[Mark]:
        """The figures on the finding's lines that it names: the column of its period (from its context), or on
        its own line the figure equal to its actual value, on a related line the one equal to its expected value
        (the figure a sentence is compared with)."""
        found = []
        for path, line in involved_lines(finding):
            primary = (path, line) == (finding.path, finding.line)
            named = finding.actual if primary else finding.expected
            for table, row in self.rows_on(path, line):
                columns = [i for i, c in enumerate(table.columns) if c.key in finding.context and i < len(row.values)]
                if not columns and named is not None:
                    columns = [i for i, v in enumerate(row.values)
                               if v is not None and named in (v.amount, v.amount * table.factor)]
                found.extend(Mark(path, line, table, row, i, primary) for i in columns if row.values[i] is not None)
        return found

    def spans(self, finding) -> dict[tuple[str, int], list[tuple[int, int]]]:
        """Where the figures the finding names stand in their lines' text."""
        marked: dict[tuple[str, int], list] = {}
        for mark in self.marks(finding):
            where = spans(self.clean[mark.path][mark.line - 1], mark.row)[mark.column]
            if where:
                marked.setdefault((mark.path, mark.line), []).append(where)
        return marked

    def lines(self, finding) -> dict[tuple[str, int], list[tuple[str, bool]]]:
        """Each line the finding involves as it reads (tabs as wide gaps, made safe, masked), cut at the figures
        it names (masking keeps a line's length, so the figures stand where they stood)."""
        marked = self.spans(finding)
        result = {}
        for path, line in involved_lines(finding):
            text = self.clean.get(path, ())
            if 0 < line <= len(text):
                result[(path, line)] = cut(mask(text[line - 1]), marked.get((path, line), []))
        return result


def spans(text: str, row) -> list[tuple[int, int] | None]:
    """Where each of the row's figures stands in its line's text, in column order (None: not found there)."""
    label = text.find(row.label)
    cursor = label + len(row.label) if label >= 0 else 0
    found = []
    for value in row.values:
        start = text.find(value.figure.text, cursor) if value is not None and value.figure.text else -1
        if start < 0:
            found.append(None)
            continue
        cursor = start + len(value.figure.text)
        found.append((start, cursor))
    return found


def masked_figures(document, row) -> list[str | None]:
    """The reader may take a personal identity number for figures ("Bertil Prov  6606061234", or two columns
    of "110101 1235"): each of the row's figures that stands in the hidden part of one, as the masked line
    writes it ("660606****", "****"); None for every other figure. For the formats that show figures as read."""
    lines = document.source.clean
    text = lines[row.line - 1] if 0 < row.line <= len(lines) else ""
    masked = mask(text)
    if masked == text:
        return [None] * len(row.values)
    return [None if where is None or masked[slice(*where)] == text[slice(*where)] else masked[slice(*where)]
            for where in spans(text, row)]


def cut(text: str, marked) -> list[tuple[str, object]]:
    """The text in (part, flag) pieces, cut at the marked spans; tabs shown as wide gaps, every part made safe.

    `marked` is a list of (start, end) spans, each flagged True, or a dict of spans to their flags (the kind
    of mark); of two overlapping spans the first wins, the other is left unmarked."""
    flags = marked if isinstance(marked, dict) else dict.fromkeys(marked, True)
    result, cursor = [], 0
    for start, end in sorted(flags):
        if start >= cursor:
            result += [(text[cursor:start], False), (text[start:end], flags[(start, end)])]
            cursor = end
    result.append((text[cursor:], False))
    if not result[0][1]:
        result[0] = (result[0][0].lstrip(), False)
    return [(safe(part.replace("\t", "   ")), flag) for part, flag in result if part]
