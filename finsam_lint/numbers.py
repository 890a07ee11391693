"""Reading figures as Swedish reports write them, into exact Decimals.

A figure may be split into digit groups by spaces ("19 102 199"), and in text
copied out of a PDF two columns may be separated by a single space
("9 529 000 9 531 000"). Figures are therefore read from tokens: a number is a
head of one to three digits followed by groups of exactly three, and a row's
run of tokens is split into as many numbers as the table has columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

UNITS = {"kr": "kr", "sek": "kr", "kronor": "kr", "tkr": "tkr", "ksek": "tkr", "mkr": "mkr", "mnkr": "mkr", "msek": "mkr"}
MINUS_SIGNS = "-\u2212\u2013\u2014"
LONE_DASHES = {"-", "\u2212", "\u2013", "\u2014"}

# One token of a figure: "(12", "-1", "650", "364-", "000)", "0,42", "19,1", "1.234.567", "500:-".
_PART = re.compile(
    r"(?P<open>\()?(?P<sign>[-+\u2212\u2013])?"
    r"(?P<digits>\d+(?:\.\d{3})*)(?:,(?P<frac>\d+)|\.(?P<dotfrac>\d{1,2}|\d{4,}))?"
    r"(?P<trail>-(?!\d))?(?P<close>\))?(?P<unit>kr|tkr|mkr|Mkr|:-)?(?P<pct>%)?(?P<star>\*+)?"
)


@dataclass(slots=True)
class Figure:
    """A figure as written: exact value and the number of decimals it was written with.

    Not frozen, as Token, Part and Value are not: a frozen dataclass sets every field through
    object.__setattr__, and the reader makes one of each per figure. Nothing changes them once made.
    """

    # The value: an int where it is a whole number, as most figures are (28 bytes, a Decimal 104), else
    # the Decimal as read; `value` gives it as a Decimal either way.
    number: int | Decimal
    decimals: int = 0
    # As written; None where that is the whole number grouped in threes ("-1 234 567"), as most figures
    # are: `text` writes it again where it is asked for (a finding's line), and no string is kept.
    written: str | None = ""
    percent: bool = False

    @property
    def value(self) -> Decimal:
        number = self.number
        return Decimal(number) if type(number) is int else number

    @property
    def text(self) -> str:
        return _grouped(self.number) if self.written is None else self.written

    @property
    def half_unit(self) -> Decimal:
        """Half of the last written unit: how far the true value may lie from this one."""
        return half_unit_of(self.decimals)


@lru_cache(maxsize=None)
def half_unit_of(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-decimals - 1)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    gap: str  # what stands before the token: "start", "single", "wide" (2+ spaces) or "tab"


@dataclass(slots=True)
class Part:
    """A token that can be (part of) a figure."""

    token: Token
    open: bool
    sign: str
    digits: str
    frac: str | None
    trail: bool
    close: bool
    ends: bool  # a unit follows: the figure cannot go on past this token
    dash: bool = False
    percent: bool = False
    # where in a figure the token may stand, worked out once: the split tries many figures per token
    can_head: bool = field(init=False)
    can_tail: bool = field(init=False)
    can_continue: bool = field(init=False)
    shape: tuple = field(init=False)  # all that decides how a run splits, not what the figures are

    def __post_init__(self) -> None:
        closed = bool(self.frac or self.trail or self.close or self.ends)
        self.can_head, self.can_tail, self.can_continue, self.shape = _placing(
            self.digits, bool(self.sign), self.token.gap, self.dash, self.open, self.close, closed)


def _placing(digits: str, signed: bool, gap: str, dash=False, opened=False, closing=False, closed=False) -> tuple:
    """Where a token may stand in a figure (can_head, can_tail, can_continue), and its shape: all that
    decides how a run of tokens splits, not what the figures are. Part and quick_split both ask here."""
    can_head = 1 <= len(digits) <= 3 and not closed
    can_tail = len(digits) == 3 and not (signed or opened) and gap != "tab"
    can_continue = can_tail and not closed
    shape = (dash, opened, closing, signed, len(digits) > 1 and digits[0] == "0", len(digits) > _MAX_DIGITS,
             can_head, can_tail, can_continue, gap == "single")
    return can_head, can_tail, can_continue, shape


_TOKEN = re.compile(r"([ \t]*)([^ \t]+)")  # what stands before a token, and the token


def tokenize(text: str, start: int = 0) -> list[Token]:
    """The tokens of text[start:], with their positions in `text`."""
    tokens = []
    for match in _TOKEN.finditer(text, start):
        before = match.group(1)
        if not tokens:
            gap = "start"
        elif before == " ":
            gap = "single"
        else:
            gap = "tab" if "\t" in before else "wide"
        tokens.append(Token(match.group(2), match.start(2), match.end(), gap))
    return tokens


def parse_part(token: Token) -> Part | None:
    text = token.text
    if text.isdecimal():  # most tokens are a bare digit group; \d and isdecimal() agree on what a digit is
        return Part(token, False, "", text, None, False, False, False)
    if text in LONE_DASHES:
        return Part(token, False, "", "0", None, False, False, False, dash=True)
    match = _PART.fullmatch(token.text)
    if not match:
        return None
    return Part(
        token,
        open=bool(match["open"]),
        sign=match["sign"] or "",
        digits=match["digits"].replace(".", ""),
        frac=match["frac"] or match["dotfrac"],
        trail=bool(match["trail"]),
        close=bool(match["close"]),
        ends=bool(match["unit"] or match["star"] or match["pct"]),
        percent=bool(match["pct"]),
    )


def is_unit(text: str) -> bool:
    return text.rstrip(".:").lower() in UNITS


def _figure(parts: list[Part]) -> Figure:
    if parts[0].dash and len(parts) > 1:  # "– 11 969 625": a dash set apart as the minus sign
        figure = _figure(parts[1:])
        return Figure(-figure.number, figure.decimals, f"{parts[0].token.text} {figure.text}", figure.percent)
    head, last = parts[0], parts[-1]
    digits = "".join([p.digits for p in parts])
    negative = head.sign in MINUS_SIGNS and head.sign != "" or last.trail or head.open
    if last.frac or last.percent:
        value = Decimal(digits + ("." + last.frac if last.frac else ""))
        decimals = len(last.frac or "")
        if last.percent:  # a percentage is kept as the fraction it stands for
            value, decimals = value.scaleb(-2), decimals + 2
    else:
        value, decimals = int(digits), 0
    value = -value if negative and value else value
    return Figure(value, decimals, _written(value, " ".join([p.token.text for p in parts])), last.percent)


def _leading_zero(part: Part) -> bool:
    """No figure is written "084": such a group belongs to the figure before it."""
    return len(part.digits) > 1 and part.digits[0] == "0"


_MAX_DIGITS = 15  # no report states 10^15 kronor; longer runs are ids or noise, and would overflow Decimal's 28 digits


def _valid(parts: list[Part]) -> bool:
    if len(parts) == 1:
        p = parts[0]
        return p.dash or (p.open == p.close and not _leading_zero(p) and len(p.digits) <= _MAX_DIGITS)
    head, last = parts[0], parts[-1]
    if head.dash:
        head = parts[1]
        return head.token.gap == "single" and not (head.dash or head.sign or head.open) and _valid(parts[1:])
    # A head of at most three digits and groups of three: six or more tokens pass _MAX_DIGITS.
    return (
        len(parts) <= 5
        and head.can_head
        and last.can_tail
        and head.open == last.close
        and not _leading_zero(head)
        and all(p.can_continue for p in parts[1:-1])
    )


@dataclass(slots=True)
class Split:
    figures: list[Figure]
    start: int  # where in the line the first figure starts: what stands before it is the label
    consumed: int  # how many parts, counted from the end, the figures use
    ambiguous: bool = False
    alternatives: tuple = ()  # where ambiguous: every equally good list of figures


_MAX_SEGMENTATIONS = 2000  # the ways to split one run that are weighed, in the order the search finds them
# Steps the search for them may take (each a figure placed where the rest can still be split; some 20 ms):
# a row that needs more is left unsettled, and its table reported unread (FL003), rather than slow the run.
# Rows of up to 30 two-group figures one space apart take under 10 000 (benchmarks/bench.py).
_MAX_STEPS = 20_000
_LONGEST = 8  # parts the search tries in one figure: more than _valid ever allows


def _ends(parts: list[Part]) -> list[list[int]]:
    """ends[start]: every end such that parts[start:end] is one figure, in order."""
    n = len(parts)
    return [[end for end in range(start + 1, min(start + _LONGEST, n) + 1) if _valid(parts[start:end])]
            for start in range(n)]


def _layer(ends: list[list[int]], below: list[list[int]]) -> list[list[int]]:
    """The layer above `below`: for each start, the ends of a first figure after which the rest of the run
    splits as below says, so into one figure more. At the run's end nothing is left to make one of."""
    return [[end for end in after if below[end]] for after in ends] + [[]]


def _best(parts: list[Part], layers: list[list[list[int]]], start: int, count: int) -> tuple | None:
    """How to split parts[start:] into `count` figures, where layers[count][start] says it can be: (the best
    segmentation, and where it is ambiguous, every segmentation as good), as slices of parts[start:];
    None where the search takes more than _MAX_STEPS steps.

    The search steps only where the rest can still be split, so every step leads to a segmentation: it
    takes time in proportion to the segmentations it finds, at most _MAX_SEGMENTATIONS, where trying
    every way would take exponentially many steps (64 digit groups that cannot make 12 figures).
    """
    wide = [0]  # wide[i]: how many of parts[:i] stand after more than one space
    for part in parts:
        wide.append(wide[-1] + (part.token.gap != "single"))
    found: list[tuple] = []  # (the ends of the figures, the cost), in the order found
    path: list[int] = []
    steps = _MAX_STEPS

    def walk(at: int, left: int, joins: int, low: int, high: int) -> bool:
        """Whether the search is over: enough segmentations found, or no steps left."""
        nonlocal steps
        steps -= 1
        if steps < 0:
            return True
        # The cost: parts joined into a figure across a wider gap, then the spread of the figures' sizes.
        for end in layers[left][at]:
            size = end - at
            lowest = size if size < low else low
            highest = size if size > high else high
            path.append(end)
            if left == 1:
                found.append((tuple(path), (joins + wide[end] - wide[at + 1], highest - lowest)))
            elif walk(end, left - 1, joins + wide[end] - wide[at + 1], lowest, highest):
                return True
            path.pop()
            if len(found) == _MAX_SEGMENTATIONS:
                return True
        return False

    walk(start, count, 0, _LONGEST, 0)
    if steps < 0:
        return None
    costs = [cost for _, cost in found]
    best = min(costs)
    # The balance of group counts decides only by a clear margin: "191 180 190 580" splits 2+2, not
    # 1+3; but between 3+2+2 and 3+3+1 groups ("-13 209 178 -13 209 792 614") it cannot tell, and the
    # row is left for the table's other rows to settle (reader._settle_ambiguous), or unread.
    close = [option for option, cost in found if cost[0] == best[0] and cost[1] <= best[1] + 1]

    def slices(option: tuple) -> tuple:
        return tuple(zip([0, *[end - start for end in option[:-1]]], [end - start for end in option]))

    return slices(found[costs.index(best)][0]), (tuple([slices(option) for option in close[:8]]) if len(close) > 1 else ())


def _plan(parts: list[Part], columns: int | None) -> tuple | None:
    """(how many leading parts the label keeps, the best segmentation of the rest, the equally good ones)."""
    n = len(parts)
    ends = _ends(parts)
    # layers[k][start]: the ends of a first figure from which parts[start:] splits into k figures, empty
    # where it cannot. Into no figures splits only what is left at the run's end (layer 0: [n] there).
    layers = [[[]] * n + [[n]]]

    def into(count: int) -> list[list[int]]:
        while len(layers) <= count:
            layers.append(_layer(ends, layers[-1]))
        return layers[count]

    if columns is None:
        for count in range(1, n + 1):
            if into(count)[0]:
                return _planned(0, _best(parts, layers, 0, count))
        return None
    if 1 <= columns <= n:
        for start in range(n):
            if into(columns)[start]:
                return _planned(start, _best(parts, layers, start, columns))
    for count in range(min(columns - 1, n), 0, -1):
        if into(count)[0]:
            return _planned(0, _best(parts, layers, 0, count))
    return None


_UNSETTLED = (0, None, ())  # the plan of a run whose split the search gave up on: no figures, ambiguous


def _planned(start: int, best: tuple | None) -> tuple:
    return _UNSETTLED if best is None else (start, *best)


# Rows of figures repeat the same shapes (digit groups, signs, gaps) over and over, and the split
# depends on the shapes alone: each is planned once. Bounded, as lru_cache would be, but keyed by
# shapes while the plan is made from the parts themselves.
_PLANS: dict[tuple, tuple | None] = {}
_MAX_PLANS = 1 << 14
_UNPLANNED = object()


def split_figures(parts: list[Part], columns: int | None) -> Split | None:
    """Split a run of figure tokens into figures.

    With a known column count, the longest tail of the run that splits into
    exactly that many figures wins (what is left over belongs to the label);
    failing that, the whole run is split into fewer figures. Without a column
    count, every figure is made as long as it can be. A run the search gives up
    on (_MAX_STEPS) is an ambiguous split without figures: the row is unread.
    """
    if not parts:
        return None
    key = (columns, *[p.shape for p in parts])
    plan = _PLANS.get(key, _UNPLANNED)
    if plan is _UNPLANNED:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[key] = _plan(parts, columns)
    if plan is None:
        return None
    if plan is _UNSETTLED:
        return Split([], parts[0].token.start, len(parts), ambiguous=True)
    start, chosen, close = plan
    parts = parts[start:]
    return Split([_figure(parts[s:e]) for s, e in chosen], parts[0].token.start, len(parts), ambiguous=bool(close),
                 alternatives=tuple([[_figure(parts[s:e]) for s, e in option] for option in close]) if close else ())


_QUICK_RUN = 16


def quick_split(text: str, columns: int) -> Split | None:
    """split_figures(figure_run(text), columns), for the common row alone: a label ending in a word
    (or in "Not 3"), then whole numbers (a minus sign at most) one space apart, of a shape already planned.

    Such a row is read from its words, without tokens and parts: several times faster. None where
    the row is anything else, or its shape was never planned; the general path reads it (and plans it).
    """
    words: list[str] = []  # from the end
    end = len(text)
    while True:
        space = text.rfind(" ", 0, end)
        word = text[space + 1 : end]
        digits = word[1:] if word[:1] == "-" else word
        if not (digits.isdecimal() and digits.isascii()):
            break
        words.append(word)
        if space < 0 or len(words) > _QUICK_RUN:
            return None  # no label, or a run too long to be a row
        end = space
    # The label's last word ends the run as trailing_run() ends it: no figure, unit or percentage;
    # after "Not", the first number is the note's.
    if not words or not word.isalpha() or is_unit(word):
        return None
    if _NOTE_WORD.fullmatch(word):
        end += len(words.pop()) + 1
        if not words:
            return None
    words.reverse()
    shapes = [_placing(word.lstrip("-"), word[0] == "-", "single")[3] for word in words]  # each word follows one space
    plan = _PLANS.get((columns, *shapes))
    if plan is None or plan is _UNSETTLED:
        return None
    start, chosen, close = plan
    at = end + 1 + sum(map(len, words[:start])) + start  # where the first figure starts
    words = words[start:]
    return Split(_quick_figures(words, chosen), at, len(words), ambiguous=bool(close),
                 alternatives=tuple([_quick_figures(words, option) for option in close]) if close else ())


def _quick_figures(words: list[str], segmentation) -> list[Figure]:
    return [_whole(" ".join(words[s:e])) for s, e in segmentation]


def _whole(text: str) -> Figure:
    """What _figure() makes of a whole number's digit groups, one space apart; the head alone may carry a minus sign."""
    value = int(text.replace(" ", "").lstrip("-"))
    value = -value if text[0] == "-" else value
    return Figure(value, 0, _written(value, text), False)


def _grouped(number: int) -> str:
    """A whole number as reports write it: 1234567 -> "1 234 567"."""
    return f"{number:,}".replace(",", " ")


def _written(number: int | Decimal, text: str) -> str | None:
    """What a Figure keeps of its text: nothing where its whole number writes it again."""
    return None if type(number) is int and text == _grouped(number) else text


_MAX_RUN = 64
_NOTE_WORD = re.compile(r"(?i)not(er)?\.?")


def trailing_run(tokens: list[Token]) -> tuple[int, list[Part]]:
    """The figure tokens at the end of a line: (index where they start, parts).

    Units ("kr") between figures are skipped and end the figure before them;
    a number right after "Not" is a note reference, not a figure.
    """
    parts: list[Part] = []
    index = len(tokens)
    ends_next = False
    percent_next = False
    while index > 0 and len(parts) < _MAX_RUN:
        token = tokens[index - 1]
        percent = token.text == "%" or token.text.endswith("%")
        if parts and percent and not all(p.percent for p in parts):
            break  # "Hylte kommun 1 % 191 180": the percentage belongs to the label
        if is_unit(token.text) or token.text == "%":
            ends_next = True
            percent_next = token.text == "%"
            index -= 1
            continue
        part = parse_part(token)
        if part is None:
            break
        if ends_next:
            part = replace(part, ends=True, percent=part.percent or percent_next)
            ends_next = percent_next = False
        parts.insert(0, part)
        index -= 1
    while parts and index > 0 and _NOTE_WORD.fullmatch(tokens[index - 1].text):
        parts.pop(0)
        index += 1
    return index, parts


_TAIL = 64  # characters tokenized first from the end of a long line: most runs of figures are shorter
_DIGIT = re.compile(r"\d")


def figure_run(text: str) -> list[Part]:
    """The parts trailing_run(tokenize(text)) finds, reading a line from its end only as far as needed.

    A line whose last word is no figure (most prose) has none; a long line is tokenized from
    near its end, unless the run reaches back that far.
    """
    last = text[max(text.rfind(" "), text.rfind("\t")) + 1 :]
    if not _DIGIT.search(last) and last not in LONE_DASHES and not is_unit(last) and not last.endswith("%"):
        return []
    if len(text) > _TAIL:
        cut = max(text.rfind(" ", 0, len(text) - _TAIL), text.rfind("\t", 0, len(text) - _TAIL))
        if cut > 0:
            index, parts = trailing_run(tokenize(text, cut + 1))
            if index > 0:  # the run ended inside the tail, so the tokens before it do not matter
                return parts
    return trailing_run(tokenize(text))[1]


_PLAIN = re.compile(r"-?(?:[1-9]\d{0,2}(?: \d{3}){1,4}|[1-9]\d{0,14}|0)")  # at most _MAX_DIGITS digits


def plain_figure(text: str) -> Figure | None:
    """A whole number alone ("12 345", "-500", "0") or before a unit ("12 345 kr"), read as
    split_figures(trailing_run(tokenize(text)), 1) reads it.

    Most table cells are such numbers; anything else (None) goes through the token machinery.
    """
    if not _PLAIN.fullmatch(text):
        number, space, unit = text.rpartition(" ")
        if not (space and is_unit(unit) and _PLAIN.fullmatch(number)):
            return None
        text = number
    return _whole(text)


_SPACED_PERCENT = re.compile(r"\s+%$")
_SPACED_SIGN = re.compile(r"^([-\u2212\u2013])\s+(?=\d)")


def parse_amount(text: str) -> Figure:
    """Parse one figure written on its own ("1 650 364-", "(12 000)", "50,5 %")."""
    cleaned = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    cleaned = _SPACED_PERCENT.sub("%", cleaned)
    cleaned = _SPACED_SIGN.sub(r"\1", cleaned)
    tokens = tokenize(cleaned)
    if tokens and is_unit(tokens[-1].text):
        tokens = tokens[:-1]
    parts = [parse_part(t) for t in tokens]
    if not parts or None in parts:
        raise ValueError(f"not a figure: {text!r}")
    if not _valid(parts):
        raise ValueError(f"not a figure: {text!r}")
    return _figure(parts)
