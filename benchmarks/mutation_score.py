"""Mutation score: does finsam-lint notice when one checked figure in a report is changed?

    python benchmarks/mutation_score.py [FILE...] [--types digit,swap,sign,add] [--jobs N] [--uncaught] [--json PATH]
    python benchmarks/mutation_score.py --generated 12     # reports made by tests/generator.py, in its layouts

For each report (default: examples/*.txt; if there are none, the seed reports
in ../shared/seeds), the figures that take part in at least one check are
found by running the rules once and recording every figure they verified.
Then one figure at a time is changed in the text, the way a typo or a wrong
copy changes it, and the file is checked again:

- digit: one digit changed (never the last digit, nor the last two of a
  figure of four digits or more: a change that rounding could explain is not
  one a check can be asked to see; a leading digit never becomes 0);
- swap:  two adjacent different digits swapped (same limits);
- sign:  the sign flipped (a minus, U+2212, parentheses or a trailing minus
  added or removed as the figure writes it);
- add:   1 000 added (1 to a figure written with decimals), written in the
  figure's own grouping and sign style.

A mutation is caught when the changed file has an error-level finding that
the original does not have, whose line or related lines include the changed
line. The unmutated files' own error findings are counted and listed too:
they are false alarms or real errors, for a person to judge.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from finsam_lint import engine, suppress  # noqa: E402
from finsam_lint.checks.base import Context  # noqa: E402
from finsam_lint.reader import read  # noqa: E402
from finsam_lint.rules import load_rules  # noqa: E402
from finsam_lint.source import Source, clean_line, load  # noqa: E402

TYPES = ("digit", "swap", "sign", "add")
SPACES = "\u00a0\u202f\u2009\u2007"
MINUS = "-\u2212\u2013"


class RecordingContext(Context):
    """The run context, keeping every figure (Value) a rule verified."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = {}

    def verified(self, path, values):
        values = list(values)
        super().verified(path, values)
        for value in values:
            if value is not None:
                self.values[id(value)] = value


@dataclass
class Mutation:
    path: str
    line: int
    type: str
    before: str  # the figure as written
    after: str
    caught: bool = False
    rules: str = ""  # the rules whose new findings caught it
    text: str = ""  # the line as written, for the report


def _rules():
    return [rule for rule in load_rules() if rule.kind != suppress.KIND]


def _check(path: str, lines: list[str], rules):
    source = Source(path, tuple(lines), tuple(clean_line(line) for line in lines))
    documents = [read(source)]
    return documents, engine.run(documents, rules).findings


def _key(finding):
    return (finding.rule, finding.line, finding.message)


def _touches(finding, line: int) -> bool:
    return finding.line == line or any(r.line == line for r in finding.related)


# --- finding a figure in the line as written ------------------------------------------------------


def _pattern(text: str) -> str:
    """A regex for a figure as the reader joined it ("1 650 364-") in the line as written."""
    tokens = []
    for token in text.split(" "):
        parts = []
        for index, ch in enumerate(token):
            parts.append(re.escape(ch))
            if ch.isdigit() and index + 1 < len(token) and token[index + 1].isdigit():
                parts.append(f"[{SPACES}]?")  # grouping the cleaner removed ("1\u00a0234" reads "1234")
        tokens.append("".join(parts))
    return r"(?<![\d,])" + f"[ \\t{SPACES}]+".join(tokens) + r"(?![\d,])"


def spans(line: str, texts: list[str]) -> list[tuple[int, int]] | None:
    """Where each of a row's figures stands in its line: searched right to left, each left of the next."""
    result = []
    limit = len(line)
    for text in reversed(texts):
        found = None
        for match in re.finditer(_pattern(text), line[:limit]):
            found = match
        if found is None:
            return None
        result.insert(0, found.span())
        limit = found.start()
    return result


# --- mutations ------------------------------------------------------------------------------------


def _digits(figure: str) -> list[int]:
    return [i for i, ch in enumerate(figure) if ch.isdigit()]


def _eligible(figure: str) -> list[int]:
    """Digit positions a change at which rounding could not explain."""
    digits = _digits(figure)
    whole = [i for i in digits if "," not in figure[:i] and "." not in figure[:i]]
    keep = 2 if len(whole) >= 4 else 1
    return digits[:-keep] if len(digits) > keep else digits[:1] if len(digits) > 1 else []


def mutate_digit(figure: str, rng: random.Random) -> str | None:
    positions = _eligible(figure)
    if not positions:
        return None
    i = rng.choice(positions)
    d = int(figure[i])
    new = d + 1 if d < 9 else d - 1
    if i == _digits(figure)[0] and new == 0:
        new = 2
    return figure[:i] + str(new) + figure[i + 1 :]


def mutate_swap(figure: str, rng: random.Random) -> str | None:
    digits = _digits(figure)
    eligible = set(_eligible(figure))
    pairs = [(a, b) for a, b in zip(digits, digits[1:]) if figure[a] != figure[b] and a in eligible]
    pairs = [(a, b) for a, b in pairs if not (a == digits[0] and figure[b] == "0")]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    chars = list(figure)
    chars[a], chars[b] = chars[b], chars[a]
    return "".join(chars)


def _sign_style(figure: str) -> tuple[str, str]:
    """(how the figure writes a minus, what it is without it)."""
    stripped = figure.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return "paren", stripped[1:-1]
    if stripped.endswith("-") and stripped[:1].isdigit():
        return "trail", stripped[:-1]
    if stripped[:1] in MINUS:
        return stripped[0], stripped[1:].lstrip()
    return "", stripped


def _with_sign(body: str, style: str) -> str:
    return {"paren": f"({body})", "trail": body + "-", "": "-" + body}.get(style, style + body)


def mutate_sign(figure: str, rng: random.Random, minus_style: str = "-") -> str | None:
    style, body = _sign_style(figure)
    if not any(ch in "123456789" for ch in body):
        return None  # zero has no sign to flip
    if style:
        return body
    return _with_sign(body, minus_style)


def mutate_add(figure: str, rng: random.Random) -> str | None:
    style, body = _sign_style(figure)
    separator = next((ch for ch in body if ch in " " + SPACES), " ")
    whole, comma, fraction = body.partition(",")
    digits = re.sub(r"\D", "", whole)
    if not digits:
        return None
    value = Decimal(digits + ("." + fraction if comma else "")) * (-1 if style else 1)
    value += 1 if comma else 1000
    negative = value < 0
    whole_part, _, frac_part = format(abs(value), "f").partition(".")
    groups = []
    while len(whole_part) > 3:
        groups.insert(0, whole_part[-3:])
        whole_part = whole_part[:-3]
    groups.insert(0, whole_part)
    text = separator.join(groups) + ("," + frac_part.ljust(len(fraction), "0")[: len(fraction)] if comma else "")
    return _with_sign(text, style or "-") if negative else text


MUTATORS = {"digit": mutate_digit, "swap": mutate_swap, "sign": mutate_sign, "add": mutate_add}


# --- one file ---------------------------------------------------------------------------------------


def checked_figures(path: str, lines: list[str], rules):
    """The lines holding checked figures: (line number, [(start, end)] of every figure on it, which are checked)."""
    holder = {}

    class Capture(RecordingContext):  # engine.run makes its own context: this one lets us keep it
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            holder["ctx"] = self

    source = Source(path, tuple(lines), tuple(clean_line(line) for line in lines))
    documents = [read(source)]
    original, engine.Context = engine.Context, Capture
    try:
        result = engine.run(documents, rules)
    finally:
        engine.Context = original
    ctx = holder["ctx"]
    found, unplaced = [], 0
    for table in documents[0].tables:
        for row in table.rows:
            present = [v for v in row.values if v is not None]
            checked = [i for i, v in enumerate(present) if id(v) in ctx.values]
            if not checked:
                continue
            line = present[0].line
            places = spans(lines[line - 1], [v.figure.text for v in present])
            if places is None:
                unplaced += len(checked)
                continue
            found.extend((line, places[i]) for i in checked)
    return result.findings, found, unplaced


def _minus_style(lines: list[str]) -> str:
    text = "\n".join(lines)
    return "\u2212" if text.count("\u2212") > text.count("-") else "-"


def score_file(path: str, types=TYPES, seed: int = 0) -> dict:
    rules = _rules()
    lines = list(load(path).lines)
    base, figures, unplaced = checked_figures(path, lines, rules)
    base_keys = {_key(f) for f in base}
    minus = _minus_style(lines)
    mutations = []
    for line, (start, end) in figures:
        written = lines[line - 1][start:end]
        for kind in types:
            rng = random.Random(f"{seed}:{path}:{line}:{start}:{kind}")
            after = mutate_sign(written, rng, minus) if kind == "sign" else MUTATORS[kind](written, rng)
            if after is None or after == written:
                continue
            changed = list(lines)
            changed[line - 1] = changed[line - 1][:start] + after + changed[line - 1][end:]
            _, findings = _check(path, changed, rules)
            new = [f for f in findings if f.severity == "error" and _key(f) not in base_keys and _touches(f, line)]
            mutations.append(Mutation(path, line, kind, written, after, bool(new),
                                      ",".join(sorted({f.rule for f in new})), lines[line - 1].strip()[:140]))
    return {
        "path": path,
        "figures": len(figures),
        "unplaced": unplaced,
        "errors": [f"{f.path}:{f.line}: {f.rule} {f.message}" for f in base if f.severity == "error"],
        "mutations": [asdict(m) for m in mutations],
    }


# --- the command ------------------------------------------------------------------------------------


def default_files() -> list[str]:
    files = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    if files:
        return files
    seeds = sorted(str(p) for p in (ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if seeds:
        print("finsam-lint mutation score: examples/ holds no reports; using the seed reports", file=sys.stderr)
    return seeds


def generated_files(count: int) -> list[str]:
    """`count` consistent generated reports, written to a temporary folder, one style after another."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from generator import generate, styles

    folder = Path(tempfile.mkdtemp(prefix="finsam-mutation-"))
    inferred = [s for s in styles() if s.inferred]  # totals read from the figures, taken in turn with the others
    named = [s for s in styles() if not s.inferred]
    every = [s for pair in itertools.zip_longest(inferred, named) for s in pair if s is not None]
    files = []
    for index in range(count):
        style = every[index % len(every)]
        path = folder / f"generated-{index:02d}-{style.layout}{'-inferred' if style.inferred else ''}.txt"
        path.write_text(generate(random.Random(index), style).render(), encoding="utf-8")
        files.append(str(path))
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="report files (default: examples/*.txt)")
    parser.add_argument("--types", default=",".join(TYPES), help="mutation types, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: one per file, at most 8)")
    parser.add_argument("--uncaught", action="store_true", help="list every mutation that was not caught")
    parser.add_argument("--json", metavar="PATH", help="write every mutation and its outcome as JSON")
    parser.add_argument("--generated", type=int, metavar="N",
                        help="score N reports made by tests/generator.py instead, in turn in each of its styles")
    args = parser.parse_args(argv)
    files = generated_files(args.generated) if args.generated else args.files or default_files()
    if not files:
        print("no report files to mutate (examples/ is empty and no seeds were found)")
        return 0
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    unknown = set(types) - set(TYPES)
    if unknown:
        parser.error(f"unknown mutation type(s): {', '.join(sorted(unknown))}; choose from {', '.join(TYPES)}")
    jobs = args.jobs or min(8, len(files))
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(score_file, files, [types] * len(files), [args.seed] * len(files)))
    else:
        results = [score_file(f, types, args.seed) for f in files]

    totals: dict[str, Counter] = defaultdict(Counter)
    width = max(len(Path(r["path"]).name) for r in results)
    header = f"{'file':<{width}}  figures  " + "  ".join(f"{t:>11}" for t in types) + "      overall  base errors"
    print(header)
    print("-" * len(header))
    for result in results:
        by_type = defaultdict(Counter)
        for m in result["mutations"]:
            by_type[m["type"]]["total"] += 1
            by_type[m["type"]]["caught"] += m["caught"]
            totals[m["type"]]["total"] += 1
            totals[m["type"]]["caught"] += m["caught"]
        caught = sum(c["caught"] for c in by_type.values())
        total = sum(c["total"] for c in by_type.values())
        cells = "  ".join(f"{by_type[t]['caught']:>5}/{by_type[t]['total']:<5}" for t in types)
        print(f"{Path(result['path']).name:<{width}}  {result['figures']:>7}  {cells}  {_ratio(caught, total):>11}  {len(result['errors']):>11}")
    caught = sum(c["caught"] for c in totals.values())
    total = sum(c["total"] for c in totals.values())
    cells = "  ".join(f"{totals[t]['caught']:>5}/{totals[t]['total']:<5}" for t in types)
    print("-" * len(header))
    print(f"{'all':<{width}}  {sum(r['figures'] for r in results):>7}  {cells}  {_ratio(caught, total):>11}  "
          f"{sum(len(r['errors']) for r in results):>11}")
    unplaced = sum(r["unplaced"] for r in results)
    if unplaced:
        print(f"\n{unplaced} checked figure(s) could not be found in their line as written and were not mutated")
    print("\nError findings in the unmutated files (false alarms or real errors; judge each):")
    for result in results:
        for line in result["errors"]:
            print(f"  {line}")
    missed = [m for r in results for m in r["mutations"] if not m["caught"]]
    if args.uncaught and missed:
        print(f"\nUncaught mutations ({len(missed)}):")
        for m in missed:
            print(f"  {m['path']}:{m['line']}: {m['type']:<5} {m['before']!r} -> {m['after']!r}   | {m['text']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _ratio(caught: int, total: int) -> str:
    return f"{caught}/{total} {100 * caught / total:.0f}%" if total else "–"


if __name__ == "__main__":
    sys.exit(main())
