"""The command line as users meet it: exit codes, encodings, stdin, the JSON contract, rule docs."""

import json

from conftest import EXAMPLES, run_cli, seed

NOTE = "NOT 1 Medlemsavgifter\t2024\t2023\nStaten 50 %\t600\t500\nRegion 25 %\t300\t250\nKommunen 25 %\t300\t250\nSumma medlemsavgifter\t1 200\t1 000\n"


def findings(result):
    return json.loads(result.stdout)["findings"]


def test_clean_example_exits_0_and_faulty_exits_1():
    assert run_cli(EXAMPLES / "arsredovisning-2024-ren.txt").returncode == 0
    result = run_cli(EXAMPLES / "arsredovisning-2024-fel.txt")
    assert result.returncode == 1
    assert b"FL201 [error]" in result.stdout


def test_latin1_file_is_read(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(NOTE.replace("Summa medlemsavgifter\t1 200", "Summa medlemsavgifter f\u00f6r \u00e5ret\t1 300").encode("cp1252"))
    result = run_cli("--format", "json", path)
    assert result.returncode == 1
    [finding] = findings(result)
    assert finding["rule"] == "FL104" and finding["line"] == 5
    assert "för året" in finding["message"]


def test_bom_and_stdin(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NOTE.encode("utf-8"))
    assert run_cli(path).returncode == 0
    result = run_cli("--format", "json", "-", input=NOTE.replace("1 200", "1 250").encode())
    assert result.returncode == 1
    assert findings(result)[0]["path"] == "-"


def test_empty_and_binary_input_are_one_line_errors(tmp_path):
    empty, binary = tmp_path / "empty.txt", tmp_path / "bin.txt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01\xff\xfe binary")
    for path in (empty, binary):
        result = run_cli(path)
        assert result.returncode == 2
        assert result.stderr.decode().count("\n") == 1 and str(path) in result.stderr.decode()
    result = run_cli("-", input=b"\x00\x01\xff\xfe binary")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_json_contract_on_the_2023_annual_report():
    result = run_cli("--format", "json", seed("halland-arsredovisning-2023.txt"))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data["summary"]) >= {"files", "errors", "warnings", "infos"}
    by_line = {f["line"]: f for f in data["findings"] if f["rule"] == "FL201"}
    for line, expected in ((437, "191080"), (440, "955400")):
        finding = by_line[line]
        assert finding["expected"] == expected and finding["difference"] == "100"
        assert set(finding) >= {"rule", "name", "severity", "path", "line", "end_line", "message",
                                "expected", "actual", "difference", "related"}
        assert finding["name"] == "member-fee-share" and finding["severity"] == "error"
        assert all(set(r) == {"path", "line"} for r in finding["related"])


def test_budget_minutes_flag_the_same_member_rows():
    result = run_cli("--format", "json", seed("halland-protokoll-2023-12-15-budget.txt"))
    lines = {f["line"] for f in findings(result) if f["rule"] == "FL201"}
    assert {115, 121} <= lines


def test_minutes_without_discrepancies_have_no_error():
    for name in ("halland-protokoll-2021-10-08.txt", "kalmar-protokoll-2023-10-27.txt"):
        result = run_cli("--format", "json", seed(name))
        assert result.returncode == 0
        assert not [f for f in findings(result) if f["severity"] == "error"]


def test_select_and_ignore_take_codes_and_names():
    path = EXAMPLES / "arsredovisning-2024-fel.txt"
    only = findings(run_cli("--format", "json", "--select", "member-fee-share", path))
    assert {f["rule"] for f in only} == {"FL201"}
    rest = findings(run_cli("--format", "json", "--ignore", "FL201,note-footing", path))
    assert not {"FL201", "FL104"} & {f["rule"] for f in rest}
    bad = run_cli("--select", "FL999", path)
    assert bad.returncode == 2 and b"FL999" in bad.stderr


def test_exit_zero_never_hides_a_failure(tmp_path):
    assert run_cli("--exit-zero", EXAMPLES / "arsredovisning-2024-fel.txt").returncode == 0
    assert run_cli("--exit-zero", tmp_path / "missing.txt").returncode == 2


def test_rules_listing_and_documentation():
    listing = run_cli("rules").stdout.decode()
    assert "FL201" in listing and "member-fee-share" in listing
    for ident in ("FL201", "member-fee-share"):
        doc = run_cli("rule", ident)
        assert doc.returncode == 0
        assert "Why it matters" in doc.stdout.decode() and "Example" in doc.stdout.decode()
    assert run_cli("rule", "FL999").returncode == 2


def test_tables_command_text_output():
    result = run_cli("tables", EXAMPLES / "arsredovisning-2024-ren.txt")
    assert result.returncode == 0
    assert "RESULTATRÄKNING" in result.stdout.decode()


def test_progress_bar_on_a_terminal_only(tmp_path):
    import shutil
    import subprocess
    import sys

    for i in range(6):
        shutil.copy(EXAMPLES / "arsredovisning-2024-ren.txt", tmp_path / f"r{i}.txt")
    assert b"files" not in run_cli("-q", tmp_path).stderr  # not a terminal: no bar
    if not shutil.which("script"):
        return
    log = tmp_path / "typescript"
    command = f"{sys.executable} -m finsam_lint -q {tmp_path}"
    subprocess.run(["script", "-qc", command, str(log)], capture_output=True, timeout=120, cwd=EXAMPLES.parent)
    assert "] 6/6 files" in log.read_text(encoding="utf-8", errors="replace")


def test_rules_load_from_a_source_checkout():
    """CI runs the tests in the repository root: the source tree, not the installed package, is imported."""
    import subprocess
    import sys
    from pathlib import Path

    import pyparsing

    from finsam_lint.rules import load_rules

    # -S: no site-packages, so no editable-install finder lends the source tree its rules package
    code = "import sys; sys.path[:0] = sys.argv[1:]; from finsam_lint.rules import load_rules; print(len(load_rules()))"
    library = str(Path(pyparsing.__file__).parent.parent)
    result = subprocess.run([sys.executable, "-S", "-c", code, str(EXAMPLES.parent), library],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str(len(load_rules())), result.stderr


def test_version_and_output_format_alias():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.decode().startswith("finsam-lint ")
    assert result.stdout.decode().split()[1][0].isdigit()
    path = EXAMPLES / "arsredovisning-2024-fel.txt"
    assert run_cli("--output-format", "json", path).stdout == run_cli("--format", "json", path).stdout


def test_selection_by_prefix_all_and_extend_on_the_command_line():
    path = EXAMPLES / "arsredovisning-2024-fel.txt"
    every = {f["rule"] for f in findings(run_cli("--format", "json", path))}
    assert len(every) > 2
    assert {f["rule"] for f in findings(run_cli("--format", "json", "--select", "ALL", path))} == every
    footing = {rule for rule in every if rule.startswith("FL1")}
    assert footing and {f["rule"] for f in findings(run_cli("--format", "json", "--select", "FL1", path))} == footing
    assert {f["rule"] for f in findings(run_cli("--format", "json", "--select", "fl20", path))} == {"FL201"}
    extended = findings(run_cli("--format", "json", "--select", "FL1", "--extend-select", "FL201", path))
    assert {f["rule"] for f in extended} == footing | {"FL201"}
    rest = findings(run_cli("--format", "json", "--extend-ignore", "FL2", path))
    assert {f["rule"] for f in rest} == {rule for rule in every if not rule.startswith("FL2")}
    assert run_cli("--select", "FL9", path).returncode == 2


def test_stdin_filename_names_the_report_for_messages_and_per_file_ignores(tmp_path):
    (tmp_path / "finsam-lint.toml").write_text('[per-file-ignores]\n"arkiv/*.txt" = ["FL104"]\n')
    text = NOTE.replace("1 200", "1 250").encode()
    named = run_cli("--format", "json", "--stdin-filename", "utkast/ar.txt", "-", input=text, cwd=tmp_path)
    assert [(f["rule"], f["path"]) for f in findings(named)] == [("FL104", "utkast/ar.txt")]
    text_output = run_cli("--stdin-filename", "utkast/ar.txt", "-", input=text, cwd=tmp_path).stdout.decode()
    assert text_output.startswith("utkast/ar.txt:5:")
    ignored = run_cli("--format", "json", "--stdin-filename", "arkiv/ar.txt", "-", input=text, cwd=tmp_path)
    assert ignored.returncode == 0 and findings(ignored) == []


def test_rule_in_any_case_rule_all_and_rules_as_json():
    assert run_cli("rule", "fl201").stdout == run_cli("rule", "FL201").stdout
    assert run_cli("rule", "Member-Fee-Share").stdout == run_cli("rule", "FL201").stdout
    listed = json.loads(run_cli("rules", "--format", "json").stdout)["rules"]
    codes = [rule["code"] for rule in listed]
    assert "FL201" in codes and set(listed[0]) >= {"code", "name", "severity", "summary"}
    every = run_cli("rule", "--all").stdout.decode()
    assert all(f"{code} " in every for code in codes) and every.count("Why it matters") > 10
    assert run_cli("rule").returncode == 2


def test_a_mistyped_subcommand_gets_did_you_mean():
    result = run_cli("rulse")
    assert result.returncode == 2 and b"did you mean" in result.stderr and b"'rules'" in result.stderr
    assert result.stderr.decode().count("\n") == 1


def test_statistics_is_refused_where_it_would_be_ignored():
    path = EXAMPLES / "arsredovisning-2024-fel.txt"
    result = run_cli("--statistics", "--format", "json", path)
    assert result.returncode == 2 and b"--statistics" in result.stderr and result.stdout == b""
    assert run_cli("--statistics", path).returncode == 1


def test_the_column_of_a_figure_finding_is_where_the_figure_stands(tmp_path):
    path = tmp_path / "note.md"  # markdown: the column is in the line as written, pipes and all
    path.write_text("| NOT 1 Medlemsavgifter | 2024 | 2023 |\n| --- | --- | --- |\n"
                    "| Staten 50 % | 600 | 500 |\n| Region 25 % | 300 | 250 |\n| Kommunen 25 % | 300 | 250 |\n"
                    "| Summa medlemsavgifter | 1 250 | 1 000 |\n", encoding="utf-8")
    [finding] = findings(run_cli("--format", "json", path))
    line = path.read_text(encoding="utf-8").split("\n")[finding["line"] - 1]
    assert finding["rule"] == "FL104" and line[finding["column"] - 1:].startswith("1 250")


YEAR = "Årsredovisning {year} för Samordningsförbundet Exempeldalen\nRESULTATRÄKNING (kr)\t{year}\t{last}\n{rows}"


def test_a_shifted_comparison_column_is_one_finding_that_says_so(tmp_path):
    rows_2023 = {"Verksamhetens intäkter": ("12 000 000", "11 600 000"), "Verksamhetens kostnader": ("-11 978 200", "-11 515 650"),
                 "Finansiella poster": ("0", "0"), "Årets resultat": ("21 800", "84 350")}
    this_year = {"Verksamhetens intäkter": "12 045 300", "Verksamhetens kostnader": "-11 977 455",
                 "Finansiella poster": "0", "Årets resultat": "67 845"}
    (tmp_path / "2023.txt").write_text(YEAR.format(year=2023, last=2022, rows="".join(
        f"{label}\t{now}\t{before}\n" for label, (now, before) in rows_2023.items())), encoding="utf-8")
    # the 2024 report's 2023 column copied from the 2023 report's 2022 column
    (tmp_path / "2024.txt").write_text(YEAR.format(year=2024, last=2023, rows="".join(
        f"{label}\t{this_year[label]}\t{before}\n" for label, (_, before) in rows_2023.items())), encoding="utf-8")
    [finding] = findings(run_cli("--format", "json", "--select", "FL801", tmp_path, cwd=tmp_path))
    assert finding["path"].endswith("2024.txt") and finding["line"] == 3
    assert "the 2023 column does not match the 2023 report" in finding["message"]
    assert "3 of 4 figures differ; they match its 2022 column" in finding["message"]
    assert [r["line"] for r in finding["related"]] == [4, 6]
    # one figure copied wrong is still told as that figure
    text = (tmp_path / "2024.txt").read_text(encoding="utf-8")
    (tmp_path / "2024.txt").write_text(text.replace("\t11 600 000", "\t12 000 000").replace("-11 515 650", "-11 978 200")
                                       .replace("67 845\t84 350", "67 845\t21 900"), encoding="utf-8")
    [single] = findings(run_cli("--format", "json", "--select", "FL801", tmp_path))
    assert (single["line"], single["expected"], single["actual"]) == (6, "21800", "21900")


def test_a_member_fee_finding_relates_the_rows_that_set_the_consensus_only(tmp_path):
    path = tmp_path / "r.txt"
    rows = [("Staten 50 %", "6 000 000"), ("Region 25 %", "3 000 000"), ("Norrby kommun 12 %", "1 440 000"),
            ("Söderå kommun 8 %", "690 000"), ("Västerlid kommun 5 %", "700 000")]
    path.write_text("NOT 1 Medlemsavgifter\t2024\n" + "".join(f"{label}\t{fee}\n" for label, fee in rows)
                    + "Summa medlemsavgifter\t11 830 000\n", encoding="utf-8")
    wrong = {f["line"]: f for f in findings(run_cli("--format", "json", "--select", "FL201", path))}
    assert set(wrong) == {5, 6}  # Söderå and Västerlid: 3 of 5 fees agree on 12 000 000
    assert [r["line"] for r in wrong[5]["related"]] == [2, 3, 4]  # not Västerlid's wrong fee
    assert [r["line"] for r in wrong[6]["related"]] == [2, 3, 4]
