"""Reports as published: the same fictional report as .txt, .pdf and .docx gives the same findings."""

import json
import sys

import pytest
from conftest import run_cli

from finsam_lint import cli, source

pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("reportlab")

PAGE = None  # a page break in the PDF
# Text lines and table rows (label, cells...). Three known faults: Verksamhetens resultat is 1 000 too high,
# Söderdals kommun pays 600 000 where its 10 % share is 500 000, so the member fees no longer sum.
REPORT = [
    "Årsredovisning 2024",
    "Samordningsförbundet Påhittedal",
    "Förbundet och alla belopp i denna text är påhittade.",
    "",
    "RESULTATRÄKNING (kr)",
    ("", "Not", "2024", "2023"),
    ("Verksamhetens intäkter", "1", "5 000 000", "4 800 000"),
    ("Verksamhetens kostnader", "2", "-4 900 000", "-4 750 000"),
    ("Verksamhetens resultat", "", "101 000", "50 000"),
    ("Finansiella intäkter", "", "1 000", "500"),
    ("Årets resultat", "", "102 000", "50 500"),
    PAGE,
    "NOTER",
    "",
    ("NOT 1 Medlemsavgifter", "", "2024", "2023"),
    ("Staten 50 %", "", "2 500 000", "2 400 000"),
    ("Region Påhittad 25 %", "", "1 250 000", "1 200 000"),
    ("Norrdals kommun 15 %", "", "750 000", "720 000"),
    ("Söderdals kommun 10 %", "", "600 000", "480 000"),
    ("Summa medlemsavgifter", "", "5 000 000", "4 800 000"),
    "",
    ("NOT 2 Verksamhetens kostnader", "", "2024", "2023"),
    ("Insatser", "", "3 000 000", "2 900 000"),
    ("Personalkostnader", "", "1 200 000", "1 150 000"),
    ("Övriga kostnader", "", "700 000", "700 000"),
    ("Summa verksamhetens kostnader", "", "4 900 000", "4 750 000"),
]
EXPECTED = {("FL101", "100000", "101000"), ("FL201", "500000", "600000"), ("FL104", "5100000", "5000000")}


def write_txt(path):
    lines = [item if isinstance(item, str) else " ".join(c for c in item if c) for item in REPORT if item is not PAGE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_pdf(path, password=None):
    """Each column drawn at its own x, right-aligned, as a layout program sets a table: no spaces between cells."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # ships with reportlab, has å, ä, ö
    encrypt = None if password is None else StandardEncryption(password, ownerPassword="ägare", canCopy=0)
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    y = 800
    pdf.setFont("Vera", 10)
    for item in REPORT:
        if item is PAGE:
            pdf.showPage()
            pdf.setFont("Vera", 10)
            y = 800
            continue
        if isinstance(item, str):
            pdf.drawString(50, y, item)
        else:
            pdf.drawString(50, y, item[0])
            for x, cell in zip((300, 400, 500), item[1:]):
                pdf.drawRightString(x, y, cell)
        y -= 16
    pdf.save()


def write_docx(path):
    """Text as paragraphs, each run of rows as one real Word table."""
    import docx

    document = docx.Document()
    table = None
    for item in REPORT:
        if isinstance(item, tuple):
            if table is None:
                table = document.add_table(rows=0, cols=len(item))
            for cell, text in zip(table.add_row().cells, item):
                cell.text = text
        elif item is not PAGE:
            table = None
            document.add_paragraph(item)
    document.save(str(path))


def write_html(path):
    """A web page as a CMS writes one: each run of rows a <table>, figures with &nbsp; between digit groups."""
    from html import escape

    parts, in_table = ["<!DOCTYPE html><html><head><title>Rapport</title><style>td{}</style></head><body>"], False
    for item in REPORT:
        if isinstance(item, tuple):
            if not in_table:
                parts.append("<table>")
                in_table = True
            cells = "".join(f"<td>{escape(cell).replace(' ', '&nbsp;')}</td>" for cell in item)
            parts.append(f"<tr>{cells}</tr>")
        elif item is not PAGE:
            if in_table:
                parts.append("</table>")
                in_table = False
            parts.append(f"<p>{escape(item)}</p>")
    parts.append("</table></body></html>" if in_table else "</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


WRITERS = {".txt": write_txt, ".pdf": write_pdf, ".docx": write_docx, ".html": write_html}


def check_json(path):
    result = run_cli("--format", "json", path)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("suffix", WRITERS)
def test_same_findings_from_txt_pdf_and_docx(tmp_path, suffix):
    path = tmp_path / f"arsredovisning{suffix}"
    WRITERS[suffix](path)
    found = check_json(path)
    assert {(f["rule"], f["expected"], f["actual"]) for f in found} == EXPECTED
    assert all(("page" in f) == (suffix == ".pdf") for f in found)


def test_html_colspan_and_rowspan_put_each_cell_in_its_column(tmp_path):
    page = tmp_path / "rapport.html"
    page.write_text(
        "<table><tr><th rowspan='2'>Belopp i kr</th><th colspan='2'>Kommunen</th></tr>"
        "<tr><th>2025</th><th>2024</th></tr>"
        "<tr><td>Verksamhetens intäkter</td><td colspan='2'>Ingen uppgift</td></tr>"
        "<tr><td>Skatteintäkter</td><td>1 200</td><td>1 100</td></tr></table>", encoding="utf-8")
    # the header's two rows are one line, the group header naming each of its columns
    assert run_cli("extract", page).stdout.decode().splitlines() == [
        "Belopp i kr\tKommunen 2025\tKommunen 2024", "Verksamhetens intäkter\tIngen uppgift", "Skatteintäkter\t1 200\t1 100"]


def test_pdf_finding_names_its_page(tmp_path):
    path = tmp_path / "arsredovisning.pdf"
    write_pdf(path)
    by_rule = {f["rule"]: f for f in check_json(path)}
    # Lines of text on the page, blank lines not counted: "Verksamhetens resultat" is the 8th on page 1,
    # "Summa medlemsavgifter" the 7th on page 2 (after NOTER, the note's title and five rows).
    assert (by_rule["FL101"]["page"], by_rule["FL101"]["page_line"]) == (1, 8)
    assert (by_rule["FL104"]["page"], by_rule["FL104"]["page_line"]) == (2, 7)
    assert source.load(str(path)).lines[by_rule["FL104"]["line"] - 1].startswith("Summa medlemsavgifter")
    text = run_cli("-q", path).stdout.decode()
    column = by_rule["FL104"]["column"]  # where the figure stands in the line as extracted
    assert source.load(str(path)).lines[by_rule["FL104"]["line"] - 1][column - 1].isdigit()
    assert f"{path}:{by_rule['FL104']['line']}:{column}: FL104 [error] [page 2, line 7] note 1" in text
    report = tmp_path / "granskning.html"
    run_cli("--format", "html", "-o", report, path)
    assert f":{by_rule['FL104']['line']} (page 2, line 7)</a>" in report.read_text(encoding="utf-8")


def test_docx_tables_become_tab_lines(tmp_path):
    path = tmp_path / "arsredovisning.docx"
    write_docx(path)
    lines = source.load(str(path)).lines
    assert "Summa medlemsavgifter\t\t5 000 000\t4 800 000" in lines
    assert "Förbundet och alla belopp i denna text är påhittade." in lines


def test_docx_merged_cell_stands_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    title = table.cell(0, 0).merge(table.cell(0, 2))
    title.text = "NOT 3 Finansiella intäkter"
    for cell, text in zip(table.rows[1].cells, ("Ränteintäkter", "1 000", "500")):
        cell.text = text
    path = tmp_path / "not.docx"
    document.save(str(path))
    assert source.load(str(path)).lines == ("NOT 3 Finansiella intäkter", "Ränteintäkter\t1 000\t500")


def test_scanned_pdf_without_text_layer_is_one_line_error(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "skannad.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(Image.new("L", (60, 80), 200)), 50, 400, width=300, height=400)
    pdf.showPage()
    pdf.save()
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"finsam-lint: error: {path}: no text layer (scanned?); finsam-lint does not do OCR\n"


def test_encrypted_pdf(tmp_path):
    open_to_read = tmp_path / "skyddad.pdf"  # copying forbidden, but no password to open: published reports do this
    write_pdf(open_to_read, password="")
    assert {(f["rule"], f["expected"], f["actual"]) for f in check_json(open_to_read)} == EXPECTED
    locked = tmp_path / "last.pdf"
    write_pdf(locked, password="hemligt")
    result = run_cli(locked)
    assert result.returncode == 2
    assert result.stderr.decode() == f"finsam-lint: error: {locked}: the PDF is protected by a password; finsam-lint cannot open it\n"


def test_missing_pdf_library_names_it(tmp_path, monkeypatch, capsys):
    path = tmp_path / "arsredovisning.pdf"
    write_pdf(path)
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # as if a broken install had lost it
    assert cli.main([str(path)]) == 2
    assert capsys.readouterr().err == (
        f"finsam-lint: error: {path}: reading .pdf files needs pypdfium2, which is missing from this install: pip install pypdfium2\n"
    )


def test_extract_prints_the_checked_text(tmp_path):
    for suffix in (".pdf", ".docx"):
        path = tmp_path / f"arsredovisning{suffix}"
        WRITERS[suffix](path)
        result = run_cli("extract", path)
        assert result.returncode == 0
        words = [" ".join(line.split()) for line in result.stdout.decode().splitlines()]
        assert "Summa medlemsavgifter 5 000 000 4 800 000" in words
    markdown = tmp_path / "not.md"
    markdown.write_text("| Staten 50 % | 600 |\n|---|---|\n", encoding="utf-8")
    assert run_cli("extract", markdown).stdout == "Staten 50 %\t600\n\n".encode()


def test_damaged_pdf_is_one_line_error(tmp_path):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1


def test_a_table_drawn_as_a_picture_is_named_by_its_page(tmp_path):
    """A page whose table is a picture has no figures to read: FL001 says which page, not only "no table"."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    picture = tmp_path / "tabell.png"
    Image.new("RGB", (400, 200), "white").save(picture)
    path = tmp_path / "uppfoljning.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(50, 800, "Månadsuppföljning april 2026")
    pdf.showPage()
    pdf.drawString(50, 800, "Drift")
    pdf.drawImage(str(picture), 50, 450, width=480, height=240)
    pdf.save()
    result = run_cli("-q", path)
    assert result.returncode == 0, result.stderr
    assert "FL001" in result.stdout.decode() and "page 2 holds a picture" in result.stdout.decode()
    plain = tmp_path / "utan-bild.pdf"
    pdf = canvas.Canvas(str(plain))
    pdf.drawString(50, 800, "Månadsuppföljning april 2026")
    pdf.save()
    assert "picture" not in run_cli("-q", plain).stdout.decode()


def test_a_docx_finding_names_the_word_table_and_row_or_paragraph(tmp_path):
    path = tmp_path / "arsredovisning.docx"
    write_docx(path)
    by_rule = {f["rule"]: f for f in json.loads(run_cli("--format", "json", path).stdout)["findings"]}
    # the result statement is the first Word table (its header the first row), the member fees the second
    assert by_rule["FL101"]["place"] == "table 1, row 4"
    assert by_rule["FL201"]["place"] == "table 2, row 5" and by_rule["FL104"]["place"] == "table 2, row 6"
    assert "page" not in by_rule["FL104"]
    text = run_cli("-q", path).stdout.decode()
    assert f"{path}:{by_rule['FL104']['line']}:{by_rule['FL104']['column']}: FL104 [error] [table 2, row 6] note 1" in text
    report = tmp_path / "granskning.html"
    run_cli("--format", "html", "-o", report, path)
    assert f":{by_rule['FL201']['line']} (table 2, row 5)</a>" in report.read_text(encoding="utf-8")
    # a paragraph split by line breaks is one paragraph: its lines share its number
    import docx

    document = docx.Document()
    document.add_paragraph("Årsredovisning 2024")
    document.add_paragraph("Datum: 2025-03-XX\nFörbundet är påhittat.")
    document.save(tmp_path / "utkast.docx")
    [placeholder] = json.loads(run_cli("--format", "json", "--select", "FL701", tmp_path / "utkast.docx").stdout)["findings"]
    assert placeholder["line"] == 2 and placeholder["place"] == "paragraph 2"


def test_letters_of_a_kerned_pair_are_read_once(tmp_path):
    """A PDF printer starts a new run at a kerned pair ("Ve|rksamhetens"), its box reaching back over the pair:
    the letters under both boxes are read once, not twice ("VeVerksamhetens")."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    path = tmp_path / "kerned.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Vera", 10)
    pdf.drawString(50, 800, "Resultaträkning")
    pdf.drawRightString(400, 784, "2025")
    pdf.drawRightString(500, 784, "2024")
    for y, (head, rest, a, b) in zip((768, 752, 736), [("Ve", "rksamhetens intäkter", "1 200", "1 100"),
                                                         ("Ve", "rksamhetens kostnader", "-1 000", "-950"),
                                                         ("År", "ets resultat", "200", "150")]):
        pdf.drawString(50, y, head)
        pdf.drawString(50 + pdfmetrics.stringWidth(head, "Vera", 10) - 0.8, y, rest)  # kerned back into the pair
        pdf.drawRightString(400, y, a)
        pdf.drawRightString(500, y, b)
    pdf.save()
    result = run_cli("tables", "--format", "json", path)
    rows = json.loads(result.stdout)["files"][0]["tables"][0]["rows"]
    assert [r["label"] for r in rows] == ["Verksamhetens intäkter", "Verksamhetens kostnader", "Årets resultat"]


def test_a_table_over_two_pages_under_its_header_repeated_is_one_table(tmp_path):
    """A layout program repeats a table's header on the next page: the total there foots the rows of both
    pages, and a right total is no error."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "two-pages.pdf"
    pdf = canvas.Canvas(str(path))
    rows = [(f"Projekt {n}", f"{100 * n}", f"{90 * n}") for n in range(1, 7)]
    pages = [rows[:4], [*rows[4:], ("Summa", "2 100", "1 890")]]
    for number, page in enumerate(pages, 1):
        pdf.setFont("Helvetica", 10)
        y = 800
        if number == 1:
            pdf.drawString(50, y, "Investeringsredovisning (tkr)")
            y -= 16
        pdf.drawRightString(400, y, "Budget 2025")
        pdf.drawRightString(500, y, "Utfall 2025")
        for label, a, b in page:
            y -= 16
            pdf.drawString(50, y, label)
            pdf.drawRightString(400, y, a)
            pdf.drawRightString(500, y, b)
        pdf.drawRightString(500, 40, f"{number} (2)")
        pdf.showPage()
    pdf.save()
    tables = json.loads(run_cli("tables", "--format", "json", path).stdout)["files"][0]["tables"]
    assert [len(t["rows"]) for t in tables] == [7]
    result = run_cli("--format", "json", path)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"] == []


def test_dot_leaders_and_letter_spaced_titles_are_read_as_a_person_reads_them(tmp_path):
    """A title set letter by letter ("B a l a n s r ä k n i n g") is one word, and the dots a printer draws
    from a label to its figures push no figure out of its column."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    path = tmp_path / "leaders.pdf"
    pdf = canvas.Canvas(str(path))
    x = 50
    for letter in "Balansräkning":  # each letter drawn on its own, a little apart
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(x, 800, letter)
        x += pdfmetrics.stringWidth(letter, "Helvetica-Bold", 14) + 2.5
    pdf.setFont("Helvetica", 10)
    pdf.drawRightString(420, 780, "2025")
    pdf.drawRightString(500, 780, "2024")
    for y, (label, a, b) in zip((764, 748, 732), [("Kassa och bank", "1 200", "1 100"), ("Fordringar", "800", "950"),
                                                  ("Summa tillgångar", "2 000", "2 050")]):
        pdf.drawString(50, y, label)
        width = pdfmetrics.stringWidth(label, "Helvetica", 10)
        pdf.drawString(55 + width, y, " ." * int((300 - width) / 6))  # a leader of dots up to the figures
        pdf.drawRightString(420, y, a)
        pdf.drawRightString(500, y, b)
    pdf.save()
    tables = json.loads(run_cli("tables", "--format", "json", path).stdout)["files"][0]["tables"]
    assert [(t["kind"], t["title"]) for t in tables] == [("balance", "Balansräkning")]
    assert [(r["label"], r["values"]) for r in tables[0]["rows"]] == [
        ("Kassa och bank", ["1200", "1100"]), ("Fordringar", ["800", "950"]), ("Summa tillgångar", ["2000", "2050"])]
