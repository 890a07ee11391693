"""The layout corpus (tests/data/layouts): each layout real reports come in, read exactly, and never dropped silently.

Each NAME.txt (or NAME.html) is an invented report in one layout of issue 14 with NAME.json, its
expected reading: every table's kind, note and columns, every row's label, note and values, as
`finsam-lint tables --format json` prints them. "unreadable" names a figure that test 2 spoils.
"""

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from reading import shape  # noqa: E402  (the benchmark's comparison, so test and benchmark agree)

LAYOUTS = ROOT / "tests" / "data" / "layouts"
NAMES = sorted(p.stem for p in LAYOUTS.glob("*.json"))



def _expected(name):
    return json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8"))


def _document(name):
    return next(p for p in (LAYOUTS / f"{name}.txt", LAYOUTS / f"{name}.html") if p.exists())


@pytest.fixture(scope="module")
def readings():
    """Every layout read in one run of `finsam-lint tables --format json`, by file name."""
    result = run_cli("tables", "--format", "json", *(_document(n) for n in NAMES))
    assert result.returncode == 0, result.stderr
    return {f["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]: f["tables"] for f in json.loads(result.stdout)["files"]}


def spoil(figure: str) -> str:
    """A figure no reader can take for one: `84 512` becomes `84x 512`."""
    return re.sub(r"\d+", lambda m: m.group() + "x", figure, count=1)


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory):
    """Every layout with its "unreadable" figure spoiled, checked in one run: FL003 findings by file name."""
    folder = tmp_path_factory.mktemp("spoiled")
    paths = []
    for name in NAMES:
        source, unreadable = _document(name), _expected(name)["unreadable"]
        lines = source.read_text(encoding="utf-8").split("\n")
        at = unreadable["line"] - 1
        pattern = r"(?<![\d,])" + re.escape(unreadable["figure"]) + r"(?![\d,])"
        lines[at], count = re.subn(pattern, spoil(unreadable["figure"]), lines[at], count=1)
        assert count == 1, f"{name}: {unreadable['figure']!r} is not on line {at + 1}"
        path = folder / source.name
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    result = run_cli("--format", "json", "--select", "FL003", "--exit-zero", *paths)
    assert result.returncode == 0, result.stderr
    found = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0], []).append(finding)
    return found


def test_the_corpus_covers_every_point_of_issue_14():
    points = {name[1:3] for name in NAMES}
    assert {f"{n:02d}" for n in range(1, 11)} <= points
    assert len(NAMES) >= 30


KINDS = {"income", "balance", "cashflow", "note", "equity", "budget", "operating", "member_fees", "overview", "key_ratios", "other"}


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.json")) + sorted((ROOT / "benchmarks" / "real").glob("*.json"))
                         + sorted((ROOT / "benchmarks" / "heldout").glob("*.json")),
                         ids=lambda p: p.stem)
def test_every_expected_reading_is_well_formed(path):
    for table in json.loads(path.read_text(encoding="utf-8"))["tables"]:
        assert table["kind"] in KINDS and (table["note"] is None) == (table["kind"] != "note"), table["kind"]
        for row in table["rows"]:
            assert row["label"] and len(row["values"]) == len(table["columns"]), row
            assert any(v is not None for v in row["values"]), f"a row without figures is not listed: {row}"
            assert all(v is None or re.fullmatch(r"-?\d+(\.\d*[1-9])?", v) for v in row["values"]), row


@pytest.mark.parametrize("name", NAMES)
def test_layout_is_read_exactly(name, readings):
    assert shape(readings[name]) == shape(_expected(name)["tables"])


@pytest.mark.parametrize("name", NAMES)
def test_a_spoiled_row_is_never_dropped_silently(name, spoiled):
    unreadable = _expected(name)["unreadable"]
    first, last = unreadable["label_line"], unreadable["line"]
    # in a web page, a finding's line is the line of the page's text; "place" names the markup's own line
    at_row = [f for f in spoiled.get(name, []) if first <= _page_line(f) <= last or f["line"] <= last and f["end_line"] >= first]
    assert at_row, f"no FL003 at lines {first}-{last}: {spoiled.get(name, [])}"


def test_no_layout_gives_a_false_alarm():
    """Every layout's figures add up: a reading that reports an error in one has misread it."""
    result = run_cli("--format", "json", "--exit-zero", *(_document(n) for n in NAMES))
    errors = [f"{f['path']}:{f['line']} {f['rule']} {f['message']}" for f in json.loads(result.stdout)["findings"]
              if f["severity"] == "error"]
    assert errors == []


def _page_line(finding) -> int:
    place = re.fullmatch(r"source line (\d+)", finding.get("place", ""))
    return int(place.group(1)) if place else 0


def test_a_sentence_amount_with_no_break_spaces_is_compared(tmp_path):
    text = (LAYOUTS / "p08-nbsp-figures.txt").read_text(encoding="utf-8")
    assert "318\u00a0904 kr" in text
    path = tmp_path / "report.txt"
    path.write_text(text.replace("318\u00a0904 kr", "318\u00a0950 kr"), encoding="utf-8")
    result = run_cli("--format", "json", "--select", "FL502", path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["actual"], f["expected"]) for f in findings] == [("FL502", "318950", "318904")]


def _table(kind, columns, *rows, note=None):
    return {"kind": kind, "note": note, "columns": columns,
            "rows": [{"label": label, "note": n, "values": values, "line": 1} for label, n, values in rows]}


def test_the_benchmark_counts_a_row_only_with_its_values_in_their_columns():
    from reading import score

    expected = [_table("income", ["Budget 2025", "2025"], ("Årets resultat", None, [None, "315"]), ("Intäkter", 1, ["10", "12"]))]
    shifted = [_table("income", ["BUDGET 2025", "2025"], ("årets  resultat", None, ["315", None]), ("Intäkter", 1, ["10", "12.0"]),
                      ("14 (22)", None, ["14", "22"]))]
    s = score(expected, shifted)
    assert (s["exact"], s["rows"], s["kinds"], len(s["extra"])) == (1, 2, 1, 1)  # the left-aligned short row is missed
    assert score(expected, [dict(shifted[0], kind="budget")])["exact"] == 0  # a row in a table of the wrong kind is not read


def test_the_benchmark_reports_every_layout_and_the_total():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "reading.py")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = sum(len(t["rows"]) for n in NAMES for t in _expected(n)["tables"])
    assert all(re.search(rf"^{n} +\d+/", result.stdout, re.M) for n in NAMES)
    assert re.search(rf"^total +\d+/{rows} ", result.stdout, re.M)
