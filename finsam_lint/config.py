"""Configuration: `[tool.finsam-lint]` in pyproject.toml, or a finsam-lint.toml.

Each checked file is checked under the nearest configuration above it, as ruff
does (finsam-lint.toml wins over pyproject.toml in the same directory; a
pyproject.toml without the table is passed over); `--config FILE` names one
for every file instead. Flags given on the command line replace the file's
values; `extend-select` and `extend-ignore` given there add to them.

Every value is validated when it loads, against CONF: an unknown key, a value
of the wrong type or an unknown rule is an error that names the file and the
key, with the nearest valid one suggested.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import math
import re
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
    "extend-ignore": ([], _strings, "a list of rule codes or names"),
    "per-file-ignores": ({}, _table(_strings), "a table of glob = [rule codes or names]"),
    "severity": ({}, _table(lambda v: v in SEVERITIES), f"a table of rule = {' | '.join(SEVERITIES)}"),
    "fail-on": ("error", lambda v: v in ("error", "warning"), "error or warning"),
    "tolerance": (0, lambda v: _number(v) and v <= 1_000_000_000, "a number of kronor from 0 to 1000000000"),
    "rules": ([], _strings, "a list of rule files"),
    "exclude": ([], _strings, "a list of globs"),
    "extend-exclude": ([], _strings, "a list of globs"),
    "profile": ({}, lambda v: isinstance(v, dict), "a table"),
    "reports": ([], _strings, "a list of globs of the reports that cross-file rules compare against"),
}
PROFILE = {
    "unit": (lambda v: v in UNIT_FACTORS, " | ".join(UNIT_FACTORS)),
    "members": (_table(lambda v: _number(v) and v <= 100), "a table of member name = percent"),
}
RULE_KEYS = ("select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "severity")
EXTENDING = ("extend-select", "extend-ignore")  # given on the command line, these add to the file's values


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
    return _settings(file, command_line, explicit=bool(config_file))


def resolve_each(config_file: str | None, paths: list[str], command_line: dict,
                 stdin_name: str | None = None) -> dict[str, Settings]:
    """Each checked path's settings: from the nearest configuration above it (as ruff does), or from
    `config_file` for all. Standard input is placed by `stdin_name`, else in the working directory."""
    found: dict[Path | None, Settings] = {}
    folders: dict[Path, Path | None] = {}
    result = {}
    for path in paths:
        if config_file:
            file = Path(config_file)
        else:
            if path == "-":
                folder = Path(stdin_name).resolve().parent if stdin_name else Path.cwd().resolve()
            else:
                folder = Path(path).resolve() if Path(path).is_dir() else Path(path).resolve().parent
            if folder not in folders:
                folders[folder] = discover(folder)
            file = folders[folder]
        if file not in found:
            found[file] = _settings(file, command_line, explicit=bool(config_file))
        result[path] = found[file]
    return result


def _settings(file: Path | None, command_line: dict, explicit: bool) -> Settings:
    if explicit and not file.is_file():
        raise ConfigError(f"{file}: no such configuration file")
    values = {key: default for key, (default, _, _) in CONF.items()}
    origins = dict.fromkeys(CONF, DEFAULT)
    from_file = load(file) if file else {}
    values.update(from_file)
    origins.update(dict.fromkeys(from_file, str(file)))
    given = validate(dict(command_line), COMMAND_LINE)
    for key in EXTENDING:
        if key in given:
            given[key] = values[key] + given[key]
    values.update(given)
    origins.update(dict.fromkeys(given, COMMAND_LINE))
    return Settings(values, origins, file)


def archive(settings: Settings) -> list[str]:
    """The report files the `reports` globs name, relative to the configuration file, in a stable order."""
    from .source import DOCUMENT_SUFFIXES, TEXT_SUFFIXES

    if not settings["reports"]:
        return []
    base = settings.file.parent if settings.file else Path.cwd()
    found = set()
    for pattern in settings["reports"]:
        if Path(pattern).is_absolute():
            raise ConfigError(f"{settings.origins['reports']}: 'reports': '{pattern}' must be relative to the configuration file")
        for match in base.glob(pattern):
            if match.is_file():
                found.add(match)
            elif match.is_dir():
                found.update(p for p in match.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | DOCUMENT_SUFFIXES)
    return sorted(map(_shown, found))


def _shown(path: Path) -> str:
    """A path as findings name it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def rule_codes(ident: str, rules: list) -> set[str]:
    """The codes an identifier names: a code or name, a code's prefix ("FL1", "FL40") or ALL; any case."""
    wanted = ident.strip()
    if wanted.upper() == "ALL":
        return {rule.code for rule in rules}
    exact = {rule.code for rule in rules if wanted.upper() == rule.code or wanted.lower() == rule.name}
    if exact or not re.fullmatch(r"FL\d{1,2}", wanted.upper()):
        return exact
    return {rule.code for rule in rules if rule.code.startswith(wanted.upper())}


def configure_rules(settings: Settings, rules: list) -> list:
    """The rules this run uses: selected, with severities, tolerance and member profile applied."""
    from .checks import KINDS, shares

    known = sorted({ident for rule in rules for ident in (rule.code, rule.name)})

    def codes(key: str, idents) -> set[str]:
        found = set()
        for ident in idents:
            named = rule_codes(ident, rules)
            if not named:
                where = settings.origins[key]
                raise ConfigError(f"{where}: '{key}': unknown rule '{ident}'{suggest(ident, known)} (see 'finsam-lint rules')")
            found |= named
        return found

    codes("per-file-ignores", [ident for idents in settings["per-file-ignores"].values() for ident in idents])
    selected = codes("select", settings["select"]) or {rule.code for rule in rules}
    selected = (selected | codes("extend-select", settings["extend-select"])) - codes("ignore", settings["ignore"])
    selected -= codes("extend-ignore", settings["extend-ignore"])
    severity = {code: level for ident, level in settings["severity"].items() for code in codes("severity", [ident])}
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


def _globbed(settings: Settings, path: str) -> tuple[str, str]:
    """A path as globs in the configuration see it: relative to the configuration file's folder (or the working
    directory) where it lies below it, else absolute; and its name."""
    base = settings.file.parent.resolve() if settings.file else Path.cwd()
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(base).as_posix(), absolute.name
    except ValueError:
        return absolute.as_posix(), absolute.name


def ignored_for_path(settings: Settings, path: str, rules: list) -> set[str]:
    """The codes of the rules per-file-ignores leave out for one checked file (`path` as the user names it)."""
    if path == "-":
        return set()
    relative, name = _globbed(settings, path)
    ignored = set()
    for pattern, idents in settings["per-file-ignores"].items():
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern):
            ignored |= {code for ident in idents for code in rule_codes(ident, rules)}
    return ignored


def excluded(settings: Settings):
    """Whether a file or folder met in a directory walk is left out by `exclude` or `extend-exclude`."""
    patterns = settings["exclude"] + settings["extend-exclude"]
    if not patterns:
        return lambda path: False

    def matches(path: str) -> bool:
        relative, name = _globbed(settings, path)
        return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns)

    return matches


def _toml(value) -> str:
    """A value in TOML: JSON's notation is TOML's, but for infinities, NaN and DEL (which TOML wants escaped)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # inf, -inf, nan
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _comment(text: str) -> str:
    """Text for a TOML comment, which may hold no control character but tab (a path may hold a newline)."""
    return re.sub("[\x00-\x08\x0a-\x1f\x7f]", "\ufffd", text)


def describe(settings: Settings) -> str:
    """The effective configuration as TOML, each value followed by where it came from."""
    lines = [f"# configuration file: {_comment(str(settings.file or 'none found'))}"]
    assignments = [f"{key} = {_toml(settings[key])}" for key in CONF]
    width = max(map(len, assignments))
    for assignment, key in zip(assignments, CONF):
        lines.append(f"{assignment:<{width}}  # {_comment(settings.origins[key])}")
    return "\n".join(lines) + "\n"
