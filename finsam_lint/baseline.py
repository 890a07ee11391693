"""Baselines: accept the findings a report has today, report only new ones.

A finding is known by its fingerprint: rule code, path, the finding's context
(table title, row label, period) and its figures (expected and actual), never
its line number, so lines added or removed elsewhere in the document leave it
known, while a changed amount is a new finding. Paths are stored relative to
the baseline file, so the baseline holds wherever it is run from. Entries that
match no finding any more are stale: counted, and left out when it is written
again.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from .findings import Finding, plain
from .source import read_bounded, write_text

FORMAT = "finsam-lint-baseline"
VERSION = 2  # 2: the figures are part of the fingerprint
MAX_BYTES = 64 * 1024 * 1024  # some 200 000 findings
MAX_COUNT = 1_000_000_000  # findings with one fingerprint: more than any set of reports has


class BaselineError(Exception):
    """A baseline file cannot be read or written: reported as one line, exit code 2."""


def _path(path: str, baseline: str) -> str:
    if path == "-":
        return path
    return Path(os.path.relpath(Path(path).resolve(), Path(baseline).resolve().parent)).as_posix()


def fingerprint(finding: Finding, baseline: str) -> str:
    import hashlib  # here: only a run with a baseline needs it

    figures = [plain(finding.expected) or "", plain(finding.actual) or ""]
    key = "\0".join([finding.rule, _path(finding.path, baseline), *finding.context, *figures])
    # surrogatepass: a file name that is not UTF-8 (its bytes as lone surrogates) still has a fingerprint
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def write(path: str, findings: list[Finding]) -> None:
    entries: dict[str, dict] = {}
    for finding in findings:
        entry = entries.setdefault(fingerprint(finding, path), {
            "rule": finding.rule, "path": _path(finding.path, path), "context": list(finding.context),
            "expected": plain(finding.expected), "actual": plain(finding.actual), "message": finding.message, "count": 0,
        })
        entry["count"] += 1
    data = {"format": FORMAT, "version": VERSION, "findings": dict(sorted(entries.items()))}
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        # the file is UTF-8: a file name's byte that is not (a lone surrogate) is shown as "?", as the key holds it
        write_text(path, text.encode("utf-8", "replace").decode("utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror or error}") from None


def read(path: str) -> Counter:
    """Fingerprint -> how many findings with it are accepted."""
    try:
        text = read_bounded(path, MAX_BYTES)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror or error}") from None
    if len(text) > MAX_BYTES:
        raise BaselineError(f"{path}: baseline larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BaselineError(f"{path}: not a finsam-lint baseline (invalid JSON)") from None
    except ValueError:  # json reads a whole number of more than 4 300 digits with int(), which refuses it
        raise BaselineError(f"{path}: not a finsam-lint baseline (a number with too many digits)") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a finsam-lint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), dict):
        raise BaselineError(f"{path}: not a finsam-lint baseline (write one with --write-baseline)")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r}; this finsam-lint reads version {VERSION} "
                            f"(write it again with --write-baseline)")
    counts = Counter()
    for key, entry in data["findings"].items():
        count = entry.get("count") if isinstance(entry, dict) else None
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
            raise BaselineError(f"{path}: a baseline entry has no 'count' that is a whole number from 1 to {MAX_COUNT}")
        counts[key] = count
    return counts


def new_findings(findings: list[Finding], accepted: Counter, path: str) -> tuple[list[Finding], int, int]:
    """The findings the baseline does not accept, how many it accepted, and how many of its entries are stale
    (accepted findings that are not there any more)."""
    left = Counter(accepted)
    new = []
    for finding in findings:
        key = fingerprint(finding, path)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(finding)
    return new, len(findings) - len(new), sum(left.values())
