"""dates: the dates that name one meeting agree with each other.

Minutes state their meeting's date more than once: in the heading
("Protokoll ... 231215"), in "Datum:" and in "Tid: fredagen den 27 oktober
2023". A date copied from the previous meeting's minutes disagrees with the
others. Only the head of the document is read, where these fields stand.
"""

from __future__ import annotations

import datetime
import re

from ..findings import Related
from ..literals import Text, prefilter
from ..model import Document
from .base import Context, make

KIND = "dates"
OPTIONS = {
    "document": (str, None),  # a pattern the head of the document must match (e.g. "protokoll")
    "patterns": (list[str], None),  # each with a named group (?P<date>…)
    "lines": (int, 60),
}
FIELDS = {"date", "other", "other_line"}
DEFAULT = "the meeting is dated {date} here, but {other} on line {other_line}"
MONTHS = {name: number for number, name in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december"], start=1)}


def prepare(options: dict) -> dict:
    compiled = [re.compile(p, re.IGNORECASE) for p in options["patterns"]]
    if any("date" not in p.groupindex for p in compiled):
        raise ValueError("each pattern needs a named group (?P<date>…)")
    document_re = re.compile(options["document"], re.IGNORECASE)
    return {**options, "compiled": compiled, "document_re": document_re, "document_needs": prefilter(document_re)}


def parse_date(text: str) -> datetime.date | None:
    text = text.strip().lower()
    try:
        if match := re.fullmatch(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", text):
            return datetime.date(*map(int, match.groups()))
        if match := re.fullmatch(r"(\d\d)(\d\d)(\d\d)", text):
            return datetime.date(2000 + int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := re.fullmatch(r"(\d{1,2})\s+([a-zåäö]+)\s+((?:19|20)\d\d)", text):
            month = MONTHS.get(match.group(2))
            return datetime.date(int(match.group(3)), month, int(match.group(1))) if month else None
    except ValueError:
        return None
    return None


def check(rule, document: Document, ctx: Context):
    options = rule.options
    head = document.source.clean[: options["lines"]]
    if not Text(head).admits(options["document_needs"]) or not any(options["document_re"].search(line) for line in head):
        return
    dates = []
    for number, line in enumerate(head, start=1):
        for pattern in options["compiled"]:
            for match in pattern.finditer(line):
                date = parse_date(match.group("date"))
                if date:
                    dates.append((number, date))
    if len(dates) < 2:
        return
    ctx.checks += 1
    counts = {d: sum(1 for _, x in dates if x == d) for _, d in dates}
    # The date most fields give; on a tie the one stated last, in the body, since a date
    # left over from the previous minutes sits in the header that was copied.
    majority = max(counts, key=lambda d: (counts[d], max(n for n, x in dates if x == d)))
    reference = max(n for n, d in dates if d == majority)
    for number, date in dates:
        if date != majority:
            yield make(
                rule, document.path, number,
                {"date": date.isoformat(), "other": majority.isoformat(), "other_line": reference},
                DEFAULT, related=[Related(document.path, reference)], context=(rule.code, date.isoformat()),
            )
