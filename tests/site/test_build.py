"""`vejviser build`: validates, builds with MkDocs, and swaps the site in only on success."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import unquote

import mkdocs.utils
import pytest
from click.testing import CliRunner

from tests.mounts import read_only, small_disk, vejviser_with_mounts
from vejviser.cli import main

REPO = Path(__file__).parent.parent.parent


def build(project):
    return CliRunner().invoke(main, ["build", str(project)])


def test_build_makes_a_page_per_activity_and_organisation(project):
    result = build(project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    page = (site / "aktiviteter" / "strikkecafe" / "index.html").read_text(encoding="utf-8")
    assert "Strikkecafé i Måløv" in page
    assert (site / "foreninger" / "seniorklubben" / "index.html").is_file()
    assert "Hver tirsdag" in (site / "omraader" / "måløv" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "vejviser" / "search.js").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (project / "docs" / "aktiviteter").exists()
    for name in ("activity", "organisation", "settings"):  # published for editors and forms elsewhere
        bundled = REPO / "src" / "vejviser" / "schema" / f"{name}.schema.json"
        assert (site / "schema" / f"{name}.schema.json").read_bytes() == bundled.read_bytes()


def test_the_published_site_is_readable_by_a_web_server_of_another_user(project):
    """Built in a private folder, published with the permissions of the umask (0755 under 022)."""
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["build", str(project)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (project / "site").stat().st_mode & 0o777 == 0o755


def test_an_invalid_record_leaves_the_previous_site_untouched(project):
    assert build(project).exit_code == 0
    marker = project / "site" / "marker.txt"
    marker.write_text("published", encoding="utf-8")
    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 1
    assert "schedule.weekdays[0]" in result.output
    assert marker.read_text(encoding="utf-8") == "published"
    assert not list(project.glob(".site-*"))


def test_a_rebuild_replaces_the_site_and_the_old_one_is_removed_in_the_background(project):
    assert build(project).exit_code == 0
    (project / "site" / "marker.txt").write_text("old", encoding="utf-8")
    assert build(project).exit_code == 0
    assert not (project / "site" / "marker.txt").exists()
    assert (project / "site" / "index.html").is_file()
    for _ in range(100):  # the removal runs on after the build has returned
        if not list(project.glob(".site.old-*")):
            break
        time.sleep(0.1)
    assert not list(project.glob(".site.old-*")) and not list(project.glob(".site-*"))


def test_a_replaced_site_left_behind_is_removed_by_the_next_build(project):
    left = project / ".site.old-abc123" / "site"
    left.mkdir(parents=True)
    (left / "index.html").write_text("old", encoding="utf-8")
    assert build(project).exit_code == 0
    for _ in range(100):
        if not left.parent.exists():
            break
        time.sleep(0.1)
    assert not left.parent.exists()


def test_the_plugin_refuses_invalid_records_when_mkdocs_runs_alone(project, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "out"))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert "activities/strikkecafe.yaml:11:14: fejl: schedule.weekdays[0]: 'tirsdg'" in caplog.text
    assert not (project / "out" / "aktiviteter").exists()


def test_the_map_libraries_are_served_by_the_site_with_their_licences(project):
    assert build(project).exit_code == 0
    vendor = project / "site" / "assets" / "vendor"
    wanted = ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE", "leaflet/images/marker-icon.png",
              "leaflet.markercluster/leaflet.markercluster.js", "leaflet.markercluster/MIT-LICENCE.txt"]  # fmt: skip
    for path in wanted:
        assert (vendor / path).is_file(), path
    assert "BSD" in (vendor / "leaflet" / "LICENSE").read_text(encoding="utf-8")


def test_build_makes_the_book_and_area_sheets_linked_from_the_staff_page(project):
    result = build(project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    staff = (site / "medarbejdere" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./([^"]+\.pdf)"', staff)
    assert "netvaerksbogen.pdf" in links and "netvaerksbogen-stor-skrift.pdf" in links
    assert "omraadeark/m%C3%A5l%C3%B8v.pdf" in links
    for link in links:
        pdf = site / unquote(link)
        assert pdf.read_bytes().startswith(b"%PDF-"), link


def test_a_failed_print_fails_the_build_and_leaves_the_previous_site(project, tmp_path, monkeypatch, caplog):
    assert build(project).exit_code == 0
    marker = project / "site" / "marker.txt"
    marker.write_text("published", encoding="utf-8")
    broken = tmp_path / "templates"
    shutil.copytree(REPO / "src" / "vejviser" / "templates" / "print", broken)
    (broken / "book-style.typ").write_text('#let book = json("book.json")\n#book.no_such_field\n', encoding="utf-8")
    monkeypatch.setattr("vejviser.printed.typeset.TEMPLATES", broken)
    result = build(project)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert 'dictionary does not contain key "no_such_field"' in caplog.text
    assert marker.read_text(encoding="utf-8") == "published"
    assert not list(project.glob(".site-*"))


def _vejviser(*args, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vejviser", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **options)  # fmt: skip


def test_two_builds_at_once_both_finish_and_leave_one_whole_site(project):
    assert build(project).exit_code == 0
    builds = [_vejviser("build", str(project)) for _ in range(2)]
    said = [process.communicate(timeout=300) for process in builds]
    for process, (out, err) in zip(builds, said, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in out + err
    assert (project / "site" / "aktiviteter" / "strikkecafe" / "index.html").is_file()
    assert not list(project.glob(".site-*"))


#: ``vejviser`` with its memory file system for search documents in a folder given first.
_WITH_MEMORY_FS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import vejviser.site.search
    vejviser.site.search.MEMORY_FS = Path(sys.argv.pop(1))
    from vejviser.cli import run
    run()
    """
)


def _left_by_builds(project: Path, temp: Path, memory: Path) -> tuple[list, list, list]:
    """The staging folders, print workspaces and search folders there are (with their locks)."""
    return (list(project.glob(".site-*")), list(temp.glob("vejviser-print-*")),
            list(memory.glob("vejviser-search-*")))  # fmt: skip


def _wait_until_gone(group: int) -> None:
    """Until no process of the process group runs (a zombie has closed its files)."""
    for _ in range(200):
        running = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                running.append(stat)
        if not running:
            return
        time.sleep(0.05)
    raise AssertionError("the killed build's processes did not end")


def test_a_killed_build_leaves_its_folders_and_the_next_build_removes_them(project, tmp_path, monkeypatch):
    temp, memory = tmp_path / "tmp", tmp_path / "shm"
    temp.mkdir()
    memory.mkdir()
    command = [sys.executable, "-c", _WITH_MEMORY_FS, str(memory), "build", str(project)]
    process = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temp)}, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while not all(_left_by_builds(project, temp, memory)):  # killed while it has all three
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)  # the build and the Typst and Pagefind processes it started
    process.wait()
    _wait_until_gone(process.pid)
    assert all(_left_by_builds(project, temp, memory))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr("vejviser.site.search.MEMORY_FS", memory)
    result = build(project)
    assert result.exit_code == 0, result.output
    assert _left_by_builds(project, temp, memory) == ([], [], [])
    assert (project / "site" / "index.html").is_file()


#: Makes a staging folder, a print workspace and a search folder as a build does, and waits.
_RUNNING_BUILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from vejviser.printed.typeset import Workspace
    from vejviser.scratch import Scratch
    from vejviser.site.build import STAGING_PREFIX
    from vejviser.site.search import SCRATCH_PREFIX
    staging = Scratch(STAGING_PREFIX, sys.argv[1])
    work = Workspace(dt.date(2026, 11, 23)).__enter__()
    search = Scratch(SCRATCH_PREFIX, sys.argv[2])
    print(staging.path, work.folder, search.path, sep="\\n", flush=True)
    time.sleep(120)
    """
)


def test_a_build_keeps_the_folders_of_a_build_that_is_still_running(project, tmp_path, monkeypatch):
    temp, memory = tmp_path / "tmp", tmp_path / "shm"
    temp.mkdir()
    memory.mkdir()
    command = [sys.executable, "-c", _RUNNING_BUILD, str(project), str(memory)]
    running = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE, text=True)
    try:
        folders = [Path(running.stdout.readline().strip()) for _ in range(3)]
        monkeypatch.setattr(tempfile, "tempdir", str(temp))
        monkeypatch.setattr("vejviser.site.search.MEMORY_FS", memory)
        result = build(project)
        assert result.exit_code == 0, result.output
        for folder in folders:
            assert folder.is_dir() and Path(f"{folder}.lock").is_file(), folder
    finally:
        running.kill()
        running.wait()


def _built_with_marker(project: Path) -> Path:
    assert build(project).exit_code == 0
    marker = project / "site" / "marker.txt"
    marker.write_text("published", encoding="utf-8")
    return marker


def _assert_failed_in_danish(output: str, marker: Path, reason: str) -> None:
    assert "Traceback" not in output
    assert "Kunne ikke skrive i " in output and reason in output, output
    assert "Det forrige site er ikke ændret." in output
    assert marker.read_text(encoding="utf-8") == "published"
    assert not list(marker.parent.parent.glob(".site-*"))


def test_a_full_disk_stops_the_build_with_a_danish_message_and_the_old_site_stays(project, monkeypatch):
    marker = _built_with_marker(project)
    write_file = mkdocs.utils.write_file

    def full(content, output_path):
        if "strikkecafe" in output_path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        write_file(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    result = build(project)
    assert result.exit_code == 1
    _assert_failed_in_danish(result.output, marker, "disken er fuld")
    assert f"{project / 'site'}: disken er fuld" in result.output


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT])
def test_a_folder_that_cannot_be_written_stops_the_build_with_a_danish_message(project, monkeypatch, code):
    marker = _built_with_marker(project)

    def refused(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(project / ".site-abc.lock"))

    monkeypatch.setattr("vejviser.scratch.tempfile.mkstemp", refused)
    result = build(project)
    assert result.exit_code == 1
    reason = {errno.EROFS: "skrivebeskyttet", errno.EDQUOT: "disken er fuld"}.get(code, "ikke lov til at skrive")
    _assert_failed_in_danish(result.output, marker, reason)


def test_a_site_folder_that_is_a_mount_point_gets_its_contents_replaced(project, tmp_path):
    """A container's volume or a CI bind mount cannot be renamed: the new site goes inside it."""
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "stale.txt").write_text("from before", encoding="utf-8")
    done = vejviser_with_mounts(
        [f"mount --bind '{out / 'site'}' '{out / 'site'}'"], "build", str(project), "--site-dir", str(out / "site"),
        after=f"ls '{out / 'site'}'",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    listed = done.stdout.split()
    assert "index.html" in listed and "aktiviteter" in listed and "stale.txt" not in listed


def test_a_read_only_site_folder_stops_the_build_with_a_danish_message(project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert CliRunner().invoke(main, ["build", str(project), "--site-dir", str(out / "site")]).exit_code == 0
    (out / "site" / "marker.txt").write_text("published", encoding="utf-8")
    done = vejviser_with_mounts(read_only(out), "build", str(project), "--site-dir", str(out / "site"))
    assert done.returncode == 1
    _assert_failed_in_danish(done.stdout + done.stderr, out / "site" / "marker.txt", "mappen er skrivebeskyttet")


def test_a_really_full_disk_stops_the_build_with_a_danish_message(project, tmp_path):
    old = tmp_path / "old"
    assert CliRunner().invoke(main, ["build", str(project), "--site-dir", str(old)]).exit_code == 0
    (old / "marker.txt").write_text("published", encoding="utf-8")
    size = sum(path.stat().st_size for path in old.rglob("*") if path.is_file())
    out = tmp_path / "out"
    out.mkdir()
    room = size // 1024 + 2048  # the old site and a little: the new one does not fit beside it
    look = f"cat '{out / 'site' / 'marker.txt'}'; echo; ls -a '{out}'"  # before the small disk goes with the process
    done = vejviser_with_mounts(small_disk(out, room), "build", str(project), "--site-dir", str(out / "site"),
                                before=f"cp -a '{old}' '{out / 'site'}'", after=look)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "disken er fuld" in done.stderr and "Det forrige site er ikke ændret." in done.stderr, output
    assert done.stdout.split() == ["published", ".", "..", "site"], output  # the old site, nothing beside it
