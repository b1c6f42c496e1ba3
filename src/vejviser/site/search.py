"""The search index: Pagefind, fetched in small chunks by the browser from the site itself.

Pagefind's PyPI package ships its binary, so the build needs no network. Instead of
crawling the finished site (every page in full), the index is built from one small
document per current activity, written while MkDocs renders, by Pagefind running in
its own process on the other core. The documents lie side by side in one folder (a folder
each would cost a directory per activity to make and remove); each carries its page's
URL as Pagefind's ``url`` meta and its id as ``id`` (the finder's "Gem på listen"), and
beside its text, at a low weight, the citizens' words for its facets, barrier answers and
synonyms (:mod:`vejviser.site.search_words`). Ended, expired and long-unconfirmed activities are
not indexed; their pages stay reachable by link.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from vejviser.parallel import map_in_order
from vejviser.present import urls
from vejviser.present.views import ActivityView
from vejviser.scratch import Scratch, held, remove_abandoned
from vejviser.site.search_words import WEIGHT, SearchWords

#: The index's folder in the site.
INDEX_DIR = urls.SEARCH_INDEX
#: A memory file system for the index documents, used when it has room (see :func:`_scratch`).
MEMORY_FS = Path("/dev/shm")
#: Room a document takes on a memory file system, with its directory entry (generous).
DOCUMENT_ROOM = 16 * 1024
#: The index documents' folder, in :data:`MEMORY_FS` or the system's temp folder.
SCRATCH_PREFIX = "vejviser-search-"


def _scratch(documents: int) -> str | None:
    """Where to write the index documents: in memory if there is room, else the usual temp folder.

    They are written once and read once; on a disk, making and removing 10,000 files costs
    seconds of the build.
    """
    try:
        room = os.statvfs(MEMORY_FS)
    except OSError:
        return None
    enough = room.f_bavail * room.f_frsize > 2 * documents * DOCUMENT_ROOM
    return str(MEMORY_FS) if enough and os.access(MEMORY_FS, os.W_OK) else None


class SearchIndexError(Exception):
    """Pagefind failed; carries what it said."""


#: How Pagefind (in Rust) names the system's error when it could not write, e.g. a full disk.
_OS_ERROR = re.compile(r"Os \{ code: (\d+)|\(os error (\d+)\)")


def _raise_os_error(said: str, output: Path | None) -> None:
    """Raise the system's error that stopped Pagefind, if it says one, as an :class:`OSError` of ``output``."""
    found = _OS_ERROR.search(said)
    if found:
        code = int(found.group(1) or found.group(2))
        raise OSError(code, os.strerror(code), str(output))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("vejviser", "templates"), autoescape=True, auto_reload=False)
    env.filters["capfirst"] = lambda text: text[:1].upper() + text[1:]
    return env


class SearchIndexer:
    """Writes the index documents, runs Pagefind in the background, and waits for it on request."""

    def __init__(self, lang: str = "da"):
        self.lang = lang
        self.folder: Path | None = None
        self.scratch: Scratch | None = None
        self.output: Path | None = None
        self.process: subprocess.Popen | None = None

    def start(self, views: Iterable[ActivityView], labels: dict[str, str], descriptions: dict[str, str],
              output: Path, words: SearchWords | None = None) -> None:  # fmt: skip
        """Write one document per activity and start Pagefind writing into ``output``; with ``words``,
        each document also says the citizens' words for the activity."""
        views = list(views)
        for place in (MEMORY_FS, None):  # what a killed build left, wherever it was
            remove_abandoned(SCRATCH_PREFIX, place)
        self.scratch = Scratch(SCRATCH_PREFIX, _scratch(len(views)))
        self.folder = self.scratch.path
        template = _environment().get_template("search/record.html")
        documents = self.folder / "aktiviteter"
        documents.mkdir()

        def write(view: ActivityView) -> None:
            where = view.where or view.serves
            topics = ", ".join(labels.get(c, c) for c in (*view.activity.categories, *view.activity.target_groups))
            description = descriptions.get(view.id, "")
            said = words.document_words(view, description) if words is not None else ""
            text = template.render(v=view, lang=self.lang, where=where, topics=topics, words=said, weight=WEIGHT,
                                   description=Markup(description))  # fmt: skip
            (documents / f"{view.id}.html").write_text(text, encoding="utf-8")

        map_in_order(write, views)
        command = [sys.executable, "-m", "pagefind", "--site", str(self.folder), "--output-path", str(output),
                   "--quiet"]  # fmt: skip
        # Pagefind holds the build's folders too: killed with the build, it may write on for a while.
        self.output = output
        with held() as locks:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                            pass_fds=locks)  # fmt: skip

    def finish(self) -> None:
        """Wait for Pagefind; raise :class:`SearchIndexError` with its words if it failed."""
        try:
            if self.process is not None:
                output, _ = self.process.communicate()
                if self.process.returncode != 0:
                    _raise_os_error(output, self.output)
                    raise SearchIndexError(output)
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self.scratch is not None:
            self.scratch.remove()
            self.scratch = self.folder = None
