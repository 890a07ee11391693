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
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}  # read by extract.py
MAX_BYTES = 256 * 1024 * 1024
MAX_GITIGNORE = 1024 * 1024


class InputError(Exception):
    """The tool cannot read its input: reported as one line, exit code 2."""

    def __init__(self, path: str, message: str):
        message = deterministic(message)
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self):  # the error travels back from a worker process whole
        return type(self), (self.path, self.message)


_ADDRESS = re.compile(r"<([^<>]+?) at 0x[0-9a-fA-F]+>")


def deterministic(message: str) -> str:
    """A library's error text without the memory addresses of reprs ("<_io.BytesIO object at 0x7f…>" becomes
    "<_io.BytesIO object>"), so stderr is the same on every run."""
    return _ADDRESS.sub(r"<\1>", message)


@dataclass(frozen=True)
class Source:
    path: str  # as the user gave it ("-" for stdin)
    lines: tuple[str, ...]  # original text, one entry per line
    clean: tuple[str, ...]  # the same lines, cleaned for reading
    encoding: str = "utf-8"
    pages: tuple[int, ...] | None = None  # for PDF input: the page each line stands on
    pictures: tuple[int, ...] = ()  # for PDF input: the pages with a picture that may be a table drawn as one
    places: tuple[str, ...] | None = None  # for Word input: the table and row, or paragraph, of each line

    def page_of(self, line: int) -> tuple[int, int] | None:
        """For PDF input (page, line of text on that page, as a reader counts them: blank lines not), else None."""
        if not self.pages or not 0 < line <= len(self.pages):
            return None
        page = self.pages[line - 1]
        return page, max(1, sum(1 for text in self.lines[self.pages.index(page):line] if text.strip()))

    def place_of(self, line: int) -> str | None:
        """Where a line stands in the document as published: "page 4, line 17" in a PDF, "table 2, row 3"
        or "paragraph 14" in a Word file; None for text."""
        if self.places and 0 < line <= len(self.places):
            return self.places[line - 1]
        where = self.page_of(line)
        return f"page {where[0]}, line {where[1]}" if where else None


# Skipped in a directory walk: hidden folders and files (.git, .venv, macOS "._x.pdf"), Word's owner files
# ("~$x.docx", left beside an open document), virtual environments and node_modules.
STRAY_PREFIXES = (".", "~$")
SKIPPED_FOLDERS = {"venv", "node_modules"}


def collect_paths(arguments: list[str], excluded=lambda path: False) -> tuple[list[str], list[InputError]]:
    """The report files the arguments name, each once, in a stable order, and the paths that could not be read.

    A directory is walked for report files, skipping stray files and folders, what .gitignore files ignore and
    what `excluded(path)` says; a file named on the command line is always read."""
    paths: list[str] = []
    failures: list[InputError] = []
    seen: set = set()
    for argument in arguments:
        if argument != "-" and os.path.isdir(argument):
            found, problems = _walk(Path(argument), excluded)
            if not found and not problems:
                problems = [InputError(argument, "directory holds no report files (.txt, .md, .pdf, .docx, .html)")]
            failures.extend(problems)
        elif argument == "-" or os.path.lexists(argument):
            found = [argument]
        else:
            failures.append(InputError(argument, "no such file or directory"))
            continue
        for path in found:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return paths, failures


def _identity(path: str):
    """The same for every name of one file: "a.txt", "./a.txt", a link to it."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return path  # it will fail to read, under the name it was given
    return status.st_dev, status.st_ino


def _walk(top: Path, excluded) -> tuple[list[str], list[InputError]]:
    found: list[str] = []
    failures: list[InputError] = []
    visited: set = set()  # a symbolic link back up the tree is walked once
    stack = [(top, _gitignores_above(top))]
    while stack:
        folder, ignores = stack.pop()
        identity = _identity(folder)
        if identity in visited:
            continue
        visited.add(identity)
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            failures.append(InputError(str(folder), f"cannot read directory: {error.strerror or error}"))
            continue
        absolute = os.path.abspath(folder)  # .gitignore patterns are matched from their folders, all above this one
        ignores = ignores + _gitignore(absolute)
        where = {base: os.path.relpath(absolute, base) for base in {ignore[0] for ignore in ignores}}
        for entry in entries:
            path = folder / entry.name
            is_dir = entry.is_dir()
            if entry.name.startswith(STRAY_PREFIXES) or excluded(str(path)) or _ignored(ignores, where, entry.name, is_dir):
                continue
            if is_dir:
                if entry.name not in SKIPPED_FOLDERS:
                    stack.append((path, ignores))
            elif path.suffix.lower() in TEXT_SUFFIXES | DOCUMENT_SUFFIXES:
                if entry.is_file():
                    found.append(str(path))
                else:  # a FIFO would block the walk; a dangling link reads nothing
                    kind = "a broken symbolic link" if entry.is_symlink() else "not a regular file"
                    failures.append(InputError(str(path), f"cannot read: {kind}"))
    return sorted(found), failures


# A .gitignore pattern: (the absolute folder it stands in, the pattern as a regular expression over paths relative
# to that folder, whether it is negated (!), whether it matches folders only (a trailing /)).
Ignore = tuple[str, re.Pattern, bool, bool]


def _gitignores_above(top: Path) -> list[Ignore]:
    """The patterns of the .gitignore files above a walked folder, up to the root of its git work tree (if any)."""
    start = Path(os.path.abspath(top))
    root = next((folder for folder in start.parents if (folder / ".git").exists()), None)
    if root is None or (start / ".git").exists():
        return []
    folders = [folder for folder in start.parents if folder == root or root in folder.parents]
    return [ignore for folder in reversed(folders) for ignore in _gitignore(str(folder))]


def _gitignore(folder: str) -> list[Ignore]:
    try:
        text = read_bounded(os.path.join(folder, ".gitignore"), MAX_GITIGNORE)[:MAX_GITIGNORE].decode("utf-8", "replace")
    except OSError:
        return []  # none, or none readable: nothing is ignored, so nothing goes unchecked
    ignores = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line[1:] if negated else line.removeprefix("\\")  # "\#x", "\!x": a name that starts so
        folders_only = line.endswith("/")
        line = line.rstrip("/")
        if line:
            if "/" not in line:  # a bare name matches at any depth; a path, from the .gitignore's folder
                line = "**/" + line
            ignores.append((folder, re.compile(_glob_regex(line.lstrip("/"))), negated, folders_only))
    return ignores


def _glob_regex(pattern: str) -> str:
    """A gitignore glob as a regular expression: * and ? within one path part, ** across parts, [...] a class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            negated = body[0] in "!^"
            out.append(("[^" if negated else "[") + re.sub(r"([\\\[\]^])", r"\\\1", body[negated:]) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def _ignored(ignores: list[Ignore], where: dict[str, str], name: str, is_dir: bool) -> bool:
    """Whether .gitignore patterns ignore a name in a folder (`where`: that folder relative to each pattern's):
    the last pattern that matches decides."""
    for base, pattern, negated, folders_only in reversed(ignores):
        if pattern.fullmatch(name if where[base] == "." else f"{where[base]}/{name}") and (is_dir or not folders_only):
            return not negated
    return False


def read_bounded(path, limit: int) -> bytes:
    """The file's bytes, but at most limit + 1 of them (more than limit: too large); OSError if it cannot be read."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size  # read(n) allocates n bytes first: ask for what there is
        return handle.read(size + 1 if 0 < size <= limit else limit + 1)


def read_bytes(path: str) -> bytes:
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else read_bounded(path, MAX_BYTES)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def write_text(path: str, text: str) -> None:
    """Write a file whole or not at all: into a temporary file beside it, then renamed over it, so a full disk or
    an interruption leaves the old file as it was. A device or a pipe (/dev/stdout) is written in place."""
    import tempfile

    if os.path.isdir(path):
        raise IsADirectoryError(21, "Is a directory", path)
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    target = os.path.realpath(path)  # through a symbolic link: the link stays, the file it names is replaced
    folder, name = os.path.split(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _mode(path: str) -> int:
    """The permissions a rewritten file keeps: its own, or for a new file what the umask allows (mkstemp's are 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
_SPACED_DIGITS = re.compile("[-−–]?\\d+(?:[\u00a0\u202f\u2009\u2007]\\d+)+")


def _joined_groups(match: re.Match) -> str:
    """A figure's digit groups joined. In a column (two spaces or more before it) the spaces it loses are set
    before it, so that its right edge, where a column of figures lines up, stays where it stood."""
    joined = _GROUPING_SPACE.sub("", match.group())
    in_column = match.string[max(0, match.start() - 2) : match.start()] == "  "
    return " " * (len(match.group()) - len(joined)) + joined if in_column else joined


_OTHER_SPACE = re.compile("[\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000\f\v\r]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LEADER = re.compile(r"(?<=\S) ?(?:\.{4,}|(?:\. ){3,}\.?)(?= |$)")
_RULE_LINE = re.compile(r"\s*[-_=─━—–]{5,}\s*")
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
    if _RULE_LINE.fullmatch(line):
        return ""  # a rule drawn under a header or over a total ("--------", "========"): no text
    if "...." in line or ". . . ." in line:  # a leader from a label to its figures: spaces, the columns where they were
        line = _LEADER.sub(lambda m: " " * len(m.group()), line)
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
    line = _SPACED_DIGITS.sub(_joined_groups, line)
    line = _OTHER_SPACE.sub(" ", line)
    line = _CONTROL.sub(" ", line)
    return line.rstrip()


def load(path: str) -> Source:
    suffix = Path(path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        from .extract import extract

        lines, pages, places, pictures = extract(path, suffix, read_bytes(path))
        return Source(path, tuple(lines), tuple(map(clean_line, lines)), pages=pages and tuple(pages),
                      places=places and tuple(places), pictures=pictures)
    text, encoding = decode(path, read_bytes(path))
    lines = split_lines(text)
    return Source(path, tuple(lines), tuple(map(clean_line, lines)), encoding)
