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
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
COMMANDS = ("check", "tables", "rules", "rule", "config", "extract")


class UsageError(Exception):
    pass


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
        parser.add_argument("--format", default="text", choices=formats, help="output format (default: text)")
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
        parser.add_argument("--fail-on", choices=("error", "warning"))
        parser.add_argument("--exclude", metavar="GLOBS", help="leave these out of directory walks (comma-separated)")
        parser.add_argument("--extend-exclude", metavar="GLOBS", help="leave these out too")
    if command == "check":
        parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (never hides exit 2)")
        parser.add_argument("-q", "--quiet", action="store_true", help="one line per finding")
        parser.add_argument("--statistics", action="store_true", help="count the findings of each rule instead of listing them")
        baseline = parser.add_mutually_exclusive_group()
        baseline.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
        baseline.add_argument("--write-baseline", metavar="FILE", help="accept the current findings: write them to FILE")
    if command == "rule":
        parser.add_argument("ident", metavar="CODE|NAME")
    if command == "extract":
        parser.description = ("Print the text finsam-lint checks, as it stands in FILE: personal identity numbers "
                              "included, unlike every other output. --redact masks them (121212-****).")
        parser.add_argument("path", metavar="FILE")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the text to FILE")
        parser.add_argument("--redact", action="store_true",
                            help="mask personal identity numbers as the other outputs do (121212-****)")
    return parser


def _settings(args, start):
    """The configuration: defaults, the configuration file, then the flags given on the command line."""
    from pathlib import Path

    from . import config

    def idents(text):
        return [part.strip() for part in text.split(",") if part.strip()]

    given = {"rules": args.rules, "select": args.select, "ignore": args.ignore, "fail-on": args.fail_on,
             "exclude": args.exclude, "extend-exclude": args.extend_exclude}
    given.update({key: idents(given[key]) for key in ("select", "ignore", "exclude", "extend-exclude")
                  if given[key] is not None})
    return config.resolve(args.config, Path(start), {k: v for k, v in given.items() if v is not None})


def _write(text: str, output: str | None) -> None:
    if output:
        from .source import write_text

        try:
            write_text(output, text)
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


def _check(args) -> int:
    from . import baseline, config, engine, suppress
    from .output import FORMATS
    from .source import collect_paths

    if args.format not in FORMATS:
        raise UsageError(f"unknown format '{args.format}'; choose from {', '.join(FORMATS)}")
    settings = _settings(args, args.paths[0] if args.paths[0] != "-" else ".")
    paths, unread = collect_paths(args.paths, config.excluded(settings))
    known = _known(settings["rules"])
    rules = config.configure_rules(settings, known)
    checking = [rule for rule in rules if rule.code not in (suppress.UNUSED.code, engine.IO_ERROR.code)]
    with _Progress(len(paths)) as progress:
        result = engine.check(paths, checking, settings["profile"].get("unit", "kr"), progress)
    documents = result.documents
    findings = suppress.apply(result.findings, documents, rules, known)
    ignored = {path: config.ignored_for_path(settings, path) for path in paths}
    findings = [f for f in findings if not {f.rule, f.name} & ignored.get(f.path, set())]
    if args.write_baseline:
        baseline.write(args.write_baseline, findings)
    baseline_file = args.baseline or args.write_baseline
    if baseline_file:
        findings, accepted = baseline.new_findings(findings, baseline.read(baseline_file), baseline_file)
        note = f"{accepted} known finding{'s' if accepted != 1 else ''} accepted by the baseline {baseline_file}"
        print(f"finsam-lint: {note}", file=sys.stderr)
    failures = _failed(unread + result.failures)  # never in a baseline: a file that was not read is never known
    io_error = next((rule for rule in rules if rule.code == engine.IO_ERROR.code), None)
    if io_error:
        findings = sorted(findings + engine.failure_findings(failures, io_error), key=lambda f: f.sort_key())
    result.findings = findings
    options = {"quiet": args.quiet, "statistics": args.statistics, "color": _color(args)}
    text = FORMATS[args.format](result, rules, options)
    _write(text + (f"{note}\n" if baseline_file and args.format == "text" else ""), args.output)
    failing = ("error",) if settings["fail-on"] == "error" else ("error", "warning")
    if failures:
        return EXIT_FAILURE
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.severity in failing for f in result.findings) else EXIT_OK


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
    for rule in _known():
        print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
    return EXIT_OK


def _rule(args) -> int:
    from .rules import find_rule

    rule = find_rule(_known(), args.ident)
    if rule is None:
        raise UsageError(f"unknown rule '{args.ident}' (see 'finsam-lint rules')")
    print(f"{rule.code} {rule.name} ({rule.severity}, check kind '{rule.kind}')\n")
    print(f"What it checks\n  {rule.summary}\n")
    if rule.why:
        print("Why it matters\n  " + rule.why.replace("\n", "\n  ") + "\n")
    if rule.example:
        print("Example\n  " + rule.example.replace("\n", "\n  ") + "\n")
    print(f"Defined in {rule.source}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from .baseline import BaselineError
    from .config import ConfigError
    from .rules import RuleError
    from .source import InputError

    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "check"
    if argv and argv[0] == command:
        argv = argv[1:]
    try:
        args = _parser(command).parse_args(argv)
        return {"check": _check, "tables": _tables, "rules": _rules, "rule": _rule, "config": _config,
                "extract": _extract}[command](args)
    except (InputError, RuleError, UsageError, ConfigError, BaselineError) as error:
        print(f"finsam-lint: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("finsam-lint: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_FAILURE
    except Exception as error:  # a bug must still be one line and exit 2, never a traceback
        from .source import deterministic

        print(f"finsam-lint: internal error: {type(error).__name__}: {deterministic(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
