"""Configuration: `[tool.finsam-lint]` in pyproject.toml, or a finsam-lint.toml.

The file is found by walking upward from the first checked file's directory
(finsam-lint.toml wins over pyproject.toml in the same directory; a
pyproject.toml without the table is passed over); `--config FILE` names it
instead. Flags given on the command line replace the file's values.

Every value is validated when it loads, against CONF: an unknown key, a value
of the wrong type or an unknown rule is an error that names the file and the
key, with the nearest valid one suggested.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import math
from decimal import Decimal
from pathlib import Path

from . import tomlfile
from .findings import SEVERITIES
from .tomlfile import suggest
from .model import UNIT_FACTORS

FILE_NAME = "finsam-lint.toml"
TABLE = "tool.finsam-lint"
DEFAULT, COMMAND_LINE = "default", "command line"


class ConfigError(Exception):
    """The configuration cannot be used: reported as one line, exit code 2."""


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _table(check):
    return lambda value: isinstance(value, dict) and all(check(v) for v in value.values())


# key -> (default, check, what the check wants)
CONF = {
    "select": ([], _strings, "a list of rule codes or names"),
    "ignore": ([], _strings, "a list of rule codes or names"),
    "extend-select": ([], _strings, "a list of rule codes or names"),
    "per-file-ignores": ({}, _table(_strings), "a table of glob = [rule codes or names]"),
    "severity": ({}, _table(lambda v: v in SEVERITIES), f"a table of rule = {' | '.join(SEVERITIES)}"),
    "fail-on": ("error", lambda v: v in ("error", "warning"), "error or warning"),
    "tolerance": (0, lambda v: _number(v) and v <= 1_000_000_000, "a number of kronor from 0 to 1000000000"),
    "rules": ([], _strings, "a list of rule files"),
    "profile": ({}, lambda v: isinstance(v, dict), "a table"),
}
PROFILE = {
    "unit": (lambda v: v in UNIT_FACTORS, " | ".join(UNIT_FACTORS)),
    "members": (_table(lambda v: _number(v) and v <= 100), "a table of member name = percent"),
}
RULE_KEYS = ("select", "ignore", "extend-select", "per-file-ignores", "severity")


@dataclasses.dataclass
class Settings:
    """The effective configuration: every key's value and where it came from."""

    values: dict
    origins: dict
    file: Path | None = None

    def __getitem__(self, key):
        return self.values[key]


def _read_toml(path: Path) -> dict:
    return tomlfile.load(path, "configuration", ConfigError)


def _section(path: Path) -> dict | None:
    """The finsam-lint settings a file holds, or None for a pyproject.toml without the table."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    section = data.get("tool", {}).get("finsam-lint")
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{path}: [{TABLE}] must be a table")
    return section


def discover(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        for name in (FILE_NAME, "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file() and _section(candidate) is not None:
                return candidate
    return None


def validate(values: dict, where: str) -> dict:
    """Check every key and value against CONF; the values as given."""
    for key, value in values.items():
        if key not in CONF:
            raise ConfigError(f"{where}: unknown key '{key}'{suggest(key, CONF)}")
        _, check, wanted = CONF[key]
        if not check(value):
            raise ConfigError(f"{where}: '{key}' must be {wanted}")
    for key, value in values.get("profile", {}).items():
        if key not in PROFILE:
            raise ConfigError(f"{where}: unknown key 'profile.{key}'{suggest(key, PROFILE)}")
        check, wanted = PROFILE[key]
        if not check(value):
            raise ConfigError(f"{where}: 'profile.{key}' must be {wanted}")
    return values


def load(path: Path) -> dict:
    section = _section(path)
    if section is None:
        raise ConfigError(f"{path}: no [{TABLE}] table")
    values = validate(dict(section), str(path))
    if "rules" in values:  # rule files are relative to the configuration file
        values["rules"] = [str(path.parent / rule) for rule in values["rules"]]
    return values


def resolve(config_file: str | None, start: Path, command_line: dict) -> Settings:
    """Defaults, then the file's values, then the flags given on the command line.

    Without `config_file`, the file is looked for from `start` (a checked file or a directory) upward.
    """
    start = start.resolve()
    file = Path(config_file) if config_file else discover(start if start.is_dir() else start.parent)
    if config_file and not file.is_file():
        raise ConfigError(f"{config_file}: no such configuration file")
    values = {key: default for key, (default, _, _) in CONF.items()}
    origins = dict.fromkeys(CONF, DEFAULT)
    from_file = load(file) if file else {}
    values.update(from_file)
    origins.update(dict.fromkeys(from_file, str(file)))
    values.update(validate(command_line, COMMAND_LINE))
    origins.update(dict.fromkeys(command_line, COMMAND_LINE))
    return Settings(values, origins, file)


def configure_rules(settings: Settings, rules: list) -> list:
    """The rules this run uses: selected, with severities, tolerance and member profile applied."""
    from .checks import KINDS, shares

    by_ident = {ident: rule for rule in rules for ident in (rule.code, rule.name)}

    def codes(key: str, idents) -> set[str]:
        for ident in idents:
            if ident not in by_ident:
                where = settings.origins[key]
                raise ConfigError(f"{where}: '{key}': unknown rule '{ident}'{suggest(ident, by_ident)} (see 'finsam-lint rules')")
        return {by_ident[ident].code for ident in idents}

    codes("per-file-ignores", [ident for idents in settings["per-file-ignores"].values() for ident in idents])
    codes("severity", settings["severity"])
    selected = codes("select", settings["select"]) or {rule.code for rule in rules}
    selected = (selected | codes("extend-select", settings["extend-select"])) - codes("ignore", settings["ignore"])
    severity = {by_ident[ident].code: level for ident, level in settings["severity"].items()}
    tolerance = Decimal(str(settings["tolerance"]))
    members = shares.member_shares(settings["profile"].get("members", {}))
    configured = []
    for rule in rules:
        if rule.code not in selected:
            continue
        options = dict(rule.options)
        kind_options = getattr(KINDS.get(rule.kind), "OPTIONS", {})
        if "tolerance" in kind_options:
            options["tolerance"] = options["tolerance"] + tolerance
        if rule.kind == shares.KIND and members:
            options["members"] = {**options["members"], **members}
        configured.append(dataclasses.replace(rule, severity=severity.get(rule.code, rule.severity), options=options))
    return configured


def ignored_for_path(settings: Settings, path: str) -> set[str]:
    """The rules (codes or names) per-file-ignores leave out for one checked file."""
    base = settings.file.parent.resolve() if settings.file else Path.cwd()
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(base).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    ignored = set()
    for pattern, idents in settings["per-file-ignores"].items():
        if path != "-" and (fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(absolute.name, pattern)):
            ignored |= set(idents)
    return ignored


def _toml(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def describe(settings: Settings) -> str:
    """The effective configuration as TOML, each value followed by where it came from."""
    lines = [f"# configuration file: {settings.file or 'none found'}"]
    assignments = [f"{key} = {_toml(settings[key])}" for key in CONF]
    width = max(map(len, assignments))
    for assignment, key in zip(assignments, CONF):
        lines.append(f"{assignment:<{width}}  # {settings.origins[key]}")
    return "\n".join(lines) + "\n"
