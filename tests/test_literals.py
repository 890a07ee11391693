"""Literal prefilters must never rule out a line the pattern matches."""

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import run_cli

from finsam_lint.literals import Text, blocks, prefilter

RULES = Path(__file__).resolve().parent.parent / "rules"
SHIPPED = sorted({p for f in RULES.glob("*.toml") for r in tomllib.loads(f.read_text("utf-8"))["rule"]
                  for p in r.get("patterns", [])})
TRICKY = [
    r"(?i)Datum:\s*X",
    r"a(b|)c",
    r"(ab){2}x?",
    r"(?:TODO)?\d+",
    r"[^x]yz|q",
    r"(?i:ABC)def",
    r"\?{3}",
    r"é+|É{2,}",
]


@pytest.mark.parametrize("pattern", SHIPPED + TRICKY)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_matching_text_is_always_admitted(pattern, data):
    compiled = re.compile(pattern)
    text = data.draw(st.from_regex(compiled))
    assert compiled.search(text)
    needs = prefilter(compiled)
    assert Text([text]).admits(needs)
    lines = ["before", text, "after"]
    assert 1 in Text(lines).lines_with(needs)


@pytest.mark.parametrize(
    "pattern, strings",
    [
        (r"\b(19|20)\d\d-(\d\d|XX)-XX\b", {"-XX"}),  # the longest literal wins over the short ones
        (r"\b(TODO|FIXME)\b", {"TODO", "FIXME"}),
        (r"(?i)d[aå]tum:", {"datum:", "dåtum:"}),  # a small class multiplies out, lowered for (?i)
        (r"\?{3,}", {"???"}),
        (r"\d{6}-\d{4}", {"-"}),
    ],
)
def test_the_strings_a_match_must_hold(pattern, strings):
    assert prefilter(re.compile(pattern)).strings == strings


@pytest.mark.parametrize("pattern", [r"\d+", r"(TODO)?\s", r"a|\d", r"^$", r"(?i:x)"])
def test_no_prefilter_where_a_match_needs_no_literal(pattern):
    assert prefilter(re.compile(pattern)) is None


def test_a_line_without_the_literal_is_ruled_out():
    needs = prefilter(re.compile(r"(?i)\bdatum\s*:\s*\d{6}"))
    assert not Text(["Tid: fredagen den 27 oktober"]).admits(needs)
    assert Text(["DATUM: 230630"]).admits(needs)


def test_the_lines_a_literal_stands_in():
    text = Text(["Datum: 230630", "Tid: kl 10", "", "nytt datum: 230701"])
    assert text.lines_with(prefilter(re.compile(r"(?i)datum: \d+"))) == [0, 3]
    assert text.lines_with(None) == [0, 1, 2, 3]


def test_every_line_where_lowering_moves_the_offsets():
    text = Text(["İstanbul", "datum: 1"])  # "İ" lowers to two characters
    assert text.lines_with(prefilter(re.compile(r"(?i)datum: \d"))) == [0, 1]


def test_blocks_end_at_blank_lines_and_cover_every_line():
    lines = ["text"] * 5 + [""] + ["text"] * 3 + [""] + ["text"] * 4
    found = list(blocks(lines, size=3))
    assert [first for first, _ in found] == [0, 6, 10]
    assert [line for _, block in found for line in block] == lines
    assert all(not block[-1] for _, block in found[:-1])  # no paragraph is cut


def test_a_sentence_over_the_edge_of_a_block_is_read_whole(tmp_path):
    """A long report is searched a block of lines at a time; a sentence across the edge is still one sentence."""
    filler = ["Förbundet arbetar med samverkan."] * 1998  # lines 2..1999, one paragraph up to the block's edge
    text = ["Årsredovisning 2024", *filler, "Årets resultat blev", "76 845 kr, vilket är bättre än budget.", "",
            "RESULTATRÄKNING (kr)\t2024\t2023", "Årets resultat\t67 845\t21 800", ""]
    path = tmp_path / "lang.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    result = run_cli("--format", "json", path)
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "FL502"]
    assert [(f["line"], f["expected"], f["actual"]) for f in findings] == [(2001, "67845", "76845")]
