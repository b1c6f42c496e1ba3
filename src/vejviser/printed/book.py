"""The network book as one tagged PDF: typeset whole, or in parts and joined.

A book of up to :data:`PART_ENTRIES` activities (a municipality's, and then some) is
typeset whole, in one Typst document that finds its own page numbers for the contents and
the indexes. Typst keeps a whole document in memory while it lays it out, though: a book of
10,000 activities needed 3.4 GB here in one piece. So a larger book is typeset as its front
(cover, how to use it, contents), runs of at most :data:`PART_ENTRIES` activities, and its
indexes, one after the other, each part numbering its pages from where the last one
stopped; the contents and indexes get the page numbers the parts report. Parts are typeset
side by side (:data:`PART_LANES`): each is laid out first, and numbered once the parts before it
have said how many pages they have. The parts are joined with their structure (tags), and the
bookmarks are made for the whole book (:mod:`vejviser.printed.join`). While parts are typeset,
the next parts' QR codes are made.

Every document is typeset by a process of its own (:mod:`vejviser.printed.worker`): Typst
gives back the memory it laid the document out in only when its process ends.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from vejviser.cache import NO_CACHE, BuildCache
from vejviser.printed.join import Bookmark
from vejviser.printed.typeset import (
    PrintError,
    Typeset,
    Workspace,
    qr_codes,
    run_apart,
    typeset_apart,
    typeset_laid_out_first,
    write_atomically,
)

#: The most activities typeset in one part (some 270 MB of Typst's memory, proportional set size: two
#: side by side, and the build beside them, stay within 1 GB at 10,000; 800 were some 350 MB each).
PART_ENTRIES = 600
#: How many parts are typeset side by side: two cores' worth, where their memory allows.
PART_LANES = 2
#: The memory, in MB, that the documents typeset side by side may take together, by the estimates of
#: :func:`_part_memory` and :func:`_index_memory`: a document waits until its estimate fits beside those
#: running (one alone always runs). Two parts of :data:`PART_ENTRIES` fit; the two largest indexes of a
#: book of 10,000 do not (a printing house's machine has the memory; a municipality's laptop may not).
TYPESET_MEMORY_MB = 600
#: A page number as wide as any the contents can show, for the first pass over the front.
WIDE_PAGE = "8888"


@dataclass
class Part:
    """What one part of the book says: its groups of entries, each maybe opening a section."""

    groups: list[dict] = field(default_factory=list)
    entries: int = 0


def plan_parts(sections: list[dict], limit: int | None = None) -> list[Part]:
    """Runs of whole category groups of at most ``limit`` entries (:data:`PART_ENTRIES`; a larger group
    is split)."""
    limit = limit or PART_ENTRIES  # read when called: the tests make parts small
    parts = [Part()]
    for section in sections:
        opens = section["title"]
        for group in section["groups"]:
            entries = group["entries"]
            while entries:
                room = limit - parts[-1].entries
                if room <= 0 or (parts[-1].entries and len(entries) > room and len(entries) <= limit):
                    parts.append(Part())  # start the group on a fresh part rather than split it
                    room = limit
                taken, entries = entries[:room], entries[room:]
                parts[-1].groups.append({"section": opens, "area": section["title"], "title": group["title"],
                                         "entries": taken})  # fmt: skip
                parts[-1].entries += len(taken)
                opens = None
    return [part for part in parts if part.groups]


def _part_memory(part: Part) -> float:
    """Typst's memory for a part of the book, in MB (proportional set size, measured with Typst 0.15
    on the synthetic book of 10,000: some 270 MB for 600 entries, 350 MB for 800)."""
    return 40 + 0.4 * part.entries


def _index_memory(index: dict) -> float:
    """Typst's memory for an index, in MB, by its lines and page numbers (each a link): some 430 MB
    for the 10,000 titles of the synthetic book of 10,000."""
    return 40 + 0.019 * sum(1 + len(item["pages"]) for item in index["items"])


class _Memory:
    """The memory of the documents typeset side by side (:data:`TYPESET_MEMORY_MB`): each document
    takes its share in its turn (in the documents' order: a later one never overtakes an earlier one,
    which the later one may be waiting for), once it fits beside the ones running."""

    def __init__(self, limit: float):
        self.limit = limit
        self.used = 0.0
        self.turn = 0
        self.stopped = False
        self.changed = threading.Condition()

    @contextmanager
    def share(self, number: int, need: float, step: str) -> Iterator[None]:
        need = min(need, self.limit)  # one alone always runs
        with self.changed:
            self.changed.wait_for(lambda: self.stopped or (self.turn == number and self.used + need <= self.limit))
            if self.stopped:
                raise PrintError("typeset.stopped", step=step, returncode=-1)
            self.used += need
            self.turn += 1
            self.changed.notify_all()
        try:
            yield
        finally:
            with self.changed:
                self.used -= need
                self.changed.notify_all()

    def stop(self) -> None:
        """Documents waiting for their share stop waiting (a document before them failed)."""
        with self.changed:
            self.stopped = True
            self.changed.notify_all()


def make_book_pdf(
    document: dict, qr_urls: list[str], output: Path, today: dt.date, cache: BuildCache = NO_CACHE
) -> None:
    """Typeset the book's ``document`` (from :meth:`PrintedDirectory.book`) into ``output``; its QR
    codes come from ``cache`` where it has them."""
    shared = {key: value for key, value in document.items() if key not in ("sections", "indexes")}
    whole = len(qr_urls) <= PART_ENTRIES
    with Workspace(today) as work:
        work.write_json("book.json", shared | {"whole": whole})
        if whole:
            _whole(work, document, qr_urls, output, cache)
        else:
            _in_parts(work, document, qr_urls, output, cache)


def _whole(work: Workspace, document: dict, qr_urls: list[str], output: Path, cache: BuildCache) -> None:
    """The book in one document: Typst finds the pages of the contents and the indexes itself."""
    groups = [
        {"section": section["title"] if i == 0 else None, "title": group["title"], "entries": group["entries"]}
        for section in document["sections"]
        for i, group in enumerate(section["groups"])
    ]
    toc = [{"level": h["level"], "title": h["title"], "page": None} for h in _outline(document)]
    codes = work.write_codes("qr.bin", qr_codes(qr_urls, cache))
    work.write_json("whole.json", {"toc": toc, "groups": groups, "qr_codes": codes, "indexes": document["indexes"]})
    write_atomically(output, typeset_apart(work, "book.typ", {}).pdf.read_bytes())


def _in_parts(work: Workspace, document: dict, qr_urls: list[str], output: Path, cache: BuildCache) -> None:
    """The book in parts of at most :data:`PART_ENTRIES` activities, joined."""
    parts = plan_parts(document["sections"])
    toc = [{"level": h["level"], "title": h["title"], "page": WIDE_PAGE} for h in _outline(document)]
    work.write_json("front.json", {"toc": toc, "pages": 0})
    front = typeset_apart(work, "book-front.typ", {})

    def prepare_part(number: int) -> None:  # on this thread, while the parts before it are typeset
        codes = work.write_codes(f"part-{number}.bin", _part_codes(parts[number], qr_urls, cache))
        work.write_json(f"part-{number}.json", {"groups": parts[number].groups, "qr_codes": codes})

    with ThreadPoolExecutor(max_workers=PART_LANES, thread_name_prefix="vejviser-typst") as lanes:
        typeset, starts = _side_by_side(lanes, work, "book-part.typ", "part", [_part_memory(p) for p in parts],
                                        front.pages + 1, prepare_part)  # fmt: skip
        page_of: dict[int, int] = {}
        for done, first in zip(typeset, starts, strict=False):
            for heading in done.headings:
                heading["page"] += first - 1
            for entry in done.entries:
                page_of.setdefault(entry["n"], entry["page"] + first - 1)
        # Each index a document of its own, side by side too (a large book's indexes are tens of
        # thousands of lines, each with its links: in one document they took the most memory of all).
        indexes = _indexes(document["indexes"], page_of)
        for number, index in enumerate(indexes):
            work.write_json(f"index-{number}.json", index)
        back, back_starts = _side_by_side(lanes, work, "book-index.typ", "index", [_index_memory(i) for i in indexes],
                                          starts[-1], lambda number: None)  # fmt: skip
        for done, first in zip(back, back_starts, strict=False):
            for heading in done.headings:
                heading["page"] += first - 1
        headings = [h for part in typeset + back for h in part.headings]
        toc = [{"level": h["level"], "title": h["title"], "page": str(h["page"])} for h in headings]
        work.write_json("front.json", {"toc": toc, "pages": front.pages})
        # The front with its page numbers, and the closing pages after the indexes, side by side.
        closing = lanes.submit(typeset_apart, work, "book-closing.typ", {"start": str(back_starts[-1])})
        final_front = typeset_apart(work, "book-front.typ", {})
        closed = closing.result()
    if final_front.pages != front.pages:  # the widest page numbers were allowed for; a bug if this happens
        raise PrintError("typeset.front_pages", numbered=final_front.pages, unnumbered=front.pages)
    marks = [Bookmark(h["title"], h["page"], h["level"]) for h in final_front.headings + headings]
    pdfs = [final_front.pdf, *(part.pdf for part in typeset + back), closed.pdf]
    _join(work, pdfs, marks, output)


def _side_by_side(
    lanes: ThreadPoolExecutor,
    work: Workspace,
    template: str,
    name: str,
    needs: list[float],
    first: int,
    prepare: Callable[[int], None],
) -> tuple[list[Typeset], list[int]]:
    """Documents ``0 .. len(needs) - 1`` of ``template`` typeset in ``lanes``, side by side where their
    memory (``needs``, MB) allows, numbered on from page ``first``: each is laid out, and numbered once
    the ones before it have said how many pages they have. ``prepare(n)`` writes what document n reads
    (``<name>-<n>.json``) before it is given to a lane. Returns the documents, and the first page
    number of each and of the page after the last.

    On a failure, no document is started after it, and those waiting for their number stop."""
    count = len(needs)
    # Document n's first page number, known once the ones before it are laid out.
    starts: list[Future[int]] = [Future() for _ in range(count + 1)]
    starts[0].set_result(first)
    memory = _Memory(TYPESET_MEMORY_MB)
    running: list[Future[Typeset]] = []
    try:
        for number in range(count):
            prepare(number)
            work.write_json(f"{name}-{number}-start.json", 1)  # for the layout; see _typeset_numbered
            with_memory = partial(_typeset_numbered, memory=memory, need=needs[number])
            running.append(lanes.submit(with_memory, work, template, name, number, starts))
        typeset = [done.result() for done in running]  # the first failure, in the documents' order
    except BaseException:
        memory.stop()  # those waiting for their share
        for queued in running:
            queued.cancel()  # those not started yet
        for waited in starts[1:]:  # documents waiting for a number stop waiting
            with suppress(InvalidStateError):  # a document may set its number meanwhile
                waited.set_exception(PrintError("typeset.stopped", step=template, returncode=-1))
        raise
    return typeset, [start.result() for start in starts]


def _typeset_numbered(
    work: Workspace, template: str, name: str, number: int, starts: list[Future[int]], memory: _Memory, need: float
) -> Typeset:
    """Document ``number``, laid out beside the others once its ``need`` of ``memory`` fits, and
    numbered from where the one before it ends (``<name>-<number>-start.json``)."""

    def numbered(pages: int) -> int:
        start = starts[number].result()  # the one before it failed: so does this one
        work.write_json(f"{name}-{number}-start.json", start)
        starts[number + 1].set_result(start + pages)
        return start

    try:
        with memory.share(number, need, template):
            return typeset_laid_out_first(work, template, {"part": str(number)}, numbered)
    except BaseException as exc:
        with suppress(InvalidStateError):  # unless it was set
            starts[number + 1].set_exception(exc)
        raise


def _outline(document: dict) -> list[dict]:
    """The headings the contents lists, in order: areas and their categories, then the indexes."""
    items = []
    for section in document["sections"]:
        items.append({"level": 1, "title": section["title"]})
        items += [{"level": 2, "title": group["title"]} for group in section["groups"]]
    items += [{"level": 1, "title": index["title"]} for index in document["indexes"]]
    return items


def _part_codes(part: Part, qr_urls: list[str], cache: BuildCache) -> list[bytes]:
    numbers = [entry["n"] for group in part.groups for entry in group["entries"]]
    codes = qr_codes([qr_urls[n] for n in numbers], cache)
    # Entries name their code by number; within a part, the codes are in the entries' order.
    for position, entry in enumerate(entry for group in part.groups for entry in group["entries"]):
        entry["qr"] = position
    return codes


def _indexes(indexes: list[dict], page_of: dict[int, int]) -> list[dict]:
    """The indexes with each item's pages, as runs of consecutive pages (the index prints them "12–14")."""
    return [
        {
            "title": index["title"],
            "items": [
                {"name": item["name"], "pages": page_runs({page_of[n] for n in item["entries"]})}
                | ({"under": item["under"]} if "under" in item else {})
                for item in index["items"]
            ],
        }
        for index in indexes
    ]


def page_runs(pages: set[int]) -> list[list[int]]:
    """``pages`` as runs of consecutive pages, each its first and its last: {12, 13, 14, 20} gives
    [[12, 14], [20, 20]]."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and runs[-1][1] + 1 == page:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return runs


def _join(work: Workspace, pdfs: list[Path], bookmarks: list[Bookmark], output: Path) -> None:
    """Join the parts in a process of its own (see :mod:`vejviser.printed.join`): its memory goes with it."""
    spec = work.folder / "join.json"
    marks = [[mark.title, mark.page, mark.level] for mark in bookmarks]
    spec.write_text(json.dumps({"pdfs": [str(pdf) for pdf in pdfs], "bookmarks": marks, "output": str(output)}))
    run_apart([sys.executable, "-m", "vejviser.printed.join", str(spec)], "join")
