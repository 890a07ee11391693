"""Reading report text from files, directories and stdin.

Every line keeps its 1-based number in the file as given: cleaning (HTML tags,
markdown, odd spaces, mojibake) happens inside a line and never adds or removes
lines, so a finding's line is the line a user sees in an editor.
"""

from __future__ import annotations

import html
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}  # read by extract.py
MAX_BYTES = 256 * 1024 * 1024


class InputError(Exception):
    """The tool cannot read its input: reported as one line, exit code 2."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self):  # the error travels back from a worker process whole
        return type(self), (self.path, self.message)


@dataclass(frozen=True)
class Source:
    path: str  # as the user gave it ("-" for stdin)
    lines: tuple[str, ...]  # original text, one entry per line
    clean: tuple[str, ...]  # the same lines, cleaned for reading
    encoding: str = "utf-8"
    pages: tuple[int, ...] | None = None  # for PDF input: the page each line stands on

    def page_of(self, line: int) -> tuple[int, int] | None:
        """For PDF input (page, line of text on that page, as a reader counts them: blank lines not), else None."""
        if not self.pages or not 0 < line <= len(self.pages):
            return None
        page = self.pages[line - 1]
        return page, max(1, sum(1 for text in self.lines[self.pages.index(page):line] if text.strip()))


def collect_paths(arguments: list[str]) -> list[str]:
    """Expand directories into the text files below them, in a stable order."""
    paths: list[str] = []
    for argument in arguments:
        if argument == "-":
            paths.append(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | DOCUMENT_SUFFIXES
            )
            if not found:
                raise InputError(argument, "directory holds no report files (.txt, .md, .pdf, .docx)")
            paths.extend(found)
        elif path.exists():
            paths.append(argument)
        else:
            raise InputError(argument, "no such file or directory")
    return paths


def read_bytes(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # read(n) allocates n bytes first: ask for what there is
            data = handle.read(size + 1 if 0 < size <= MAX_BYTES else MAX_BYTES + 1)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(path, "invalid UTF-16 text") from None
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not report text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Counted in bytes: in UTF-8 and cp1252 alike a control character is one byte, and bytes.translate
    # counts them many times faster than a regular expression.
    head = data[:65536]
    if len(head) - len(head.translate(None, _BINARY)) > max(8, len(head) // 100):
        raise InputError(path, "binary file (control characters), not report text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    if not text.strip():
        raise InputError(path, "empty file: no report text to check")
    return text, encoding


def split_lines(text: str) -> list[str]:
    """Lines as editors and grep count them: split on \\n, a \\r before it dropped."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


# UTF-8 read as latin-1/cp1252: "Ã¥" for "å" and the like.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u20ac\u2122]")
# Comments and suppression markers are not report text: "<!-- ... -->", "[//]: # (...)", "finsam-lint: ignore[...]"
# and, as ruff and flake8 write them, "finsam-lint: noqa", "noqa: FL201, FL104" (a "#" before a marker goes with it).
# Group 1 holds the rules of "ignore[...]", group 2 those of "noqa: ..." (neither: every rule).
SUPPRESSION = re.compile(
    r"(?i:finsam-lint:\s*ignore\b(?:\[([^\]]*)\])?|(?:finsam-lint:\s*)?\bnoqa\b(?::\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?)"
)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)|\[//\]: # \([^)]*\)|(?:#\s*)?(?:" + SUPPRESSION.pattern + ")")
# A lone "#" ending a line marks nothing (a closing heading sequence, a stray keystroke); it is no part of a figure.
_TRAILING_HASH = re.compile(r"\s#+\s*$")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_BIDI_AND_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# A no-break or thin space inside a figure joins its digit groups ("9 529 000"); but not
# "2 010", which joined would read as the year 2010.
_GROUPING_SPACE = re.compile("(?<=\\d)(?<!(?<!\\d)\\d)[\u00a0\u202f\u2009\u2007](?=\\d{3}(?!\\d))|(?<=\\d)[\u00a0\u202f\u2009\u2007](?=\\d{3}[\u00a0\u202f\u2009\u2007]\\d{3}(?!\\d))")
_OTHER_SPACE = re.compile("[\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000\f\v\r]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RULE_CELL = re.compile(r":?-{2,}:?")  # "| --- | :--: |": the rule under a markdown table's header
_BREAK = re.compile(r"(?i)<br\s*/?>")
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
_BINARY = bytes(range(0x09)) + bytes(range(0x0E, 0x20))  # control characters that text files do not hold


def repair_mojibake(line: str) -> str:
    if not _MOJIBAKE.search(line):
        return line
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = line.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return repaired
    return line


# A character that some step of clean_line() acts on (or "finsam-lint", a marker); a line without one
# only loses trailing spaces. A class alone: re scans for one much faster than for an alternation.
_CLEANABLE = re.compile(
    "[\u00c2\u00c3\x1b|<\\[&#*_\u00ad\u00a0\u2002-\u200f\u202a-\u202f\u2060-\u2069\u3000\ufeff"
    "\x00-\x08\x0b-\x1f\x7f]"
)


def clean_line(line: str) -> str:
    """One line of report text as the reader wants it: plain text, tabs between cells."""
    if not _CLEANABLE.search(line) and "finsam-lint" not in line and "noqa" not in line:
        return line.rstrip()
    line = repair_mojibake(line)
    line = _ANSI.sub("", line)
    line = _BIDI_AND_INVISIBLE.sub("", line)
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:  # markdown table row
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        if all(_RULE_CELL.fullmatch(cell) for cell in cells if cell):
            return ""
        line = "\t".join(cells)
    line = _COMMENT.sub("", line)
    line = _TRAILING_HASH.sub("", line)
    line = _BREAK.sub(" ", line)
    line = _TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    line = _HEADING_MARK.sub("", line)
    line = line.replace("***", "").replace("**", "").replace("__", "")
    line = _GROUPING_SPACE.sub("", line)
    line = _OTHER_SPACE.sub(" ", line)
    line = _CONTROL.sub(" ", line)
    return line.rstrip()


def load(path: str) -> Source:
    suffix = Path(path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        from .extract import extract

        lines, pages = extract(path, suffix, read_bytes(path))
        return Source(path, tuple(lines), tuple(map(clean_line, lines)), pages=pages and tuple(pages))
    text, encoding = decode(path, read_bytes(path))
    lines = split_lines(text)
    return Source(path, tuple(lines), tuple(map(clean_line, lines)), encoding)
