"""Turning a report as published, PDF or Word, into the text lines the reader reads.

PDF: pypdf's layout mode, page by page, so that a table's columns stay on one
line in the order they stand on the page (measured against pdfplumber on PDFs
built from examples/: the same findings, all figures read, a fraction of the
time and install size). Pages are joined with one blank line, and each line
keeps the page it came from (Source.pages).

Word: python-docx. A paragraph is a line (a line break inside it starts a new
one); a real Word table is one tab-separated line per row, so the reader's tab
path reads its columns without guessing.

Both libraries are optional: `pip install 'finsam-lint[pdf]'` or `[docx]`.
"""

from __future__ import annotations

import io
import logging

from .source import InputError

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # its warnings about damaged files are not ours to print

EXTRAS = {".pdf": "pdf", ".docx": "docx"}
# What a .docx may inflate to: its XML (which is parsed whole, at some 20 bytes of memory a byte) and all of it.
DOCX_XML_BYTES = 32 * 1024 * 1024
DOCX_BYTES = 256 * 1024 * 1024


def extract(path: str, suffix: str, data: bytes) -> tuple[list[str], list[int] | None]:
    """The report's lines, and for a PDF the page (1-based) each line stands on."""
    reader = {".pdf": _pdf, ".docx": _docx}[suffix]
    lines, pages = reader(path, data)
    if not any(line.strip() for line in lines):
        if suffix == ".pdf":
            raise InputError(path, "no text layer (scanned?); finsam-lint does not do OCR")
        raise InputError(path, "empty document: no report text to check")
    return lines, pages


def _needs(path: str, suffix: str):
    extra = EXTRAS[suffix]
    return InputError(path, f"reading {suffix} files needs the '{extra}' extra: pip install 'finsam-lint[{extra}]'")


def _pdf(path: str, data: bytes) -> tuple[list[str], list[int]]:
    try:
        import pypdf
    except ImportError:
        raise _needs(path, ".pdf") from None
    lines: list[str] = []
    pages: list[int] = []
    try:
        for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
            text = page.extract_text(extraction_mode="layout").replace("\f", "")
            page_lines = [line.rstrip() for line in text.split("\n")]
            while page_lines and not page_lines[-1]:
                page_lines.pop()
            while page_lines and not page_lines[0]:
                page_lines.pop(0)
            if not page_lines:
                continue
            if lines:  # a blank line between pages; it belongs to the page before
                lines.append("")
                pages.append(pages[-1])
            lines.extend(page_lines)
            pages.extend([number] * len(page_lines))
    except pypdf.errors.FileNotDecryptedError:
        raise InputError(path, "the PDF is protected by a password; finsam-lint cannot open it") from None
    except pypdf.errors.DependencyError as error:  # AES encryption needs the cryptography package (+18 MB)
        raise InputError(path, f"encrypted PDF: {error}: pip install cryptography") from None
    except Exception as error:  # pypdf raises many kinds of error for damaged or encrypted files
        raise InputError(path, f"cannot read PDF: {type(error).__name__}: {error}") from None
    return lines, pages


def _docx(path: str, data: bytes) -> tuple[list[str], None]:
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
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(block.text.split("\n"))
    return lines, None


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
