"""A warm `--format json` run imports neither rich (terminal colour) nor pyparsing (rule expressions)."""

import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, SEEDS


def _imported(path, cache):
    """The top-level packages `finsam-lint --format json path` imports, read from -X importtime."""
    env = {**os.environ, "FINSAM_LINT_CACHE": str(cache)}
    command = [sys.executable, "-X", "importtime", "-m", "finsam_lint", "--format", "json", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("name", ["example", "seed"])
def test_json_output_on_a_warm_cache_imports_neither_rich_nor_pyparsing(name, tmp_path):
    path = EXAMPLES / "arsredovisning-2024-fel.txt"
    if name == "seed":
        seeds = sorted(SEEDS.glob("*arsredovisning*.txt")) if SEEDS.is_dir() else []
        if not seeds:
            pytest.skip("no seed reports available")
        path = seeds[0]
    cache = tmp_path / "cache"
    first = _imported(path, cache)  # fills the expression cache
    assert "pyparsing" in first  # a cold cache parses the rule expressions
    warm = _imported(path, cache)
    assert "finsam_lint" in warm
    assert not warm & {"rich", "pyparsing"}
