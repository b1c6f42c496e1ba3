"""Typesetting: a document's data and its QR codes into a PDF, with the Typst compiler.

Each PDF is made in a :class:`Workspace`, a temporary folder with the templates, the
data as JSON and the QR codes. The templates read the data with
``json()``, so a record's text is data to Typst, never source. The PDFs are tagged
(structure, reading order, alternative texts), say their language and title, embed the
shipped open-licence fonts and no others, and are written atomically: a failure leaves
no half-written file. Each document is typeset by a Typst process of its own
(:func:`typeset_apart`); many small ones (invitations, posters) are typeset in batches, each by
one Typst process that loads the fonts once (:func:`typeset_batches`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import zxingcpp

from vejviser.cache import NO_CACHE, BuildCache, code_version, folder_version, key_of
from vejviser.parallel import map_in_order, workers
from vejviser.scratch import Scratch, held, remove_abandoned

#: The open-licence fonts shipped with the package (SIL Andika, OFL 1.1: its zero is open).
FONTS = resources.files("vejviser").joinpath("printed/fonts")
TEMPLATES = resources.files("vejviser").joinpath("templates/print")
#: From how many QR codes on they are made on every core (a code takes about 0.9 ms).
QR_ON_EVERY_CORE = 300
#: How many documents a batch worker typesets before it ends and gives its memory back.
BATCH = 200
#: The workspaces' folders, in the system's temp folder (see :mod:`vejviser.scratch`).
WORKSPACE_PREFIX = "vejviser-print-"


class PrintError(Exception):
    """Typesetting failed. Record text cannot cause it (it is data); a broken template can.

    ``code`` and ``params`` say why, as a message id (``typeset.failed`` …) for
    :class:`~vejviser.i18n.Messages`; what the Typst compiler said is the parameter ``detail``.
    ``str()`` is the id and the parameters, for debugging."""

    def __init__(self, code: str, **params):
        super().__init__(" ".join([code, *(f"{key}={value!r}" for key, value in params.items())]))
        self.code = code
        self.params = params


def qr_svg(url: str) -> bytes:
    """A QR code for ``url`` as SVG, error correction M, with its quiet zone.

    Vector, so that every viewer and printer draws sharp modules (a bitmap scaled up is
    smoothed by some, and then a phone may not read it)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return code.to_svg().encode()


#: What a QR code is drawn with besides its address (the key of a code in the build cache): the
#: library's version and how it is asked (a new version may draw the same address otherwise).
QR_MAKER = f"zxing-cpp {metadata.version('zxing-cpp')} QRCode ec=M svg"


def qr_codes(urls: Sequence[str], cache: BuildCache = NO_CACHE) -> list[bytes]:
    """A QR code (:func:`qr_svg`) for each of ``urls``, each address drawn once: the codes the build
    cache has are taken from it, the others drawn (on every core from :data:`QR_ON_EVERY_CORE` on)
    and kept there for the next time."""
    keys = {url: key_of(QR_MAKER, url) for url in urls}
    found = cache.get_many("qr", list(keys.values()))
    missing = [url for url in keys if keys[url] not in found]
    drawn = dict(zip((keys[url] for url in missing), map_in_order(qr_svg, missing, min_items=QR_ON_EVERY_CORE),
                     strict=True))  # fmt: skip
    cache.put_many("qr", drawn)
    return [found.get(keys[url]) or drawn[keys[url]] for url in urls]


class Workspace:
    """A temporary folder to typeset in: the templates, and the data written for them.

    The PDFs' creation date is ``today`` (midnight UTC), so the same records on the same
    day give the same files.
    """

    def __init__(self, today: dt.date):
        self.stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
        self.scratch: Scratch | None = None

    @property
    def folder(self) -> Path:
        """The workspace's folder, there while the workspace is entered."""
        if self.scratch is None:
            raise RuntimeError("the workspace is used outside its with block")
        return self.scratch.path

    def __enter__(self) -> Workspace:
        self.scratch = scratch = Scratch(WORKSPACE_PREFIX)
        try:
            for template in TEMPLATES.iterdir():
                if template.name.endswith(".typ"):
                    (self.folder / template.name).write_bytes(template.read_bytes())
        except BaseException:
            scratch.remove()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.scratch is not None:
            self.scratch.remove()

    @staticmethod
    def remove_abandoned() -> None:
        """Remove the workspaces a killed build left (never one that is in use)."""
        remove_abandoned(WORKSPACE_PREFIX)

    def write_json(self, name: str, data) -> None:
        (self.folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def write_codes(self, name: str, codes: list[bytes]) -> dict:
        """All codes in one file (opening a file costs about a millisecond on this disk), and where each lies."""
        (self.folder / name).write_bytes(b"".join(codes))
        starts = itertools.accumulate((len(code) for code in codes), initial=0)
        return {"file": name, "spans": [[start, len(code)] for start, code in zip(starts, codes, strict=False)]}


def write_atomically(output: Path, data: bytes) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, output)
    except BaseException:  # a full disk: no half-written file left
        partial.unlink(missing_ok=True)
        raise


@dataclass
class Typeset:
    """A document a worker typeset: its PDF, its number of pages, where its headings and entries are."""

    pdf: Path
    pages: int
    headings: list[dict]
    entries: list[dict]


def typeset_apart(work: Workspace, template: str, inputs: dict[str, str]) -> Typeset:
    """Typeset ``template`` in ``work`` by a process of its own (see :mod:`vejviser.printed.worker`).

    Typst keeps what it laid out in memory for the life of its process; this way that memory
    goes back when the document is done, and the process that builds the site stays small."""
    command = [sys.executable, "-m", "vejviser.printed.worker", str(work.folder), template, json.dumps(inputs),
               str(int(work.stamp.timestamp())), str(FONTS)]  # fmt: skip
    run_apart(command, template)
    stem = work.folder / f"{template}{inputs.get('part', '')}"
    found = json.loads(stem.with_name(stem.name + ".json").read_text(encoding="utf-8"))
    return Typeset(stem.with_name(stem.name + ".pdf"), found["pages"], found["heading"], found["entry"])


def typeset_laid_out_first(
    work: Workspace, template: str, inputs: dict[str, str], between: Callable[[int], int]
) -> Typeset:
    """Typeset ``template`` in ``work`` by a process of its own, in two steps: the worker lays the
    document out and says how many pages it has; ``between(pages)`` writes what the second step reads
    (the first page number, once the parts before are laid out) and returns that number; then the
    worker typesets the document (``--laid-out``: see :mod:`vejviser.printed.worker`). So parts of the
    book are laid out side by side, each numbering its pages from where the one before it ends."""
    command = [sys.executable, "-m", "vejviser.printed.worker", "--laid-out", str(work.folder), template,
               json.dumps(inputs), str(int(work.stamp.timestamp())), str(FONTS)]  # fmt: skip
    stem = work.folder / f"{template}{inputs.get('part', '')}"
    errors = stem.with_name(stem.name + ".err")
    with errors.open("w+", encoding="utf-8") as said:
        # stderr to a file: a pipe nobody reads while the worker runs could fill and stop it
        with held() as locks:  # only while it starts: held() serialises the starts of workers
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=said,
                                       text=True, pass_fds=locks)  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        try:
            if process.stdout.readline().strip() == "laid-out":
                laid = json.loads(stem.with_name(stem.name + ".laid-out.json").read_text(encoding="utf-8"))
                process.stdin.write(f"{between(laid['pages'])}\n")
                process.stdin.flush()
            process.stdin.close()
            process.wait()
        except BaseException:  # the parts before it failed, or the build stopped: no worker left behind
            process.kill()
            process.wait()
            raise
        said.seek(0)
        _check(process.returncode, said.read(), template)
    found = json.loads(stem.with_name(stem.name + ".json").read_text(encoding="utf-8"))
    return Typeset(stem.with_name(stem.name + ".pdf"), found["pages"], found["heading"], found["entry"])


def run_apart(command: list[str], what: str) -> None:
    # The worker holds the workspaces too: killed with the build, it may write on for a while.
    with held() as locks:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, pass_fds=locks)
    try:
        _, said = process.communicate()
    except BaseException:  # as subprocess.run does: no worker left behind
        process.kill()
        process.wait()
        raise
    _check(process.returncode, said, what)


def _check(returncode: int, said: str, what: str) -> None:
    if returncode != 0:
        detail = said.strip().removeprefix(f"{what}: ")  # the worker names its template; the message does
        if detail:
            raise PrintError("typeset.failed", step=what, detail=detail)
        raise PrintError("typeset.stopped", step=what, returncode=returncode)


def typeset(
    template: str, document: dict, qr_urls: list[str], today: dt.date, cache: BuildCache = NO_CACHE
) -> tuple[bytes, int]:
    """A one-piece ``document`` (an area sheet) typeset with ``templates/print/<template>``: the PDF
    and its number of pages.

    ``qr_urls[n]`` is the address behind the QR code number ``n`` of the document; the codes come
    from ``cache`` where it has them.
    """
    key = document_key(typesetter_version(), template, document, qr_urls, today)
    kept = cache.get_many(DOCUMENTS, [key]).get(key)
    if kept is not None and len(kept) > 4 and (pages := int.from_bytes(kept[:4], "big")) != UNCOUNTED:
        return kept[4:], pages
    with Workspace(today) as work:
        spans = work.write_codes("qr.bin", qr_codes(qr_urls, cache))
        work.write_json("data.json", {**document, "qr_codes": spans})
        done = typeset_apart(work, template, {})
        pdf = done.pdf.read_bytes()
    cache.put_many(DOCUMENTS, {key: done.pages.to_bytes(4, "big") + pdf})
    return pdf, done.pages


#: The build cache's kind for typeset one-piece documents (sheets, invitations, posters): each entry
#: the document's number of pages (4 bytes; :data:`UNCOUNTED` where a batch did not count them) and its PDF.
DOCUMENTS = "pdf"
UNCOUNTED = 0


def document_key(made_by: str, template: str, document: dict, qr_urls: Sequence[str], today: dt.date) -> str:
    """What a one-piece document's PDF is made from: the code, templates and fonts (``made_by``, from
    :func:`typesetter_version`), the template named, the document's data, the addresses behind its QR
    codes, and the day (the file's date)."""
    data = json.dumps(document, ensure_ascii=False)  # as the worker reads it (the order of keys too)
    return key_of(made_by, template, data, *qr_urls, today.isoformat())


def typesetter_version() -> str:
    """The code, and the templates and fonts the workers read as they are now (an edited template is a
    new version, in a process that has run before it too), and how QR codes are drawn."""
    return key_of(code_version(), folder_version(Path(str(TEMPLATES))), folder_version(Path(str(FONTS))), QR_MAKER)


@dataclass(frozen=True)
class Job:
    """A one-piece document for :func:`typeset_batches`: its template, where its PDF goes, and what
    makes its data (the document and the addresses behind its QR codes), called when its batch is written."""

    template: str
    target: Path
    document: Callable[[], tuple[dict, list[str]]]


def typeset_batches(
    jobs: Sequence[Job],
    today: dt.date,
    processes: int | None = None,
    batch: int | None = None,
    cancelled: Callable[[], bool] | None = None,
    cache: BuildCache = NO_CACHE,
) -> list[Path]:
    """Typeset ``jobs`` in batches of at most ``batch`` (:data:`BATCH`), each by one worker process (``--batch``), on
    ``processes`` workers at a time (default: every core), each with a workspace of its own; each PDF is
    written atomically to its job's target. The first failure stops them all and is raised; once
    ``cancelled()`` says so, no further batch is started. The QR codes come from ``cache`` where it has
    them. Returns the targets written, in the jobs' order."""
    if not jobs:
        return []
    size = batch or BATCH
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    lanes = max(1, min(processes or workers(), len(chunks)))
    failed = threading.Event()
    written: set[Path] = set()

    def lane(number: int) -> None:
        try:
            with Workspace(today) as work:
                for chunk in chunks[number::lanes]:
                    if failed.is_set() or (cancelled is not None and cancelled()):
                        return
                    _typeset_batch(work, chunk, cache)
                    written.update(job.target for job in chunk)
        except BaseException:
            failed.set()
            raise

    if lanes == 1:
        lane(0)
    else:
        with ThreadPoolExecutor(lanes, thread_name_prefix="vejviser-batch") as pool:
            for future in [pool.submit(lane, number) for number in range(lanes)]:
                future.result()
    return [job.target for job in jobs if job.target in written]


def _typeset_batch(work: Workspace, chunk: Sequence[Job], cache: BuildCache) -> None:
    """Each job of ``chunk`` typeset by one worker, or taken from the cache where its document was typeset
    before."""
    documents = [job.document() for job in chunk]
    today, made_by = work.stamp.date(), typesetter_version()
    keys = [
        document_key(made_by, job.template, document, urls, today)
        for job, (document, urls) in zip(chunk, documents, strict=True)
    ]
    kept = cache.get_many(DOCUMENTS, keys)
    missing = []
    for job, document, key in zip(chunk, documents, keys, strict=True):
        if len(pdf := kept.get(key, b"")) > 4:
            write_atomically(job.target, pdf[4:])
        else:
            missing.append((job, document, key))
    if missing:
        made = _typeset_apart(work, [(job, document) for job, document, _ in missing], cache)
        cache.put_many(DOCUMENTS, {key: pdf for (_, _, key), pdf in zip(missing, made, strict=True)})


def _typeset_apart(
    work: Workspace, chunk: Sequence[tuple[Job, tuple[dict, list[str]]]], cache: BuildCache
) -> list[bytes]:
    """The jobs typeset by one worker process, each PDF written to its target; returns each one's pages
    (4 bytes) and PDF, as the cache keeps them."""
    listed = []
    documents = [document for _, document in chunk]
    codes = iter(qr_codes([url for _, qr_urls in documents for url in qr_urls], cache))  # one look in the cache
    for number, (document, qr_urls) in enumerate(documents):
        spans = work.write_codes(f"qr-{number}.bin", [next(codes) for _ in qr_urls])
        work.write_json(f"job-{number}.json", {**document, "qr_codes": spans})
        listed.append({"template": chunk[number][0].template, "data": f"job-{number}.json", "pdf": f"job-{number}.pdf"})
    work.write_json("jobs.json", listed)
    command = [sys.executable, "-m", "vejviser.printed.worker", "--batch", str(work.folder), "jobs.json",
               str(int(work.stamp.timestamp())), str(FONTS)]  # fmt: skip
    run_apart(command, chunk[0][0].template)
    kept = []
    for (job, _), done in zip(chunk, listed, strict=True):
        made = work.folder / done["pdf"]
        pdf = made.read_bytes()
        write_atomically(job.target, pdf)
        made.unlink()
        kept.append(UNCOUNTED.to_bytes(4, "big") + pdf)
    return kept
