"""The finsam-lint command line.

    finsam-lint [options] PATH...         check reports (files, directories, - for stdin)
    finsam-lint tables [options] PATH...  show the tables as the tool read them
    finsam-lint rules                     list every rule
    finsam-lint rule CODE|NAME            print a rule's documentation

Exit codes: 0 no error-level finding, 1 at least one, 2 the tool could not run.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
COMMANDS = ("check", "tables", "rules", "rule")


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
        parser.add_argument("--format", default="text", help="output format (default: text)")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    if command == "check":
        parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="an extra rule file")
        parser.add_argument("--select", default="", help="only these rules (codes or names, comma-separated)")
        parser.add_argument("--ignore", default="", help="leave out these rules")
        parser.add_argument("--fail-on", choices=("error", "warning"), default="error")
        parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (never hides exit 2)")
        parser.add_argument("-q", "--quiet", action="store_true", help="one line per finding")
    if command == "rule":
        parser.add_argument("ident", metavar="CODE|NAME")
    return parser


def _select(rules, select: str, ignore: str):
    from .rules import find_rule

    def idents(text):
        return [part.strip() for part in text.split(",") if part.strip()]

    for ident in idents(select) + idents(ignore):
        if find_rule(rules, ident) is None:
            raise UsageError(f"unknown rule '{ident}' (see 'finsam-lint rules')")
    chosen = [r for r in rules if not idents(select) or {r.code, r.name} & set(idents(select))]
    return [r for r in chosen if not {r.code, r.name} & set(idents(ignore))]


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    else:
        sys.stdout.write(text)


def _check(args) -> int:
    from . import engine
    from .output import FORMATS
    from .rules import load_rules
    from .source import collect_paths

    if args.format not in FORMATS:
        raise UsageError(f"unknown format '{args.format}'; choose from {', '.join(FORMATS)}")
    rules = _select(load_rules(args.rules), args.select, args.ignore)
    documents = engine.parse(collect_paths(args.paths))
    result = engine.run(documents, rules)
    _write(FORMATS[args.format](result, rules, {"quiet": args.quiet}), args.output)
    failing = ("error",) if args.fail_on == "error" else ("error", "warning")
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.severity in failing for f in result.findings) else EXIT_OK


def _tables(args) -> int:
    from . import engine
    from .output import json_format
    from .source import collect_paths

    documents = engine.parse(collect_paths(args.paths))
    if args.format == "json":
        _write(json_format.tables(documents), args.output)
    elif args.format == "text":
        from .output.tables import render

        _write(render(documents, color=sys.stdout.isatty() and not args.output), args.output)
    else:
        raise UsageError(f"unknown format '{args.format}' for tables; choose text or json")
    return EXIT_OK


def _rules(args) -> int:
    from .rules import load_rules

    for rule in load_rules():
        print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
    return EXIT_OK


def _rule(args) -> int:
    from .rules import find_rule, load_rules

    rule = find_rule(load_rules(), args.ident)
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
    from .rules import RuleError
    from .source import InputError

    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "check"
    if argv and argv[0] == command:
        argv = argv[1:]
    try:
        args = _parser(command).parse_args(argv)
        return {"check": _check, "tables": _tables, "rules": _rules, "rule": _rule}[command](args)
    except (InputError, RuleError, UsageError) as error:
        print(f"finsam-lint: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("finsam-lint: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_FAILURE
    except Exception as error:  # a bug must still be one line and exit 2, never a traceback
        print(f"finsam-lint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILURE
