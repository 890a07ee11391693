"""The reader: report text in every layout the seeds show, into tables with lines and periods."""

import json
from pathlib import Path

from conftest import EXAMPLES, run_cli, seed

from finsam_lint.reader import read
from finsam_lint.source import clean_line, load


def tables_json(path):
    result = run_cli("tables", "--format", "json", path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["files"][0]["tables"]


def find_row(tables, line):
    return next((t, r) for t in tables for r in t["rows"] if r["line"] == line)


def test_member_fee_note_of_the_2023_annual_report():
    table, row = find_row(tables_json(seed("halland-arsredovisning-2023.txt")), 437)
    assert "Hylte" in row["label"]
    assert row["values"] == ["191180", "191080"]
    assert table["columns"] == ["2023", "2022"]
    assert table["kind"] == "note" and table["note"] == 1


def test_income_statement_copied_out_of_a_pdf():
    table, row = find_row(tables_json(seed("halland-arsredovisning-2025.txt")), 668)
    assert table["kind"] == "income"
    assert row["values"] == ["-15570490", "-19326037"]
    assert row["note"] == 2


def test_trailing_minus_result_of_the_budget_minutes():
    table, row = find_row(tables_json(seed("halland-protokoll-2023-12-15-budget.txt")), 202)
    assert row["label"] == "Resultat"
    assert row["values"] == ["-1650364", "-1357204"]
    assert table["columns"] == ["Prognos 2023", "Budget 2024"]  # a header written on two lines


def test_every_seed_reads_without_error():
    for name in ("halland-arsredovisning-2023.txt", "halland-arsredovisning-2025.txt",
                 "halland-protokoll-2021-10-08.txt", "halland-protokoll-2023-12-15-budget.txt",
                 "kalmar-protokoll-2023-10-27.txt"):
        tables_json(seed(name))


def test_label_on_one_line_and_figures_on_the_next_make_one_row():
    tables = tables_json(seed("halland-arsredovisning-2025.txt"))
    table, row = find_row(tables, 724)
    assert row["label"] == "Kassa och bank" and row["note"] == 8
    assert row["values"] == ["8161947", "4493208"]


def test_label_broken_over_two_lines_is_joined():
    tables = tables_json(seed("halland-arsredovisning-2025.txt"))
    table, row = find_row(tables, 750)
    assert row["label"] == "Summa eget kapital ,avsättningar och skulder"
    assert row["values"] == ["8894953", "5177786"]


def test_kinds_units_and_columns(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "Driftredovisning, belopp i tkr\n"
        "| Post | Utfall 2024 | Budget 2024 | Avvikelse |\n|---|---|---|---|\n"
        "| Intäkter | 1 200 | 1 150 | 50 |\n\n"
        "<b>NOT 3 Fordringar</b>\t<b>2024</b>\t<b>2023</b>\n"
        "Kundfordringar\t1 000\t(200)\n"
        "Summa\t1\u00a0000\t\u2212200\n",
        encoding="utf-8",
    )
    tables = tables_json(path)
    assert [t["kind"] for t in tables] == ["operating", "note"]
    assert tables[0]["unit"] == "tkr"
    assert tables[0]["columns"] == ["Utfall 2024", "Budget 2024", "Avvikelse"]
    assert tables[0]["rows"][0]["values"] == ["1200", "1150", "50"]
    assert tables[1]["note"] == 3
    assert tables[1]["rows"][1]["values"] == ["1000", "-200"]


def test_lines_keep_their_numbers_through_crlf_and_form_feeds(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(b"Intro\r\n\x0c\r\nNOT 1 Avgifter\t2024\t2023\r\nStaten\t100\t90\r\nSumma\t100\t90\r\n")
    document = read(load(str(path)))
    assert document.tables[0].rows[0].line == 4
    assert document.tables[0].rows[1].line == 5


def test_mojibake_and_markup_are_cleaned():
    assert clean_line("Ã…rets resultat") == "Årets resultat"
    assert clean_line("<b>Summa</b>\t<b>12 000</b>") == "Summa\t12 000"
    assert clean_line("## **Resultaträkning**") == "Resultaträkning"


def test_example_reports_read():
    for path in EXAMPLES.glob("*.txt"):
        kinds = {t["kind"] for t in tables_json(path)}
        assert {"income", "balance", "cashflow", "note", "overview"} <= kinds, path


def test_markdown_report_in_tkr_with_balance_dates_reads_clean():
    # Another association's layout: markdown tables, tkr, balance dates as column headers,
    # notes that inherit the unit of the statements, a cash-flow statement without "Summa".
    path = Path(__file__).parent / "data" / "markdown-tkr-2024.md"
    tables = tables_json(path)
    balance = next(t for t in tables if t["kind"] == "balance")
    assert balance["columns"] == ["2024-12-31", "2023-12-31"]
    assert {t["unit"] for t in tables} == {"tkr"}
    result = run_cli("--format", "json", path)
    assert result.returncode == 0, result.stdout.decode()
    summary = json.loads(result.stdout)["summary"]
    assert summary["errors"] == 0 and summary["figures"] > 50


def test_note_column_in_a_space_separated_layout(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "RESULTATRÄKNING (kr)\n"
        "                              Not        2024          2023\n"
        "Verksamhetens intäkter         1    12 045 300    11 638 250\n",
        encoding="utf-8",
    )
    [table] = tables_json(path)
    assert table["rows"][0] == {"label": "Verksamhetens intäkter", "line": 3, "note": 1, "parent": None,
                                 "values": ["12045300", "11638250"]}


def test_an_ambiguous_split_is_settled_by_the_column_neighbours(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "RESULTATRÄKNING (KR)\n    2025 2024\n"
        "Verksamhetens intäkter Not 1 19 102 199 19 130 084\n"
        "Verksamhetens kostnader Not 2 -15 570 490 -19 326 037\n"
        "Verksamhetens resultat 3 506 986 220 676\n"  # also 3 506 | 986 220 676: the columns say otherwise
        "Finansiella intäkter 100 200 300\n",  # 100 | 200 300 or 100 200 | 300: nothing to choose by
        encoding="utf-8",
    )
    [table] = tables_json(path)
    rows = {row["line"]: row["values"] for row in table["rows"]}
    assert rows[5] == ["3506986", "220676"]
    assert rows[6] == [None, None]


OPERATING = (
    "DRIFTSREDOVISNING\n"
    "Belopp kr Utfall 2024 Budget 2024 Avvikelse utfall - budget\n"
    "Intäkter 15 042 689 15 041 952 {deviation}\n"  # also 15 041 | 952 {deviation}, which the digits favour
    "Kostnader inkl. avskrivningar -13 624 185 -13 308 572 -315 613\n"
    "Finansiella poster, netto 13 098 8 517 4 582\n"
    "Resultat 1 431 602 1 741 897 -310 294\n"
)


def test_an_ambiguous_split_is_settled_by_the_deviation_column(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(OPERATING.format(deviation="737"), encoding="utf-8")
    [table] = tables_json(path)
    assert table["rows"][0]["values"] == ["15042689", "15041952", "737"]
    result = run_cli("--format", "json", path)
    assert result.returncode == 0, result.stdout


def test_a_wrong_deviation_is_still_reported_where_no_split_keeps_it(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(OPERATING.format(deviation="747"), encoding="utf-8")
    result = run_cli("--format", "json", path)
    assert result.returncode == 1
    assert 3 in {finding["line"] for finding in json.loads(result.stdout)["findings"]}


def test_a_note_reference_on_the_label_line_of_a_split_row(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("BALANSRÄKNING (kr)\n2025 2024\nSumma eget kapital Not 6\n5 967 665 2 465 791\n", encoding="utf-8")
    [table] = tables_json(path)
    assert table["rows"] == [{"label": "Summa eget kapital", "line": 3, "note": 6, "parent": None,
                              "values": ["5967665", "2465791"]}]


def test_a_page_footer_is_no_row_and_a_row_named_by_a_budget_year_is_one(tmp_path):
    """"Årsredovisning 2025 | 7" and "… – sid 28" at a page's foot are its number; "Budget 2025  350" in a
    table is a row."""
    path = tmp_path / "r.txt"
    path.write_text(
        "Investeringar (tkr)                    2025      2024\n"
        "Fordon                                  600       550\n"
        "Budget 2025                             350       300\n"
        "Summa                                   950       850\n"
        "\n"
        "Norrby kommun – Årsredovisning 2025 – sid 28\n"
        "Årsredovisning 2025 | 7\n",
        encoding="utf-8",
    )
    tables = tables_json(path)
    assert [[r["label"] for r in t["rows"]] for t in tables] == [["Fordon", "Budget 2025", "Summa"]]


def test_a_figure_in_its_column_under_a_not_header_keeps_its_thousands():
    """Set out in columns, "1 842" under 2024 is the figure, not note 1 and 842: the notes stand in their own
    column, and the figures where they are."""
    import tempfile

    text = ("Kassaflödesanalys\n\nBelopp i tkr\n"
            "                                                      Not      2024      2025\n"
            "Årets resultat                                                1 842     2 310\n"
            "Justering för avskrivningar                             8     3 115     3 402\n"
            "Justering för avsättningar                             12       270      -145\n"
            "Kassaflöde före förändring av rörelsekapital                  5 227     5 567\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.txt"
        path.write_text(text, encoding="utf-8")
        rows = tables_json(path)[0]["rows"]
    assert [(r["label"], r["note"], r["values"]) for r in rows][:2] == [
        ("Årets resultat", None, ["1842", "2310"]), ("Justering för avskrivningar", 8, ["3115", "3402"])]
