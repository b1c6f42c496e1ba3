"""Scratch folders that a killed build leaves behind are removed by the next build, and only those.

Each folder (``<prefix><random>``) has a lock file beside it (``<prefix><random>.lock``),
made before the folder and removed after it, and locked with ``flock`` for as long as its
owner lives: the kernel lets go of the lock when the process dies, however it dies (a
SIGKILL included). :func:`remove_abandoned` removes the folders whose lock it can take; a
build that is still running, or a child of it that still writes into its folders (they are
given the locks, see :func:`held`), keeps them. A folder is never removed while it has a
live owner.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_SUFFIX = ".lock"
#: A folder of ours without a lock file was made by a version before the locks; it is left
#: this long (seconds since it last changed), in case that version is still running.
UNLOCKED_AGE = 24 * 60 * 60

_held: dict[int, Path] = {}
_held_lock = threading.Lock()


class Scratch:
    """A new folder named ``<prefix><random>`` in ``parent`` (default: the system's temp folder),
    locked until :meth:`remove`."""

    def __init__(self, prefix: str, parent: str | Path | None = None):
        parent = Path(parent if parent is not None else tempfile.gettempdir())
        while True:
            fd, lock = tempfile.mkstemp(prefix=prefix, suffix=LOCK_SUFFIX, dir=parent)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # a cleaner may have taken it in the instant before
                if _is_still(fd, Path(lock)):
                    Path(lock[: -len(LOCK_SUFFIX)]).mkdir(mode=0o700)
                    break
            except FileExistsError:  # a folder of that name from before the locks
                Path(lock).unlink(missing_ok=True)
            except BaseException:
                os.close(fd)
                Path(lock).unlink(missing_ok=True)
                raise
            os.close(fd)
        self.lock = Path(lock)
        self.path = Path(lock[: -len(LOCK_SUFFIX)])
        self._fd: int | None = fd
        with _held_lock:
            _held[fd] = self.path

    def remove(self) -> None:
        """Remove the folder (if it is still there), then its lock file, then let go of the lock."""
        if self._fd is None:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.lock.unlink()
        with _held_lock:  # not while a child is being given the locks (see :func:`held`)
            _held.pop(self._fd, None)
            os.close(self._fd)
        self._fd = None

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


@contextlib.contextmanager
def held() -> Iterator[tuple[int, ...]]:
    """The locks of this process's folders, for ``pass_fds`` of a child that writes into them;
    start the child inside the block, where none of them is let go of.

    Killed with its parent or not, such a child holds on to the folders until it ends."""
    with _held_lock:
        yield tuple(_held)


def remove_abandoned(prefix: str, parent: str | Path | None = None) -> None:
    """Remove the ``prefix`` folders in ``parent`` whose owner has died (their lock is free)."""
    parent = Path(parent if parent is not None else tempfile.gettempdir())
    try:
        with os.scandir(parent) as entries:
            names = {entry.name for entry in entries if entry.name.startswith(prefix)}
    except OSError:
        return
    for name in sorted(names):
        if name.endswith(LOCK_SUFFIX):
            _remove_if_free(parent / name)
        elif name + LOCK_SUFFIX not in names:
            _remove_if_old(parent / name)


def _remove_if_free(lock: Path) -> None:
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:  # gone already, or another user's
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its owner is alive
            return
        if _is_still(fd, lock):  # not removed (and made anew) by another cleaner meanwhile
            shutil.rmtree(lock.with_name(lock.name[: -len(LOCK_SUFFIX)]), ignore_errors=True)
            with contextlib.suppress(OSError):
                lock.unlink()
    finally:
        os.close(fd)


def _remove_if_old(folder: Path) -> None:
    try:
        if folder.is_symlink() or not folder.is_dir() or Path(f"{folder}{LOCK_SUFFIX}").exists():
            return
        if time.time() - folder.stat().st_mtime < UNLOCKED_AGE:
            return
    except OSError:
        return
    shutil.rmtree(folder, ignore_errors=True)


def _is_still(fd: int, path: Path) -> bool:
    """Whether ``path`` is still the file open as ``fd``."""
    try:
        named, opened = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
