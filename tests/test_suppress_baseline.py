"""Inline suppressions and baselines, on the 2023 annual report with its known errors."""

import json

from conftest import run_cli, seed

REPORT = "halland-arsredovisning-2023.txt"
STATE, HYLTE, VARBERG = 433, 437, 440  # FL201 member-fee-share findings on these lines


def copy(tmp_path, edits=None):
    """The report in tmp_path, with a line number -> function(line) applied to the lines given."""
    lines = seed(REPORT).read_text(encoding="utf-8").split("\n")
    for number, edit in (edits or {}).items():
        lines[number - 1] = edit(lines[number - 1])
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def found(result):
    return [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def mark(marker):
    return lambda line: line + " " + marker


def test_a_comment_at_the_end_of_a_table_row_leaves_its_figures_as_they_were(tmp_path):
    plain = run_cli("tables", "--format", "json", copy(tmp_path)).stdout
    for marker in ("<!-- finsam-lint: ignore[FL201] -->", "[//]: # (finsam-lint: ignore[FL201])"):
        marked = run_cli("tables", "--format", "json", copy(tmp_path, {HYLTE: mark(marker), HYLTE + 1: mark("<!-- x")}))
        assert json.loads(marked.stdout)["files"][0]["tables"] == json.loads(plain)["files"][0]["tables"]


def test_markers_silence_the_findings_on_their_line(tmp_path):
    path = copy(tmp_path, {
        HYLTE: mark("<!-- finsam-lint: ignore[FL201] -->"),
        VARBERG: mark("[//]: # (finsam-lint: ignore[member-fee-share,FL104])"),
        STATE: mark("finsam-lint: ignore"),
    })
    result = run_cli("--format", "json", path)
    assert not {line for rule, line in found(result) if rule == "FL201"}
    assert ("FL104", 536) in found(result)
    # the part of a marker that silenced nothing is reported
    [unused] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "FL002"]
    assert unused["line"] == VARBERG and "no FL104 finding" in unused["message"]


def test_a_marker_that_silences_nothing_is_a_warning(tmp_path):
    path = copy(tmp_path, {
        10: mark("<!-- finsam-lint: ignore -->"),
        HYLTE: mark("<!-- finsam-lint: ignore[FL201,FL104,FL2O1] -->"),
    })
    result = run_cli("--format", "json", path)
    findings = {f["line"]: f for f in json.loads(result.stdout)["findings"] if f["rule"] == "FL002"}
    assert set(findings) == {10, HYLTE}
    assert findings[10]["severity"] == "warning" and findings[10]["name"] == "unused-suppression"
    assert "FL104" in findings[HYLTE]["message"] and "'FL2O1' is not a rule" in findings[HYLTE]["message"]
    assert "did you mean 'FL201'" in findings[HYLTE]["message"]
    assert "FL002" not in {rule for rule, _ in found(run_cli("--format", "json", "--ignore", "FL002", path))}
    # a marker for a rule left out of this run is idle, not unused
    idle = copy(tmp_path, {HYLTE: mark("<!-- finsam-lint: ignore[FL104] -->")})
    assert ("FL002", HYLTE) not in found(run_cli("--format", "json", "--ignore", "FL104", idle))


def test_baseline_round_trip(tmp_path):
    path = copy(tmp_path)
    baseline = tmp_path / "baseline.json"
    known = len(json.loads(run_cli("--format", "json", path).stdout)["findings"])
    written = run_cli("--write-baseline", baseline, path)
    assert written.returncode == 0 and f"{known} known findings accepted".encode() in written.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert sum(entry["count"] for entry in data["findings"].values()) == known
    assert all(entry["path"] == "report.txt" for entry in data["findings"].values())

    # lines added above every finding: all of them still known
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:5] + ["Ett tillägg.", "", "Ännu en rad."] + lines[5:]), encoding="utf-8")
    again = run_cli("--baseline", baseline, path, cwd="/")  # run from elsewhere: paths are the baseline's
    assert again.returncode == 0, again.stdout.decode()
    assert b"0 errors" in again.stdout and f"{known} known findings accepted by the baseline".encode() in again.stdout
    assert f"{known} known findings accepted".encode() in again.stderr

    # a figure changed elsewhere, a new error: only it is reported
    text = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(text, start=1) if "Summa medlemsavgifter" in line)
    text[number - 1] = text[number - 1].replace("19 108 000", "19 108 500")
    path.write_text("\n".join(text), encoding="utf-8")
    new = run_cli("--format", "json", "--baseline", baseline, path)
    assert new.returncode == 1
    assert found(new) == [("FL104", number)]


def test_a_bad_baseline_is_a_one_line_error(tmp_path):
    path = copy(tmp_path)
    for content in ("not json", '{"findings": {}}', '{"format": "finsam-lint-baseline", "version": 9, "findings": {}}'):
        (tmp_path / "b.json").write_text(content)
        result = run_cli("--baseline", tmp_path / "b.json", path)
        assert result.returncode == 2 and result.stderr.decode().count("\n") == 1 and "b.json" in result.stderr.decode()
    assert run_cli("--baseline", tmp_path / "missing.json", path).returncode == 2
