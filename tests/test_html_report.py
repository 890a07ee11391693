"""The HTML audit report as a browser shows it: headless Chromium renders the report of the shipped faulty
example, and the marks of each kind in its DOM are counted against the findings and the checks."""

import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from conftest import EXAMPLES, ROOT, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"
EXAMPLE = EXAMPLES / "arsredovisning-2024-fel.txt"


class Marks(HTMLParser):
    """From the DOM: the table cells (row line, classes, the findings they link to), the listing's marks
    (line, class, text), and the pictures' bars (class, tooltip)."""

    def __init__(self):
        super().__init__()
        self.cells, self.marks, self.bars, self.ticks, self.captions = [], [], [], 0, []
        self.row_line = self.cell = self.mark = self.bar = self.caption = None
        self.line = None  # the listing line being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag == "tr":
            self.row_line = None
        elif tag == "td":
            self.cell = {"line": self.row_line, "classes": classes, "links": set(), "text": ""}
        elif tag == "a" and self.cell is not None:
            target = attrs.get("href", "")
            if re.fullmatch(r"#d0-L\d+", target) and self.row_line is None:
                self.row_line = int(target.rsplit("L", 1)[1])
            elif target.startswith("#f"):
                self.cell["links"].add(int(target[2:]))
        elif tag == "span" and "line" in classes:
            self.line = int(attrs["id"].rsplit("L", 1)[1])
        elif tag == "span" and "tick" in classes and self.cell is not None:
            self.ticks += 1
        elif tag == "mark" and self.line is not None:
            self.mark = {"line": self.line, "kind": attrs.get("class"), "text": ""}
        elif tag == "rect":
            self.bar = {"classes": classes, "title": ""}
        elif tag == "figcaption":
            self.caption = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cells.append(self.cell)
            self.cell = None
        elif tag == "mark" and self.mark is not None:
            self.marks.append(self.mark)
            self.mark = None
        elif tag == "rect" and self.bar is not None:
            self.bars.append(self.bar)
            self.bar = None
        elif tag == "figcaption":
            self.captions.append(self.caption)
            self.caption = None
        elif tag == "pre":
            self.line = None

    def handle_data(self, data):
        for part in (self.mark, self.bar):
            if part is not None:
                part["text" if part is self.mark else "title"] += data
        if self.caption is not None:
            self.caption += data


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_report_marks_wrong_involved_and_verified_figures_in_a_browser(tmp_path):
    report = tmp_path / "report.html"
    assert run_cli("--format", "html", "-o", report, EXAMPLE).returncode == 1
    data = json.loads(run_cli("--format", "json", EXAMPLE).stdout)
    findings, summary = data["findings"], data["summary"]
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(browser + ["--dump-dom", report.as_uri()], capture_output=True, timeout=120).stdout.decode()
    page = Marks()
    page.feed(dom)
    figures = [c for c in page.cells if c["classes"] & {"wrong", "involved", "verified"}]

    # every figure a check compared is marked checked, and each is wrong, involved or verified: one kind only
    checked = [c for c in page.cells if "checked" in c["classes"]]
    assert len(checked) == summary["figures"]
    assert all(len(c["classes"] & {"wrong", "involved", "verified"}) == 1 for c in figures)
    verified = [c for c in figures if "verified" in c["classes"]]
    assert verified and page.ticks == len(verified) and all(not c["links"] for c in verified)
    # a wrong figure stands on the line of a finding it links to; an involved one (or a wrong one, in the
    # other findings it links to) on a line the finding relates
    for cell in figures:
        own = {n for n in cell["links"] if findings[n - 1]["line"] == cell["line"]}
        assert bool(own) == ("wrong" in cell["classes"]), cell
        for n in cell["links"] - own:
            assert cell["line"] in {r["line"] for r in findings[n - 1]["related"]}, (cell, findings[n - 1])
    wrong_in_tables = {n for c in figures if "wrong" in c["classes"] for n in c["links"]}
    words = [m for m in page.marks if m["kind"] == "words"]
    word_lines = {m["line"] for m in words}
    # each finding is told by a wrong figure in a table or by the words marked on its line, never both
    for n, finding in enumerate(findings, start=1):
        assert (n in wrong_in_tables) != (finding["line"] in word_lines), finding
    placeholder = next(f for f in findings if f["rule"] == "FL701")
    assert any(m["line"] == placeholder["line"] and m["text"] in placeholder["message"] for m in words)
    narrative = next(f for f in findings if f["rule"] == "FL503")
    assert any(m["line"] == narrative["line"] and m["text"] in narrative["message"] for m in words)
    # and the statement's figure the sentence is compared with is involved, not verified
    [told] = [c for c in figures if findings.index(narrative) + 1 in c["links"]]
    assert "involved" in told["classes"] and told["line"] == narrative["related"][0]["line"]
    # the listing marks each kind as the tables do: a wrong figure on each line with a wrong cell
    assert {m["line"] for m in page.marks if m["kind"] == "wrong"} == {c["line"] for c in figures if "wrong" in c["classes"]}
    assert sum(m["kind"] == "verified" for m in page.marks) == len(verified)

    # pictures: the wrong member fee and the wrong closing cash are the red bars
    fee = next(f for f in findings if f["rule"] == "FL201")
    cash = next(f for f in findings if f["rule"] == "FL103")
    red = [bar["title"] for bar in page.bars if "wrong" in bar["classes"]]
    member = fee["message"].split(": ", 1)[1].split(" is ")[0]  # "Söderå kommun 8 %"
    assert any(title.startswith(member + ":") for title in red), red
    shown = cash["message"].split(" is ")[1].split(",")[0]  # the stated closing cash, as the message writes it
    assert any(shown in title for title in red), red
    assert any("member fees" in c for c in page.captions) and any("Budget" in c for c in page.captions)
    assert sum("→" in c for c in page.captions) == 2  # the cash-flow and the equity roll-forwards

    # how it was made
    assert hashlib.sha256(EXAMPLE.read_bytes()).hexdigest() in dom
    assert run_cli("--version").stdout.decode().split()[-1] in dom and "rules/shares.toml" in dom
    assert "<script" not in dom

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    subprocess.run(browser + [f"--screenshot={screenshot}", "--window-size=1280,2400", report.as_uri()],
                   capture_output=True, timeout=120)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_report_records_the_configuration_it_was_made_with(tmp_path):
    (tmp_path / "finsam-lint.toml").write_text('ignore = ["FL701"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.html"
    run_cli("--format", "html", "-o", out, report, cwd=tmp_path)
    made = out.read_text(encoding="utf-8").split('id="made"', 1)[1].split("</dl>", 1)[0]
    assert "finsam-lint.toml" in made and hashlib.sha256(report.read_bytes()).hexdigest() in made
    assert re.search(r"<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</time>", made)
