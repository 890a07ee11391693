"""The small, safe expression language of identity rules, parsed with pyparsing.

    bs["summa tillgångar"] == bs["summa eget kapital.*skulder"]
    ov["soliditet"] == bs["summa eget kapital"] / bs["summa tillgångar"]
    cf["likvida medel vid årets början"] == prior(cf["likvida medel vid årets slut"])

A reference is a table alias (from the rule's `tables`) and a pattern that a
row label must match. + - * /, unary minus, numbers (with %), abs() and
prior() (the previous period's figure) are all there is; nothing is evaluated
by Python. Parsed expressions are cached as JSON, keyed by their text, so an
ordinary run does not import pyparsing at all.

An expression has at most MAX_OPERATORS operators, MAX_DEPTH nested parentheses
and MAX_DIGITS digits in a row in a number: pyparsing parses by recursion, and
no amount in a report has more digits than that.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from .source import read_bounded, write_text

FUNCTIONS = ("abs", "prior")
CACHE_ENTRIES = 512  # the shipped rules hold a few dozen expressions; the oldest entries beyond this are dropped
CACHE_BYTES = 4 * 1024 * 1024
OPERATORS = ("+", "-", "*", "/")
MAX_OPERATORS, MAX_DEPTH, MAX_DIGITS = 100, 20, 15
_STRINGS = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


class ExpressionError(ValueError):
    pass


def _grammar():
    import pyparsing as pp

    expr = pp.Forward()
    name = pp.Word(pp.alphas + "_", pp.alphanums + "_")
    string = pp.QuotedString('"', esc_char="\\") | pp.QuotedString("'", esc_char="\\")
    number = pp.Regex(r"\d+(?:\.\d+)?%?").set_parse_action(lambda t: [["num", t[0]]])
    ref = (name + pp.Suppress("[") + string + pp.Suppress("]")).set_parse_action(lambda t: [["ref", t[0], t[1]]])
    call = (pp.one_of(FUNCTIONS) + pp.Suppress("(") + expr + pp.Suppress(")")).set_parse_action(
        lambda t: [[t[0], t[1]]]
    )
    operand = (call | ref | number | pp.Suppress("(") + expr + pp.Suppress(")")).set_name(
        'a row reference such as bs["summa tillgångar"], a number, abs(…) or prior(…)'
    )

    def binary(tokens):
        items = tokens[0]
        node = items[0]
        for op, right in zip(items[1::2], items[2::2]):
            node = ["bin", op, node, right]
        return [node]

    arith = pp.infix_notation(
        operand,
        [
            (pp.Literal("-"), 1, pp.OpAssoc.RIGHT, lambda t: [["neg", t[0][1]]]),
            (pp.one_of("* /"), 2, pp.OpAssoc.LEFT, binary),
            (pp.one_of("+ -"), 2, pp.OpAssoc.LEFT, binary),
        ],
    )
    expr <<= arith
    arith.set_name("an arithmetic expression")
    comparison = (arith + pp.Suppress("==") + arith).set_parse_action(lambda t: [["eq", t[0], t[1]]])
    return comparison


def _cache_path() -> Path:
    base = os.environ.get("FINSAM_LINT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "finsam-lint"
    )
    return Path(base) / "expressions.json"


_cache: dict | None = None
_warned = False


def _distrust_cache(problem: str) -> None:
    """Say once that the cache file is not one this version wrote: it is ignored and written anew."""
    global _warned
    if not _warned:
        _warned = True
        print(f"finsam-lint: warning: {_cache_path()}: {problem}; it is ignored and rebuilt", file=sys.stderr)


def _load_cache() -> dict:
    global _cache
    if _cache is None:
        _cache = {}
        try:
            data = read_bounded(_cache_path(), CACHE_BYTES)
        except OSError:  # none yet, or unreadable: a cache only saves time
            return _cache
        try:
            loaded = json.loads(data) if len(data) <= CACHE_BYTES else None
        except (ValueError, RecursionError):  # broken or deeply nested JSON
            _distrust_cache("not an expression cache (invalid JSON)")
            return _cache
        if isinstance(loaded, dict):
            _cache = loaded
        else:
            _distrust_cache("not an expression cache (not a JSON object)")
    return _cache


def _well_formed(node, depth: int = 0) -> bool:
    """Whether a cached tree has the shape parse() builds: the cache is a file anyone can edit."""
    if not isinstance(node, list) or not node or depth > MAX_OPERATORS + MAX_DEPTH:
        return False
    kind, *args = node
    if kind == "num":
        return len(args) == 1 and isinstance(args[0], str) and _NUMBER.fullmatch(args[0]) is not None
    if kind == "ref":
        return len(args) == 2 and all(isinstance(arg, str) for arg in args)
    if kind in ("neg", *FUNCTIONS):
        return len(args) == 1 and _well_formed(args[0], depth + 1)
    if kind == "bin":
        return len(args) == 3 and args[0] in OPERATORS and all(_well_formed(arg, depth + 1) for arg in args[1:])
    return kind == "eq" and depth == 0 and len(args) == 2 and all(_well_formed(arg, 1) for arg in args)


def _check_size(text: str) -> None:
    """Refuse, before parsing, an expression that would exhaust pyparsing's recursion."""
    outside = _STRINGS.sub('""', text)  # the row patterns in quotes are no part of its size
    depth = deepest = 0
    for char in outside:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ExpressionError(f"expression: more than {MAX_DEPTH} nested parentheses")
    if sum(outside.count(op) for op in OPERATORS) > MAX_OPERATORS:
        raise ExpressionError(f"expression: more than {MAX_OPERATORS} operators")
    if any(len(digits) > MAX_DIGITS for digits in re.findall(r"\d+", outside)):
        raise ExpressionError(f"expression: a number with more than {MAX_DIGITS} digits")


def parse(text: str) -> list:
    """The syntax tree of an identity expression, as nested lists."""
    _check_size(text)
    cache = _load_cache()
    key = f"v2:{text}"  # the text itself: hashing it would import hashlib (OpenSSL) on every run
    if key in cache:
        if _well_formed(cache[key]):
            return cache[key]
        _distrust_cache("an entry is not an expression tree")
    import pyparsing as pp

    try:
        tree = _grammar().parse_string(text, parse_all=True)[0]
    except pp.ParseBaseException as error:
        raise ExpressionError(f"expression: {error.msg} at column {error.col}: {text!r}") from None
    tree = json.loads(json.dumps(tree, default=list))
    cache[key] = tree
    for oldest in list(cache)[:-CACHE_ENTRIES]:  # a dict keeps insertion order: the first keys are the oldest
        del cache[oldest]
    try:
        path = _cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(str(path), json.dumps(cache))
    except OSError:
        pass  # a cache we cannot write only costs time
    return tree


def references(tree) -> list[tuple[str, str]]:
    if not isinstance(tree, list):
        return []
    if tree[0] == "ref":
        return [(tree[1], tree[2])]
    return [ref for child in tree[1:] for ref in references(child)]
