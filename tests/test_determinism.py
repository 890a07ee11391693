"""The same input gives the same output: byte for byte in every format, and file by file as in a directory.

A linter in CI whose output changes between runs makes every diff noise and
every baseline useless. Each format in finsam_lint.output.FORMATS (read at test
time) is run twice on the same files; and each file checked alone must give
the findings it gives when its directory is checked, except for rules that
compare files with each other (SCOPE "set"), which can only speak when they
see several files.
"""

import json
import shutil

import pytest

from conftest import EXAMPLES, SEEDS, run_cli

from finsam_lint.checks import KINDS
from finsam_lint.output import FORMATS
from finsam_lint.rules import load_rules

# The HTML report records the date it was made: a fixed one (as a reproducible build fixes it) for the runs
# compared here.
FIXED_DATE = {"SOURCE_DATE_EPOCH": "1735689600"}
CROSS_FILE = {rule.code for rule in load_rules() if getattr(KINDS[rule.kind], "SCOPE", "document") == "set"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The examples and seeds, copied into one directory (relative names keep paths the same in every run)."""
    folder = tmp_path_factory.mktemp("reports")
    sources = sorted(EXAMPLES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    if not sources:
        pytest.skip("no report texts available")
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_is_byte_identical_on_a_second_run(fmt, reports):
    first = run_cli("--format", fmt, ".", cwd=reports, env=FIXED_DATE)
    second = run_cli("--format", fmt, ".", cwd=reports, env=FIXED_DATE)
    assert first.returncode in (0, 1), first.stderr
    assert first.returncode == second.returncode
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_is_identical_whatever_the_order_of_the_arguments(fmt, reports):
    names = sorted(p.name for p in reports.glob("*.txt"))
    forward = run_cli("--format", fmt, *names, cwd=reports, env=FIXED_DATE)
    backward = run_cli("--format", fmt, *reversed(names), cwd=reports, env=FIXED_DATE)
    assert forward.returncode == backward.returncode
    if fmt == "json":  # files are reported in the order given; the findings of each file are the same
        key = lambda f: (f["path"], f["line"], f["rule"], f["message"])  # noqa: E731
        assert sorted(json.loads(forward.stdout)["findings"], key=key) == sorted(json.loads(backward.stdout)["findings"], key=key)


def _findings(result):
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] not in CROSS_FILE]


def test_one_by_one_equals_the_directory(reports):
    together = _findings(run_cli("--format", "json", ".", cwd=reports))
    alone = []
    for path in sorted(reports.glob("*.txt")):
        alone.extend(_findings(run_cli("--format", "json", path.name, cwd=reports)))
    key = lambda f: (f["path"], f["line"], f["rule"], f["message"])  # noqa: E731
    assert sorted(together, key=key) == sorted(alone, key=key)


def test_summary_counts_add_up_over_the_files(reports):
    together = json.loads(run_cli("--format", "json", ".", cwd=reports).stdout)["summary"]
    total = {"files": 0, "figures": 0}
    for path in sorted(reports.glob("*.txt")):
        summary = json.loads(run_cli("--format", "json", path.name, cwd=reports).stdout)["summary"]
        for key in total:
            total[key] += summary[key]
    assert together["files"] == total["files"]
    assert together["figures"] >= total["figures"]  # cross-file rules may verify more


def test_stdin_equals_the_file(reports):
    path = reports / "arsredovisning-2024-fel.txt"
    if not path.exists():
        pytest.skip("example missing")
    from_file = json.loads(run_cli("--format", "json", path.name, cwd=reports).stdout)["findings"]
    from_stdin = json.loads(run_cli("--format", "json", "-", input=path.read_bytes(), cwd=reports).stdout)["findings"]
    strip = lambda fs: [{k: v for k, v in f.items() if k not in ("path", "related")} for f in fs]  # noqa: E731
    assert strip(from_file) == strip(from_stdin)


def test_line_endings_do_not_change_the_findings(reports, tmp_path):
    for name in ("arsredovisning-2024-fel.txt", "halland-arsredovisning-2023.txt"):
        source = reports / name
        if not source.exists():
            continue
        unix = source.read_bytes().replace(b"\r\n", b"\n")
        (tmp_path / "unix.txt").write_bytes(unix)
        (tmp_path / "dos.txt").write_bytes(unix.replace(b"\n", b"\r\n"))
        results = [json.loads(run_cli("--format", "json", n, cwd=tmp_path).stdout)["findings"] for n in ("unix.txt", "dos.txt")]
        strip = lambda fs: [(f["line"], f["rule"], f["message"]) for f in fs]  # noqa: E731
        assert strip(results[0]) == strip(results[1])
