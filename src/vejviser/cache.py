"""The build cache: what a build made, kept for the next one, found by a hash of what it was made from.

One SQLite file in the project (``.cache/vejviser/build.sqlite``; ``.cache/`` is ignored by git),
safe to delete at any time; entries are kept compressed. An entry is a kind (``qr``, say) and a
key, the hash of everything it was made from, so a changed input is a new key and never a stale
entry. The file says which
version of the package and of its own layout wrote it: a cache written by another version is
emptied, not read. A cache that cannot be read or written (damaged, half-written by a build that
was killed, locked by another build, on a full disk) is never an error: it is emptied or passed
over, and the build makes what it needs itself. SQLite writes each batch whole or not at all.

An entry no build has used for :data:`KEEP_SECONDS` (two days) is deleted when a build next opens the
cache: what is made for a day (a record's problems, a PDF with its next dates) is of no use after it,
and the file does not grow with every build.

A cache file that is in the repository (committed, though ``.cache/`` is ignored) came with someone's
commit, not from a build here: it is neither read nor written, so that nothing a contributor commits
stands in for what the build makes (a QR code leading elsewhere, say).

The connection is opened for each batch and closed after it, so that no open connection is ever
inherited by a forked worker (:mod:`vejviser.parallel`), and the cache is safe to use from several
threads and processes at once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import sqlite3
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path

#: Where the cache lies in the project.
CACHE_FILE = Path(".cache") / "vejviser" / "build.sqlite"
#: The layout of the file; raised when the tables change.
LAYOUT = 2
#: How long an entry no build uses is kept, in seconds.
KEEP_SECONDS = 2 * 24 * 3600
#: How long a batch waits for another build that holds the file, in seconds, before it passes.
WAIT = 2.0


def key_of(*parts: str | bytes) -> str:
    """The key for what ``parts`` make: a SHA-256 of them, each told apart from the next."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class BuildCache:
    """The cache of one project (``path``), or none (``path=None``: nothing is kept or found)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.version = f"{package_version()}/{LAYOUT}"
        self._lock = threading.Lock()
        self._checked_once = False
        self._committed: bool | None = None

    @classmethod
    def of_project(cls, root: Path) -> BuildCache:
        """The project's cache; none when the environment's ``VEJVISER_CACHE`` is ``off`` (to measure,
        or to be sure, a build that makes everything itself)."""
        if os.environ.get("VEJVISER_CACHE", "").strip().lower() == "off":
            return cls(None)
        return cls(root / CACHE_FILE)

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The entries of ``kind`` there are for ``keys``."""
        if not keys:
            return {}
        found: dict[str, bytes] = {}
        with self._connection() as db:
            if db is None:
                return found
            wanted = sorted(set(keys))
            for start in range(0, len(wanted), 500):  # SQLite takes a bounded number of parameters
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = db.execute(f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})", [kind, *batch])
                found.update((key, zlib.decompress(value)) for key, value in rows)
            with db:  # what is found is used: kept for as long again
                used = sorted(found)
                for start in range(0, len(used), 500):
                    batch = used[start : start + 500]
                    marks = ",".join("?" * len(batch))
                    db.execute(f"UPDATE entries SET used = ? WHERE kind = ? AND key IN ({marks})",
                               [_now(), kind, *batch])  # fmt: skip
        return found

    def put_many(self, kind: str, entries: Mapping[str, bytes]) -> None:
        """Keep ``entries`` of ``kind`` for the next build (all of them or, on a failure, none)."""
        if not entries:
            return
        with self._connection() as db:
            if db is not None:
                with db:  # one transaction
                    db.executemany(
                        "INSERT OR REPLACE INTO entries (kind, key, value, used) VALUES (?, ?, ?, ?)",
                        [(kind, key, zlib.compress(value, 1), _now()) for key, value in entries.items()],
                    )

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection | None]:
        """An open, checked cache, or None when there is no cache or it cannot be used now."""
        if self.path is None:
            yield None
            return
        with self._lock:
            db = self._open()
            try:
                yield db
            except (sqlite3.Error, zlib.error):  # locked by another build, a full disk: this batch goes without
                pass
            finally:
                if db is not None:
                    db.close()

    def _open(self) -> sqlite3.Connection | None:
        assert self.path is not None
        if self._committed is None:
            self._committed = _in_repository(self.path)
        if self._committed:
            return None
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=WAIT)
            except (OSError, sqlite3.Error):
                return None
            try:
                if self._checked(db):
                    return db
            except sqlite3.OperationalError:  # locked by another build, or a full disk: not now
                db.close()
                return None
            except sqlite3.DatabaseError:  # not a database, or a damaged one: start afresh, once
                pass
            db.close()
            if attempt == 0:
                with contextlib.suppress(OSError):
                    self.path.unlink()
        return None

    def _checked(self, db: sqlite3.Connection) -> bool:
        """Make the tables if the file is new; empty a cache of another version. False if it cannot be used."""
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is not None and row[0] == self.version:
            if not self._checked_once:  # once a build: it reads the whole file, and drops what is not used
                self._checked_once = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                if self._checked_once:
                    with db:
                        db.execute("DELETE FROM entries WHERE used < ?", [_now() - KEEP_SECONDS])
            return self._checked_once
        with db:
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute("CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
                       "used INTEGER NOT NULL, PRIMARY KEY (kind, key))")  # fmt: skip
            db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)", [self.version])
        return True


def _now() -> int:
    """The time, in whole seconds, an entry is marked as used at."""
    return int(time.time())


def _in_repository(path: Path) -> bool:
    """Whether ``path`` is one of the files of the git repository it stands in."""
    if not path.exists():
        return False
    try:
        listed = subprocess.run(["git", "ls-files", "--error-unmatch", "--", path.name], cwd=path.parent,
                                capture_output=True, timeout=30, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):  # no git, or not a repository: made here
        return False
    return listed.returncode == 0


@functools.cache
def code_version() -> str:
    """The installed package's version, the versions of the tools that make its output, and a hash of
    every file of the package (code, schemas, texts, templates, fonts, assets): what a cache entry of
    something the code makes (a record's problems, a page, a PDF) is made by. An editable install (a
    developer's, a municipality's checkout) has one version for every edit; the hash tells them apart."""
    tools = [_version_of(name) for name in ("typst", "jinja2", "markdown", "nh3", "mkdocs", "mkdocs-material")]
    return key_of(package_version(), *tools, folder_version(Path(__file__).resolve().parent))


def folder_version(folder: Path) -> str:
    """A hash of every file in ``folder`` and its subfolders (their paths and bytes; compiled Python aside)."""
    files = sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return key_of(*(part for path in files for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


def _version_of(distribution: str) -> str:
    try:
        return f"{distribution} {metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"{distribution} -"


class _Unpickler(pickle.Unpickler):
    """Reads only objects of the classes of ``modules``: an entry is data, never a call of anything else."""

    def __init__(self, data: bytes, modules: frozenset[str]):
        super().__init__(io.BytesIO(data))
        self.modules = modules

    def find_class(self, module: str, name: str) -> type:
        found = super().find_class(module, name) if module in self.modules else None
        if not isinstance(found, type):
            raise pickle.UnpicklingError(f"{module}.{name} is not a class an entry may hold")
        return found


def objects_of(data: bytes, modules: frozenset[str]) -> object:
    """The objects an entry holds (written by :func:`pickle.dumps`), made only of built-in types and
    classes of ``modules``; :class:`pickle.UnpicklingError` (or another error) for anything else, so that
    an entry never calls a function, whoever wrote the file."""
    return _Unpickler(data, modules).load()


def package_version() -> str:
    """The installed package's version (what a cache entry or a key was made by)."""
    try:
        return metadata.version("vejviser")
    except metadata.PackageNotFoundError:
        return "unknown"


#: No cache: nothing kept, nothing found.
NO_CACHE = BuildCache(None)
