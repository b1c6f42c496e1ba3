"""Scratch folders: a killed owner's are removed by the next cleaning, a live owner's never."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vejviser import scratch
from vejviser.scratch import Scratch, remove_abandoned

PREFIX = "vejviser-test-"

#: A process that makes a folder (and, asked, a child that holds it too), says where, and waits.
OWNER = textwrap.dedent(
    """
    import subprocess, sys, time
    from vejviser.scratch import Scratch, held
    folder = Scratch(sys.argv[1], sys.argv[2])
    (folder.path / "half-made.html").write_text("<p>", encoding="utf-8")
    if sys.argv[3] == "child":
        with held() as locks:
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], pass_fds=locks)
        print(child.pid)
    print(folder.path, flush=True)
    time.sleep(60)
    """
)


def _owner(parent: Path, child: bool = False) -> tuple[subprocess.Popen, Path, int | None]:
    process = subprocess.Popen([sys.executable, "-c", OWNER, PREFIX, str(parent), "child" if child else "-"],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    child_pid = int(process.stdout.readline()) if child else None
    return process, Path(process.stdout.readline().strip()), child_pid


def _kill(pid: int, process: subprocess.Popen | None = None) -> None:
    os.kill(pid, signal.SIGKILL)
    if process is not None:
        process.wait()
    else:  # not our child: wait until its files are closed
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
                return
            time.sleep(0.05)


def test_a_killed_owners_folder_and_lock_are_removed_by_the_next_cleaning(tmp_path):
    process, folder, _ = _owner(tmp_path)
    _kill(process.pid, process)
    assert folder.is_dir() and Path(f"{folder}.lock").is_file()
    remove_abandoned(PREFIX, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_live_owners_folder_is_never_removed(tmp_path):
    process, folder, _ = _owner(tmp_path)
    try:
        remove_abandoned(PREFIX, tmp_path)
        assert (folder / "half-made.html").is_file()
    finally:
        _kill(process.pid, process)
    remove_abandoned(PREFIX, tmp_path)
    assert not folder.exists()


def test_a_child_given_the_locks_keeps_the_folder_after_its_parent_is_killed(tmp_path):
    process, folder, child = _owner(tmp_path, child=True)
    _kill(process.pid, process)
    try:
        remove_abandoned(PREFIX, tmp_path)
        assert folder.is_dir()  # the child (Pagefind, say) may still write into it
    finally:
        _kill(child)
    remove_abandoned(PREFIX, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_of_this_process_is_kept_and_its_removal_takes_the_lock_along(tmp_path):
    with Scratch(PREFIX, tmp_path) as folder:
        remove_abandoned(PREFIX, tmp_path)
        assert folder.path.is_dir() and folder.lock.is_file()
        with scratch.held() as locks:
            assert len(locks) == 1
    assert list(tmp_path.iterdir()) == []
    with scratch.held() as locks:
        assert locks == ()


def test_a_folder_without_a_lock_is_removed_only_once_it_is_old(tmp_path):
    folder = tmp_path / f"{PREFIX}fromanolderversion"
    folder.mkdir()
    other = tmp_path / "someone-elses"
    other.mkdir()
    remove_abandoned(PREFIX, tmp_path)
    assert folder.is_dir()
    day_ago = time.time() - scratch.UNLOCKED_AGE - 60
    os.utime(folder, (day_ago, day_ago))
    os.utime(other, (day_ago, day_ago))
    remove_abandoned(PREFIX, tmp_path)
    assert not folder.exists() and other.is_dir()


@pytest.mark.parametrize("missing", ["parent", "nothing"])
def test_cleaning_a_folder_that_is_not_there_or_empty_does_nothing(tmp_path, missing):
    remove_abandoned(PREFIX, tmp_path / "nowhere" if missing == "parent" else tmp_path)
