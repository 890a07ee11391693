"""Turning a report as published, PDF or Word, into the text lines the reader reads.

PDF: PDFium's runs of text with their positions (pdf_layout.py), page by page, set
out as layout text so that each figure stands under its column. Pages are joined
with one blank line, and each line keeps the page it came from (Source.pages).

HTML: the page's markup (html_input.py): a line per block of text, a tab-separated
line per table row.

Word: python-docx. A paragraph is a line (a line break inside it starts a new
one); a real Word table is one tab-separated line per row, so the reader's tab
path reads its columns without guessing. Each line keeps where in the document it
came from ("table 2, row 3", "paragraph 14": Source.places).

Both libraries come with finsam-lint and are imported only when such a file is read.
"""

from __future__ import annotations

import io

from .source import InputError


PACKAGES = {".pdf": "pypdfium2", ".docx": "python-docx"}
# What a .docx may inflate to: its XML (which is parsed whole, at some 20 bytes of memory a byte) and all of it.
DOCX_XML_BYTES = 32 * 1024 * 1024
DOCX_BYTES = 256 * 1024 * 1024


def extract(path: str, suffix: str, data: bytes) -> tuple[list[str], list[int] | None, list[str] | None, tuple[int, ...]]:
    """The report's lines; for a PDF the page (1-based) each line stands on, for a Word file the table and
    row or the paragraph each line comes from; and for a PDF the pages that hold a picture large enough to
    be a table drawn as one (its figures are no text, and cannot be read)."""
    pages, places, pictures = None, None, ()
    if suffix == ".pdf":
        lines, pages, pictures = _pdf(path, data)
    elif suffix == ".docx":
        lines, places = _docx(path, data)
    else:
        lines, places = _html(path, data)
    if not any(line.strip() for line in lines):
        if suffix == ".pdf":
            raise InputError(path, "no text layer (scanned?); finsam-lint does not do OCR")
        raise InputError(path, "empty document: no report text to check")
    return lines, pages, places, pictures


def _needs(path: str, suffix: str):
    package = PACKAGES[suffix]
    return InputError(path, f"reading {suffix} files needs {package}, which is missing from this install: pip install {package}")


def _pdf(path: str, data: bytes) -> tuple[list[str], list[int], tuple[int, ...]]:
    try:
        import pypdfium2
    except ImportError:
        raise _needs(path, ".pdf") from None
    from .pdf_layout import page_runs, page_text, pictured

    lines: list[str] = []
    pages: list[int] = []
    pictures: list[int] = []
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise InputError(path, "the PDF is protected by a password; finsam-lint cannot open it") from None
        raise InputError(path, f"cannot read PDF: {error}") from None
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            if pictured(page):
                pictures.append(number)
            page_lines = page_text(page_runs(page.get_textpage()))
            if not page_lines:
                continue
            if lines:  # a blank line between pages; it belongs to the page before
                lines.append("")
                pages.append(pages[-1])
            lines.extend(page_lines)
            pages.extend([number] * len(page_lines))
    except pypdfium2.PdfiumError as error:
        raise InputError(path, f"cannot read PDF: {error}") from None
    finally:
        document.close()
    return lines, pages, tuple(pictures)


def _html(path: str, data: bytes) -> tuple[list[str], list[str]]:
    """The page's lines of text, and for each the line of the page's markup it starts on."""
    from .html_input import html_lines
    from .source import decode

    text, _ = decode(path, data)
    lines, origins = html_lines(text)
    return lines, [f"source line {origin}" for origin in origins]


def _docx(path: str, data: bytes) -> tuple[list[str], list[str]]:
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise _needs(path, ".docx") from None
    try:
        _bound_inflation(path, data)
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as error:  # not a zip, not a Word document, a damaged part
        raise InputError(path, f"cannot read Word document: {type(error).__name__}: {error}") from None
    lines: list[str] = []
    places: list[str] = []  # as Word counts them: the document's own tables and paragraphs, from 1
    tables = paragraphs = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            rows = _table_lines(block)
            places.extend(f"table {tables}, row {row}" for row in range(1, len(rows) + 1))
        else:
            paragraphs += 1
            rows = block.text.split("\n")
            places.extend([f"paragraph {paragraphs}"] * len(rows))
        lines.extend(rows)
    return lines, places


def _bound_inflation(path: str, data: bytes) -> None:
    """Refuse a zip bomb before python-docx inflates it. The sizes the zip declares are bounded; then each entry is
    inflated here a megabyte at a time, where zipfile stops at its declared size and fails its CRC check: a
    lying entry, read whole by python-docx, would first be inflated whole."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        if sum(e.file_size for e in entries if e.filename.endswith((".xml", ".rels"))) > DOCX_XML_BYTES:
            raise InputError(path, f"Word document too large: its XML inflates to more than {DOCX_XML_BYTES >> 20} MiB")
        if sum(e.file_size for e in entries) > DOCX_BYTES:
            raise InputError(path, f"Word document too large: it inflates to more than {DOCX_BYTES >> 20} MiB")
        for entry in entries:
            with archive.open(entry) as part:
                while part.read(1 << 20):
                    pass


def _table_lines(table) -> list[str]:
    """One line per row, cells joined by tabs; a merged cell's text stands in its first column only."""
    lines, seen = [], set()
    for row in table.rows:
        cells = []
        for cell in row.cells:  # python-docx repeats a merged cell in every column and row it spans
            cells.append("" if cell._tc in seen else " ".join(cell.text.split()))
            seen.add(cell._tc)
        lines.append("\t".join(cells).rstrip("\t"))
    return lines
