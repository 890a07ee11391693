"""No output prints a personal identity number in full (issue 17, item 1).

Fictional numbers, made in the test with a valid check digit, are planted in row labels (one of them
quoted by a footing message), table cells, prose and a suppression marker; every format, `tables` and a
written baseline are scanned for any of them, whatever separator it was written with.
"""

import datetime
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEPARATORS, identity_number, run_cli
from finsam_lint.privacy import find, mask

_SEPARATOR_CHARS = re.compile("[" + re.escape("".join(SEPARATORS.values())) + r"\s]")


def _report(tmp_path):
    """The report, and the numbers planted in it (as written) by where they stand."""
    numbers = {
        "label": identity_number("850315"),
        "label, twelve digits in a row": identity_number("19901224", "none"),
        "cell, ten digits in a row after a name": identity_number("660606", "none"),
        "cell, en dash": identity_number("770707", "endash"),
        "prose, samordningsnummer, no-break space": identity_number("121272", "nbsp"),
        "prose, non-breaking hyphen": identity_number("19550505", "nbhyphen"),
        "prose, minus sign": identity_number("440404", "minus"),
        "prose, plus": identity_number("220202", "plus"),
        "prose, space": identity_number("110101", "space"),
        "suppression marker": identity_number("330303"),
    }
    n = numbers
    text = (
        "Årsredovisning 2024\n\n"
        "NOT 9 Övriga fordringar\t2024\t2023\n"
        f"Fordran Anna Exempel {n['label']}\t100\t200\n"
        f"Skuld personnummer {n['label, twelve digits in a row']}\t50\t60\n"
        "Summa övriga fordringar\t999\t260\n\n"
        "NOT 10 Arvoden\t2024\t2023\n"
        f"Arvode Bertil Prov\t{n['cell, ten digits in a row after a name']}\t10\n"
        f"Övrigt\t{n['cell, en dash']}\t60\n\n"
        f"Firmatecknare: Cecilia Prov, {n['prose, samordningsnummer, no-break space']} och David Test "
        f"{n['prose, non-breaking hyphen']}\n"
        f"Ledamöter: {n['prose, minus sign']}, {n['prose, plus']}, {n['prose, space']}\n"
        f"Styrelsen <!-- finsam-lint: ignore[{n['suppression marker']}] -->\n"
    )
    path = tmp_path / "protokoll.txt"
    path.write_text(text, encoding="utf-8")
    return path, numbers


def _leaks(output: str, numbers: dict) -> list[str]:
    """The planted numbers that stand in full in the output, with any separator or none (a figure
    reformatted as "6 606 061 234" too)."""
    digits = _SEPARATOR_CHARS.sub("", output)
    return [where for where, number in numbers.items() if _SEPARATOR_CHARS.sub("", number)[-10:] in digits]


def test_extract_prints_the_text_as_it_is_and_redact_masks(tmp_path):
    path, numbers = _report(tmp_path)
    plain = run_cli("extract", path).stdout.decode()
    hidden = {k: v for k, v in numbers.items() if k != "suppression marker"}  # a comment is not text
    assert _leaks(plain, hidden) == list(hidden)  # the scan finds each number where one stands
    redacted = run_cli("extract", "--redact", path)
    assert redacted.returncode == 0
    assert _leaks(redacted.stdout.decode(), numbers) == []
    assert "Fordran Anna Exempel 850315-****" in redacted.stdout.decode()
    assert "as it stands" in run_cli("extract", "--help").stdout.decode()


RUNS = {
    "text": [], "text --color always": ["--color", "always"], "-q": ["-q"],
    **{fmt: ["--format", fmt] for fmt in ("json", "sarif", "github", "gitlab", "junit")},
}


@pytest.mark.parametrize("name", RUNS)
def test_no_format_prints_a_personal_identity_number(name, tmp_path):
    path, numbers = _report(tmp_path)
    result = run_cli(*RUNS[name], path)
    assert result.returncode == 1, result.stderr  # FL702 is an error
    output = result.stdout.decode()
    assert _leaks(output + result.stderr.decode(), numbers) == []
    assert "850315-****" in output  # masked, not dropped


def test_html_page_masks_listing_labels_and_cells(tmp_path):
    path, numbers = _report(tmp_path)
    page = tmp_path / "report.html"
    result = run_cli("--format", "html", "-o", page, path)
    assert result.returncode == 1, result.stderr
    html = page.read_text(encoding="utf-8")
    assert _leaks(html, numbers) == []
    assert "<td>Fordran Anna Exempel 850315-****</td>" in html  # a table label
    assert "660606****" in html  # a cell the reader took for a figure


def test_messages_quote_labels_and_suppressions_masked(tmp_path):
    path, numbers = _report(tmp_path)
    data = json.loads(run_cli("--format", "json", path).stdout)
    messages = {(f["rule"], f["line"]): f["message"] for f in data["findings"]}
    assert "Fordran Anna Exempel 850315-**** … Skuld personnummer 19901224****" in messages["FL104", 6]
    assert "'330303-****' is not a rule" in messages["FL002", 14]
    flagged = sorted(f["line"] for f in data["findings"] if f["rule"] == "FL702")
    assert flagged == [4, 5, 9, 10, 12, 12, 13, 13, 13]  # every number but the one in a comment
    assert {f["severity"] for f in data["findings"] if f["rule"] == "FL702"} == {"error"}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_tables_masks_labels_and_figures(fmt, tmp_path):
    path, numbers = _report(tmp_path)
    result = run_cli("tables", "--format", fmt, path)
    assert result.returncode == 0, result.stderr
    output = result.stdout.decode()
    assert _leaks(output, numbers) == []
    assert "Fordran Anna Exempel 850315-****" in output
    if fmt == "json":
        rows = {row["line"]: row for file in json.loads(output)["files"] for t in file["tables"] for row in t["rows"]}
        assert rows[9]["values"] == ["660606****", "10"]  # ten digits after a name, read as a figure
        assert rows[13]["values"] == ["110101", "****"]  # "110101 1235" read as two columns


def test_written_baseline_holds_no_personal_identity_number(tmp_path):
    path, numbers = _report(tmp_path)
    baseline = tmp_path / "baseline.json"
    result = run_cli("--write-baseline", baseline, path)
    assert result.returncode == 0, result.stderr
    written = baseline.read_text(encoding="utf-8")
    assert _leaks(written + result.stdout.decode() + result.stderr.decode(), numbers) == []
    assert "850315-****" in written
    again = run_cli("--baseline", baseline, path)  # the masked baseline still knows every finding
    assert again.returncode == 0, again.stdout


def test_a_personal_identity_number_blocks_publication_unless_configured_otherwise(tmp_path):
    """FL702 is an error by default (issue 16, item 10); [severity] in the configuration lowers it."""
    path = tmp_path / "protokoll.txt"
    path.write_text(f"Firmatecknare: Anna Exempel, {identity_number('850315')}\n", encoding="utf-8")
    strict = run_cli("--format", "json", "--select", "FL702", path)
    assert strict.returncode == 1
    assert [(f["rule"], f["severity"]) for f in json.loads(strict.stdout)["findings"]] == [("FL702", "error")]
    (tmp_path / "finsam-lint.toml").write_text('[severity]\n"personal-identity-number" = "warning"\n', encoding="utf-8")
    lowered = run_cli("--format", "json", "--select", "FL702", path)
    assert lowered.returncode == 0, lowered.stderr
    assert [(f["rule"], f["severity"]) for f in json.loads(lowered.stdout)["findings"]] == [("FL702", "warning")]


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)), st.sampled_from(sorted(SEPARATORS)),
       st.booleans(), st.booleans(), st.integers(0, 999))
def test_every_valid_number_is_found_and_masked_whole(date, separator, century, coordination, serial):
    written = date.strftime("%Y%m%d" if century else "%y%m%d")
    if coordination:
        written = written[:-2] + str(date.day + 60)
    number = identity_number(written, separator, serial=f"{serial:03}")
    text = f"Firmatecknare: Anna Exempel, {number}, ordförande"
    start = text.index(number)
    assert find(text) == [(start, start + len(number))]
    assert mask(text) == text.replace(number, number[:-4] + "****")
    failed = identity_number(written, separator, valid=False, serial=f"{serial:03}")
    assert find(text.replace(number, failed)) == []  # one check digit in ten passes: the other nine fail


@given(st.text(alphabet="0123456789-+ \u2013\u2011\u2212\u00a0Ap", max_size=40))
def test_masking_keeps_the_length_and_is_done_once(text):
    masked = mask(text)
    assert len(masked) == len(text) and mask(masked) == masked
