"""Build the site with MkDocs into a fresh folder, then swap it in: all or nothing.

A failed build (invalid records, a MkDocs error, a full disk) leaves the previous ``site/`` as
it was and removes its own folder; a killed build's folder is removed by the next build
(:mod:`vejviser.scratch`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from vejviser.scratch import Scratch, remove_abandoned

#: The folder a build makes the site in, beside the site, until it is swapped in.
STAGING_PREFIX = ".site-"


def build_site(project_dir: Path, site_dir: Path, config_file: str = "mkdocs.yml", validated=None) -> None:
    """Run MkDocs for ``project_dir`` and replace ``site_dir`` only if it succeeds.

    ``validated`` is (settings, result) when the caller has validated already, so that the
    plugin need not do it again.
    """
    project_dir = Path(project_dir).resolve()
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _swapping(site_dir):
        _remove_leftovers(site_dir)
    with Scratch(STAGING_PREFIX, site_dir.parent) as staging:
        config = load_config(str(project_dir / config_file), site_dir=str(staging.path))
        plugin = config.plugins.get("vejviser")
        if plugin is not None and validated is not None:
            plugin.validated = validated
        build(config)
        with _swapping(site_dir):
            _swap_in(staging.path, site_dir)


@contextlib.contextmanager
def _swapping(site_dir: Path):
    """One build at a time swaps its site in (or clears up replaced ones): a lock on the site's folder."""
    fd = os.open(site_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Put the new site in the old one's place; should that fail, the old one goes back."""
    # The folder was made private (0700) while it was being built; published, a web server
    # running as another user must read it, as it reads any folder made under this umask.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        try:
            site_dir.rename(old / site_dir.name)
        except OSError as exc:
            if exc.errno not in (errno.EBUSY, errno.EXDEV):
                raise
            try:  # site/ is a mount point (a container's volume): it stays, its contents are replaced
                _replace_contents(staging, site_dir, old / site_dir.name)
            finally:
                remove_in_background(old)
            return
    try:
        staging.rename(site_dir)
    except OSError:
        if old is not None:
            with contextlib.suppress(OSError):  # a concurrent build's site may have come first
                (old / site_dir.name).rename(site_dir)
        raise
    finally:
        if old is not None:
            remove_in_background(old)


def _replace_contents(staging: Path, site_dir: Path, kept: Path) -> None:
    """Move the old site's contents to ``kept`` and the new one's into ``site_dir``; should that
    fail, the old contents go back (not in one step, as a rename of the folder would be)."""
    kept.mkdir()
    for child in list(site_dir.iterdir()):
        shutil.move(child, kept / child.name)
    try:
        for child in list(staging.iterdir()):
            shutil.move(child, site_dir / child.name)
    except OSError:
        for child in list(site_dir.iterdir()):
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        for child in list(kept.iterdir()):
            shutil.move(child, site_dir / child.name)
        raise


def remove_in_background(folder: Path) -> None:
    """Delete the replaced site by a process of its own that outlives this one.

    The new site is in place already; deleting 10,000 pages' folders took 4.7 s here, which
    nobody needs to wait for. Should that process not finish, the next build removes what it
    left (:func:`_remove_leftovers`)."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def _remove_leftovers(site_dir: Path) -> None:
    """What earlier builds left: the folder of one that was killed (never of one that runs),
    and replaced sites whose background removal did not finish."""
    remove_abandoned(STAGING_PREFIX, site_dir.parent)
    for folder in site_dir.parent.glob(f".{site_dir.name}.old-*"):
        if folder.is_dir():
            remove_in_background(folder)
