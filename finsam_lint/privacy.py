"""Personal identity numbers (personnummer, samordningsnummer): where they stand in a text, and the text masked.

FL702 finds them with find(); everything finsam-lint prints of a report passes through mask(), which keeps
the date and hides the last four digits (`19121212-****`, `121212-****`), so no output holds one in full.

A number is one when its date is valid (a samordningsnummer adds 60 to the day) and its Luhn check digit
is right, so organisation numbers (the third digit 2 or more: month 20 and up) and most account numbers are
not taken for one. Ten or twelve digits written with a separator (-, +, a dash, a minus sign, a no-break or
plain space) or twelve in a row are one on their own; ten in a row only where the words around them say
personnummer or samordningsnummer, or the words before them name a person ("Anna Exempel, ").
"""

from __future__ import annotations

import datetime
import re

DASHES = "\u2010\u2011\u2012\u2013\u2212"  # hyphen, non-breaking hyphen, figure dash, en dash, minus sign
SPACES = "\u00a0\u202f\u2009 "  # no-break, narrow no-break, thin and plain space
_NUMBER = re.compile(
    rf"(?<![\d\-{DASHES}])((?:19|20)?\d{{6}})([-+{DASHES}{SPACES}]?)(\d{{4}})(?![\d\-{DASHES}])"
)
_SAYS_SO = re.compile(r"(?i)(?:person|samordnings|födelse)(?:nummer|nr)|pers\.?\s?nr|\bp-?nr|\bfödd\b")
# A first name and a surname, each capitalised (perhaps double-barrelled): "Anna Exempel", "Eva Berg-Ek".
_NAME_PART = "[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_NAME = re.compile(rf"\b{_NAME_PART}\s+{_NAME_PART}\b")
_SIX_DIGITS = re.compile(r"\d{6}")
_BEFORE, _AFTER = 40, 20  # how far from a number its words are looked for


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        n = int(char) * (2 if index % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_identity_number(digits: str) -> bool:
    """Ten digits (YYMMDDNNNC) or twelve (with the century): a valid date, the day + 60 for a
    samordningsnummer, and the Luhn check over the last ten."""
    century, digits = digits[:-10], digits[-10:]
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    years = [int(century + digits[:2])] if century else [1900 + int(digits[:2]), 2000 + int(digits[:2])]
    return any(_is_date(year, month, day) for year in years) and luhn(digits)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def find(text: str) -> list[tuple[int, int]]:
    """Where the personal identity numbers in the text stand: (start, end) of each."""
    if not _SIX_DIGITS.search(text):  # what most lines lack; four times faster to look for than a number
        return []
    found = []
    for match in _NUMBER.finditer(text):
        head, separator, tail = match.groups()
        if not is_identity_number(head + tail):
            continue
        if separator or len(head) == 8 or _named(text, *match.span()):
            found.append(match.span())
    return found


def _named(text: str, start: int, end: int) -> bool:
    """Whether the words around ten digits in a row make them a person's number."""
    before = text[max(0, start - _BEFORE):start]
    return bool(_SAYS_SO.search(before) or _NAME.search(before) or _SAYS_SO.search(text, end, end + _AFTER))


def mask(text: str) -> str:
    """The text with every personal identity number's last four digits shown as `****`; as long as it was."""
    for _, end in reversed(find(text)):
        text = text[:end - 4] + "****" + text[end:]
    return text
