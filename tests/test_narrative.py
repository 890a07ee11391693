"""Figures quoted in sentences, as a user runs the check: many phrasings, units and spacings in one report."""

import json

from conftest import run_cli

STATEMENTS = """
RESULTATRÄKNING (kr)\t2024\t2023
Verksamhetens intäkter\t9 415 200\t9 102 300
Verksamhetens kostnader\t-9 300 000\t-9 000 000
Årets resultat\t115 200\t102 300

BALANSRÄKNING (kr)\t2024\t2023
Summa tillgångar\t2 492 435\t2 604 300
Summa eget kapital\t1 904 220\t1 850 000
Summa skulder\t588 215\t754 300
Summa eget kapital och skulder\t2 492 435\t2 604 300
"""

# Each sentence as written, and with its figure changed: (right, wrong).
SENTENCES = [
    ("Årets resultat blev 115 200 kr.", "Årets resultat blev 151 200 kr."),
    ("Årets resultat landade på 115,2 tkr (102,3 tkr).", "Årets resultat landade på 115,2 tkr (120,3 tkr)."),
    ("Årets resultat motsvarar 0,1 mnkr.", "Årets resultat motsvarar 0,3 mnkr."),
    ("Det egna kapitalet uppgick vid årets slut till 1 904 220 kr.", "Det egna kapitalet uppgick vid årets slut till 1 940 220 kr."),
    ("Eget kapital uppgick till 1\u00a0904\u00a0220 kr.", "Eget kapital uppgick till 1\u00a0904\u00a0920 kr."),
    ("Verksamhetens intäkter uppgick till 9 415 tkr (9 102 tkr).", "Verksamhetens intäkter uppgick till 9 451 tkr (9 102 tkr)."),
    ("Kostnaderna ökade med 300 tkr till 9,3 Mkr.", "Kostnaderna ökade med 300 tkr till 9,8 Mkr."),
    ("Soliditeten var 76,4 %.", "Soliditeten var 67,4 %."),
]


def _report(tmp_path, sentences):
    text = "Årsredovisning 2024\n\n" + "\n\n".join(sentences) + "\n" + STATEMENTS
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _findings(path):
    result = run_cli("--format", "json", "--select", "FL5", path)
    return result.returncode, json.loads(result.stdout)["findings"]


def test_sentences_that_agree_with_the_statements_pass(tmp_path):
    code, findings = _findings(_report(tmp_path, [right for right, _ in SENTENCES]))
    assert (code, findings) == (0, [])


def test_every_sentence_with_a_changed_figure_is_one_error_on_its_line(tmp_path):
    code, findings = _findings(_report(tmp_path, [wrong for _, wrong in SENTENCES]))
    lines = [3 + 2 * i for i in range(len(SENTENCES))]  # a sentence a paragraph, after the title and a blank line
    assert code == 1
    assert sorted(f["line"] for f in findings) == lines, [f["message"] for f in findings]
    assert all(f["severity"] == "error" and f["rule"].startswith("FL50") for f in findings)
