"""Running rules over documents: parse each document once, then check many times."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from .checks import KINDS
from .checks.base import Context
from .findings import Finding
from .model import Document
from .reader import read
from .rules import Rule
from .source import InputError, load

# Footing first: other kinds read the corrections it leaves for totals that did not foot.
# Coverage last: it reports files in which no other rule checked a figure.
_ORDER = {"footing": 0, "coverage": 2}
PARALLEL_FILES = 8  # more files than this are read and checked in parallel processes
IO_ERROR = Rule(
    code="FL004", name="io-error", kind="io", severity="error",
    summary="A file that could not be read: missing, empty, binary, too large or not readable",
    why="A report that was not read was not checked; the other files are, and the run exits 2 so that no gate passes it.",
    example="reports/2024.txt:1:1: FL004 [error] empty file: no report text to check",
    message=None, options={}, source="finsam_lint/engine.py",
)


@dataclass
class Result:
    documents: list[Document]
    findings: list[Finding]
    checks: int = 0
    figures: int = 0
    failures: list[InputError] = field(default_factory=list)  # the files that could not be read


def failure_findings(failures: list[InputError], rule: Rule) -> list[Finding]:
    """An io-error finding for each file that could not be read, so that every output format shows it."""
    return [Finding(rule=rule.code, name=rule.name, severity=rule.severity, path=failure.path, line=1, end_line=1,
                    message=failure.message, context=(rule.code,)) for failure in failures]


@contextmanager
def _collector_paused():
    """Reading and checking make objects by the hundred thousand and next to no reference cycles (over
    640 reports some 1900 objects end in cycles, all at the first use of a cache), so the garbage
    collector is paused while they are made: its collections took 4 % of a run over one 1.6 MB report
    (13 % where a full collection fell in it) and a fifth of the parent's time in engine.check. What was
    made then joins the oldest generation unscanned (frozen, then unfrozen)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


def read_all(paths: list[str], unit: str = "kr", progress=None) -> tuple[list[Document], list[InputError]]:
    """Read each file once; `unit` is the report's unit where no table states one. A file that cannot be read is
    left out and its error returned, so that it hides no other file."""
    documents, failures = [], []
    with _collector_paused():
        for path in paths:
            try:
                documents.append(read(load(path), unit))
            except InputError as error:
                failures.append(error)
            if progress:
                progress(len(documents) + len(failures))
    return documents, failures


def parse(paths: list[str], unit: str = "kr", progress=None) -> list[Document]:
    """read_all() where every file must be read: the first that cannot be is raised."""
    documents, failures = read_all(paths, unit, progress)
    if failures:
        raise failures[0]
    return documents


def run(documents: list[Document], rules) -> Result:
    ctx = Context()
    ordered = _ordered(rules)
    with _collector_paused():
        return _finish(documents, _check_each(documents, ordered, ctx), ordered, ctx)


def _ordered(rules) -> list:
    return sorted(rules, key=lambda r: (_ORDER.get(r.kind, 1), r.code))


def _scope(rule) -> str:
    return getattr(KINDS[rule.kind], "SCOPE", "document")


def _check_each(documents: list[Document], ordered, ctx: Context) -> list[Finding]:
    """The rules that read one document at a time, a kind's rules together."""
    findings: list[Finding] = []
    per_document = [(KINDS[kind], list(rules))
                     for kind, rules in groupby((r for r in ordered if _scope(r) == "document"), attrgetter("kind"))]
    for document in documents:
        for module, rules in per_document:
            ctx.memo.clear()  # what the previous kind worked out for this document
            if hasattr(module, "check_all"):
                findings.extend(module.check_all(rules, document, ctx))
            else:
                for rule in rules:
                    findings.extend(module.check(rule, document, ctx))
    ctx.memo.clear()
    return findings


def _finish(documents: list[Document], findings: list[Finding], ordered, ctx: Context) -> Result:
    """The rules that compare documents, then the findings in order."""
    for rule in ordered:
        if _scope(rule) == "set":
            findings.extend(KINDS[rule.kind].check(rule, documents, ctx))
    findings.sort(key=Finding.sort_key)
    return Result(documents, findings, ctx.checks, sum(len(checked) for checked in ctx.figures.values()))


def check(paths: list[str], rules, unit: str = "kr", progress=None) -> Result:
    """parse() then run(), with the same result; many files are read and checked in parallel processes.

    Each process reads a run of consecutive files and applies the rules that read one document;
    the documents and what the run found come back here, where the rules that compare documents run.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) <= PARALLEL_FILES or workers < 2 or "-" in paths or len(set(paths)) < len(paths):
        documents, failures = read_all(paths, unit, progress)
        result = run(documents, rules)
        result.failures = failures
        return result
    from concurrent.futures import ProcessPoolExecutor  # only here: it imports multiprocessing

    ordered = _ordered(rules)
    size = -(-len(paths) // (workers * 32))  # small runs: no process sits idle long at the end
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    ctx = Context()
    documents: list[Document] = []
    findings: list[Finding] = []
    failures: list[InputError] = []
    with _collector_paused():  # here and in the workers, which are forked with it paused
        # Forked workers inherit this process's heap. Frozen, the garbage collector walks none of it,
        # there or here, and so does not copy its pages into each worker (as the gc module's docs advise).
        gc.freeze()
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(ordered, unit)) as pool:
            for chunk, found, found_ctx, failed in pool.map(_check_chunk, chunks):
                ctx.merge(found_ctx)
                documents.extend(chunk)
                findings.extend(found)
                failures.extend(failed)
                if progress:
                    progress(len(documents) + len(failures))
        result = _finish(documents, findings, ordered, ctx)
        result.failures = failures
        return result


_WORKER: tuple = ()


def _start_worker(ordered, unit: str) -> None:
    global _WORKER
    _WORKER = (ordered, unit)


def _check_chunk(paths: list[str]):
    ordered, unit = _WORKER
    documents, failures = read_all(paths, unit)
    ctx = Context()
    found = _check_each(documents, ordered, ctx)
    # What the rules that compare documents need of each, taken here where its tables are at hand:
    # unpacking them again in the parent, after the last worker is done, would leave the other cores idle.
    for rule in ordered:
        if _scope(rule) == "set" and hasattr(KINDS[rule.kind], "digest"):
            for document in documents:
                document.digests[rule.code] = KINDS[rule.kind].digest(rule, document)
    return documents, found, ctx, failures
