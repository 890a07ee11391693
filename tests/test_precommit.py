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


ANNUAL = (
    "Årsredovisning {year} för Samordningsförbundet Exempeldalen\n"
    "RESULTATRÄKNING (kr)\t{year}\t{last}\nÅrets resultat\t{now}\t{before}\n"
    "NOT 1 Medlemsavgifter\t{year}\t{last}\nStaten 50 %\t600\t500\nRegion 25 %\t300\t250\n"
    "Kommunen 25 %\t300\t250\nSumma medlemsavgifter\t{total}\t1 000\n"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A git repository with two years of one association's reports and `reports` naming them: the 2024
    report's comparison column disagrees with the 2023 report, which has an error of its own (a total)."""
    pytest.importorskip("pre_commit")
    folder = tmp_path_factory.mktemp("archive")
    git("init", "-q", cwd=folder)
    (folder / "reports").mkdir()
    (folder / "reports" / "2023.txt").write_text(
        ANNUAL.format(year=2023, last=2022, now="21 800", before="84 350", total="1 250"), encoding="utf-8")
    (folder / "reports" / "2024.txt").write_text(
        ANNUAL.format(year=2024, last=2023, now="67 845", before="28 100", total="1 200"), encoding="utf-8")
    (folder / "finsam-lint.toml").write_text('reports = ["reports/**"]\n', encoding="utf-8")
    text = (EXAMPLES / "arsredovisning-2024-fel.txt").read_text(encoding="utf-8")
    (folder / "utkast.html").write_text(f"<html><body><pre>\n{text}</pre></body></html>\n", encoding="utf-8")
    git("add", ".", cwd=folder)
    return folder


def test_hook_compares_a_staged_report_with_the_archive_and_reports_only_it(archive, tmp_path):
    staged = try_repo(archive, "reports/2024.txt", tmp_path / "home")
    assert staged.returncode == 1, staged.stdout + staged.stderr
    assert "reports/2024.txt:3:" in staged.stdout and "FL801" in staged.stdout
    assert not [line for line in staged.stdout.splitlines() if line.startswith("reports/2023.txt")]
    assert "FL104" not in staged.stdout  # the archive's own error is not this commit's
    earlier = try_repo(archive, "reports/2023.txt", tmp_path / "home")
    assert earlier.returncode == 1 and "FL104" in earlier.stdout and "FL801" not in earlier.stdout


def test_hook_takes_published_formats(archive, tmp_path):
    result = try_repo(archive, "utkast.html", tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "utkast.html:" in result.stdout and "FL201" in result.stdout
