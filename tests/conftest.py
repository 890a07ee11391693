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


SEPARATORS = {"dash": "-", "plus": "+", "endash": "\u2013", "nbhyphen": "\u2011", "minus": "\u2212",
              "nbsp": "\u00a0", "space": " ", "none": ""}


def identity_number(date: str, separator: str = "dash", valid: bool = True, serial: str = "123") -> str:
    """A fictional personal identity number made at run time, so no such string sits in the repository:
    `date` YYMMDD or YYYYMMDD (day + 60 for a samordningsnummer), a separator by name, and a check digit
    that passes the Luhn check (or, with valid=False, one that fails it)."""
    from finsam_lint.privacy import luhn

    digit = next(d for d in "0123456789" if luhn(date[-6:] + serial + d) == valid)
    return date + SEPARATORS[separator] + serial + digit
