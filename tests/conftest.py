import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("FINSAM_LINT_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def run_cli(*args, input=None, cwd=None, env=None):
    """Run finsam-lint as a user does: a separate process, its exit code and output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "finsam_lint", *map(str, args)],
        input=input, capture_output=True, cwd=cwd, env=full_env, timeout=120,
    )


def seed(name):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not available")
    return path
