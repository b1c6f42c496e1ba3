"""Make the printed editions from validated records: the book, its large print, the area sheets
(and, beside a site build, every listed activity's invitation and poster).

:class:`PrintJob` makes them beside a site build: started once the pages exist, in a
thread (the Typst compiler releases the GIL, so it typesets while MkDocs renders), and
waited for before the build counts as done.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from vejviser.cache import key_of, package_version
from vejviser.i18n import Messages
from vejviser.ids import FOLDERS
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.printed.book import make_book_pdf
from vejviser.printed.content import PrintedDirectory, editions
from vejviser.printed.invitation import make_invitations
from vejviser.printed.typeset import TEMPLATES, PrintError, Workspace, typeset, write_atomically
from vejviser.report import render_text
from vejviser.settings import Area, SettingsError, load_settings
from vejviser.validate.project import validate_project

#: An area sheet is one sheet of paper, printed on both sides.
SHEET_PAGES = 2


def make_book(printed: PrintedDirectory, out_dir: Path, year: int | None = None) -> list[Path]:
    """The book and its large-print edition into ``out_dir``."""
    Workspace.remove_abandoned()
    made = []
    for edition in editions(printed.settings.print_paper, printed.settings.print_large_pt):
        document, qr_urls = printed.book(edition, year or printed.settings.print_year or printed.today.year)
        target = out_dir / edition.filename
        make_book_pdf(document, qr_urls, target, printed.today, printed.cache)
        made.append(target)
    return made


def make_sheets(printed: PrintedDirectory, out_dir: Path, areas: list[Area] | None = None) -> list[Path]:
    """One area sheet per area (or per area asked for) into ``out_dir/omraadeark/``."""
    Workspace.remove_abandoned()
    made = []
    for area in printed.settings.areas if areas is None else areas:
        target = out_dir / urls.sheet(area.id)
        write_atomically(target, sheet_pdf(printed, area))
        made.append(target)
    return made


def sheet_pdf(printed: PrintedDirectory, area: Area) -> bytes:
    """The area's sheet with as many of the activities near it as fit on :data:`SHEET_PAGES` pages.

    The area's own activities are always on it, however many pages they take."""

    def made(near: int | None) -> tuple[bytes, int]:
        document, qr_urls = printed.sheet(area, near=near)
        return typeset("sheet.typ", document, qr_urls, printed.today, printed.cache)

    nearby = len(printed.near(area))
    pdf, pages = made(None)
    if pages <= SHEET_PAGES or not nearby:
        return pdf
    pdf, pages = made(0)
    if pages > SHEET_PAGES:  # the area's own take more: nothing from outside it
        return pdf
    low, high = 1, nearby - 1  # the most nearby ones that fit, by halving
    while low <= high:
        middle = (low + high) // 2
        candidate, pages = made(middle)
        if pages <= SHEET_PAGES:
            pdf, low = candidate, middle + 1
        else:
            high = middle - 1
    return pdf


class PrintJob:
    """Makes every printed edition in the background; :meth:`finish` waits and raises its error."""

    def __init__(self):
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.made: list[Path] = []
        self.cancelled = False

    def start(self, directory: Directory, out: Path, wait_for: threading.Event | None = None) -> None:
        """Start making the editions of ``directory`` into ``out``; with ``wait_for``, only once that event is set."""

        def run():
            if wait_for is not None:
                wait_for.wait()
                _give_back_memory()
            if self.cancelled:
                return
            try:
                printed = PrintedDirectory(directory)
                self.made = make_book(printed, out) + make_sheets(printed, out)
                # in batches, on every core; a failed build starts no further batch
                self.made += make_invitations(printed, out, directory.current, cancelled=lambda: self.cancelled)
            except BaseException as exc:  # handed to the builder's thread by finish()
                self.error = exc

        self.thread = threading.Thread(target=run, name="vejviser-print", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        """Make nothing that has not been started (the build failed)."""
        self.cancelled = True

    def finish(self) -> list[Path]:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            if isinstance(error, PrintError | OSError):  # an OSError: a full disk, say, told as such
                raise error
            raise PrintError("typeset.unexpected", kind=type(error).__name__, detail=str(error)) from error
        return self.made


#: Where the editions made in the background under ``mkdocs serve`` are kept, in the project.
SERVED_EDITIONS = Path(".cache") / "vejviser" / "print"

log = logging.getLogger("mkdocs.plugins.vejviser")
#: How far the background print stands back for the rebuilds (a nice value, 0 to 19).
BACKGROUND_NICE = 15


def edition_key(directory: Directory) -> str:
    """A key of what the editions of ``directory`` are made from: the records, the settings and the
    project's other files beside them, the print templates, the package's version and the day."""
    root = directory.settings.root
    parts: list[str | bytes] = [package_version(), directory.today.isoformat()]
    sources = [path for folder in FOLDERS.values() for path in sorted((root / folder).glob("*"))]
    sources += sorted(path for path in root.glob("*") if path.suffix in (".yaml", ".yml", ".geojson", ".json"))
    sources += sorted(Path(str(template)) for template in TEMPLATES.iterdir())
    for path in sources:
        with contextlib.suppress(OSError):  # a folder, or a file gone meanwhile: its name still counts
            parts += [path.name, path.read_bytes() if path.is_file() and not path.is_symlink() else b""]
    return key_of(*parts)


class BackgroundEditions:
    """The printed editions under ``mkdocs serve``: made in the background, never waited for by a rebuild.

    A rebuild serves the editions made last (kept in the project, :data:`SERVED_EDITIONS`) and asks for
    new ones with a key of what they are made from; when the key is new, they are made, one print at a
    time, the latest ask next, by a process of its own (``python -m vejviser.printed.make``: a thread
    of the server would hold Python's lock against the rebuilds), at a low priority, into a folder of
    their own that then takes the place of the last ones, and they are copied into the site being
    served. A print that fails is said in the terminal and keeps the last editions."""

    def __init__(self, root: Path, messages: Callable[..., str]):
        self.root = root
        self.folder = root / SERVED_EDITIONS
        self.messages = messages
        self._lock = threading.Lock()
        self._asked: tuple[str, dt.date, Path] | None = None
        self._made_key: str | None = None
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None
        self._stopping = False

    def last(self) -> dict[str, Path]:
        """The editions made last: their paths in the site, and where they are."""
        if not self.folder.is_dir():
            return {}
        return {path.relative_to(self.folder).as_posix(): path for path in sorted(self.folder.rglob("*.pdf"))}

    def ask(self, key: str, today: dt.date, site_dir: Path) -> None:
        """Make the editions (as of ``today``) unless those of ``key`` are made or being made, and put
        them into ``site_dir`` when done."""
        with self._lock:
            self._asked = (key, today, site_dir)
            if self._thread is None and key != self._made_key and not self._stopping:
                self._thread = threading.Thread(target=self._run, name="vejviser-served-print", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        """Until no print runs (for the tests, and when the server stops)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return
            thread.join()

    def stop(self) -> None:
        """Stop a print that runs (the server stops), and wait until it has."""
        with self._lock:
            self._stopping = True
            if self._process is not None:
                self._process.kill()
        self.wait()

    def command(self, out: Path, today: dt.date) -> list[str]:
        return [sys.executable, "-m", "vejviser.printed.make", str(self.root), str(out), today.isoformat()]

    def _run(self) -> None:
        while True:
            with self._lock:
                asked = self._asked
                if asked is None or asked[0] == self._made_key or self._stopping:
                    self._thread = None
                    return
                key, today, site_dir = asked
                fresh = self.folder.with_name(f"{self.folder.name}.new")
                shutil.rmtree(fresh, ignore_errors=True)
                self._process = subprocess.Popen(self.command(fresh, today), stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.PIPE, text=True)  # fmt: skip
            _, said = self._process.communicate()
            with self._lock:
                returncode, self._process = self._process.returncode, None
                self._made_key = key  # a failed print too: not again until the records change
                if self._stopping:
                    continue
            if returncode != 0:
                log.warning(self.messages("site.print_failed_served", reason=said.strip() or str(returncode)))
                shutil.rmtree(fresh, ignore_errors=True)
                continue
            old = self.folder.with_name(f"{self.folder.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(fresh, self.folder)
            shutil.rmtree(old, ignore_errors=True)
            with contextlib.suppress(OSError):  # the site being served, if it is still there
                for name, path in self.last().items():
                    if site_dir.is_dir():
                        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(path, site_dir / name)
            log.info(self.messages("site.print_done_served"))


def main(argv: list[str]) -> int:
    """``python -m vejviser.printed.make PROJECT OUT TODAY``: every edition of PROJECT's listed
    activities as of TODAY into OUT, at a low priority (see :class:`BackgroundEditions`); what went
    wrong, in the directory's language, on standard error and exit code 1."""
    project, out, today = Path(argv[0]), Path(argv[1]), dt.date.fromisoformat(argv[2])
    with contextlib.suppress(OSError, AttributeError):
        os.nice(BACKGROUND_NICE)
    try:
        settings = load_settings(project)
    except SettingsError as exc:
        print(render_text(exc.problems, Messages()), file=sys.stderr)
        return 1
    messages = Messages(settings.language)
    directory = Directory(settings, validate_project(settings, today), messages, today)
    printed = PrintedDirectory(directory)
    try:
        make_book(printed, out)
        make_sheets(printed, out)
        make_invitations(printed, out, directory.current)
    except PrintError as exc:
        print(messages(exc.code, **exc.params), file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, say
        print(exc, file=sys.stderr)
        return 1
    return 0


def _give_back_memory() -> None:
    """Hand the memory the site's pages are done with back to the system (glibc keeps it otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
