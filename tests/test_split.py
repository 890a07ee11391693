"""Splitting figures one space apart into columns: the same splits as the exhaustive search, in polynomial time.

The search that finsam_lint used until issue 17 is kept here, and only here, as the reference: on every
row it finishes, the new search must plan the same split. Through the CLI, rows that made it run for
minutes are read (or reported unread, FL003) at once.
"""

import json
import random
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from finsam_lint import numbers
from finsam_lint.numbers import figure_run

from conftest import ROOT

# ---- the reference: the exhaustive search of commit 88d09b4, unchanged but for names ----

_REFERENCE_MAX = 2000


def _reference_segmentations(parts, count):
    n = len(parts)
    known = {}

    def valid(start, end):
        if (start, end) not in known:
            known[start, end] = numbers._valid(parts[start:end])
        return known[start, end]

    def walk(start, left):
        if left == 1:
            if n - start <= 8 and valid(start, n):
                yield [(start, n)]
            return
        for end in range(start + 1, min(n - left + 1, start + 8) + 1):
            if valid(start, end):
                for rest in walk(end, left - 1):
                    yield [(start, end), *rest]

    if count < 1:
        return []
    found = []
    for option in walk(0, count):
        found.append(option)
        if len(found) == _REFERENCE_MAX:
            break
    return found


def _reference_cost(parts, segmentation):
    wide_joins = sum(1 for s, e in segmentation for p in parts[s + 1 : e] if p.token.gap != "single")
    sizes = [e - s for s, e in segmentation]
    return wide_joins, max(sizes) - min(sizes)


def _reference_best(parts, count):
    if count == 1:
        return (((0, len(parts)),), ()) if 0 < len(parts) <= 8 and numbers._valid(parts) else None
    options = _reference_segmentations(parts, count)
    if len(options) <= 1:
        return (tuple(options[0]), ()) if options else None
    costs = [_reference_cost(parts, option) for option in options]
    best = min(costs)
    close = [tuple(option) for option, cost in zip(options, costs) if cost[0] == best[0] and cost[1] <= best[1] + 1]
    return tuple(options[costs.index(best)]), (tuple(close[:8]) if len(close) > 1 else ())


def _reference_plan(parts, columns):
    if columns is None:
        for count in range(1, len(parts) + 1):
            if best := _reference_best(parts, count):
                return 0, *best
        return None
    for start in range(len(parts)):
        if best := _reference_best(parts[start:], columns):
            return start, *best
    for count in range(columns - 1, 0, -1):
        if best := _reference_best(parts, count):
            return 0, *best
    return None


# ---- the new search plans what the reference plans ----

_LABELS = ["Summa", "Kassa och bank", "Intäkter Not", "kr", "andel %", "", "Rad x1"]
_WHOLE = ["0", "7", "12", "084", "191", "180", "000", "-5", "-13", "-0", "1234", "-100", "12345678901234567", "999"]
_OTHER = ["(12", "000)", "364-", "1,5", "+3", "\u22125", "%", "kr", "-", "\u2013", "Not", "50%", "tkr"]
_TOKEN = st.one_of(st.sampled_from(_WHOLE), st.sampled_from(_WHOLE), st.sampled_from(_WHOLE), st.sampled_from(_OTHER))
_GAP = st.sampled_from([" "] * 8 + ["  ", "\t"])
_COLUMNS = st.one_of(st.none(), st.integers(0, 7))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_LABELS), st.lists(st.tuples(_GAP, _TOKEN), min_size=1, max_size=12), _COLUMNS)
def test_the_search_plans_every_row_as_the_exhaustive_search_did(label, tokens, columns):
    parts = figure_run(label + "".join(gap + token for gap, token in tokens))
    if parts:
        assert numbers._plan(parts, columns) == _reference_plan(parts, columns)


_GROUP = st.one_of(st.integers(0, 999).map(lambda n: f"{n:03}"), st.integers(1, 99).map(str),
                   st.integers(1, 999).map(lambda n: f"-{n}"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([" "] * 12 + ["  "]), _GROUP), min_size=2, max_size=16), st.integers(2, 8))
def test_digit_groups_one_space_apart_are_planned_as_the_exhaustive_search_did(groups, columns):
    # Runs of digit groups are where the ways to split multiply, and where the reference weighs only its first 2000.
    parts = figure_run("Rad" + "".join(gap + group for gap, group in groups))
    assert numbers._plan(parts, columns) == _reference_plan(parts, columns)


def test_more_ways_than_are_weighed_are_cut_where_the_exhaustive_search_cut_them():
    groups = " ".join(f"{100 + 7 * i}" for i in range(20))  # 20 groups into 8 figures: thousands of ways
    parts = figure_run("Rad " + groups)
    assert len(_reference_segmentations(parts, 8)) == _REFERENCE_MAX
    assert numbers._plan(parts, 8) == _reference_plan(parts, 8)


# ---- through the CLI: no row takes long ----

def _years(count):
    return " ".join(str(year) for year in range(2025, 2025 - count, -1))


def _run(*args, timeout=30):
    """The CLI, as run_cli runs it, in a time it must finish in (some 10x what it takes): a hang fails the test."""
    return subprocess.run([sys.executable, "-m", "finsam_lint", *map(str, args)], capture_output=True, cwd=ROOT,
                          timeout=timeout)


def test_a_row_of_64_digit_groups_under_12_periods_is_read_at_once(tmp_path):
    # The 338-byte file of issue 17, which ran for minutes: no 12 figures can be made of all 64 groups,
    # and the search tried every way before trying a shorter run. The label keeps 4 groups; 12 figures of 5 remain.
    groups = [str(n) for n in random.Random(17).choices(range(100, 1000), k=64)]
    report = tmp_path / "report.txt"
    report.write_text(f"Resultaträkning {_years(12)}\nSumma {' '.join(groups)}\n", encoding="utf-8")
    assert report.stat().st_size < 400
    result = _run("tables", "--format", "json", report)
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)["files"][0]["tables"][0]["rows"]
    assert row["label"] == "Summa " + " ".join(groups[:4])
    assert row["values"] == ["".join(groups[i : i + 5]) for i in range(4, 64, 5)]


def test_many_columns_of_two_group_figures_are_read_in_linear_time(tmp_path):
    # 25 and 30 columns over 100 rows took 16 s and 49 s. No split of these rows is certain: FL003, unread.
    rng = random.Random(25)
    for columns in (25, 30):
        rows = [" ".join(f"{rng.randint(1, 999)} {rng.randint(0, 999):03}" for _ in range(columns)) for _ in range(100)]
        report = tmp_path / f"drift{columns}.txt"
        report.write_text("\n".join(["Driftredovisning", f"Kr {_years(columns)}", *(f"Rad {row}" for row in rows)]) + "\n",
                          encoding="utf-8")
        result = _run("-q", "--select", "FL003", report)
        assert result.returncode == 0, result.stderr
        assert f"{report}:3:1: FL003" in result.stdout.decode()
        assert "100 of its 100 rows" in result.stdout.decode()


def test_a_row_the_search_gives_up_on_is_reported_unread(tmp_path):
    # 20 groups into 8 figures, then 20 figures that split one way only ("5 012": a group with a leading
    # zero cannot start one). Two spaces mark one way to split the 20 groups apart from thousands of
    # others, so the exhaustive search read the row (after 17 s), but only after more steps than the
    # search may take: the row is left unread, FL003, and the table's other row is read.
    groups = [f"{100 + 37 * i % 900}" for i in range(20)]
    spaced = groups[0] + "".join(("  " if i in (1, 2, 3, 4, 5, 10, 15) else " ") + group for i, group in enumerate(groups) if i)
    report = tmp_path / "report.txt"
    report.write_text("\n".join(["Driftredovisning", f"Kr {_years(28)}", "Summa " + " ".join(["5 012"] * 28),
                                 f"Rad {spaced} {' '.join(['5 012'] * 20)}"]) + "\n", encoding="utf-8")
    result = _run("-q", report)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert f"{report}:4:1: FL003" in out and "1 of its 2 rows" in out
    rows = json.loads(_run("tables", "--format", "json", report).stdout)["files"][0]["tables"][0]["rows"]
    assert [row["values"] == [None] * 28 for row in rows] == [False, True]
