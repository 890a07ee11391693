"""More than engine.PARALLEL_FILES files are checked in parallel processes; the result must be the one process's.

The processes send their documents back with tables packed (unpacked when read
again) and name the figures they checked by their number in the document, so
what this guards is that nothing is lost or renamed on the way: the findings,
the counts in the summary, the tables as read, and the findings of the rule
that compares files, which runs in the parent on what came back.
"""

import random
import sys
from pathlib import Path

from finsam_lint import engine, suppress
from finsam_lint.rules import load_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synthetic  # noqa: E402


def _two_years_of_one_association() -> list[str]:
    """Two made-up reports of one association for consecutive years: their shared year disagrees."""
    by_name: dict[tuple[str, int], str] = {}
    for seed in range(500):
        text = synthetic.report(random.Random(seed), 1)
        name = text.split("**")[1]
        year = int(text.split()[2])
        for other in (year - 1, year + 1):
            if (name, other) in by_name:
                return [by_name[name, other], text]
        by_name[name, year] = text
    raise AssertionError("no two reports of one association in consecutive years")


def test_parallel_processes_give_what_one_process_gives(tmp_path):
    texts = [synthetic.report(random.Random(100 + i), 10 + i) for i in range(engine.PARALLEL_FILES + 3)]
    texts += _two_years_of_one_association()
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"report-{i:02}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    rules = [rule for rule in load_rules() if rule.kind != suppress.KIND]

    alone = engine.run(engine.parse(paths), rules)
    together = engine.check(paths, rules)

    assert any(f.rule == "FL801" for f in alone.findings)  # the rule that compares files has something to say
    assert len(alone.findings) > len(texts) // 2
    assert together.findings == alone.findings
    assert (together.checks, together.figures) == (alone.checks, alone.figures)
    assert [d.tables for d in together.documents] == [d.tables for d in alone.documents]
