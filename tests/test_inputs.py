"""What the tool reads and writes: directory walks, files it cannot read among others, size caps, whole writes.

Tests run as root, where chmod 000 stops no read: an unreadable directory is simulated in-process by an
os.scandir that raises PermissionError for it (the call a walk makes to list a folder), and unreadable files by
a FIFO and a dangling symbolic link, which a walk must not open. A full disk is simulated by an os.fsync that
raises ENOSPC, the point where a real one reports it at the latest.
"""

import errno
import json
import os
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

from finsam_lint import cli

CLEAN = EXAMPLES / "arsredovisning-2024-ren.txt"
FAULTY = EXAMPLES / "arsredovisning-2024-fel.txt"
PROSE = "Protokoll fört vid styrelsemöte. Styrelsen beslutade att godkänna dagordningen.\n"
FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit", "html"]
MiB = 1024 * 1024


def checked(result) -> set[str]:
    """The files a run read: each prose file gives one FL001 "nothing checked" finding."""
    return {f["path"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "FL001"}


def prose(*paths: Path) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PROSE, encoding="utf-8")


def stderr_lines(result) -> list[str]:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "internal error" not in err, err
    return err.splitlines()


def run_main(capsys, *args):
    """The CLI in this process, so that a test can change what the operating system answers."""
    code = cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. walks --------------------------------------------------------------------------------------


def test_a_walk_skips_stray_files_hidden_folders_virtual_environments_and_node_modules(tmp_path):
    prose(tmp_path / "a.txt", tmp_path / "arkiv" / "b.md")
    prose(*(tmp_path / folder / "x.txt" for folder in (".git", ".venv", "venv", "node_modules", ".cache", "arkiv/.old")))
    (tmp_path / "~$rapport.docx").write_bytes(b"\x00\x01 Word's owner file")
    (tmp_path / "._rapport.pdf").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    prose(tmp_path / ".dold.txt")
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 0, result.stderr
    assert checked(result) == {str(tmp_path / "a.txt"), str(tmp_path / "arkiv" / "b.md")}


def test_a_walk_leaves_out_what_gitignore_ignores(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".gitignore").write_text("# drafts\n*.draft.md\n!behall.draft.md\nutkast/\n/topp.txt\n", encoding="utf-8")
    reports = repo / "rapporter"
    (reports / "2024").mkdir(parents=True)
    (reports / "2024" / ".gitignore").write_text("gammal*.txt\n[!k]lad.txt\narkiv/**/x.md\n", encoding="utf-8")
    kept = [reports / "a.txt", reports / "behall.draft.md", reports / "topp.txt", reports / "2024" / "klad.txt",
            reports / "2024" / "arkiv" / "y.md", reports / "2024" / "ny.txt"]
    ignored = [reports / "b.draft.md", reports / "utkast" / "c.txt", reports / "2024" / "gammal1.txt",
               reports / "2024" / "plad.txt", reports / "2024" / "arkiv" / "z" / "x.md", repo / "topp.txt"]
    prose(*kept, *ignored)
    assert checked(run_cli("--format", "json", reports)) == {str(p) for p in kept}
    assert checked(run_cli("--format", "json", repo)) == {str(p) for p in kept}
    # a file named on the command line is read, whatever .gitignore says
    assert checked(run_cli("--format", "json", ignored[0])) == {str(ignored[0])}


def test_exclude_and_extend_exclude_on_the_command_line_and_in_the_configuration(tmp_path):
    files = {name: tmp_path / "r" / name for name in ("a.txt", "b.txt", "arkiv/c.txt", "utkast/d.md")}
    prose(*files.values())
    every = {str(p) for p in files.values()}
    assert checked(run_cli("--format", "json", "r", cwd=tmp_path)) == {str(Path("r") / n) for n in files}
    result = run_cli("--format", "json", "--exclude", "arkiv,*/b.txt", tmp_path / "r", cwd=tmp_path)
    assert checked(result) == every - {str(files["arkiv/c.txt"]), str(files["b.txt"])}
    (tmp_path / "finsam-lint.toml").write_text('exclude = ["utkast"]\nextend-exclude = ["r/a.*"]\n', encoding="utf-8")
    result = run_cli("--format", "json", tmp_path / "r", cwd=tmp_path)
    assert checked(result) == every - {str(files["utkast/d.md"]), str(files["a.txt"])}
    # a flag replaces the file's value of its key, and adds to the other's
    result = run_cli("--format", "json", "--exclude", "b.txt", tmp_path / "r", cwd=tmp_path)
    assert checked(result) == every - {str(files["b.txt"]), str(files["a.txt"])}
    config = run_cli("config", "--extend-exclude", "x/*", tmp_path / "r", cwd=tmp_path)
    assert tomllib.loads(config.stdout.decode())["extend-exclude"] == ["x/*"]


def _unreadable(monkeypatch, folder: Path):
    """os.scandir refuses `folder`, as it does a directory without read permission."""
    scandir = os.scandir

    def refusing(path="."):
        if os.path.abspath(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)


def test_an_unreadable_subdirectory_is_reported_and_the_rest_checked(tmp_path, monkeypatch, capsys):
    prose(tmp_path / "a.txt", tmp_path / "hemligt" / "b.txt")
    _unreadable(monkeypatch, tmp_path / "hemligt")
    code, out, err = run_main(capsys, "--format", "json", tmp_path)
    assert code == 2
    assert err.splitlines() == [f"finsam-lint: error: {tmp_path / 'hemligt'}: cannot read directory: Permission denied"]
    findings = json.loads(out)["findings"]
    assert {(f["rule"], f["path"]) for f in findings} == {("FL001", str(tmp_path / "a.txt")),
                                                          ("FL004", str(tmp_path / "hemligt"))}


def test_a_wholly_unreadable_directory_says_permission_denied(tmp_path, monkeypatch, capsys):
    prose(tmp_path / "a.txt")
    _unreadable(monkeypatch, tmp_path)
    code, out, err = run_main(capsys, tmp_path)
    assert code == 2
    assert err.splitlines() == [f"finsam-lint: error: {tmp_path}: cannot read directory: Permission denied"]
    assert "holds no report files" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a directory without permissions")
def test_a_directory_without_read_permission(tmp_path):
    prose(tmp_path / "a.txt", tmp_path / "hemligt" / "b.txt")
    (tmp_path / "hemligt").chmod(0)
    try:
        result = run_cli(tmp_path)
    finally:
        (tmp_path / "hemligt").chmod(0o755)
    assert result.returncode == 2 and "permission denied" in result.stderr.decode().lower()


def test_a_fifo_and_a_dangling_link_in_a_walk_are_reported_not_opened(tmp_path):
    prose(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "ror.txt")  # opened, it would block the run until something writes to it
    (tmp_path / "borta.md").symlink_to(tmp_path / "finns-inte.md")
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 2
    assert stderr_lines(result) == [
        f"finsam-lint: error: {tmp_path / 'borta.md'}: cannot read: a broken symbolic link",
        f"finsam-lint: error: {tmp_path / 'ror.txt'}: cannot read: not a regular file",
    ]
    assert checked(result) == {str(tmp_path / "a.txt")}


def test_a_symbolic_link_back_up_the_tree_is_walked_once(tmp_path):
    prose(tmp_path / "a.txt", tmp_path / "sub" / "b.txt")
    (tmp_path / "sub" / "upp").symlink_to(tmp_path)
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert sorted(f["path"] for f in findings) == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]


def test_the_same_file_given_twice_is_checked_once(tmp_path):
    once = json.loads(run_cli("--format", "json", FAULTY).stdout)
    copy = tmp_path / FAULTY.name
    copy.write_text(FAULTY.read_text(encoding="utf-8"), encoding="utf-8")
    link = tmp_path / "lank.txt"
    link.symlink_to(copy)
    result = run_cli("--format", "json", FAULTY.name, f"./{FAULTY.name}", link, tmp_path, cwd=tmp_path)
    twice = json.loads(result.stdout)
    assert twice["summary"]["files"] == 1
    assert [f["message"] for f in twice["findings"]] == [f["message"] for f in once["findings"]]


# --- 2. one bad file never hides the rest ----------------------------------------------------------


def _three_files(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "a.txt").write_text(FAULTY.read_text(encoding="utf-8"), encoding="utf-8")
    empty, binary = tmp_path / "b-tom.txt", tmp_path / "c-bild.md"
    empty.write_bytes(b"")
    binary.write_bytes(bytes(range(256)) * 8)
    return empty, binary


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_file_among_others_is_one_line_and_a_finding_in_every_format(tmp_path, fmt):
    empty, binary = _three_files(tmp_path)
    output = tmp_path / "out"
    result = run_cli("--format", fmt, "-o", output, tmp_path / "a.txt", empty, binary)
    assert result.returncode == 2
    assert stderr_lines(result) == [
        f"finsam-lint: error: {empty}: empty file: no report text to check",
        f"finsam-lint: error: {binary}: binary file (contains NUL bytes), not report text",
    ]
    text = output.read_text(encoding="utf-8")
    for expected in ("FL004", "empty file: no report text to check", "binary file", "Summa medlemsavgifter is 12 000 000"):
        assert expected in text, (fmt, expected)
    for path in (empty, binary):
        assert path.name in text


def test_bad_files_among_many_checked_in_parallel(tmp_path):
    for n in range(12):
        (tmp_path / f"r{n:02}.txt").write_text(FAULTY.read_text(encoding="utf-8"), encoding="utf-8")
    empty, binary = _three_files(tmp_path)
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 2 and len(stderr_lines(result)) == 2
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 13
    assert {f["path"] for f in data["findings"] if f["rule"] == "FL004"} == {str(empty), str(binary)}
    assert {f["path"] for f in data["findings"] if f["rule"] == "FL104"} == {
        str(p) for p in tmp_path.glob("*.txt") if p != empty}


def test_a_missing_file_beside_good_ones_is_reported_and_they_are_checked(tmp_path):
    missing = tmp_path / "saknas.txt"
    result = run_cli("--format", "json", "--exit-zero", FAULTY, missing)
    assert result.returncode == 2  # --exit-zero never hides a 2
    assert stderr_lines(result) == [f"finsam-lint: error: {missing}: no such file or directory"]
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"FL004", "FL104"} <= rules


def test_io_error_can_be_left_out_of_the_output_but_never_out_of_stderr_or_the_exit_code(tmp_path):
    empty, _ = _three_files(tmp_path)
    result = run_cli("--format", "json", "--ignore", "io-error", tmp_path / "a.txt", empty)
    assert result.returncode == 2 and len(stderr_lines(result)) == 1
    assert "FL004" not in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_a_file_that_could_not_be_read_never_enters_a_baseline(tmp_path):
    empty, binary = _three_files(tmp_path)
    baseline = tmp_path / "baseline.json"
    result = run_cli("--write-baseline", baseline, tmp_path)
    assert result.returncode == 2
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"].values()
    assert entries and "FL004" not in {entry["rule"] for entry in entries}
    again = run_cli("--format", "json", "--baseline", baseline, tmp_path)
    assert again.returncode == 2
    assert [f["rule"] for f in json.loads(again.stdout)["findings"]] == ["FL004", "FL004"]


def test_tables_shows_the_files_it_read_and_reports_the_others(tmp_path):
    empty, binary = _three_files(tmp_path)
    result = run_cli("tables", "--format", "json", tmp_path)
    assert result.returncode == 2 and len(stderr_lines(result)) == 2
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / "a.txt")]


def test_io_error_is_a_documented_rule():
    listing = run_cli("rules").stdout.decode()
    assert "FL004  io-error" in listing
    assert run_cli("rule", "io-error").returncode == 0
