"""The build cache: found again by key, emptied when another version wrote it, and never an error."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from vejviser import cache as build_cache
from vejviser.cache import CACHE_FILE, NO_CACHE, BuildCache, key_of, objects_of
from vejviser.problems import Problem


@pytest.fixture
def cache(tmp_path) -> BuildCache:
    return BuildCache.of_project(tmp_path)


def test_what_is_kept_is_found_again_by_kind_and_key(cache, tmp_path):
    cache.put_many("qr", {"a": b"<svg>a</svg>", "b": b"<svg>b</svg>"})
    assert (tmp_path / CACHE_FILE).is_file()
    again = BuildCache.of_project(tmp_path)  # the next build
    assert again.get_many("qr", ["a", "b", "c"]) == {"a": b"<svg>a</svg>", "b": b"<svg>b</svg>"}
    assert again.get_many("page", ["a"]) == {}


def test_many_keys_are_looked_up_at_once(cache):
    entries = {str(n): str(n).encode() for n in range(1500)}  # more than SQLite's parameters in one query
    cache.put_many("qr", entries)
    assert cache.get_many("qr", list(entries)) == entries


def test_the_key_tells_the_parts_apart():
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of("a", b"b") == key_of("a", "b")
    assert len(key_of("x")) == 64


def test_a_cache_from_another_version_is_emptied_not_read(cache, tmp_path, monkeypatch):
    cache.put_many("qr", {"a": b"old"})
    monkeypatch.setattr(build_cache, "LAYOUT", build_cache.LAYOUT + 1)
    newer = BuildCache.of_project(tmp_path)
    assert newer.get_many("qr", ["a"]) == {}
    newer.put_many("qr", {"a": b"new"})
    assert BuildCache.of_project(tmp_path).get_many("qr", ["a"]) == {"a": b"new"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_cache_is_started_afresh_without_an_error(cache, tmp_path, damage):
    cache.put_many("qr", {str(n): b"x" * 2000 for n in range(200)})
    path = tmp_path / CACHE_FILE
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":  # a build killed while the file was copied, say
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(b"")
    later = BuildCache.of_project(tmp_path)
    found = later.get_many("qr", ["1", "2"])
    assert found in ({}, {"1": b"x" * 2000, "2": b"x" * 2000})  # never a wrong entry
    later.put_many("qr", {"z": b"z"})
    assert BuildCache.of_project(tmp_path).get_many("qr", ["z"]) == {"z": b"z"}


def test_a_deleted_cache_is_made_again(cache, tmp_path):
    cache.put_many("qr", {"a": b"a"})
    (tmp_path / CACHE_FILE).unlink()
    assert cache.get_many("qr", ["a"]) == {}
    cache.put_many("qr", {"a": b"a"})
    assert cache.get_many("qr", ["a"]) == {"a": b"a"}


def test_a_cache_another_build_holds_is_passed_over(cache, tmp_path, monkeypatch):
    cache.put_many("qr", {"a": b"a"})
    monkeypatch.setattr(build_cache, "WAIT", 0.05)
    other = sqlite3.connect(tmp_path / CACHE_FILE)
    other.execute("BEGIN EXCLUSIVE")  # another build writes
    try:
        waiting = BuildCache.of_project(tmp_path)
        assert waiting.get_many("qr", ["a"]) == {}
        waiting.put_many("qr", {"b": b"b"})  # not kept, and no error
    finally:
        other.rollback()
        other.close()
    assert BuildCache.of_project(tmp_path).get_many("qr", ["a", "b"]) == {"a": b"a"}


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    blocked = BuildCache.of_project(tmp_path)
    blocked.put_many("qr", {"a": b"a"})
    assert blocked.get_many("qr", ["a"]) == {}


def test_threads_of_one_build_share_the_cache(cache):
    def keep(n: int) -> None:
        cache.put_many("qr", {f"{n}-{m}": b"v" for m in range(50)})

    threads = [threading.Thread(target=keep, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache.get_many("qr", [f"{n}-{m}" for n in range(4) for m in range(50)])) == 200


def test_no_cache_keeps_and_finds_nothing():
    NO_CACHE.put_many("qr", {"a": b"a"})
    assert NO_CACHE.get_many("qr", ["a"]) == {}


def test_a_cache_that_came_with_a_commit_is_neither_read_nor_written(cache, tmp_path):
    """.cache/ is ignored by git; a cache someone added anyway is theirs, not this build's: a QR code
    in it could lead anywhere."""
    cache.put_many("qr", {"a": b"from a commit"})
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example"}  # fmt: skip
    (tmp_path / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-f", str(CACHE_FILE)], ["commit", "-q", "-m", "cache"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, env=env)
    before = (tmp_path / CACHE_FILE).read_bytes()
    fresh = BuildCache.of_project(tmp_path)
    assert fresh.get_many("qr", ["a"]) == {}
    fresh.put_many("qr", {"b": b"b"})
    assert (tmp_path / CACHE_FILE).read_bytes() == before
    subprocess.run(["git", "rm", "-q", "--cached", str(CACHE_FILE)], cwd=tmp_path, check=True, env=env)
    assert BuildCache.of_project(tmp_path).get_many("qr", ["a"]) == {"a": b"from a commit"}  # made here now


def test_an_entry_is_read_back_as_the_objects_it_was_written_from():
    written = (Problem.error("activities/x.yaml", "load.missing"), {"a": [1, 2.5, None]}, dt.date(2026, 12, 7))
    assert objects_of(pickle.dumps(written), frozenset({"vejviser.problems", "datetime"})) == written


class _Runs:
    def __init__(self, call, *args):
        self.call, self.args = call, args

    def __reduce__(self):
        return self.call, self.args


@pytest.mark.parametrize(
    "entry",
    [_Runs(os.system, "touch HACKED"), _Runs(eval, "1"), _Runs(Problem.error, "x", "y"), _Runs(dt.date, 2026, 1, 1)],
    ids=["a command", "a built-in function", "a function of an allowed module", "a class of a module not allowed"],
)
def test_an_entry_that_would_call_anything_but_an_allowed_class_is_refused_unrun(entry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pickle.UnpicklingError):
        objects_of(pickle.dumps(entry), frozenset({"vejviser.problems"}))
    assert not (tmp_path / "HACKED").exists()


def test_an_entry_no_build_used_for_two_days_is_dropped_and_one_found_is_kept(tmp_path, monkeypatch):
    now = [1_800_000_000]
    monkeypatch.setattr(build_cache, "_now", lambda: now[0])
    BuildCache.of_project(tmp_path).put_many("pdf", {"old": b"1", "used": b"2"})
    now[0] += build_cache.KEEP_SECONDS - 60
    assert BuildCache.of_project(tmp_path).get_many("pdf", ["used"]) == {"used": b"2"}  # found: used now
    now[0] += 120  # "old" unused for longer than kept, "used" found two minutes ago
    assert BuildCache.of_project(tmp_path).get_many("pdf", ["old", "used"]) == {"used": b"2"}
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        assert db.execute("SELECT key FROM entries").fetchall() == [("used",)]


def test_the_environment_can_turn_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("VEJVISER_CACHE", "off")
    cache = BuildCache.of_project(tmp_path)
    cache.put_many("qr", {"k": b"v"})
    assert cache.get_many("qr", ["k"]) == {}
    assert not (tmp_path / CACHE_FILE).exists()


@pytest.mark.parametrize("name", ["print/invitation.typ", "pages/activity.md", "serve/problems.html", "new.css"])
def test_what_the_code_is_made_by_changes_with_any_template_or_file(tmp_path, name):
    package = tmp_path / "templates"
    shutil.copytree(Path(build_cache.__file__).parent / "templates", package)
    before = build_cache.folder_version(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert build_cache.folder_version(package) == before  # compiled code is not the code
    path = package / name
    path.write_bytes((path.read_bytes() if path.exists() else b"") + b"\n")
    assert build_cache.folder_version(package) != before
