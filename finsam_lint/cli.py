"""The finsam-lint command line.

    finsam-lint [options] PATH...         check reports (files, directories, - for stdin)
    finsam-lint tables [options] PATH...  show the tables as the tool read them
    finsam-lint extract FILE              print the text the tool checks (from .txt, .pdf or .docx)
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
        parser.add_argument("path", metavar="FILE")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the text to FILE")
    return parser


def _settings(args, start):
    """The configuration: defaults, the configuration file, then the flags given on the command line."""
    from pathlib import Path

    from . import config

    def idents(text):
        return [part.strip() for part in text.split(",") if part.strip()]

    given = {"rules": args.rules, "select": args.select, "ignore": args.ignore, "fail-on": args.fail_on}
    given.update({key: idents(given[key]) for key in ("select", "ignore") if given[key] is not None})
    return config.resolve(args.config, Path(start), {k: v for k, v in given.items() if v is not None})


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(_encodable(text))
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


def _check(args) -> int:
    from . import baseline, config, engine, suppress
    from .output import FORMATS
    from .rules import load_rules
    from .source import collect_paths

    if args.format not in FORMATS:
        raise UsageError(f"unknown format '{args.format}'; choose from {', '.join(FORMATS)}")
    paths = collect_paths(args.paths)
    settings = _settings(args, paths[0] if paths[0] != "-" else ".")
    known = load_rules(settings["rules"]) + [suppress.UNUSED]
    rules = config.configure_rules(settings, known)
    checking = [rule for rule in rules if rule.kind != suppress.KIND]
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
    result.findings = findings
    options = {"quiet": args.quiet, "statistics": args.statistics, "color": _color(args)}
    text = FORMATS[args.format](result, rules, options)
    _write(text + (f"{note}\n" if baseline_file and args.format == "text" else ""), args.output)
    failing = ("error",) if settings["fail-on"] == "error" else ("error", "warning")
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.severity in failing for f in result.findings) else EXIT_OK


def _config(args) -> int:
    from .config import configure_rules, describe
    from .rules import load_rules
    from .suppress import UNUSED

    settings = _settings(args, args.paths or ".")
    configure_rules(settings, load_rules(settings["rules"]) + [UNUSED])  # validates the rules it names
    print(describe(settings), end="")
    return EXIT_OK


def _tables(args) -> int:
    from . import engine
    from .output import json_format
    from .source import collect_paths

    documents = engine.parse(collect_paths(args.paths))
    if args.format == "json":
        _write(json_format.tables(documents), args.output)
    elif args.format == "text":
        from .output.tables import render

        _write(render(documents, color=_color(args)), args.output)
    else:
        raise UsageError(f"unknown format '{args.format}' for tables; choose text or json")
    return EXIT_OK


def _extract(args) -> int:
    from .source import load

    _write("".join(line + "\n" for line in load(args.path).clean), args.output)
    return EXIT_OK


def _rules(args) -> int:
    from .rules import load_rules
    from .suppress import UNUSED

    for rule in sorted(load_rules() + [UNUSED], key=lambda r: r.code):
        print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
    return EXIT_OK


def _rule(args) -> int:
    from .rules import find_rule, load_rules
    from .suppress import UNUSED

    rule = find_rule(load_rules() + [UNUSED], args.ident)
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
    streams = sys.stdin, sys.stdout, sys.stderr
    # Started with a standard stream closed, Python leaves it None: stdin reads as empty, stderr as nowhere
    # (print would fall back to stdout), and stdout fails when written to.
    sys.stdin = sys.stdin or io.TextIOWrapper(io.BytesIO())
    sys.stderr = sys.stderr or open(os.devnull, "w", encoding="utf-8")
    sys.stdout = _Stdout(sys.stdout)
    try:
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
        print(f"finsam-lint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
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
