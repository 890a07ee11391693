"""Rules are data: TOML files in rules/ that instantiate a small set of check kinds.

Every rule file is validated when it loads: an unknown key, a wrong type, an
unknown check kind or a malformed expression is an error that names the file,
the rule and the key, with the nearest valid key suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

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
    except (re.error, ValueError) as error:
        fail(str(error), getattr(error, "key", None) or next((k for k in ("expression", "patterns", "totals") if k in raw), None))
    message = raw.get("message")
    if message is not None:
        try:
            message.format_map({name: "x" for name in kind.FIELDS})
        except (KeyError, IndexError, ValueError) as error:
            fail(f"message template: unknown field {error}; fields: {', '.join(sorted(kind.FIELDS))}", "message")
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
