"""pattern: text that must not be published, found line by line.

Plain patterns catch placeholders ("2025-03-XX", "TODO", "???"). Two
validators make a match an error only when it is one: `personnummer` (a
Swedish personal identity number, as privacy.find() knows one: the rule's
patterns only choose the lines to look in, and the message shows the number
masked) and `report-date` (a date of decision or signing that cannot be
right for the report's year).
"""

from __future__ import annotations

import datetime
import re

from ..literals import Text, blocks, prefilter
from ..model import Document
from ..privacy import find, mask
from .base import Context, compile_patterns, make

KIND = "pattern"
OPTIONS = {
    "patterns": (list[str], None),
    "validate": (str, ""),
    "exclude": (list[str], []),
}
FIELDS = {"match", "year"}
VALIDATORS = ("", "personnummer", "report-date")
DEFAULT = "'{match}' looks like text that was never filled in"
PERSONNUMMER_MESSAGE = "a personal identity number ({match}, a valid date and check digit) stands in text about to be published"
DATE_MESSAGE = "date {match} cannot be right for the annual report for {year}: it is not after the end of the financial year"
DATE = re.compile(r"\b((?:19|20)\d\d)-?(\d\d)-?(\d\d|XX)\b", re.IGNORECASE)  # "2025-03-xx" is a placeholder too


def prepare(options: dict) -> dict:
    if options["validate"] not in VALIDATORS:
        raise ValueError(f"validate must be one of {', '.join(repr(v) for v in VALIDATORS)}")
    compiled = [re.compile(p) for p in options["patterns"]]
    return {**options, "compiled": compiled, "prefilters": [prefilter(p) for p in compiled],
            "exclude": compile_patterns(options["exclude"])}


def _date_wrong(match: re.Match, year: int) -> bool:
    found = DATE.search(match.group())
    if not found:
        return False
    y, m, d = int(found.group(1)), int(found.group(2)), found.group(3)
    try:
        datetime.date(y, m, 1 if d.upper() == "XX" else int(d))
    except ValueError:
        return True
    return (y, m) <= (year, 12) or y > year + 1


def check_all(rules, document: Document, ctx: Context):
    rules = [rule for rule in rules if rule.options["validate"] != "report-date" or document.year is not None]
    lines = document.source.clean
    for first, block in blocks(lines):
        text = Text(block)
        for rule in rules:
            wanted: dict[int, list[re.Pattern]] = {}  # line index -> the patterns that may match there
            for pattern, needs in zip(rule.options["compiled"], rule.options["prefilters"]):
                # Only a line the pattern is found in can yield a finding: searched here, in one loop, not by a
                # generator a line (a pattern with no literal, as the personnummer rule's \d{6}, has every line).
                search = pattern.search
                for index in text.lines_with(needs):
                    if search(block[index]):
                        wanted.setdefault(first + index, []).append(pattern)
            for index in sorted(wanted):
                yield from _check_line(rule, document, ctx, wanted[index], lines[index], index + 1)


def _check_line(rule, document: Document, ctx: Context, compiled, line: str, number: int):
    options = rule.options
    validate = options["validate"]
    if matches_any(options["exclude"], line):
        return
    if validate == "personnummer":
        if matches_any(compiled, line):  # the patterns choose the lines that may hold one
            yield from _identity_numbers(rule, document, ctx, line, number)
        return
    for pattern in compiled:
        for match in pattern.finditer(line):
            ctx.checks += 1
            if validate == "report-date":
                if not _date_wrong(match, document.year):
                    continue
                message = DATE_MESSAGE
            else:
                message = DEFAULT
            shown = match.group().strip()
            finding = make(rule, document.path, number, {"match": shown, "year": document.year}, message,
                           context=(rule.code, shown))
            yield _at_column(finding, match.start() + 1)


def _identity_numbers(rule, document: Document, ctx: Context, line: str, number: int):
    ctx.checks += 1
    masked = mask(line)  # as long as the line: a number's place in it is its place in the masked line
    for start, end in find(line):
        shown = masked[start:end]
        finding = make(rule, document.path, number, {"match": shown, "year": document.year}, PERSONNUMMER_MESSAGE,
                       context=(rule.code, shown))
        yield _at_column(finding, start + 1)


def matches_any(patterns, line: str) -> bool:
    return any(p.search(line) for p in patterns)


def _at_column(finding, column):
    from dataclasses import replace

    return replace(finding, column=column)
