"""Make the printed editions from validated records: the book, its large print, the area sheets
(and, beside a site build, every listed activity's invitation and poster).

:class:`PrintJob` makes them beside a site build: started once the pages exist, in a
thread (the Typst compiler releases the GIL, so it typesets while MkDocs renders), and
waited for before the build counts as done.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
from pathlib import Path

from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.printed.book import make_book_pdf
from vejviser.printed.content import PrintedDirectory, editions
from vejviser.printed.invitation import make_invitations
from vejviser.printed.typeset import PrintError, Workspace, typeset, write_atomically
from vejviser.settings import Area

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


def _give_back_memory() -> None:
    """Hand the memory the site's pages are done with back to the system (glibc keeps it otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
