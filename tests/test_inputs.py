"""What the tool reads and writes: directory walks, files it cannot read among others, size caps, whole writes.

Tests run as root, where chmod 000 stops no read: an unreadable directory is simulated in-process by an
os.scandir that raises PermissionError for it (the call a walk makes to list a folder), an unreadable file by a
read_bounded that raises it, and files a walk must not open by a FIFO and a dangling symbolic link. A full disk is simulated by an os.fsync that
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


def test_an_unreadable_file_in_a_walk_is_reported_and_the_rest_checked(tmp_path, monkeypatch, capsys):
    from finsam_lint import source

    prose(tmp_path / "a.txt", tmp_path / "b.txt")
    read_bounded = source.read_bounded

    def refusing(path, limit):  # as open() answers for a file without read permission
        if str(path) == str(tmp_path / "b.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return read_bounded(path, limit)

    monkeypatch.setattr(source, "read_bounded", refusing)
    code, out, err = run_main(capsys, "--format", "json", tmp_path)
    assert code == 2
    assert err.splitlines() == [f"finsam-lint: error: {tmp_path / 'b.txt'}: cannot read: Permission denied"]
    assert {(f["rule"], f["path"]) for f in json.loads(out)["findings"]} == {("FL001", str(tmp_path / "a.txt")),
                                                                             ("FL004", str(tmp_path / "b.txt"))}


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


# --- 3. size caps ----------------------------------------------------------------------------------


WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
DOCX_PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
}


def _docx(path: Path, padding: int) -> None:
    """A Word document whose document.xml holds one paragraph and `padding` spaces, so it packs tight."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in DOCX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("word/document.xml", "w") as part:
            part.write(f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>Årets resultat</w:t></w:r></w:p>'.encode())
            for start in range(0, padding, MiB):
                part.write(b" " * min(MiB, padding - start))
            part.write(b"</w:body></w:document>")


def _declare_size(path: Path, name: str, size: int) -> None:
    """Make the zip's central directory (which zipfile reads) declare `size` as the entry's inflated size."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == name.encode():
            data[at + 24:at + 28] = size.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def _peak_memory_mib(*args) -> tuple[int, float]:
    """Exit code and peak resident memory of a finsam-lint run, measured in a fresh process that runs it."""
    probe = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode;"
             "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = run_cli_python(probe, sys.executable, "-m", "finsam_lint", *map(str, args))
    code, kilobytes = out.split()
    return int(code), int(kilobytes) / 1024


def run_cli_python(code: str, *args) -> str:
    import subprocess

    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=True, timeout=120,
                          text=True).stdout


def test_a_docx_that_inflates_to_128_mib_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "bomb.docx"
    _docx(path, 128 * MiB)
    assert path.stat().st_size < 1 * MiB
    result = run_cli(path)
    assert result.returncode == 2
    assert stderr_lines(result) == [
        f"finsam-lint: error: {path}: Word document too large: its XML inflates to more than 32 MiB"]


def test_a_docx_that_declares_less_than_it_inflates_to_is_inflated_no_further(tmp_path):
    path = tmp_path / "ljuger.docx"
    _docx(path, 128 * MiB)
    _declare_size(path, "word/document.xml", 1024)
    result = run_cli(path)
    assert stderr_lines(result) == [
        f"finsam-lint: error: {path}: cannot read Word document: BadZipFile: Bad CRC-32 for file 'word/document.xml'"]
    code, peak = _peak_memory_mib(path)
    assert code == 2
    assert peak < 150, f"{peak:.0f} MiB"


def test_a_small_docx_is_read(tmp_path):
    path = tmp_path / "liten.docx"
    _docx(path, 1024)
    result = run_cli("extract", path)
    assert result.returncode == 0 and result.stdout.decode() == "Årets resultat\n"


def test_baseline_from_dev_zero_is_read_with_a_bound():
    code, peak = _peak_memory_mib("--baseline", "/dev/zero", CLEAN)
    assert code == 2
    assert peak < 250, f"{peak:.0f} MiB"
    result = run_cli("--baseline", "/dev/zero", CLEAN)
    assert stderr_lines(result) == ["finsam-lint: error: /dev/zero: baseline larger than 64 MiB"]


@pytest.mark.parametrize("flag, what", [("--rules", "rule file"), ("--config", "configuration")])
def test_rule_and_configuration_files_are_read_with_a_bound(tmp_path, flag, what):
    path = tmp_path / "stor.toml"
    path.write_text("# " + "x" * (2 * MiB) + "\n", encoding="utf-8")
    result = run_cli(flag, path, CLEAN)
    assert result.returncode == 2
    assert stderr_lines(result) == [f"finsam-lint: error: {path}: {what} larger than 1 MiB"]


def test_a_rule_file_from_dev_zero_is_read_with_a_bound():
    assert stderr_lines(run_cli("--rules", "/dev/zero", CLEAN)) == [
        "finsam-lint: error: /dev/zero: rule file larger than 1 MiB"]


def _cache_file(tmp_path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    return folder / "expressions.json"


def test_an_oversized_or_misshapen_expression_cache_is_ignored(tmp_path):
    cache = _cache_file(tmp_path)
    for content in (b"[1, 2, 3]", b"{" + b" " * (5 * MiB) + b"}"):
        cache.write_bytes(content)
        result = run_cli("--format", "json", FAULTY, env={"FINSAM_LINT_CACHE": str(cache.parent)})
        assert result.returncode == 1, result.stderr
        assert isinstance(json.loads(cache.read_text(encoding="utf-8")), dict)
    cache.unlink()
    cache.symlink_to("/dev/zero")
    result = run_cli(FAULTY, env={"FINSAM_LINT_CACHE": str(cache.parent)})
    assert result.returncode == 1, result.stderr


def test_the_expression_cache_drops_its_oldest_entries(tmp_path):
    from finsam_lint.expression import CACHE_ENTRIES

    cache = _cache_file(tmp_path)
    old = {f"v2:old{n}": ["num", str(n)] for n in range(CACHE_ENTRIES + 100)}
    cache.write_text(json.dumps(old), encoding="utf-8")
    assert run_cli(FAULTY, env={"FINSAM_LINT_CACHE": str(cache.parent)}).returncode == 1
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert len(kept) == CACHE_ENTRIES
    new = [key for key in kept if not key.startswith("v2:old")]
    assert new and list(kept)[-len(new):] == new  # the new entries are kept, last
    assert f"v2:old{CACHE_ENTRIES + 99}" in kept and "v2:old0" not in kept


# --- 4. writes that lose nothing -------------------------------------------------------------------


def _full_disk(monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_a_write_that_fails_leaves_the_old_file_whole(tmp_path, monkeypatch, capsys, flag):
    target = tmp_path / "ut.json"
    target.write_text('{"old": "whole"}\n', encoding="utf-8")
    _full_disk(monkeypatch)
    code, out, err = run_main(capsys, flag, target, FAULTY)
    assert code == 2
    assert len(err.splitlines()) == 1 and str(target) in err and "No space left on device" in err, err
    assert target.read_text(encoding="utf-8") == '{"old": "whole"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut.json"]  # no temporary file left behind


def test_output_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "ut.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run_cli("--format", "json", "-o", target, FAULTY).returncode == 1
    assert json.loads(target.read_text(encoding="utf-8"))["findings"]
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "ny.json"
    assert run_cli("-o", fresh, FAULTY).returncode == 1
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it, not mkstemp's 0600


def test_output_through_a_symbolic_link_and_to_a_device(tmp_path):
    real = tmp_path / "verklig.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "lank.txt"
    link.symlink_to(real)
    assert run_cli("-o", link, FAULTY).returncode == 1
    assert link.is_symlink() and "FL104" in real.read_text(encoding="utf-8")
    result = run_cli("-o", "/dev/stdout", FAULTY)
    assert result.returncode == 1 and b"FL104" in result.stdout


# --- 5. small things -------------------------------------------------------------------------------


def test_config_prints_valid_toml_that_reads_back_as_the_configuration(tmp_path):
    folder = tmp_path / "styrelse # 2024\nutkast"
    folder.mkdir()
    (folder / "finsam-lint.toml").write_text(
        '[per-file-ignores]\n"arkiv/\\"gamla\\"\\\\*\\u007f.txt" = ["FL104"]\n'
        '[profile]\nmembers = { "Härryda kommun" = 2.5 }\n', encoding="utf-8")
    result = run_cli("config", "--exclude", "a\tb", folder)
    assert result.returncode == 0, result.stderr
    values = tomllib.loads(result.stdout.decode("utf-8"))
    assert values["per-file-ignores"] == {'arkiv/"gamla"\\*\x7f.txt': ["FL104"]}
    assert values["profile"] == {"members": {"Härryda kommun": 2.5}}
    assert values["exclude"] == ["a\tb"] and values["fail-on"] == "error"


def test_config_on_a_missing_path_is_exit_2(tmp_path):
    missing = tmp_path / "saknas"
    result = run_cli("config", missing)
    assert result.returncode == 2
    assert stderr_lines(result) == [f"finsam-lint: error: {missing}: no such file or directory"]


def test_error_messages_carry_no_memory_addresses(tmp_path):
    """python-docx names its input by repr(): '<_io.BytesIO object at 0x7f…>' changed from run to run."""
    path = tmp_path / "kalkyl.docx"
    content_types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Override PartName="/xl/workbook.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    relationships = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Target="xl/workbook.xml" '
                     'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
                     '</Relationships>')
    with zipfile.ZipFile(path, "w") as archive:  # a spreadsheet named .docx
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relationships)
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    first, second = run_cli(path), run_cli(path)
    assert first.returncode == 2 and "is not a Word file" in first.stderr.decode()
    assert " at 0x" not in first.stderr.decode() and " at 0x" not in first.stdout.decode()
    assert first.stderr == second.stderr
