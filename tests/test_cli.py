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
