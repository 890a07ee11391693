"""Bad input: never a traceback, never a silent pass.

Every input the tool cannot read is exit 2 with one line on stderr that names
the file. Input it can read, however odd, is exit 0 or 1 and no traceback.

Decisions documented here:
- NUL bytes anywhere in a text file make it binary (exit 2): a report exported
  as text holds none, and reading past them would hide a broken export.
- Invalid UTF-8 in the middle of a file is not an error: the file is read as
  cp1252 (what Word and Excel on Windows write) and checked; exit 0 or 1.
- A malformed figure ("1 2345 678", "12,34,56", "--5") is never read as a
  figure in a tab-separated table: the row is left out of the checks, and no
  finding points at its line.
"""

import json
import os
import shlex
import subprocess
import sys

import pytest

from conftest import EXAMPLES, run_cli

CLEAN = EXAMPLES / "arsredovisning-2024-ren.txt"
NOTE = "NOT 1 Medlemsavgifter\t2024\t2023\nStaten 50 %\t600\t500\nRegion 25 %\t300\t250\nKommunen 25 %\t300\t250\nSumma medlemsavgifter\t1 200\t1 000\n"


def assert_one_line_error(result, name):
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert str(name) in err, err


def assert_ran(result):
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err


def json_findings(result):
    return json.loads(result.stdout)["findings"]


# --- files the tool cannot read: exit 2, one line naming the file -------------------------------


def test_missing_path(tmp_path):
    path = tmp_path / "saknas.txt"
    assert_one_line_error(run_cli(path), path)


def test_missing_path_beside_a_good_one(tmp_path):
    path = tmp_path / "saknas.txt"
    assert_one_line_error(run_cli(CLEAN, path), path)


def test_directory_without_text_files(tmp_path):
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "data.csv").write_text("a;b\n1;2\n")
    assert_one_line_error(run_cli(tmp_path), tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    assert_one_line_error(run_cli(path), path)


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n\t \r\n")
    assert_one_line_error(run_cli(path), path)


def test_binary_file(tmp_path):
    path = tmp_path / "bild.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert_one_line_error(run_cli(path), path)


def test_binary_without_nul(tmp_path):
    path = tmp_path / "kontroll.txt"
    path.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 200)
    assert_one_line_error(run_cli(path), path)


def test_nul_bytes_inside_text(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(NOTE.replace("600", "6\x0000").encode("utf-8"))
    assert_one_line_error(run_cli(path), path)


def test_one_bad_file_in_a_directory_names_that_file(tmp_path):
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    assert_one_line_error(run_cli(tmp_path), bad)


# --- odd but readable input: exit 0 or 1, no traceback ------------------------------------------


def test_invalid_utf8_in_the_middle_is_read_as_cp1252(tmp_path):
    path = tmp_path / "blandat.txt"
    data = NOTE.encode("utf-8").replace(b"Kommunen", b"Kommunen \xe5\xe4\xf6 \xff")
    path.write_bytes(data)
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert result.returncode == 0  # the note is consistent; the bytes only change a label
    assert json.loads(result.stdout)["summary"]["figures"] > 0


def test_invalid_utf8_still_finds_the_error(tmp_path):
    path = tmp_path / "blandat.txt"
    data = NOTE.replace("1 200", "1 300").encode("utf-8").replace(b"Kommunen", b"Kommunen \xff\xfe")
    path.write_bytes(data)
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert result.returncode == 1
    assert 5 in {f["line"] for f in json_findings(result)}


def test_fifty_megabytes(tmp_path):
    """A whole report followed by 50 MB of prose: it completes, and the report's figures are checked."""
    path = tmp_path / "stor.txt"
    paragraph = ("Förbundet har under året arbetat med samverkan mellan parterna och utvecklat insatserna "
                 "för deltagarna i länet. ") * 8 + "\n\n"
    chunk = paragraph * 1000
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(CLEAN.read_text(encoding="utf-8"))
        size = 0
        while size < 50 * 1024 * 1024:
            handle.write(chunk)
            size += len(chunk.encode("utf-8"))
    result = run_cli("-q", "--format", "json", path)
    assert_ran(result)
    assert json.loads(result.stdout)["summary"]["figures"] > 0


@pytest.mark.parametrize("line", [
    "Verksamhetens intäkter " + "1 234 567 " * 500_000,  # 5 MB of figures on one line
    "Resultaträkning\t2024\t2023\nIntäkter\t" + "x" * 5_000_000 + "\t3",  # a 5 MB cell
    "a" * 5_000_000,  # 5 MB without a space
    "<b>" * 1_000_000 + "Summa 1 000",  # 3 MB of tags
])
def test_five_megabyte_line(tmp_path, line):
    path = tmp_path / "rad.txt"
    path.write_text(line + "\n", encoding="utf-8")
    result = run_cli("-q", path)
    assert_ran(result)


@pytest.mark.parametrize("text", [
    "RESULTATRÄKNING (kr)\n\t2024\t2023\n",  # a header and nothing else
    "RESULTATRÄKNING (kr)\n\t2024\t2023\nVerksamhetens intäkter\t1 000",  # cut off, no final newline
    "BALANSRÄKNING (kr)\n\t2024\t2023\nKassa och bank\t5 000\t4 000\nSumma tillgångar\t\t\t\t\t\t9\n",
    "| Not 1 | 2024 | 2023 |\n|---|---|\n| Staten 50 % | 600 |\n| Summa |\n",  # markdown with missing cells
    "2024 2023\n1 2 3 4 5 6 7 8 9 10 11 12 13\n\t\t\t\n2024\n",
    "Summa tillgångar 1 000 1 000\n" * 3,  # rows without a header
    "\t" * 10_000 + "\n" + "2024\t" * 5000 + "\n" + "1\t" * 5000 + "\n",  # very wide tables
])
def test_malformed_or_truncated_table(tmp_path, text):
    path = tmp_path / "trasig.txt"
    path.write_text(text, encoding="utf-8")
    assert_ran(run_cli(path))


MALFORMED = {3: "1 2345 678", 4: "12,34,56", 5: "--5"}


def _malformed_note(separator: str) -> str:
    return "\n".join([
        f"NOT 7 Fordringar{separator}2024{separator}2023",
        f"Upplupna intäkter{separator}400 000{separator}400 000",
        f"Kundfordringar{separator}{MALFORMED[3]}{separator}100 000",
        f"Skattekonto{separator}{MALFORMED[4]}{separator}200 000",
        f"Övriga fordringar{separator}{MALFORMED[5]}{separator}300 000",
    ]) + "\n"


@pytest.mark.parametrize("separator", ["\t", " "])
def test_malformed_figures_in_a_table(tmp_path, separator):
    """No crash, and nothing but the warning that a row could not be read points at a malformed figure."""
    path = tmp_path / "figurer.txt"
    path.write_text(_malformed_note(separator), encoding="utf-8")
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert not {f["line"] for f in json_findings(result) if f["rule"] != "FL003"} & set(MALFORMED)


def test_malformed_figures_are_not_read_in_a_tab_table(tmp_path):
    path = tmp_path / "figurer.txt"
    path.write_text(_malformed_note("\t"), encoding="utf-8")
    result = run_cli("tables", "--format", "json", path)
    assert result.returncode == 0
    rows = {row["line"]: row["values"] for row in json.loads(result.stdout)["files"][0]["tables"][0]["rows"]}
    for line in MALFORMED:
        assert rows.get(line, [None, None]) == [None, None]


@pytest.mark.parametrize("separator", ["\t", " "])
def test_malformed_figures_above_a_total_give_no_error(tmp_path, separator):
    path = tmp_path / "figurer.txt"
    lines = _malformed_note(separator).splitlines()
    lines = [lines[0], *lines[2:], lines[1], f"Summa fordringar{separator}1 900 000{separator}1 000 000"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert not [f for f in json_findings(result) if f["severity"] == "error"]


# --- broken rule files: exit 2, one line naming the file ----------------------------------------

RULE_HEAD = '[[rule]]\ncode = "XX101"\nname = "extra-rule"\nsummary = "s"\n'
FOOTING = RULE_HEAD + 'kind = "footing"\ntables = ["income"]\ntotals = ["summa.*"]\n'
SHARES = RULE_HEAD + 'kind = "shares"\nblocks = ["medlemsavgifter"]\ntotals = ["summa.*"]\nstate = ["staten.*"]\nregion = ["region.*"]\n'
IDENTITY = RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\n'
BROKEN_RULES = {
    "syntax": '[[rule]]\ncode = "XX101\n',
    "kind": RULE_HEAD + 'kind = "magic"\n',
    "key": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\nexpression = \'bs["a"] == bs["b"]\'\ncolour = "red"\n',
    "alias": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\nexpression = \'bs["a"] == zz["b"]\'\n',
    "injection": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\n'
                 'expression = \'__import__("os").system("touch PWNED") == bs["a"]\'\n',
    "attribute": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\n'
                 'expression = \'bs.__class__["a"] == bs["a"]\'\n',
    "lambda": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\n'
              'expression = \'(lambda: 1)() == bs["a"]\'\n',
    "regex": RULE_HEAD + 'kind = "identity"\ntables = { bs = "balance" }\nexpression = \'bs["(unclosed"] == bs["a"]\'\n',
    "pattern": RULE_HEAD + 'kind = "footing"\ntables = ["income"]\ntotals = ["(unclosed"]\n',
    "type": RULE_HEAD + 'kind = "footing"\ntables = "income"\ntotals = ["summa.*"]\n',
    "missing": '[[rule]]\ncode = "XX101"\nkind = "footing"\n',
    "toplevel": 'rules = 1\n',
    "duplicate": RULE_HEAD.replace("XX101", "FL101") + 'kind = "footing"\ntables = ["income"]\ntotals = ["summa.*"]\n',
    "message": RULE_HEAD + 'kind = "footing"\ntables = ["income"]\ntotals = ["summa.*"]\nmessage = "{nonsense}"\n',
    # a template is checked when the rule loads, not when its first finding is formatted
    "message-attribute": FOOTING + 'message = "{where.nonexistent}"\n',
    "message-index": FOOTING + 'message = "{where[0]}"\n',
    "message-spec": RULE_HEAD + 'kind = "pattern"\npatterns = ["TODO"]\nmessage = "{year:s}"\n',  # year is a number
    "message-width": FOOTING + 'message = "{where:>2000000000}"\n',  # 2 GB of spaces per finding
    "message-conversion": FOOTING + 'message = "{where!x}"\n',
    # numbers out of their range, NaN and infinity (which TOML writes nan and inf)
    "tolerance-nan": FOOTING + "tolerance = nan\n",
    "tolerance-inf": FOOTING + "tolerance = inf\n",
    "tolerance-negative": FOOTING + "tolerance = -5\n",
    "tolerance-huge": IDENTITY + 'expression = \'bs["a"] == bs["b"]\'\ntolerance = 1e300\n',
    "share-nan": SHARES + "state_share = nan\n",
    "share-above-one": SHARES + "region_share = 25\n",
    "lines-negative": RULE_HEAD + 'kind = "dates"\ndocument = "protokoll"\npatterns = ["(?P<date>x)"]\nlines = -5\n',
    "least-negative": RULE_HEAD + 'kind = "units"\nleast = -1\n',
    "digits": RULE_HEAD + 'kind = "units"\nleast = ' + "9" * 5000 + "\n",
    "nested": RULE_HEAD + "kind = " + "[" * 5000 + "]" * 5000 + "\n",
    "nested-tables": RULE_HEAD + "kind = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
    "nested-pattern": FOOTING.replace('"summa.*"', '"' + "(?:" * 5000 + "summa" + ")" * 5000 + '"'),
    # the rule language's limits: pyparsing parses by recursion
    "expression-depth": IDENTITY + 'expression = \'bs["a"] == ' + "(" * 110 + 'bs["b"]' + ")" * 110 + "'\n",
    "expression-terms": IDENTITY + 'expression = \'bs["a"] == bs["b"]' + ' + bs["b"]' * 500 + "'\n",
    "expression-literal": IDENTITY + 'expression = \'bs["a"] == bs["b"] + ' + "9" * 5000 + "'\n",
    # patterns that backtrack exponentially on a line that almost matches
    "backtracking": RULE_HEAD + 'kind = "pattern"\npatterns = ["(a+)+$"]\n',
    "backtracking-words": RULE_HEAD + 'kind = "pattern"\npatterns = ["(\\\\w+\\\\s?)*#ZZ"]\n',
    "backtracking-label": FOOTING.replace('"summa.*"', '"summa(.*)*"'),
    "backtracking-verbose": RULE_HEAD + 'kind = "pattern"\npatterns = ["(?x) (a+) + $"]\n',  # spaces do not count
    "backtracking-row": IDENTITY + 'expression = \'bs["(x+)*y"] == bs["b"]\'\n',
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rule_file(tmp_path, case):
    path = tmp_path / f"{case}.toml"
    path.write_text(BROKEN_RULES[case], encoding="utf-8")
    result = run_cli("--rules", path, CLEAN, cwd=tmp_path)
    assert_one_line_error(result, path)
    assert not (tmp_path / "PWNED").exists()


def test_rule_templates_may_align_and_patterns_may_repeat_what_cannot_vary(tmp_path):
    """What the load-time checks let through: a field aligned to a width, a repeated group whose inner
    parts match one way only (a fixed count, a possessive quantifier)."""
    rules = tmp_path / "extra.toml"
    rules.write_text(RULE_HEAD + 'kind = "footing"\ntables = ["note"]\n'
                     'totals = ["(summa ?){1,2}(\\\\d{3} ?)*(?:\\\\w++\\\\s)*medlemsavgifter"]\n'
                     'message = "[{total:>30}] {count!r}"\n', encoding="utf-8")
    report = tmp_path / "rapport.txt"
    report.write_text(NOTE.replace("1 200", "1 300"), encoding="utf-8")
    result = run_cli("--format", "json", "--select", "XX101", "--rules", rules, report)
    assert_ran(result)
    assert [f["message"] for f in json_findings(result)] == [f"[{'Summa medlemsavgifter':>30}] 3"]


def test_rule_file_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b"\xff\xfe junk")
    assert_one_line_error(run_cli("--rules", path, CLEAN), path)


def test_rule_file_missing(tmp_path):
    path = tmp_path / "saknas.toml"
    assert_one_line_error(run_cli("--rules", path, CLEAN), path)


# --- no silent pass -----------------------------------------------------------------------------

PROSE = ("Protokoll fört vid styrelsemöte. Styrelsen beslutade att godkänna dagordningen.\n\n"
         "Ordföranden förklarade mötet avslutat.\n")


def test_prose_only_file_warns_that_nothing_was_checked(tmp_path):
    path = tmp_path / "prosa.txt"
    path.write_text(PROSE, encoding="utf-8")
    result = run_cli("--format", "json", path)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["FL001"]
    assert data["findings"][0]["severity"] == "warning" and data["findings"][0]["path"] == str(path)
    assert data["summary"]["figures"] == 0 and data["summary"]["checks"] == 0


def test_fail_on_warning_makes_nothing_checked_fail(tmp_path):
    path = tmp_path / "prosa.txt"
    path.write_text(PROSE, encoding="utf-8")
    assert run_cli("--fail-on", "warning", path).returncode == 1
    assert run_cli("--fail-on", "warning", "--exit-zero", path).returncode == 0


def test_nothing_checked_names_only_the_unchecked_file(tmp_path):
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PROSE, encoding="utf-8")
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [(f["rule"], f["path"]) for f in data["findings"]] == [("FL001", str(tmp_path / "b.txt"))]


def test_real_report_counts_checks_and_figures():
    result = run_cli("--format", "json", CLEAN)
    assert result.returncode == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary["checks"] > 0 and summary["figures"] > 0
    assert "FL001" not in {f["rule"] for f in json_findings(result)}


def test_text_summary_counts_figures(tmp_path):
    path = tmp_path / "prosa.txt"
    path.write_text(PROSE, encoding="utf-8")
    assert b"over 0 figures" in run_cli(path).stdout
    assert b"over 0 figures" not in run_cli(CLEAN).stdout


# --- more inputs the tool cannot read, and the other commands -----------------------------------

UNREADABLE = {
    "fake.pdf": b"hello, not a PDF",
    "truncated.pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer<<>>\n%%EOF",
    "empty.pdf": b"",
    "fake.docx": b"PK\x03\x04 not a zip file",
    "utf16-without-bom.txt": "NOT 1 Medlemsavgifter\t2024\n".encode("utf-16-le"),
    "bad-utf16.txt": b"\xff\xfe\x00\xd8a\x00",  # a lone surrogate
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_documents(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(UNREADABLE[name])
    assert_one_line_error(run_cli(path), path)
    assert_one_line_error(run_cli("tables", path), path)


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("\ufeff".encode("utf-16-le") + NOTE.replace("1 200", "1 300").encode("utf-16-le"))
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert result.returncode == 1 and 5 in {f["line"] for f in json_findings(result)}


def test_empty_stdin():
    assert_one_line_error(run_cli("-", input=b""), "-")


@pytest.mark.parametrize("args", [
    ("--bogus",),
    ("--format", "nope"),
    ("-o", "/nonexistent-folder/out.txt"),
    ("--baseline", "/nonexistent-folder/baseline.json"),
    ("--select", "FL999"),
])
def test_bad_arguments_are_one_line(args):
    result = run_cli(*args, CLEAN)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err


def test_output_to_a_directory(tmp_path):
    assert_one_line_error(run_cli("-o", tmp_path, CLEAN), tmp_path)


def test_broken_baseline(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("{not json", encoding="utf-8")
    assert_one_line_error(run_cli("--baseline", path, CLEAN), path)


def test_no_arguments():
    result = run_cli()
    assert result.returncode == 2 and b"Traceback" not in result.stderr


HUGE = "9" * 32


@pytest.mark.parametrize("text", [
    f"NOT 1 Medlemsavgifter\t2024\t2023\nStaten 50 %\t{HUGE}\t500\nRegion 25 %\t300\t250\nKommunen 25 %\t300\t250\n"
    "Summa medlemsavgifter\t1 200\t1 000\n",
    f"BALANSRÄKNING (mkr)\t2024\t2023\nKassa och bank\t{HUGE}\t1\nSumma tillgångar\t{HUGE}\t1\n"
    "Summa eget kapital och skulder\t3\t1\n",
    "NOT 2 Fordringar 2024 2023\nA " + " ".join(["999"] * 12) + " 1\nSumma fordringar 2 2\n",
    f"Årsredovisning 2024\n\nÅrets resultat blev {HUGE} kr.\n\nRESULTATRÄKNING\t2024\t2023\nÅrets resultat\t1,{HUGE}\t1\n",
])
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_absurdly_long_figures_do_not_crash(tmp_path, text, fmt):
    """A run of 30 digits is no amount (Decimal holds 28): it must not reach arithmetic that overflows."""
    path = tmp_path / "stor.txt"
    path.write_text(text, encoding="utf-8")
    assert_ran(run_cli("--format", fmt, path))
    assert run_cli("tables", path).returncode == 0


def test_one_unreadable_row_is_not_a_silent_pass(tmp_path):
    path = tmp_path / "drift.txt"
    path.write_text(
        "DRIFTSREDOVISNING\n"
        "Belopp kr Utfall 2024 Budget 2024 Avvikelse utfall - budget\n"
        "Intäkter 12 045 300 12 000 000 45 300\n"
        "Kostnader inkl. avskrivningar -11 984 625 -12 150 100 156 375\n"  # avvikelse should be 165 475
        "Finansiella poster, netto 7 170 5 000 2 170\n"
        "Resultat 67 845 -145 000 212 845\n",
        encoding="utf-8",
    )
    result = run_cli("--format", "json", path)
    assert_ran(result)
    assert {4, 6} & {f["line"] for f in json_findings(result)}, json_findings(result)


# --- baselines and the expression cache: files the tool reads back ------------------------------

FAULTY_EXAMPLE = EXAMPLES / "arsredovisning-2024-fel.txt"
BASELINE_HEAD = '{"format": "finsam-lint-baseline", "version": 1, "findings": {"0123456789abcdef0123": {"count": '


@pytest.mark.parametrize("content", [
    BASELINE_HEAD + "1e400}}}",  # infinity as a float
    BASELINE_HEAD + "9" * 5000 + "}}}",  # more digits than json reads as a whole number
    BASELINE_HEAD + "1.5}}}",
    BASELINE_HEAD + "0}}}",
    '{"format": "finsam-lint-baseline", "version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["infinite", "digits", "fraction", "zero", "nested"])
def test_a_baseline_count_that_is_no_count(tmp_path, content):
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    assert_one_line_error(run_cli("--baseline", path, FAULTY_EXAMPLE), path)


def _broken_trees(good: dict) -> dict:
    """Each cached tree replaced by one of the shapes parse() never writes."""
    deep = ["num", "1"]
    for _ in range(500):
        deep = ["neg", deep]
    shapes = [["ref", 1], ["num", "9e9999"], ["bin", "**", ["num", "1"], ["num", "2"]], "bs", [], ["eq"],
              ["neg", ["neg"] * 3], ["eq", deep, deep]]
    return {key: shapes[n % len(shapes)] for n, key in enumerate(good)}


@pytest.mark.parametrize("case", ["list", "invalid", "nested", "entries"])
def test_a_broken_expression_cache_is_rebuilt_with_a_warning_naming_it(tmp_path, case):
    env = {"FINSAM_LINT_CACHE": str(tmp_path)}
    path = tmp_path / "expressions.json"
    expected = run_cli("--format", "json", FAULTY_EXAMPLE, env=env)  # writes the cache
    good = json.loads(path.read_text(encoding="utf-8"))
    path.write_text({
        "list": "[1, 2]",
        "invalid": '{"v2:',
        "nested": "[" * 100_000 + "]" * 100_000,
        "entries": json.dumps(_broken_trees(good)),
    }[case], encoding="utf-8")
    result = run_cli("--format", "json", FAULTY_EXAMPLE, env=env)
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout), result.stderr
    err = result.stderr.decode()
    assert err.count("\n") == 1 and str(path) in err and "rebuilt" in err and "Traceback" not in err, err
    assert json.loads(path.read_text(encoding="utf-8")) == good
    assert run_cli("--format", "json", FAULTY_EXAMPLE, env=env).stderr == b""


# --- standard streams closed or full: exit 2, one line where there is a stderr -------------------


def run_redirected(redirections: str, *args):
    """finsam-lint run by a shell with the given redirections (`>&-` closes stdout)."""
    command = " ".join(shlex.quote(str(arg)) for arg in (sys.executable, "-m", "finsam_lint", *args))
    return subprocess.run(["sh", "-c", f"exec {command} {redirections}"], capture_output=True, timeout=120)


def assert_no_internal_error(result):
    assert b"Traceback" not in result.stderr + result.stdout and b"internal error" not in result.stderr, result.stderr


@pytest.mark.parametrize("args", [(FAULTY_EXAMPLE,), ("--format", "json", FAULTY_EXAMPLE), ("tables", FAULTY_EXAMPLE),
                                  ("extract", FAULTY_EXAMPLE), ("rules",)], ids=["text", "json", "tables", "extract", "rules"])
@pytest.mark.parametrize("stdout", ["closed", "full"])
def test_standard_output_closed_or_full(args, stdout):
    if stdout == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    result = run_redirected(">&-" if stdout == "closed" else ">/dev/full", *args)
    assert_no_internal_error(result)
    assert_one_line_error(result, "standard output")
    assert ("closed" if stdout == "closed" else "No space left") in result.stderr.decode()


def test_closed_standard_output_is_no_matter_with_an_output_file(tmp_path):
    result = run_redirected(">&-", "-o", tmp_path / "out.txt", FAULTY_EXAMPLE)
    assert result.returncode == 1 and result.stderr == b""
    assert "FL201" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_closed_standard_error():
    result = run_redirected("2>&-", "/nonexistent-folder/saknas.txt")
    # the one-line error goes nowhere, not to stdout; the report shows the file's io-error finding as usual
    assert result.returncode == 2 and b"finsam-lint: error" not in result.stdout and b"FL004" in result.stdout, result.stdout
    result = run_redirected("2>&-", "--format", "json", FAULTY_EXAMPLE)
    assert result.returncode == 1 and json.loads(result.stdout)["findings"]


def test_closed_standard_input():
    result = run_redirected("<&-", "-")
    assert_no_internal_error(result)
    assert_one_line_error(result, "-:")
    assert run_redirected("<&-", FAULTY_EXAMPLE).returncode == 1
