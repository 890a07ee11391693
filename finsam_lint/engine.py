"""Running rules over documents: parse each document once, then check many times."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from .checks import KINDS
from .checks.base import Context
from .findings import Finding
from .model import Document
from .reader import read
from .rules import Rule
from .source import InputError, load
from .suppress import line_silences

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
    verified: dict = field(default_factory=dict)  # path -> the figures (Value.n) some check compared


def failure_findings(failures: list[InputError], rule: Rule) -> list[Finding]:
    """An io-error finding for each file that could not be read, so that every output format shows it."""
    return [Finding(rule=rule.code, name=rule.name, severity=rule.severity, path=failure.path, line=1, end_line=1,
                    message=failure.message, context=(rule.code,)) for failure in failures]


@dataclass
class Group:
    """Files checked alike: under one configuration, and the reports its cross-file rules also compare them
    with (`archive`: read, never reported on)."""

    paths: list[str]
    rules: list
    unit: str = "kr"
    archive: list[str] = field(default_factory=list)


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


def read_all(paths: list[str], unit: str = "kr", progress=None, stdin_name: str | None = None) -> tuple[list[Document], list[InputError]]:
    """Read each file once; `unit` is the report's unit where no table states one; standard input is known by
    `stdin_name` where one is given. A file that cannot be read is left out and its error returned, so that
    it hides no other file."""
    documents, failures = [], []
    with _collector_paused():
        for path in paths:
            try:
                source = load(path)
            except InputError as error:
                failures.append(error)
            else:
                documents.append(read(replace(source, path=stdin_name) if path == "-" and stdin_name else source, unit))
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
        found = _check_each(documents, ordered, ctx)
        return _finish(documents, found, [(ordered, documents, None)], ctx)


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
            before, corrections = len(findings), len(ctx.corrections)
            if hasattr(module, "check_all"):
                findings.extend(module.check_all(rules, document, ctx))
            else:
                for rule in rules:
                    findings.extend(module.check(rule, document, ctx))
            if len(ctx.corrections) > corrections:
                _forget_silenced(document, findings[before:], ctx)
    ctx.memo.clear()
    return findings


def _forget_silenced(document: Document, found: list[Finding], ctx: Context) -> None:
    """A total whose footing finding a marker silences is read as written: the checks that use it report
    what it disagrees with, rather than take its rows' sum as the reading the silenced finding stands for."""
    lines = document.source.lines
    silenced = {f.line for f in found if 0 < f.line <= len(lines) and line_silences(lines[f.line - 1], f)}
    if silenced:
        for table in document.tables:
            for row in table.rows:
                if row.line in silenced:
                    for value in row.values:
                        if value is not None:
                            ctx.corrections.pop((document.path, value.n), None)


def _finish(documents: list[Document], findings: list[Finding], compared, ctx: Context) -> Result:
    """The rules that compare documents, then the findings in order.

    `compared` holds, for each group, its ordered rules, the documents they compare and the paths of those
    they report on (None: all of them)."""
    for ordered, among, reported in compared:
        for rule in ordered:
            if _scope(rule) == "set":
                findings.extend(KINDS[rule.kind].check(rule, among, ctx, reported))
    findings.sort(key=Finding.sort_key)
    return Result(documents, findings, ctx.checks, sum(len(checked) for checked in ctx.figures.values()),
                  verified=ctx.figures)


def check(paths: list[str], rules, unit: str = "kr", progress=None) -> Result:
    """check_groups() for files that are all checked alike."""
    return check_groups([Group(paths, rules, unit)], progress)


def check_groups(groups: list[Group], progress=None, stdin_name: str | None = None) -> Result:
    """parse() then run() for each group, with the same result; many files are read and checked in parallel
    processes. Cross-file rules compare every checked document and the group's archive, and report on the
    group's own files.

    Each process reads a run of consecutive files of one group and applies the rules that read one document;
    the documents and what the run found come back here, where the rules that compare documents run.
    """
    paths = [path for group in groups for path in group.paths]
    plans = [(_ordered(group.rules), group.unit) for group in groups]
    ctx = Context()
    by_group: list[list[Document]] = [[] for _ in groups]
    findings: list[Finding] = []
    workers = min(os.cpu_count() or 1, 8)
    with _collector_paused():
        if len(paths) <= PARALLEL_FILES or workers < 2 or "-" in paths or len(set(paths)) < len(paths):
            failures: list[InputError] = []
            done = 0
            for index, (group, (ordered, unit)) in enumerate(zip(groups, plans)):
                by_group[index], failed = read_all(
                    group.paths, unit, progress and (lambda n, before=done: progress(before + n)), stdin_name)
                failures.extend(failed)
                findings.extend(_check_each(by_group[index], ordered, ctx))
                done += len(group.paths)
        else:
            failures = _check_parallel(groups, plans, workers, ctx, by_group, findings, progress)
        documents = [document for group in by_group for document in group]
        checked = {str(Path(path).resolve()) for path in paths if path != "-"}
        archived: dict[str, Document] = {}  # read once, however many groups name it
        compared = []
        for group, (ordered, unit) in zip(groups, plans):
            if not any(_scope(rule) == "set" for rule in ordered):
                continue
            extra = [path for path in dict.fromkeys(group.archive) if str(Path(path).resolve()) not in checked]
            archived.update((d.path, d) for d in parse([path for path in extra if path not in archived], unit))
            reported = {stdin_name if path == "-" and stdin_name else path for path in group.paths}
            compared.append((ordered, documents + [archived[path] for path in extra], reported))
        result = _finish(documents, findings, compared, ctx)
        result.failures = failures
        return result


def _check_parallel(groups, plans, workers, ctx, by_group, findings, progress) -> list[InputError]:
    """The groups' files read and checked in worker processes; the files that could not be read."""
    from concurrent.futures import ProcessPoolExecutor  # only here: it imports multiprocessing

    total = sum(len(group.paths) for group in groups)
    size = -(-total // (workers * 32))  # small runs: no process sits idle long at the end
    chunks = [(index, group.paths[start : start + size])
              for index, group in enumerate(groups) for start in range(0, len(group.paths), size)]
    # Forked workers inherit this process's heap. Frozen, the garbage collector walks none of it,
    # there or here, and so does not copy its pages into each worker (as the gc module's docs advise).
    gc.freeze()
    done = 0
    failures: list[InputError] = []
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(plans,)) as pool:
        for (index, _), (chunk, found, found_ctx, failed) in zip(chunks, pool.map(_check_chunk, chunks)):
            ctx.merge(found_ctx)
            by_group[index].extend(chunk)
            findings.extend(found)
            failures.extend(failed)
            done += len(chunk) + len(failed)
            if progress:
                progress(done)
    return failures


_WORKER: list = []


def _start_worker(plans) -> None:
    global _WORKER
    _WORKER = plans


def _check_chunk(chunk):
    index, paths = chunk
    ordered, unit = _WORKER[index]
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
