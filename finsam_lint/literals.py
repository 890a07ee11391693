"""Literal prefilters: for a regular expression, strings one of which every match contains.

Python's re scans slowly for a pattern that starts with a class, a word boundary or a
lookbehind (tens of milliseconds per MB), while `in` finds a literal in well under one.
A line holding none of a pattern's literals cannot match, so it is never searched.
This is the idea of RE2's prefilter, done on the parse tree Python's re module builds.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, repeat
from os.path import commonprefix
from operator import add
from re import _constants as sre  # the parse tree's opcodes; stable since the module was split in 3.11
from re import _parser

_MAX_STRINGS = 64  # past this many alternatives a set is worth less than scanning


@dataclass(frozen=True)
class Prefilter:
    strings: frozenset[str]
    ignorecase: bool  # the strings are lower case, to be found in lowered text

    @cached_property
    def scans(self) -> dict[str, tuple[str, ...]]:
        """What to search the text for: each string, or where several begin alike ("årets resultat är",
        "årets överskott var", ...), their common beginning once, and then which of them stands there."""
        prefix = commonprefix(list(self.strings))
        if len(self.strings) > 1 and len(prefix) >= 4:
            return {prefix: tuple(self.strings)}
        return {string: (string,) for string in self.strings}


class Text:
    """Lines joined into one text, to find where a prefilter's literals stand with a few fast scans."""

    def __init__(self, lines, sep: str = "\n"):
        self.lines = lines  # a list or tuple of str
        self.text = sep.join(self.lines)
        self.sep = sep

    @cached_property
    def lowered(self) -> str:
        # A few thousand lines at a time: str.lower() of a non-ASCII text holds 12 bytes per character
        # while it works (room for case mappings that grow), and a report without blank lines is one
        # block. Lowering is the same piece by piece when the pieces are cut at whitespace.
        step = 4096
        if len(self.lines) <= step:
            return self.text.lower()
        return self.sep.join(self.sep.join(self.lines[i : i + step]).lower() for i in range(0, len(self.lines), step))

    @cached_property
    def starts(self) -> array:  # where each line starts in the text; 8 bytes a line, not an int object
        return array("q", accumulate(map(add, map(len, self.lines), repeat(len(self.sep))), initial=0))

    def admits(self, prefilter: Prefilter | None) -> bool:
        """False only where the prefilter's pattern cannot match anywhere in the text."""
        if prefilter is None:
            return True
        text = self.lowered if prefilter.ignorecase else self.text
        return any(s in text for s in prefilter.strings)

    def lines_with(self, prefilter: Prefilter | None) -> list[int]:
        """The indexes of the lines a literal of the prefilter starts in (all lines where it cannot tell)."""
        text = self.lowered if prefilter and prefilter.ignorecase else self.text
        if prefilter is None or len(text) != len(self.text):  # lowering changed lengths: offsets do not map
            return list(range(len(self.lines)))
        found = set()
        for scan, literals in prefilter.scans.items():
            at = text.find(scan)
            while at != -1:
                if len(literals) > 1 and not any(text.startswith(literal, at) for literal in literals):
                    at = text.find(scan, at + 1)
                    continue
                line = bisect_right(self.starts, at) - 1  # starts are made only where a literal is found
                found.add(line)
                if line + 1 >= len(self.lines):
                    break
                at = text.find(scan, self.starts[line + 1])  # the next line: one hit a line is enough
        return sorted(found)


def blocks(lines, size: int = 2000):
    """The lines in runs of about `size`, each ending at a blank line where one follows, so a paragraph
    is never cut: (index of the run's first line, its lines). A long report is searched a block at a time."""
    start = 0
    while start < len(lines):
        end = min(start + size, len(lines))
        while end < len(lines) and lines[end - 1].strip():
            end += 1
        yield start, lines[start:end]
        start = end


def prefilter(pattern: re.Pattern) -> Prefilter | None:
    """The pattern's prefilter, or None when a match need not contain any literal."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    except Exception:  # noqa: BLE001 - an internal parser we only consult; without it, no prefilter
        return None
    strings = _sequence(list(tree))[1]
    if not strings or "" in strings:
        return None
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    return Prefilter(frozenset(s.lower() for s in strings) if ignorecase else frozenset(strings), ignorecase)


def _node(op, av) -> tuple[set[str] | None, set[str] | None]:
    """(exact, needed): the strings the node matches exactly, if few; strings one of which it contains."""
    if op is sre.LITERAL:
        return {chr(av)}, {chr(av)}
    if op is sre.IN and 0 < len(av) <= _MAX_STRINGS and all(o is sre.LITERAL for o, _ in av):
        chars = {chr(a) for _, a in av}
        return chars, chars
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return (None, None) if add_flags or del_flags else _sequence(list(body))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.BRANCH:
        results = [_sequence(list(branch)) for branch in av[1]]
        return _union(r[0] for r in results), _union(r[1] for r in results)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        if low < 1:
            return None, None
        exact, needed = _sequence(list(body))
        if exact and low <= 8 and all(len(s) == 1 for s in exact):
            # `\?{3,}` holds "???": the first `low` repeats are exact, the rest need not be
            repeated = {s * low for s in exact} if len(exact) == 1 else None
            return (repeated if low == high else None), repeated or needed
        return (exact if low == high == 1 else None), needed
    return None, None  # classes, anchors, lookarounds, backreferences: no literal required


def _sequence(items: list) -> tuple[set[str] | None, set[str] | None]:
    """Concatenate runs of exact items; the best of the runs and the other items is what is needed."""
    candidates: list[set[str]] = []
    run: set[str] | None = {""}
    all_exact = True
    for op, av in items:
        exact, needed = _node(op, av)
        if exact is not None and run is not None and len(run) * len(exact) <= _MAX_STRINGS:
            run = {a + b for a in run for b in exact}
            continue
        all_exact = False
        if run and run != {""}:
            candidates.append(run)
        if needed:
            candidates.append(needed)
        run = exact if exact is not None else {""}
    if run and run != {""}:
        candidates.append(run)
    best = max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)
    return (run if all_exact else None), best


def _union(sets) -> set[str] | None:
    union: set[str] = set()
    for s in sets:
        if not s:
            return None
        union |= s
    return union if len(union) <= _MAX_STRINGS else None
