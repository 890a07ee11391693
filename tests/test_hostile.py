"""Hostile report text: labels that try to reach a terminal, a browser or a CI runner through the output.

A report is text from outside; its labels end up in messages. Whatever they
hold, the text output has no terminal escapes or bidi overrides, JSON stays
JSON, HTML has no markup from the report, and a GitHub workflow command stays
on one line. The format tests run for every name in finsam_lint.output.FORMATS
at test time, so formats added later are held to the same.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import run_cli

from finsam_lint.output import FORMATS

ESC, RLO = "\x1b", "\u202e"
# Labels with something hostile in each: every one of them ends up in a finding's message.
HOSTILE = [
    "Staten <script>alert('rå')</script> 50 %",
    "Region &lt;script&gt;alert(2)&lt;/script&gt; 25 %",
    "Norrby <img src=x onerror=alert(3)> kommun 10 %",
    "Söderå \x1b[31mRÖD\x1b[0m \x1b]0;titel\x07 \x1b[2J kommun 10 %",
    "Västerlid ::error file=x.txt,line=1::falsk%0A%0D%25::, kommun 3 %",
    "Lillmo \u202eevil\u202c \u2066isolerad\u2069 1 %",
    "Ängsbro \r::warning::injicerad\u2028LS\u0085NEL\x0bVT\x0cFF\x9b31mC1 1 %",
]


def _note(separator: str) -> str:
    """A member-fee note with one wrong fee and a wrong sum, so every hostile label is named in a message."""
    fees = [50_000, 25_000, 10_000, 10_000, 3_000, 1_000, 1_000]
    rows = [f"{label}{separator}{fee + (1_000 if i == 0 else 0)}{separator}{fee}" for i, (label, fee) in enumerate(zip(HOSTILE, fees))]
    return "\n".join([
        "<h1>Årsredovisning 2024</h1><script>document.write('x')</script>",
        f"NOT 1 Medlemsavgifter <b>\x1b[1m</b>{separator}2024{separator}2023",
        *rows,
        f"Summa medlemsavgifter <script>{separator}100 500{separator}100 000",
        "",
        "Årets resultat blev 5 000 kr. <script>alert(4)</script> \x1b[5m",
    ]) + "\n"


@pytest.fixture(scope="module", params=["\t", "   "], ids=["tabs", "spaces"])
def hostile(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "rapport.txt"
    path.write_bytes(_note(request.param).encode("utf-8"))
    return path


def _run(fmt, path):
    result = run_cli("--format", fmt, path)
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr
    return result.stdout.decode("utf-8")


def test_the_hostile_labels_are_in_the_findings(hostile):
    data = json.loads(_run("json", hostile))
    assert data["summary"]["errors"] >= 1
    messages = " ".join(f["message"] for f in data["findings"])
    assert "Staten" in messages  # the fee that is wrong is named


def test_text_output_has_no_escapes_or_bidi_overrides(hostile):
    for args in ((), ("-q",)):
        out = run_cli(*args, hostile).stdout.decode("utf-8")
        assert ESC not in out and RLO not in out
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


def test_json_output_is_valid_json(hostile):
    data = json.loads(_run("json", hostile))
    assert isinstance(data["findings"], list)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_runs_and_keeps_escapes_out(fmt, hostile):
    out = _run(fmt, hostile)
    assert ESC not in out and RLO not in out


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_formats_are_valid_json(fmt, hostile):
    if fmt not in FORMATS:
        pytest.skip(f"no {fmt} format")
    json.loads(_run(fmt, hostile))


def test_junit_is_valid_xml(hostile):
    if "junit" not in FORMATS:
        pytest.skip("no junit format")
    ET.fromstring(_run("junit", hostile).encode("utf-8"))


def test_html_has_no_markup_from_the_report(hostile):
    if "html" not in FORMATS:
        pytest.skip("no html format")
    out = _run("html", hostile)
    lowered = out.lower()
    assert "<script" not in lowered  # the page's own code, if any, must not be a <script> either
    assert "<img" not in lowered and "onerror=" not in lowered.replace("onerror=alert", "")
    # the page need not be XML, but each tag it has must be the tool's own
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", out))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ol", "ul", "li", "a", "span",
                    "table", "caption", "thead", "tbody", "tr", "td", "th", "small", "pre", "mark", "code", "div",
                    "section", "details", "summary", "b", "strong", "em", "br", "nav", "header", "footer", "main",
                    "abbr", "time", "dl", "dt", "dd", "col", "colgroup", "link", "figure", "figcaption", "svg", "rect", "line",
                    "text", "title"}, tags


def test_github_commands_stay_on_one_line(hostile):
    if "github" not in FORMATS:
        pytest.skip("no github format")
    out = _run("github", hostile)
    assert out.endswith("\n") or out == ""
    lines = out.split("\n")[:-1]
    assert lines, "the hostile report has findings"
    for line in lines:
        assert re.match(r"::(error|warning|notice|debug)( [^:]*)?::", line), line
        # no other character a runner or a log viewer could take for a line break
        assert not re.search("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", line), line
        properties, _, message = line[2:].partition("::")
        # GitHub reads properties up to the first "::"; the message may hold "::" but no raw "%" escape it did not make
        assert not re.search(r"%(?!25|0A|0D|3A|2C)", message), line
    assert out.splitlines() == lines


def test_github_escapes_a_hostile_file_name(tmp_path):
    if "github" not in FORMATS:
        pytest.skip("no github format")
    path = tmp_path / "rad\nbryt,line=9::x%0A.txt"
    path.write_bytes(_note("\t").encode("utf-8"))
    out = _run("github", path)
    for line in out.split("\n")[:-1]:
        assert line.startswith("::")
        command, properties = line[2:].split("::", 1)[0].split(" ", 1)
        keys = [item.split("=", 1)[0] for item in properties.split(",")]
        assert keys == ["file", "line", "endLine", "col", "title"], line


def test_no_format_passes_escapes_in_a_file_name(tmp_path):
    path = tmp_path / "a\x1b[31mröd.txt"
    path.write_bytes(_note("\t").encode("utf-8"))
    for fmt in sorted(FORMATS):
        assert ESC not in _run(fmt, path), fmt


# --- token soup: whatever the text, the tool reads, checks and writes it without an exception ----

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SOUP = ["0", "1", "12", "123", "1 234", "-", "\u2212", "\u2013", "(", ")", "%", "|", "||", "---", "<b>", "</b>",
        "&lt;", "kr", "tkr", "mkr", "Not", "Not 1", "NOT 2", "Summa", "Totalt", "2024", "2023", "2024-12-31",
        "Budget", "Utfall", "Avvikelse", "Prognos", "Staten 50 %", "Region 25 %", "kommun 3 %", "Årets resultat",
        "blev", "uppgår till", "Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Medlemsavgifter", "varav",
        "Soliditet", "0,42", "#", "##", "\t", "\t\t", " ", "  ", "\n", "\n\n", "\u00a0", "1\u00a0234",
        "Årsredovisning 2024", "Samordningsförbundet Test", "Summa tillgångar", "Summa eget kapital och skulder",
        "Likvida medel vid årets slut", "Likvida medel vid årets början", "9" * 30, "Datum: 2024-XX-XX",
        "protokoll", ":-", "*", "**", "\x1b[31m", "\u202e", "[bold]", "[/]", "{x}", "%s", "finsam-lint: ignore",
        "finsam-lint: ignore[FL101]", "<!--", "-->", "\r", "\x0c"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SOUP), min_size=1, max_size=300))
def test_token_soup_never_raises(tmp_path, tokens):
    from finsam_lint import engine, suppress
    from finsam_lint.output import json_format
    from finsam_lint.output.tables import render as render_tables
    from finsam_lint.rules import load_rules

    text = " ".join(tokens)
    if not text.strip():
        return
    path = tmp_path / "soppa.txt"
    path.write_text(text, encoding="utf-8")
    from finsam_lint.source import InputError

    rules = [rule for rule in load_rules() if rule.kind != suppress.KIND]
    try:
        documents = engine.parse([str(path)])
    except InputError:  # too many control characters: refused as binary, a one-line error in the CLI
        return
    result = engine.run(documents, rules)
    for fmt in FORMATS.values():
        assert isinstance(fmt(result, rules, {"quiet": False}), str)
    json.loads(json_format.tables(documents))
    render_tables(documents, color=False)


# --- text that is not Unicode: a file name's undecodable byte, a PDF's lone surrogate --------------


def test_an_undecodable_file_name_leaves_every_output_valid_utf8(tmp_path):
    import os

    path = tmp_path / os.fsdecode(b"rapport-\xff.txt")  # Python holds the byte 0xff as the lone surrogate U+DCFF
    try:
        path.write_bytes(_note("\t").encode("utf-8"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system takes no such name")
    runs = {fmt: ("--format", fmt) for fmt in FORMATS} | {"tables": ("tables", "--format", "json"),
                                                        "tables-text": ("tables",), "extract": ("extract",)}
    for name, args in runs.items():
        result = run_cli(*args, path)
        assert result.returncode in (0, 1) and b"Traceback" not in result.stderr, (name, result.stderr)
        out = result.stdout.decode("utf-8")  # strictly: valid UTF-8
        if name in ("json", "sarif", "gitlab", "tables"):
            json.loads(out)
        if name in ("json", "tables"):
            assert "rapport-\ufffd.txt" in out, name
    baseline = tmp_path / "baseline.json"  # written, and read back: the file's findings are known by it
    written = run_cli("--write-baseline", baseline, path)
    assert written.returncode in (0, 1) and b"Traceback" not in written.stderr, written.stderr
    json.loads(baseline.read_text(encoding="utf-8"))
    again = run_cli("--baseline", baseline, "--format", "json", path)
    assert again.returncode == 0 and json.loads(again.stdout)["findings"] == [], again.stderr


def _pdf(lines: list[str], unicode: dict[str, int]) -> bytes:
    """A one-page PDF of text lines, its font's ToUnicode map giving the characters in `unicode` those code points."""
    text = b"BT /F1 10 Tf 14 TL 72 720 Td " + b" ".join(b"(%s) '" % line.encode("latin-1") for line in lines) + b" ET"
    chars = b" ".join(b"<%02X> <%04X>" % (ord(char), point) for char, point in unicode.items())
    cmap = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange %d beginbfchar %s endbfchar endcmap" % (
        len(unicode), chars)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >> stream\n%s\nendstream" % (len(text), text),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >> stream\n%s\nendstream" % (len(cmap), cmap)]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj %s endobj\n" % (number, body)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return pdf + xref + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(pdf))


def test_a_lone_surrogate_in_pdf_text_is_replaced_in_every_output(tmp_path):
    pytest.importorskip("pypdfium2")
    path = tmp_path / "rapport.pdf"
    lines = ["NOT 1 Medlemsavgifter  2024  2023", "RegionX 25 %  300  250", "Staten 50 %  600  500",
             "Kommunen 25 %  300  250", "Summa medlemsavgifter  1 300  1 000"]
    path.write_bytes(_pdf(lines, {"X": 0xD800}))  # the X of RegionX reads as U+D800, which UTF-8 cannot hold
    runs = {fmt: ("--format", fmt) for fmt in FORMATS} | {"tables": ("tables", "--format", "json"),
                                                        "tables-text": ("tables",), "extract": ("extract",)}
    for name, args in runs.items():
        result = run_cli(*args, path)
        assert result.returncode in (0, 1) and b"Traceback" not in result.stderr, (name, result.stderr)
        out = result.stdout.decode("utf-8")
        if name in ("json", "sarif", "gitlab", "tables"):
            json.loads(out)
        if name in ("json", "tables", "extract"):  # PDFium drops the glyph; were it passed on, it would be U+FFFD
            assert "Region\ufffd" in out or "Region " in out, (name, out)
