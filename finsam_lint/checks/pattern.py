"""pattern: text that must not be published, found line by line.

Plain patterns catch placeholders ("2025-03-XX", "TODO", "???"). Two
validators make a match an error only when it is one: `personnummer` (a
Swedish personal identity number with a valid date and check digit; the
message never repeats it) and `report-date` (a date of decision or signing
that cannot be right for the report's year).
"""

from __future__ import annotations

import datetime
import re

from ..literals import Text, blocks, prefilter
from ..model import Document
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
PERSONNUMMER_MESSAGE = "a personal identity number (personnummer with a valid check digit) stands in text about to be published"
DATE_MESSAGE = "date {match} cannot be right for the annual report for {year}: it is not after the end of the financial year"
DATE = re.compile(r"\b((?:19|20)\d\d)-?(\d\d)-?(\d\d|XX)\b")


def prepare(options: dict) -> dict:
    if options["validate"] not in VALIDATORS:
        raise ValueError(f"validate must be one of {', '.join(repr(v) for v in VALIDATORS)}")
    compiled = [re.compile(p) for p in options["patterns"]]
    return {**options, "compiled": compiled, "prefilters": [prefilter(p) for p in compiled],
            "exclude": compile_patterns(options["exclude"])}


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        n = int(char) * (2 if index % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_personnummer(text: str) -> bool:
    digits = re.sub(r"\D", "", text)[-10:]
    if len(digits) != 10:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:  # samordningsnummer
        day -= 60
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    return luhn(digits)


def _date_wrong(match: re.Match, year: int) -> bool:
    found = DATE.search(match.group())
    if not found:
        return False
    y, m, d = int(found.group(1)), int(found.group(2)), found.group(3)
    try:
        datetime.date(y, m, 1 if d == "XX" else int(d))
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
                for index in text.lines_with(needs):
                    wanted.setdefault(first + index, []).append(pattern)
            for index in sorted(wanted):
                yield from _check_line(rule, document, ctx, wanted[index], lines[index], index + 1)


def _check_line(rule, document: Document, ctx: Context, compiled, line: str, number: int):
    options = rule.options
    validate = options["validate"]
    if matches_any(options["exclude"], line):
        return
    for pattern in compiled:
        for match in pattern.finditer(line):
            ctx.checks += 1
            if validate == "personnummer":
                if not is_personnummer(match.group()):
                    continue
                message = PERSONNUMMER_MESSAGE
            elif validate == "report-date":
                if not _date_wrong(match, document.year):
                    continue
                message = DATE_MESSAGE
            else:
                message = DEFAULT
            shown = "[hidden]" if validate == "personnummer" else match.group().strip()
            finding = make(rule, document.path, number, {"match": shown, "year": document.year}, message,
                           context=(rule.code, shown if validate != "personnummer" else str(number)))
            yield _at_column(finding, match.start() + 1)


def matches_any(patterns, line: str) -> bool:
    return any(p.search(line) for p in patterns)


def _at_column(finding, column):
    from dataclasses import replace

    return replace(finding, column=column)
