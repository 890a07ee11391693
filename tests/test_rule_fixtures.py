"""Every rule's passing and failing examples, as data: tests/fixtures/rules/<CODE>.toml.

A case has `text` (or `texts` for several files checked together) and, when it
must fail, `fail`: the findings expected, by line (and file index), with
expected and actual figures and the likely cause ("" for none) where given. Adding a rule adds a fixture file.

No personal identity number stands in a fixture: `{PNR:121212:endash}` is made
into one when the case runs (a date, a separator named as in conftest.SEPARATORS,
a valid check digit), `{BADPNR:...}` into one whose check digit fails, `{ORGNR}`
into an organisation number.
"""

import re
import tomllib
from pathlib import Path

import pytest

from conftest import identity_number
from finsam_lint import engine
from finsam_lint.findings import plain
from finsam_lint.privacy import luhn
from finsam_lint.rules import load_rules

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULES = {rule.code: rule for rule in load_rules()}


def fictional_orgnr() -> str:
    """An organisation number with a valid check digit: its 'month' (20 and up) is what tells it apart."""
    head = "21" + "20" + "00"
    return next(head + "-" + f"000{d}" for d in range(10) if luhn(f"{head}000{d}"))


_PNR = re.compile(r"\{(BAD)?PNR:(\d{6}|\d{8}):(\w+)\}")


def cases():
    for path in sorted(FIXTURES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["case"]):
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{index}-{case['name'][:40]}")


@pytest.mark.parametrize("code, case", list(cases()))
def test_rule_case(code, case, tmp_path):
    texts = case.get("texts") or [case["text"]]
    paths = []
    for index, text in enumerate(texts):
        text = _PNR.sub(lambda m: identity_number(m[2], m[3], valid=not m[1]), text)
        text = text.replace("{ORGNR}", fictional_orgnr())
        path = tmp_path / f"report{index}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    result = engine.run(engine.parse(paths), list(RULES.values()))  # as users run it: all rules together
    found = [f for f in result.findings if f.rule == code]
    expected = case.get("fail", [])
    assert sorted((paths.index(f.path), f.line) for f in found) == sorted(
        (e.get("file", 0), e["line"]) for e in expected
    ), [f.message for f in found]
    for want in expected:
        here = [f for f in found if f.line == want["line"] and f.path == paths[want.get("file", 0)]]
        assert any(
            all(plain(getattr(f, key)) == want[key] for key in ("expected", "actual") if key in want)
            and ("cause" not in want or (f.cause or "") == want["cause"])  # "" where no cause fits
            for f in here
        ), (want, [(f.message, f.cause) for f in here])


def test_every_rule_has_a_passing_and_a_failing_case():
    kinds = {}
    for path in FIXTURES.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        kinds[data["rule"]] = {bool(case.get("fail")) for case in data["case"]}
    for code in RULES:
        assert kinds.get(code) == {True, False}, f"{code} needs a passing and a failing fixture"
