"""The structure read from a table's figures, as `finsam-lint tables` shows it: each row's parent."""

import json

from conftest import run_cli

BALANCE = """BALANSRÄKNING (kr)\t2025\t2024
TILLGÅNGAR
ANLÄGGNINGSTILLGÅNGAR\t412 300\t398 000
Inventarier\t12 300\t18 000
Finansiella anläggningstillgångar\t400 000\t380 000
OMSÄTTNINGSTILLGÅNGAR\t1 730 950\t1 602 400
Fordringar\t230 950\t210 400
varav kundfordringar\t30 000\t20 000
Kassa och bank\t1 500 000\t1 392 000
SUMMA TILLGÅNGAR\t2 143 250\t2 000 400
"""


def _rows(tmp_path, text):
    path = tmp_path / "rapport.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("tables", "--format", "json", path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["files"][0]["tables"][0]["rows"]


def test_json_shows_group_totals_above_their_parts_and_their_sum_below(tmp_path):
    rows = _rows(tmp_path, BALANCE)
    parents = {row["label"]: None if row["parent"] is None else rows[row["parent"]]["label"] for row in rows}
    assert parents == {
        "TILLGÅNGAR": None,
        "ANLÄGGNINGSTILLGÅNGAR": "SUMMA TILLGÅNGAR",
        "Inventarier": "ANLÄGGNINGSTILLGÅNGAR",
        "Finansiella anläggningstillgångar": "ANLÄGGNINGSTILLGÅNGAR",
        "OMSÄTTNINGSTILLGÅNGAR": "SUMMA TILLGÅNGAR",
        "Fordringar": "OMSÄTTNINGSTILLGÅNGAR",
        "varav kundfordringar": "Fordringar",  # a part of its row, not of the sum
        "Kassa och bank": "OMSÄTTNINGSTILLGÅNGAR",
        "SUMMA TILLGÅNGAR": None,
    }


def test_a_row_that_only_equals_other_rows_by_its_share_is_no_total(tmp_path):
    # the region's 25 % equals the municipalities' 25 %: the Summa below sums them all, so they are its parts
    rows = _rows(tmp_path, """NOT 1 Medlemsavgifter\t2025\t2024
Staten 50 %\t6 000 000\t5 800 000
Region Exempelland 25 %\t3 000 000\t2 900 000
Norrby kommun 12 %\t1 440 000\t1 392 000
Söderå kommun 13 %\t1 560 000\t1 508 000
Summa medlemsavgifter\t12 000 000\t11 600 000
""")
    assert [row["parent"] for row in rows] == [4, 4, 4, 4, None]


def test_text_table_shows_the_line_of_each_rows_total(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_text(BALANCE, encoding="utf-8")
    result = run_cli("tables", path)
    lines = result.stdout.decode().splitlines()
    row = next(line for line in lines if "Inventarier" in line)
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[1:5] == ["4", "Inventarier", "", "3"]
