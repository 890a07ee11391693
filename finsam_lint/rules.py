"""Rules are data: TOML files in rules/ that instantiate a small set of check kinds.

Every rule file is validated when it loads: an unknown key, a wrong type, an
unknown check kind or a malformed expression is an error that names the file,
the rule and the key, with the nearest valid key suggested.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .findings import SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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


def _suggest(key: str, valid) -> str:
    close = difflib.get_close_matches(key, list(valid), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


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


def build_rule(raw: dict, source: str) -> Rule:
    from .checks import KINDS

    where = f"{source}: rule {raw.get('code') or raw.get('name') or '?'}"
    for key in REQUIRED:
        if key not in raw:
            raise RuleError(f"{where}: missing '{key}'")
    kind = KINDS.get(raw["kind"])
    if kind is None:
        raise RuleError(f"{where}: unknown check kind '{raw['kind']}'{_suggest(raw['kind'], KINDS)}")
    schema = {**COMMON, **{k: t for k, (t, _) in kind.OPTIONS.items()}}
    for key, value in raw.items():
        if key not in schema:
            raise RuleError(f"{where}: unknown key '{key}'{_suggest(key, schema)}")
        if not _check_type(value, schema[key]):
            raise RuleError(f"{where}: '{key}' must be {_type_name(schema[key])}")
    if not re.fullmatch(r"[A-Z]{2,4}\d{3}", raw["code"]):
        raise RuleError(f"{where}: code '{raw['code']}' must look like FL101")
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", raw["name"]):
        raise RuleError(f"{where}: name '{raw['name']}' must be kebab-case")
    severity = raw.get("severity", "error")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    options = {k: raw.get(k, default) for k, (_, default) in kind.OPTIONS.items()}
    for key, value in options.items():
        if value is None:
            raise RuleError(f"{where}: missing '{key}'")
    try:
        options = kind.prepare(options)
    except (re.error, ValueError) as error:
        raise RuleError(f"{where}: {error}") from None
    message = raw.get("message")
    if message is not None:
        try:
            message.format_map({name: "x" for name in kind.FIELDS})
        except (KeyError, IndexError, ValueError) as error:
            raise RuleError(f"{where}: message template: unknown field {error}; fields: {', '.join(sorted(kind.FIELDS))}") from None
    return Rule(
        code=raw["code"], name=raw["name"], kind=raw["kind"], severity=severity,
        summary=raw["summary"], why=raw.get("why", ""), example=raw.get("example", ""),
        message=message, options=options, source=source,
    )


def load_file(path: str, text: str | None = None) -> list[Rule]:
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise RuleError(f"{path}: cannot read rule file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{path}: invalid TOML: {error}") from None
    unknown = set(data) - {"rule"}
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"{path}: unknown top-level key '{key}'{_suggest(key, ['rule'])}; rules go in [[rule]] tables")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise RuleError(f"{path}: 'rule' must be an array of tables ([[rule]])")
    return [build_rule(raw, path) for raw in rules]


def builtin_files() -> list[tuple[str, str]]:
    folder = resources.files("finsam_lint.builtin_rules")
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
