"""Configuration files as users write them: discovery, precedence, validation, profile, `config`."""

import json

from conftest import ROOT, run_cli

NOTE = "NOT 1 Medlemsavgifter\t2024\t2023\nStaten 50 %\t600\t500\nRegion 25 %\t300\t250\nKommunen 25 %\t300\t250\nSumma medlemsavgifter\t1 200\t1 000\n"
FAULTY = NOTE.replace("1 200", "1 250")  # FL104 (note-footing) on line 5
# Off by 5 in the unit the table is read in: within 1 000 kr if that is kronor, not if it is tkr.
OFF_BY_FIVE = "NOT 3 Övriga kostnader\t2024\t2023\nLokaler\t100\t100\nResor\t200\t200\nSumma övriga kostnader\t305\t300\n"
MEMBERS = (
    "NOT 1 Medlemsavgifter\t2024\nStaten\t500 000\nRegion Halland\t250 000\nHylte kommun\t20 000\n"
    "Halmstads kommun\t80 000\nFalkenbergs kommun\t150 000\nSumma medlemsavgifter\t1 000 000\n"
)


def rules_found(result):
    return {(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]}


def project(tmp_path, text=FAULTY, **files):
    """A folder with a report in reports/ and the given configuration files (name -> text)."""
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / "report.txt"
    report.write_text(text, encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return report


def test_finsam_lint_toml_in_a_parent_folder_applies(tmp_path):
    report = project(tmp_path, **{"finsam-lint.toml": 'ignore = ["note-footing"]\n'})
    assert run_cli(report).returncode == 0
    assert run_cli(report, cwd="/").returncode == 0  # found from the file, not the working directory


def test_finsam_lint_toml_wins_over_pyproject_and_a_pyproject_without_the_table_is_passed_over(tmp_path):
    report = project(tmp_path, **{
        "finsam-lint.toml": 'ignore = ["FL104"]\n',
        "pyproject.toml": '[tool.finsam-lint]\nselect = ["FL104"]\n',
        "reports__pyproject.toml": '[project]\nname = "reports"\n',
    })
    assert run_cli(report).returncode == 0
    (tmp_path / "finsam-lint.toml").unlink()
    assert run_cli(report).returncode == 1


def test_explicit_config_and_command_line_flags_override(tmp_path):
    report = project(tmp_path, **{"finsam-lint.toml": 'ignore = ["FL104"]\n', "other.toml": 'fail-on = "warning"\n'})
    assert run_cli("--config", tmp_path / "other.toml", report).returncode == 1  # discovered file not read
    assert run_cli("--ignore", "FL201", report).returncode == 1  # the flag replaces the file's ignore


def test_severity_and_fail_on(tmp_path):
    report = project(tmp_path, **{"finsam-lint.toml": '[severity]\n"note-footing" = "warning"\n'})
    result = run_cli("--format", "json", report)
    assert result.returncode == 0 and json.loads(result.stdout)["findings"][0]["severity"] == "warning"
    assert run_cli("--fail-on", "warning", report).returncode == 1


def test_per_file_ignores_match_globs_relative_to_the_config_file(tmp_path):
    report = project(tmp_path, **{"finsam-lint.toml": '[per-file-ignores]\n"reports/*.txt" = ["FL104"]\n'})
    assert run_cli(report).returncode == 0
    (tmp_path / "finsam-lint.toml").write_text('[per-file-ignores]\n"other/*.txt" = ["FL104"]\n')
    assert run_cli(report).returncode == 1


def test_tolerance_is_in_kronor_and_profile_unit_applies_to_tables_without_one(tmp_path):
    report = project(tmp_path, OFF_BY_FIVE)
    assert run_cli(report).returncode == 1
    (tmp_path / "finsam-lint.toml").write_text("tolerance = 1000\n")
    assert run_cli(report).returncode == 0
    (tmp_path / "finsam-lint.toml").write_text('tolerance = 1000\nprofile = { unit = "tkr" }\n')
    assert run_cli(report).returncode == 1
    report.write_text("Belopp i kr\n" + OFF_BY_FIVE, encoding="utf-8")  # a unit the report states wins
    assert run_cli(report).returncode == 0


def test_profile_members_give_shares_to_labels_without_a_percent(tmp_path):
    report = project(tmp_path, MEMBERS)
    assert not {r for r, _ in rules_found(run_cli("--format", "json", report))} & {"FL201"}
    (tmp_path / "pyproject.toml").write_text(
        '[tool.finsam-lint.profile]\nunit = "kr"\n'
        '[tool.finsam-lint.profile.members]\n"hylte kommun" = 1\n"Halmstads kommun" = 8\n"Falkenbergs kommun" = 16\n'
    )
    result = run_cli("--format", "json", report)
    assert {line for rule, line in rules_found(result) if rule == "FL201"} == {4, 6}
    assert result.returncode == 1


def test_rule_files_are_relative_to_the_config_file(tmp_path):
    shares = (ROOT / "rules" / "shares.toml").read_text(encoding="utf-8")
    copy = shares.replace('"FL201"', '"FL901"').replace('"member-fee-share"', '"member-fee-share-again"')
    report = project(tmp_path, NOTE.replace("300\t250\nSumma", "310\t250\nSumma").replace("1 200", "1 210"),
                     **{"finsam-lint.toml": 'rules = ["extra/shares.toml"]\nselect = ["FL901"]\n',
                        "extra__shares.toml": copy})
    result = run_cli("--format", "json", report, cwd="/")
    assert {rule for rule, _ in rules_found(result)} == {"FL901"}


def one_line_error(result):
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    return stderr


def test_mistakes_in_the_config_are_one_line_errors_that_name_file_key_and_the_nearest_valid_one(tmp_path):
    report = project(tmp_path)
    config = tmp_path / "finsam-lint.toml"
    cases = {
        'selct = ["FL104"]\n': ("'selct'", "did you mean 'select'"),
        'fail-on = "warnings"\n': ("'fail-on'", "error or warning"),
        "tolerance = \"5\"\n": ("'tolerance'", "number"),
        'ignore = ["note-foting"]\n': ("'ignore'", "did you mean 'note-footing'"),
        '[severity]\nFL104 = "fatal"\n': ("'severity'", "error | warning | info"),
        '[profile]\nunits = "tkr"\n': ("'profile.units'", "did you mean 'unit'"),
        '[profile.members]\n"Hylte kommun" = "1 %"\n': ("'profile.members'", "percent"),
        'select = ["FL104"\n': ("invalid TOML",),
        "tolerance = inf\n": ("'tolerance'", "from 0 to"),
        "tolerance = nan\n": ("'tolerance'", "from 0 to"),
        "tolerance = 1e300\n": ("'tolerance'", "from 0 to"),
        "tolerance = " + "9" * 5000 + "\n": ("invalid TOML", "digits"),
        "select = " + "[" * 5000 + "]" * 5000 + "\n": ("invalid TOML", "nested"),
        "[profile]\nmembers = " + "{ a = " * 5000 + "1" + " }" * 5000 + "\n": ("invalid TOML", "nested"),
    }
    for text, expected in cases.items():
        config.write_text(text, encoding="utf-8")
        for command in ([report], ["config", report]):
            stderr = one_line_error(run_cli(*command))
            assert str(config) in stderr and all(part in stderr for part in expected), (text, stderr)


def test_a_broken_pyproject_on_the_way_up_is_an_error(tmp_path):
    report = project(tmp_path, **{"pyproject.toml": "[tool.finsam-lint\n"})
    assert "pyproject.toml" in one_line_error(run_cli(report))


def test_config_command_shows_each_value_and_where_it_came_from(tmp_path):
    report = project(tmp_path, **{"finsam-lint.toml": 'ignore = ["FL104"]\ntolerance = 2\n'})
    result = run_cli("config", "--fail-on", "warning", report)
    assert result.returncode == 0
    lines = {line.split(" = ")[0]: line for line in result.stdout.decode().splitlines()}
    config = str(tmp_path / "finsam-lint.toml")
    assert lines["ignore"].endswith(f"# {config}") and '["FL104"]' in lines["ignore"]
    assert lines["tolerance"].endswith(f"# {config}")
    assert lines["fail-on"].endswith("# command line") and '"warning"' in lines["fail-on"]
    assert lines["select"].endswith("# default")
    assert run_cli("config", "--select", "FL9999", report).returncode == 2


def test_each_file_is_checked_under_the_nearest_configuration_whatever_the_order(tmp_path):
    for folder, config in (("a", 'ignore = ["FL104"]\n'), ("b", 'fail-on = "warning"\n')):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(FAULTY, encoding="utf-8")
        (tmp_path / folder / "finsam-lint.toml").write_text(config, encoding="utf-8")
    first, second = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    results = [run_cli("--format", "json", *paths) for paths in ((first, second), (second, first))]
    for result in results:
        assert result.returncode == 1
        assert [(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]] == [(str(second), "FL104")]
    assert run_cli(first).returncode == 0


ANNUAL = "Årsredovisning {year} för Samordningsförbundet Exempeldalen\nRESULTATRÄKNING (kr)\t{year}\t{last}\nÅrets resultat\t{now}\t{before}\n"


def test_reports_name_the_archive_a_checked_report_is_compared_with(tmp_path):
    (tmp_path / "arkiv").mkdir()
    # last year's report has an error of its own (a total that does not foot), which is not reported here
    (tmp_path / "arkiv" / "2023.txt").write_text(
        ANNUAL.format(year=2023, last=2022, now="21 800", before="84 350") + FAULTY, encoding="utf-8")
    report = tmp_path / "2024.txt"
    report.write_text(ANNUAL.format(year=2024, last=2023, now="67 845", before="28 100") + NOTE, encoding="utf-8")
    assert run_cli(report).returncode == 0  # alone, nothing to compare with
    (tmp_path / "finsam-lint.toml").write_text('reports = ["arkiv/**"]\n', encoding="utf-8")
    result = run_cli("--format", "json", report, cwd=tmp_path)
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == ("FL801", str(report), 3)
    assert finding["expected"] == "21800" and finding["related"] == [{"path": "arkiv/2023.txt", "line": 3}]
    assert "reports" in run_cli("config", report).stdout.decode()
    both = run_cli("--format", "json", tmp_path)  # the archive checked too: its own findings are reported once
    assert sorted(f["rule"] for f in json.loads(both.stdout)["findings"]) == ["FL104", "FL801"]
