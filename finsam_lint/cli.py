"""The finsam-lint command line.

    finsam-lint [options] PATH...         check reports (files, directories, - for stdin)
    finsam-lint tables [options] PATH...  show the tables as the tool read them
    finsam-lint extract [--redact] FILE   print the text the tool checks (from .txt, .pdf, .docx or .html), as it is
    finsam-lint rules                     list every rule
    finsam-lint rule CODE|NAME            print a rule's documentation
    finsam-lint config [options] [PATH]   print the effective configuration and where each value came from

Exit codes: 0 no error-level finding, 1 at least one, 2 the tool could not run.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
COMMANDS = ("check", "tables", "rules", "rule", "config", "extract")


class UsageError(Exception):
    pass


class OutputError(Exception):
    """Standard output cannot be written: a full disk, a closed stream."""


_SURROGATES = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """The text with each lone surrogate as U+FFFD, so it is valid UTF-8: Python reads an undecodable
    byte of a file name as one, and a PDF's broken text can hold them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


class _Stdout:
    """Standard output as every command writes to it: valid UTF-8, and a failure to write an OutputError."""

    def __init__(self, stream):
        self.stream = stream  # None when the tool was started with standard output closed

    def write(self, text: str) -> int:
        return self._do("write", _encodable(text))

    def flush(self) -> None:
        if self.stream is not None:  # closed, it holds nothing: only writing to it fails
            self._do("flush")

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def _do(self, method: str, *args):
        if self.stream is None:
            raise OutputError("cannot write standard output: it is closed")
        try:
            return getattr(self.stream, method)(*args)
        except BrokenPipeError:  # the reader has gone (finsam-lint ... | head): not worth a word
            raise
        except OSError as error:
            raise OutputError(f"cannot write standard output: {error.strerror or error}") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, as for every other failure
        raise UsageError(message)


def _parser(command: str) -> argparse.ArgumentParser:
    parser = _Parser(prog=f"finsam-lint{'' if command == 'check' else ' ' + command}", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if command in ("check", "tables"):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        formats = ["text", "json"]  # tables
        if command == "check":
            from .output import FORMATS

            formats = list(FORMATS)
        parser.add_argument("--format", "--output-format", dest="format", default="text", choices=formats,
                            help="output format (default: text)")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
        parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                            help="colour text output: auto (default) on a terminal unless NO_COLOR is set")
    if command == "config":
        parser.add_argument("paths", nargs="?", metavar="PATH", help="where to look for the configuration (default: .)")
    if command in ("check", "config"):  # flags given here replace the configuration file's values
        parser.add_argument("--config", metavar="FILE", help="use this configuration file instead of looking for one")
        parser.add_argument("--rules", action="append", metavar="FILE", help="an extra rule file")
        parser.add_argument("--select", help="only these rules (codes or names, comma-separated)")
        parser.add_argument("--ignore", help="leave out these rules")
        parser.add_argument("--extend-select", metavar="RULES", help="add these rules to the selection")
        parser.add_argument("--extend-ignore", metavar="RULES", help="leave out these rules too")
        parser.add_argument("--fail-on", choices=("error", "warning"))
        parser.add_argument("--exclude", metavar="GLOBS", help="leave these out of directory walks (comma-separated)")
        parser.add_argument("--extend-exclude", metavar="GLOBS", help="leave these out too")
    if command == "check":
        parser.add_argument("--version", action="version", version=f"finsam-lint {_version()}")
        parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (never hides exit 2)")
        parser.add_argument("--stdin-filename", metavar="NAME",
                            help="the name of the report read from - (for messages, configuration and per-file ignores)")
        parser.add_argument("-q", "--quiet", action="store_true", help="one line per finding")
        parser.add_argument("--statistics", action="store_true", help="count the findings of each rule instead of listing them")
        baseline = parser.add_mutually_exclusive_group()
        baseline.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
        baseline.add_argument("--write-baseline", metavar="FILE", help="accept the current findings: write them to FILE")
    if command == "rule":
        parser.add_argument("ident", nargs="?", metavar="CODE|NAME", help="a rule's code or name, in any case")
        parser.add_argument("--all", action="store_true", help="every rule's documentation")
    if command == "rules":
        parser.add_argument("--format", "--output-format", dest="format", default="text", choices=("text", "json"))
    if command == "extract":
        parser.description = ("Print the text finsam-lint checks, as it stands in FILE: personal identity numbers "
                              "included, unlike every other output. --redact masks them (121212-****).")
        parser.add_argument("path", metavar="FILE")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the text to FILE")
        parser.add_argument("--redact", action="store_true",
                            help="mask personal identity numbers as the other outputs do (121212-****)")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("finsam-lint")
    except PackageNotFoundError:
        return "unknown"


def _given(args) -> dict:
    """The configuration values given as flags on the command line."""

    def idents(text):
        return [part.strip() for part in text.split(",") if part.strip()]

    given = {"rules": args.rules, "select": args.select, "ignore": args.ignore, "fail-on": args.fail_on,
             "extend-select": args.extend_select, "extend-ignore": args.extend_ignore,
             "exclude": args.exclude, "extend-exclude": args.extend_exclude}
    lists = ("select", "ignore", "extend-select", "extend-ignore", "exclude", "extend-exclude")
    given.update({key: idents(given[key]) for key in lists if given[key] is not None})
    return {k: v for k, v in given.items() if v is not None}


def _settings(args, start):
    """The configuration: defaults, the configuration file, then the flags given on the command line."""
    from pathlib import Path

    from . import config

    return config.resolve(args.config, Path(start), _given(args))


def _write(text: str, output: str | None) -> None:
    if output:
        from .source import write_text

        try:
            write_text(output, _encodable(text))
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    else:
        sys.stdout.write(text)


class _Progress:
    """A bar on stderr while many files are read, for a person at a terminal; nothing otherwise."""

    def __init__(self, total: int):
        self.total = total
        self.shown = total >= 5 and sys.stderr.isatty()

    def __enter__(self):
        return self if self.shown else None

    def __call__(self, done: int) -> None:
        filled = 30 * done // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} files")
        sys.stderr.flush()

    def __exit__(self, *exc) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _color(args) -> bool:
    """--color always or never, else colour on a terminal unless NO_COLOR is set (no-color.org)."""
    import os

    if args.color != "auto":
        return args.color == "always"
    return not args.output and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _known(files=()) -> list:
    """Every rule: the shipped ones, those in `files`, and the two the tool itself reports."""
    from .engine import IO_ERROR
    from .rules import load_rules
    from .suppress import UNUSED

    return sorted(load_rules(files) + [UNUSED, IO_ERROR], key=lambda rule: rule.code)


def _failed(failures) -> list:
    """The files that could not be read, each said in one line on stderr, in path order."""
    failures = sorted(failures, key=lambda failure: failure.path)
    for failure in failures:
        print(f"finsam-lint: error: {failure}", file=sys.stderr)
    return failures


def _width(args) -> int | None:
    """The terminal's width, for text that a person reads there; None (no wrapping) for a file or a pipe."""
    import shutil

    if args.output or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _check(args) -> int:
    from . import baseline, config, engine, suppress
    from .findings import Finding
    from .output import FORMATS
    from .source import collect_paths

    if args.format not in FORMATS:
        raise UsageError(f"unknown format '{args.format}'; choose from {', '.join(FORMATS)}")
    if args.statistics and args.format != "text":
        raise UsageError(f"--statistics counts findings in the text format only, not in --format {args.format}")
    if args.stdin_filename and "-" not in args.paths:
        raise UsageError("--stdin-filename names standard input: give - among the paths")
    settings = _settings(args, args.paths[0] if args.paths[0] != "-" else ".")
    paths, unread = collect_paths(args.paths, config.excluded(settings))
    shown = {path: args.stdin_filename if path == "-" and args.stdin_filename else path for path in paths}
    groups = _groups(args, paths, shown)
    with _Progress(len(paths)) as progress:
        result = engine.check_groups([group for *_, group in groups.values()], progress, args.stdin_filename)
    findings, severity_of = [], {}
    for settings, known, rules, group in groups.values():
        reported = {shown[path] for path in group.paths}
        documents = [d for d in result.documents if d.path in reported]
        findings += suppress.apply([f for f in result.findings if f.path in reported], documents, rules, known)
        severity_of.update(dict.fromkeys(reported, settings["fail-on"]))
    findings = _figure_columns(sorted(findings, key=Finding.sort_key), result.documents)
    if args.write_baseline:
        baseline.write(args.write_baseline, findings)
    baseline_file = args.baseline or args.write_baseline
    notes = []
    if baseline_file:
        findings, accepted, stale = baseline.new_findings(findings, baseline.read(baseline_file), baseline_file)
        notes.append(f"{accepted} known finding{'s' if accepted != 1 else ''} accepted by the baseline {baseline_file}")
        if stale and not args.write_baseline:
            notes.append(f"{stale} baseline entr{'ies' if stale != 1 else 'y'} in {baseline_file} "
                         f"match{'es' if stale == 1 else ''} no finding any more (stale): "
                         f"--write-baseline {baseline_file} writes it without them")
        for note in notes:
            print(f"finsam-lint: {note}", file=sys.stderr)
    every_rule = list({rule.code: rule for *_, rules, _ in groups.values() for rule in rules}.values())
    every_rule = every_rule or config.configure_rules(settings, _known(settings["rules"]))  # no file was read
    failures = _failed(unread + result.failures)  # never in a baseline: a file that was not read is never known
    io_error = next((rule for rule in every_rule if rule.code == engine.IO_ERROR.code), None)
    if io_error:
        findings = sorted(findings + engine.failure_findings(failures, io_error), key=Finding.sort_key)
    result.findings = findings
    options = {"quiet": args.quiet, "statistics": args.statistics, "color": _color(args), "width": _width(args),
               "version": _version(), "configs": sorted({str(s.file) for s, *_ in groups.values() if s.file})}
    text = FORMATS[args.format](result, every_rule, options)
    _write(text + "".join(f"{note}\n" for note in notes if args.format == "text"), args.output)
    if failures:
        return EXIT_FAILURE
    if args.exit_zero:
        return EXIT_OK
    failing = {"error": ("error",), "warning": ("error", "warning")}
    return EXIT_FINDINGS if any(f.severity in failing[severity_of.get(f.path, "error")] for f in findings) else EXIT_OK


def _groups(args, paths: list[str], shown: dict) -> dict:
    """The checked files in groups that are checked alike: one configuration (the nearest above each file)
    and one set of per-file ignores. A rule a file ignores is not run on it at all, so no other check
    takes the reading a silenced finding stood for as settled. Each group: (settings, every known rule,
    the rules of this run, engine.Group)."""
    from . import config, engine, suppress

    settings_of = config.resolve_each(args.config, paths, _given(args), args.stdin_filename)
    groups: dict[tuple, tuple] = {}
    known_of: dict[tuple, list] = {}
    for path in paths:
        settings = settings_of[path]
        files = tuple(settings["rules"])
        if files not in known_of:
            known_of[files] = _known(settings["rules"])
        known = known_of[files]
        ignored = frozenset(config.ignored_for_path(settings, shown[path], known))
        key = (id(settings), ignored)
        if key not in groups:
            rules = [rule for rule in config.configure_rules(settings, known) if rule.code not in ignored]
            checking = [rule for rule in rules if rule.kind != suppress.KIND and rule.code != engine.IO_ERROR.code]
            unit = settings["profile"].get("unit", "kr")
            groups[key] = (settings, known, rules, engine.Group([], checking, unit, config.archive(settings)))
        groups[key][3].paths.append(path)
    return groups


def _figure_columns(findings, documents):
    """Findings about a figure get the column where that figure stands in its line as the file gives it."""
    from dataclasses import replace

    from .output.shared import Figures, spans

    figures, placed = Figures(documents), []
    for finding in findings:
        if finding.column == 1 and finding.actual is not None and finding.path in figures.documents:
            lines = figures.documents[finding.path].source.lines
            mark = next((m for m in figures.marks(finding) if m.primary), None)
            where = mark and 0 < finding.line <= len(lines) and spans(lines[finding.line - 1], mark.row)[mark.column]
            if where:
                finding = replace(finding, column=where[0] + 1)
        placed.append(finding)
    return placed


def _config(args) -> int:
    import os

    from .config import configure_rules, describe
    from .source import InputError

    if args.paths and not os.path.exists(args.paths):
        raise InputError(args.paths, "no such file or directory")
    settings = _settings(args, args.paths or ".")
    configure_rules(settings, _known(settings["rules"]))  # validates the rules it names
    print(describe(settings), end="")
    return EXIT_OK


def _tables(args) -> int:
    from . import engine
    from .output import json_format
    from .source import collect_paths

    paths, unread = collect_paths(args.paths)
    documents, failures = engine.read_all(paths)
    failures = _failed(unread + failures)
    if args.format == "json":
        _write(json_format.tables(documents), args.output)
    elif args.format == "text":
        from .output.tables import render

        _write(render(documents, color=_color(args)), args.output)
    else:
        raise UsageError(f"unknown format '{args.format}' for tables; choose text or json")
    return EXIT_FAILURE if failures else EXIT_OK


def _extract(args) -> int:
    from .privacy import mask
    from .source import load

    lines = load(args.path).clean
    _write("".join((mask(line) if args.redact else line) + "\n" for line in lines), args.output)
    return EXIT_OK


def _rules(args) -> int:
    rules = _known()
    if args.format == "json":
        import json

        listed = [{"code": r.code, "name": r.name, "severity": r.severity, "kind": r.kind, "summary": r.summary}
                  for r in rules]
        print(json.dumps({"rules": listed}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for rule in rules:
        print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
    return EXIT_OK


def _rule(args) -> int:
    from .config import rule_codes

    rules = _known()
    if args.all == bool(args.ident):
        raise UsageError("give a rule's CODE or NAME, or --all")
    if not args.all:
        codes = rule_codes(args.ident, rules)  # as --select reads it: a prefix (FL1) names several
        if not codes:
            raise UsageError(f"unknown rule '{args.ident}' (see 'finsam-lint rules')")
        rules = [rule for rule in rules if rule.code in codes]
    print("\n\n".join(_rule_text(rule) for rule in rules))
    return EXIT_OK


def _rule_text(rule) -> str:
    parts = [f"{rule.code} {rule.name} ({rule.severity}, check kind '{rule.kind}')", f"What it checks\n  {rule.summary}"]
    if rule.why:
        parts.append("Why it matters\n  " + rule.why.replace("\n", "\n  "))
    if rule.example:
        parts.append("Example\n  " + rule.example.replace("\n", "\n  "))
    parts.append(f"Defined in {rule.source}")
    return "\n\n".join(parts)


def _command(argv: list[str]) -> str:
    """The subcommand argv names; a first word that is no path but close to a command is a typo, not a report."""
    if argv and argv[0] in COMMANDS:
        return argv[0]
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and first != "-" and not os.path.exists(first):
        import difflib

        close = difflib.get_close_matches(first, COMMANDS, n=2, cutoff=0.6)
        if close:
            raise UsageError(f"unknown command '{first}' (did you mean {' or '.join(repr(c) for c in close)}?)")
    return "check"


def main(argv: list[str] | None = None) -> int:
    from .baseline import BaselineError
    from .config import ConfigError
    from .rules import RuleError
    from .source import InputError

    argv = list(sys.argv[1:] if argv is None else argv)
    streams = sys.stdin, sys.stdout, sys.stderr
    # Started with a standard stream closed, Python leaves it None: stdin reads as empty, stderr as nowhere
    # (print would fall back to stdout), and stdout fails when written to.
    sys.stdin = sys.stdin or io.TextIOWrapper(io.BytesIO())
    sys.stderr = sys.stderr or open(os.devnull, "w", encoding="utf-8")
    sys.stdout = _Stdout(sys.stdout)
    try:
        command = _command(argv)
        if argv and argv[0] == command:
            argv = argv[1:]
        args = _parser(command).parse_args(argv)
        code = {"check": _check, "tables": _tables, "rules": _rules, "rule": _rule, "config": _config,
                "extract": _extract}[command](args)
        sys.stdout.flush()  # a full disk shows here, not in the flush at exit
        return code
    except (InputError, RuleError, UsageError, ConfigError, BaselineError, OutputError) as error:
        if isinstance(error, OutputError):
            _discard_stdout(streams[1])
        print(f"finsam-lint: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("finsam-lint: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        _discard_stdout(streams[1])
        return EXIT_FAILURE
    except Exception as error:  # a bug must still be one line and exit 2, never a traceback
        from .source import deterministic

        print(f"finsam-lint: internal error: {type(error).__name__}: {deterministic(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams


def _discard_stdout(stream) -> None:
    """Point standard output at /dev/null, so the output that could not be written is not tried again
    (and reported as a traceback) when Python flushes it at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (AttributeError, OSError, ValueError):  # closed, or not a file (as under a test runner)
        pass
