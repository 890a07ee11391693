"""The shipped examples: the clean report gives no finding, every planted discrepancy is found.

examples/arsredovisning-2024-fel.txt is the clean report with eight figures
changed and a placeholder left in, laid out as text copied out of a PDF.
"""

import json

from conftest import EXAMPLES, run_cli

# line of the changed text -> the rule that must point at it (line or related lines)
PLANTED = {
    18: "FL501",  # overview: årets resultat 67 854 for 67 845
    22: "FL503",  # narrative: equity 2 931 445 for 2 913 445
    49: "FL102",  # summa tillgångar 3 646 150 for 3 646 510
    76: "FL103",  # likvida medel vid årets slut 3 140 210 for 3 104 210
    82: "FL601",  # avvikelse 156 375 for 165 375
    93: "FL201",  # Söderå kommun 8 % 690 000 for 960 000
    105: "FL104",  # note 2 total 11 969 265 for 11 969 625
    117: "FL104",  # kundfordringar 121 300 for 112 300
    128: "FL701",  # Datum: 2025-03-XX
}
# What the planted changes break besides: sums that include a changed figure.
CONSEQUENCES = {84: "FL105", 95: "FL104"}


def findings(path):
    result = run_cli("--format", "json", path)
    return result.returncode, json.loads(result.stdout)["findings"]


def test_clean_example_has_no_finding():
    code, found = findings(EXAMPLES / "arsredovisning-2024-ren.txt")
    assert code == 0 and found == []


def test_every_planted_discrepancy_is_found_and_nothing_else():
    code, found = findings(EXAMPLES / "arsredovisning-2024-fel.txt")
    assert code == 1
    for line, rule in PLANTED.items():
        assert any(
            f["rule"] == rule and line in {f["line"], *(r["line"] for r in f["related"])} for f in found
        ), (line, rule)
    assert {f["line"] for f in found} <= set(PLANTED) | {119} | set(CONSEQUENCES)
