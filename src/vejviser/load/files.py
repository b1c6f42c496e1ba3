"""Reading a file of the project: a regular file, not a link, inside its folder, within its size.

Every file that comes from outside (records, settings, the geocoding cache, the areas'
polygons, an issue's text) is read through :func:`read_limited`, so that a symbolic link
to the runner's secrets, a device such as ``/dev/zero`` or a file of gigabytes is refused
before a byte is read, with the limit named in the message.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: The most each kind of file may hold, in bytes. A record is a few kilobytes; a cache or a
#: polygons file of a large municipality a few hundred.
LIMITS = {
    "record": 256 * 1024,
    "settings": 256 * 1024,
    "geocache": 8 * 1024 * 1024,
    "polygons": 16 * 1024 * 1024,
    "issue": 1024 * 1024,
}


class FileRefused(Exception):
    """The file is not read: a message id (``load.symlink`` …) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def check_regular(path: Path) -> os.stat_result:
    """The file's status, if it is a regular file and not a symbolic link; else :class:`FileRefused`."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise FileRefused("load.missing") from None
    except OSError as exc:
        raise FileRefused("load.unreadable", reason=exc.strerror or str(exc)) from None
    if stat.S_ISLNK(status.st_mode):
        raise FileRefused("load.symlink")
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused("load.not_regular_file")
    return status


def read_limited(path: Path, kind: str) -> bytes:
    """The bytes of ``path``, a regular file of at most ``LIMITS[kind]`` bytes; else :class:`FileRefused`."""
    limit = LIMITS[kind]
    status = check_regular(path)
    if status.st_size > limit:
        raise _too_large(status.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after the look
            raise FileRefused("load.symlink") from None
        raise FileRefused("load.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # swapped for a device or a pipe after the look
            raise FileRefused("load.not_regular_file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileRefused("load.unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(handle)
    if size > limit:
        raise _too_large(size, limit)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> FileRefused:
    return FileRefused("load.too_large", size_kb=-(-size // 1024), max_kb=limit // 1024)  # rounded up: over is over


def inside(root: Path, name: str) -> Path | None:
    """``root / name`` when ``name`` is a plain relative path that stays inside ``root``
    (no ``..``, not absolute, no link on the way out); else None."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = Path(name).parts
    if any(part in ("..", "") for part in parts):
        return None
    base = Path(root).resolve()
    target = (base / name).resolve()
    return base / name if target == base or base in target.parents else None
