"""The pre-commit hook, as a project using it runs it: `pre-commit try-repo` on this repository.

try-repo installs the hook from the committed HEAD of this repository (its
own venv, dependencies from the package index), so this checks the committed
.pre-commit-hooks.yaml, not the working tree.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and this repository's history"
)


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A git repository holding one report with an error and one without."""
    pytest.importorskip("pre_commit")
    folder = tmp_path_factory.mktemp("project")
    git("init", "-q", cwd=folder)
    shutil.copy(EXAMPLES / "arsredovisning-2024-fel.txt", folder / "fel.txt")
    shutil.copy(EXAMPLES / "arsredovisning-2024-ren.txt", folder / "ren.txt")
    git("add", "fel.txt", "ren.txt", cwd=folder)
    return folder


def try_repo(project: Path, name: str, home: Path):
    head = git("rev-parse", "HEAD", cwd=ROOT)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "finsam-lint", "--ref", head, "--files", name],
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )


def test_hook_fails_on_a_report_with_an_error_and_passes_on_a_clean_one(project, tmp_path):
    failing = try_repo(project, "fel.txt", tmp_path / "home")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "FL201" in failing.stdout
    passing = try_repo(project, "ren.txt", tmp_path / "home")
    assert passing.returncode == 0, passing.stdout + passing.stderr
