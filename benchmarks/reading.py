"""Reading benchmark: how many table rows finsam-lint reads exactly, per layout and in total.

    python benchmarks/reading.py           the layout corpus, tests/data/layouts/NAME.txt|html against NAME.json
    python benchmarks/reading.py --real    also ../shared/real/NAME.pdf against benchmarks/real/NAME.json
    python benchmarks/reading.py --heldout also benchmarks/heldout/, layouts a reader change was not made on (see below)
    python benchmarks/reading.py -v        also every row not read exactly and every table not read with its kind

A row is read exactly when a table of its kind (and, for a note, its number) holds a row with the
same label (case, spaces and hyphens aside), the same note and the same values in the same columns. Each
table read is matched to the expected table it shares most labels with; its kind is right or not.
Rows read that no expected row has (a page footer read as a row, a table of contents) are "extra".

benchmarks/heldout/ holds 44 more invented layouts in the same form, made by helpers from real published
statements to measure the reader on layouts it was not built on (sets a, b, c, e by their names' first
letters). What they showed was fixed in general terms, so they are held out no longer: a new set, made
without looking at these, is what measures the next change.
"""

import argparse
import contextlib
import io
import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finsam_lint.cli import main  # noqa: E402  (after the path, so the checkout is measured)

LAYOUTS = ROOT / "tests" / "data" / "layouts"
HELDOUT = ROOT / "benchmarks" / "heldout"
REAL_EXPECTED = ROOT / "benchmarks" / "real"
REAL_DOCUMENTS = ROOT.parent / "shared" / "real"


def key(text: str) -> str:
    """A label or column name as compared: case, spaces and hyphens aside, since a word wrapped at a
    hyphen ("Budget-" over "avvikelse", "SRHR-" over "utbildning") may be joined with or without one."""
    return re.sub(r"[\s\-]+", "", text).casefold()


def shape(tables: list[dict]) -> list[tuple]:
    """What a reading says, in comparable form: kind, note, columns and the rows that hold figures."""
    return [(t["kind"], t["note"], tuple(key(c) for c in t["columns"]),
             tuple((key(r["label"]), r["note"], _values(r)) for r in t["rows"] if any(v is not None for v in r["values"])))
            for t in tables]


def _values(row: dict) -> tuple:
    return tuple(None if v is None else Decimal(v) for v in row["values"])


def read_tables(path: Path) -> list[dict]:
    """finsam-lint tables --format json PATH, in this process; a file it cannot read gives no tables."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["tables", "--format", "json", str(path)])
    if code != 0:
        print(f"{path.name}: {err.getvalue().strip()}", file=sys.stderr)
        return []
    return json.loads(out.getvalue())["files"][0]["tables"]


def _cells(table: dict, row: dict) -> tuple:
    """The row's figures with the column each stands in; an empty cell is no figure."""
    return tuple((key(c), v) for c, v in zip(table["columns"], _values(row)) if v is not None)


def _same_kind(expected: dict, actual: dict) -> bool:
    return actual["kind"] == expected["kind"] and (expected["note"] is None or actual["note"] == expected["note"])


def score(expected: list[dict], actual: list[dict]) -> dict:
    """Rows read exactly, tables matched with their right kind, and rows read that were not expected."""
    used = set()  # (table index, row index) of rows already matched, so a row counts once
    exact, missed = 0, []
    for table in expected:
        for row in table["rows"]:
            want = (key(row["label"]), row["note"], _cells(table, row))
            hit = next(((i, j) for i, t in enumerate(actual) if _same_kind(table, t)
                        for j, r in enumerate(t["rows"])
                        if (i, j) not in used and (key(r["label"]), r["note"], _cells(t, r)) == want), None)
            if hit:
                used.add(hit)
                exact += 1
            else:
                missed.append((table, row))
    kinds, wrong_kinds = 0, []
    for table in expected:
        labels = {key(r["label"]) for r in table["rows"]}
        best = max(actual, key=lambda t: len(labels & {key(r["label"]) for r in t["rows"]}), default=None)
        if best and labels & {key(r["label"]) for r in best["rows"]} and _same_kind(table, best):
            kinds += 1
        else:
            found = best and labels & {key(r["label"]) for r in best["rows"]}
            wrong_kinds.append((table, best if found else None))
    expected_labels = {key(r["label"]) for t in expected for r in t["rows"]}
    extra = [r for t in actual for r in t["rows"]
             if any(v is not None for v in r["values"]) and key(r["label"]) not in expected_labels]
    return {"rows": sum(len(t["rows"]) for t in expected), "exact": exact, "missed": missed,
            "tables": len(expected), "kinds": kinds, "wrong_kinds": wrong_kinds, "extra": extra}


def _kind(table: dict) -> str:
    return table["kind"] + ("" if table["note"] is None else f" {table['note']}")


def _found(actual: list[dict], label: str) -> str:
    rows = [f"{_kind(t)} {t['columns']} note {r['note']} {r['values']}"
            for t in actual for r in t["rows"] if key(r["label"]) == key(label)]
    return "; ".join(rows) or "no row with this label"


def run(pairs: list[tuple[str, Path, Path]], verbose: bool) -> tuple[int, int]:
    totals = dict(rows=0, exact=0, tables=0, kinds=0, extra=0)
    print(f"{'layout':<50} {'rows exact':>12} {'right kind':>11} {'extra rows':>11}")
    for name, document, expected_path in pairs:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))["tables"]
        actual = read_tables(document)
        s = score(expected, actual)
        print(f"{name:<50} {s['exact']:>5}/{s['rows']:<6} {s['kinds']:>5}/{s['tables']:<5} {len(s['extra']):>11}")
        if verbose:
            for table, row in s["missed"]:
                print(f"    missed {table['kind']} {row['label']!r} note {row['note']} {row['values']}: read {_found(actual, row['label'])}")
            for table, found in s["wrong_kinds"]:
                read = f"read as {_kind(found)} ({found['title']!r}, line {found['line']})" if found else "not read"
                print(f"    kind   {_kind(table)} {table['columns']}: {read}")
            for row in s["extra"]:
                print(f"    extra  line {row['line']} {row['label']!r} {row['values']}")
        for k in ("rows", "exact", "tables", "kinds"):
            totals[k] += s[k]
        totals["extra"] += len(s["extra"])
    share = 100 * totals["exact"] / totals["rows"] if totals["rows"] else 0.0
    print(f"{'total':<50} {totals['exact']:>5}/{totals['rows']:<6} {totals['kinds']:>5}/{totals['tables']:<5} {totals['extra']:>11}"
          f"   {share:.1f} % of rows read exactly")
    return totals["exact"], totals["rows"]


def layouts(folder: Path = LAYOUTS) -> list[tuple[str, Path, Path]]:
    return [(p.stem, p, p.with_suffix(".json")) for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".html") and p.with_suffix(".json").exists()]


def real() -> list[tuple[str, Path, Path]]:
    if not REAL_DOCUMENTS.is_dir():
        print(f"{REAL_DOCUMENTS} is absent: no real documents measured", file=sys.stderr)
        return []
    return [(p.stem, REAL_DOCUMENTS / f"{p.stem}.pdf", p) for p in sorted(REAL_EXPECTED.glob("*.json"))
            if (REAL_DOCUMENTS / f"{p.stem}.pdf").exists()]


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true", help="also the real PDFs against benchmarks/real/*.json")
    parser.add_argument("--heldout", action="store_true", help="also the layouts of benchmarks/heldout/")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every row not read exactly and every extra row")
    args = parser.parse_args()
    start = time.perf_counter()
    print("Layout corpus (tests/data/layouts)")
    run(layouts(), args.verbose)
    if args.heldout:
        print("\nHeld-out layouts (benchmarks/heldout)")
        run(layouts(HELDOUT), args.verbose)
    if args.real:
        pairs = real()
        if pairs:
            print("\nReal documents (../shared/real, expected readings in benchmarks/real)")
            run(pairs, args.verbose)
    print(f"\n{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(cli())
