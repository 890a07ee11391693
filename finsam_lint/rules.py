"""Rules are data: TOML files in rules/ that instantiate a small set of check kinds.

Every rule file is validated when it loads: an unknown key, a wrong type, an
unknown check kind or a malformed expression is an error that names the file,
the rule and the key, with the nearest valid key suggested.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre, _parser

from . import tomlfile
from .findings import SEVERITIES
from .tomlfile import suggest



class RuleError(Exception):
    """A rule file cannot be used: reported as one line, exit code 2."""


COMMON = {
    "code": str,
    "name": str,
    "kind": str,
    "severity": str,
    "summary": str,
    "why": str,
    "example": str,
    "message": str,
}
REQUIRED = ("code", "name", "kind", "summary")
# The values a number option may take: a NaN or infinite tolerance, a share above 1 or a negative
# line count is a broken rule, not one that silently checks nothing.
RANGES = {
    "tolerance": (0, 1_000_000_000),  # kronor
    "state_share": (0, 1),
    "region_share": (0, 1),
    "municipal_share": (0, 1),
    "lines": (1, 1_000_000),
    "least": (0, 1_000_000_000_000),
}
# What a message template may ask of a field: a fill, an alignment and a width under 1000, which a
# string and a number both take ({where:>20}); a type or precision fits only some fields' values.
TEMPLATE_SPEC = re.compile(r"(?:.?[<>^])?\d{0,3}")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    summary: str
    why: str
    example: str
    message: str | None
    options: dict = field(hash=False)
    source: str = ""

    def option(self, key: str):
        return self.options[key]


def _check_type(value, expected) -> bool:
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == list[str]:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected == dict[str, str]:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


def _type_name(expected) -> str:
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
            list[str]: "a list of strings", dict[str, str]: "a table of strings"}.get(expected, str(expected))


def _template_problem(template: str, fields) -> str | None:
    """What is wrong with a rule's message template, or None: every field a plain name the kind fills."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        return str(error)
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in fields:
            return f"unknown field '{{{name}}}'; fields: {', '.join(sorted(fields))}"
        if conversion not in (None, "r", "s", "a") or not TEMPLATE_SPEC.fullmatch(spec):
            shown = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            return f"'{shown}': a field may only be aligned to a width under 1000, such as {{{name}:>12}}"
    return None


def _leaves(value, kind):
    """The values of one type among nested lists, tuples and dicts (a rule's options, a parsed pattern's arguments)."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, (list, tuple, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _leaves(item, kind)


_REPEATED_GROUP = re.compile(r"\)[*+{]")


def _backtracks(pattern: re.Pattern) -> bool:
    """Whether a pattern repeats a part that holds a quantifier matching a varying number of times.

    That is the shape of (a+)+ and (\\w+\\s?)*: a text that almost matches can be split between the two
    quantifiers in exponentially many ways, and Python's re tries them all before it gives up.
    """
    if not pattern.flags & re.VERBOSE and not _REPEATED_GROUP.search(pattern.pattern):
        return False  # no group is repeated, as in most label patterns: no need to parse it
    return _nested_quantifier(_parser.parse(pattern.pattern, pattern.flags))


def _nested_quantifier(items, repeated: bool = False) -> bool:
    """_backtracks() on a parsed pattern. A possessive quantifier (a++) or an atomic group ((?>…)) is never
    backtracked into, so its inside is judged alone."""
    for op, av in items:
        if op is sre.POSSESSIVE_REPEAT or op is sre.ATOMIC_GROUP:
            if _nested_quantifier(av[2] if op is sre.POSSESSIVE_REPEAT else av):
                return True
        elif op is sre.MAX_REPEAT or op is sre.MIN_REPEAT:
            low, high, body = av
            if repeated and low < high and high > 1:
                return True
            if _nested_quantifier(body, repeated or high > 1):
                return True
        elif any(_nested_quantifier(sub, repeated) for sub in _leaves(av, _parser.SubPattern)):
            return True
    return False


def _line_of(text: str, index: int, key: str | None) -> int:
    """The line of the index-th [[rule]] table in a rule file, or of one of its keys."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if re.match(r"\s*\[\[\s*rule\s*\]\]", line)]
    if index >= len(starts):
        return 1
    end = starts[index + 1] if index + 1 < len(starts) else len(lines)
    if key:
        for n in range(starts[index], end):
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[n]):
                return n + 1
    return starts[index] + 1


def build_rule(raw: dict, source: str, text: str = "", index: int = 0) -> Rule:
    from .checks import KINDS

    ident = raw.get("code") or raw.get("name") or "?"

    def fail(message: str, key: str | None = None):
        raise RuleError(f"{source}:{_line_of(text, index, key)}: rule {ident}: {message}")

    for key in REQUIRED:
        if key not in raw:
            fail(f"missing '{key}'")
    kind = KINDS.get(raw["kind"])
    if kind is None:
        fail(f"unknown check kind '{raw['kind']}'{suggest(raw['kind'], KINDS)}", "kind")
    schema = {**COMMON, **{k: t for k, (t, _) in kind.OPTIONS.items()}}
    for key, value in raw.items():
        if key not in schema:
            fail(f"unknown key '{key}'{suggest(key, schema)}", key)
        if not _check_type(value, schema[key]):
            fail(f"'{key}' must be {_type_name(schema[key])}", key)
        if schema[key] in (int, float):
            low, high = RANGES.get(key, (-math.inf, math.inf))
            if not (math.isfinite(value) and low <= value <= high):
                fail(f"'{key}' must be {_type_name(schema[key])} from {low} to {high}", key)
    if not re.fullmatch(r"[A-Z]{2,4}\d{3}", raw["code"]):
        fail(f"code '{raw['code']}' must look like FL101", "code")
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", raw["name"]):
        fail(f"name '{raw['name']}' must be kebab-case", "name")
    severity = raw.get("severity", "error")
    if severity not in SEVERITIES:
        fail(f"severity must be one of {', '.join(SEVERITIES)}", "severity")
    options = {k: raw.get(k, default) for k, (_, default) in kind.OPTIONS.items()}
    for key, value in options.items():
        if value is None:
            fail(f"missing '{key}'")
    try:
        options = kind.prepare(options)
    except (re.error, ValueError, RecursionError) as error:
        problem = "a pattern is nested too deeply" if isinstance(error, RecursionError) else str(error)
        fail(problem, getattr(error, "key", None) or next((k for k in ("expression", "patterns", "totals") if k in raw), None))
    for pattern in _leaves(options, re.Pattern):
        if _backtracks(pattern):
            fail(f"pattern '{pattern.pattern}' repeats a quantifier, as in (a+)+, which can take exponential time;"
                 " quantify the group or its inner part, not both, or make the inner one possessive (a++)",
                 next((key for key, value in raw.items() if any(pattern.pattern in text for text in _leaves(value, str))), None))
    message = raw.get("message")
    problem = message and _template_problem(message, kind.FIELDS)
    if problem:
        fail(f"message template: {problem}", "message")
    return Rule(
        code=raw["code"], name=raw["name"], kind=raw["kind"], severity=severity,
        summary=raw["summary"], why=raw.get("why", ""), example=raw.get("example", ""),
        message=message, options=options, source=source,
    )


def load_file(path: str, text: str | None = None) -> list[Rule]:
    if text is None:
        text = tomlfile.read_text(path, "rule file", RuleError)
    data = tomlfile.parse(path, text, RuleError)
    unknown = set(data) - {"rule"}
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"{path}: unknown top-level key '{key}'{suggest(key, ['rule'])}; rules go in [[rule]] tables")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise RuleError(f"{path}: 'rule' must be an array of tables ([[rule]])")
    return [build_rule(raw, path, text, index) for index, raw in enumerate(rules)]


def _rules_folder():
    try:  # installed: rules/ ships as the package finsam_lint.builtin_rules
        from . import builtin_rules
    except ImportError:  # run from a source checkout, where rules/ stands beside the package
        return Path(__file__).resolve().parent.parent / "rules"
    folder = Path(builtin_rules.__file__ or "").parent
    if folder.is_dir():  # a plain directory: no need for importlib.resources and all it imports
        return folder
    from importlib import resources

    return resources.files("finsam_lint.builtin_rules")


def builtin_files() -> list[tuple[str, str]]:
    folder = _rules_folder()
    return sorted(
        (f"rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_rules(extra: list[str] = ()) -> list[Rule]:
    rules = [rule for name, text in builtin_files() for rule in load_file(name, text)]
    for path in extra:
        rules.extend(load_file(path))
    seen: dict[str, str] = {}
    for rule in rules:
        for ident in (rule.code, rule.name):
            if ident in seen:
                raise RuleError(f"{rule.source}: rule {rule.code}: '{ident}' is already used by a rule in {seen[ident]}")
            seen[ident] = rule.source
    return sorted(rules, key=lambda r: r.code)


def find_rule(rules: list[Rule], ident: str) -> Rule | None:
    return next((r for r in rules if ident in (r.code, r.name)), None)
