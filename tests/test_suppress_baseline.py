"""Inline suppressions and baselines, on the 2023 annual report with its known errors."""

import json

from conftest import EXAMPLES, run_cli, seed

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


# The shipped clean example with one wrong total: note 3's 2024 total says 8 520 where its one row, and the
# income statement's "Finansiella intäkter  Not 3", say 8 420. FL104 reports the total; FL301 stays silent,
# since the statement agrees with what the note's rows sum to.
NOTE_TOTAL = "Summa finansiella intäkter\t8 420\t5 130"
NOTE_ROW = "Ränteintäkter\t8 420\t5 130"


def wrong_note_total(tmp_path, total_suffix="", row_suffix="", name="report.txt"):
    text = (EXAMPLES / "arsredovisning-2024-ren.txt").read_text(encoding="utf-8")
    assert NOTE_TOTAL in text and NOTE_ROW in text
    text = text.replace(NOTE_TOTAL, NOTE_TOTAL.replace("8 420", "8 520") + total_suffix)
    text = text.replace(NOTE_ROW, NOTE_ROW + row_suffix)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text.split("\n").index(NOTE_TOTAL.replace("8 420", "8 520") + total_suffix) + 1


def statement_line(text):
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("Finansiella intäkter\tNot 3"))


def test_ignoring_the_footing_finding_leaves_the_note_mismatch_it_stood_for(tmp_path):
    path, total = wrong_note_total(tmp_path)
    statement = statement_line(path.read_text(encoding="utf-8"))
    assert found(run_cli("--format", "json", path)) == [("FL104", total)]
    # in config: the footing rule does not run
    (tmp_path / "finsam-lint.toml").write_text('ignore = ["FL104"]\n', encoding="utf-8")
    assert found(run_cli("--format", "json", path)) == [("FL301", statement)]
    # per file
    (tmp_path / "finsam-lint.toml").write_text('[per-file-ignores]\n"report.txt" = ["FL104"]\n', encoding="utf-8")
    assert found(run_cli("--format", "json", path)) == [("FL301", statement)]
    (tmp_path / "finsam-lint.toml").unlink()
    # inline, in each documented comment form and as noqa
    for marker in ("<!-- finsam-lint: ignore[FL104] -->", "[//]: # (finsam-lint: ignore[note-footing])",
                   "<!-- noqa: FL104 -->", "[//]: # (finsam-lint: noqa)", "# noqa: FL104", "<!-- noqa: fl104 -->"):
        marked, _ = wrong_note_total(tmp_path, " " + marker)
        result = run_cli("--format", "json", marked)
        assert found(result) == [("FL301", statement)], marker
        assert result.returncode == 1


def test_a_plain_trailing_hash_is_text_and_hides_nothing(tmp_path):
    for total_suffix, row_suffix in ((" #", ""), ("\t#", ""), ("", " #"), ("", "\t#")):
        path, total = wrong_note_total(tmp_path, total_suffix, row_suffix)
        result = run_cli("--format", "json", path)
        assert found(result) == [("FL104", total)], (total_suffix, row_suffix)


def test_a_marker_that_is_not_understood_is_a_warning(tmp_path):
    path, total = wrong_note_total(tmp_path, " <!-- finsam-lint: ignor[FL104] -->")
    result = run_cli("--format", "json", path)
    by_rule = {f["rule"]: f for f in json.loads(result.stdout)["findings"]}
    assert set(by_rule) == {"FL104", "FL002"} and by_rule["FL002"]["line"] == total
    assert "not understood" in by_rule["FL002"]["message"]


def test_a_baseline_accepts_only_the_same_figures_and_reports_stale_entries(tmp_path):
    path, total = wrong_note_total(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert run_cli("--write-baseline", baseline, path).returncode == 0
    assert run_cli("--baseline", baseline, path).returncode == 0
    # the same total, now wrong by another amount: a new finding, and the old entry is stale
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Summa finansiella intäkter\t8 520", "Summa finansiella intäkter\t8 620"), encoding="utf-8")
    changed = run_cli("--format", "json", "--baseline", baseline, path)
    assert changed.returncode == 1 and found(changed) == [("FL104", total)]
    assert b"1 baseline entry" in changed.stderr and b"stale" in changed.stderr
    # fixed: nothing new, the entry stale; written again, the baseline holds no entry
    path.write_text(text.replace("Summa finansiella intäkter\t8 520", "Summa finansiella intäkter\t8 420"), encoding="utf-8")
    fixed = run_cli("--baseline", baseline, path)
    assert fixed.returncode == 0 and b"stale" in fixed.stderr and b"stale" in fixed.stdout
    assert run_cli("--write-baseline", baseline, path).returncode == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"] == {}
    assert b"stale" not in run_cli("--baseline", baseline, path).stderr
