"""Typeset one document, or a batch of small ones, in a process of its own.

    python -m vejviser.printed.worker FOLDER TEMPLATE INPUTS STAMP FONTS
    python -m vejviser.printed.worker --laid-out FOLDER TEMPLATE INPUTS STAMP FONTS
    python -m vejviser.printed.worker --batch FOLDER JOBS STAMP FONTS

Typst keeps what it has laid out in memory for the life of the process; a part of the book
typeset here gives that memory back when the process ends. Writes ``<template>.pdf`` and
``<template>.json`` (its number of pages, and its headings and entries with their pages) into FOLDER; on failure,
prints Typst's message and exits 1. With ``--laid-out``, the document is laid out first and typeset
once its first page number is given (a part of the book: see ``_lay_out_first``).

With ``--batch``, JOBS names a JSON file in FOLDER: a list of jobs ``{"template", "data", "pdf"}``. Each job's
data file becomes FOLDER's ``data.json`` (the name the one-piece templates read) and its document is typeset
into FOLDER/``pdf``, one after the other by one compiler: the fonts are loaded once, not once a document (Typst
reads a file again when it has changed since the last compilation, and ``input`` is given per compilation).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Literal

import pikepdf
import typst

#: The standards every printed document is exported to: PDF/UA-1 (tagged, accessible) and PDF/A-2a,
#: whose declared output intent and embedded fonts a print shop asks for (it costs some 5 kB a book).
STANDARDS: list[Literal["ua-1", "a-2a"]] = ["ua-1", "a-2a"]


#: The end of a file whose last cross-reference section is a table: where that table starts.
_LAST_XREF = re.compile(rb"trailer\s*<<.*>>\s*startxref\s+(\d+)\s+%%EOF\s*$", re.DOTALL)


def finished(pdf: bytes) -> bytes:
    """The PDF as a reader should open it: its title in the window, its bookmarks shown.

    See :func:`finished_with_pages`."""
    return finished_with_pages(pdf)[0]


def finished_with_pages(pdf: bytes) -> tuple[bytes, int]:
    """The PDF as a reader should open it (its title in the window, its bookmarks shown), and its
    number of pages, read while it is open anyway.

    Written as an incremental update (ISO 32000-1, 7.5.6): the catalogue, changed, is appended
    after the file with a cross-reference section of its own, and the rest stays as Typst wrote
    it (saving the whole file again took as long as a third of the typesetting). A file whose
    last cross-reference section is not a table is saved again whole instead."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
        root = opened.Root
        root.PageMode = pikepdf.Name.UseOutlines
        if "/ViewerPreferences" not in root:
            root.ViewerPreferences = pikepdf.Dictionary()
        root.ViewerPreferences.DisplayDocTitle = True
        last = _LAST_XREF.search(pdf, max(0, len(pdf) - 4096))
        if last is None or not root.is_indirect:
            out = io.BytesIO()
            opened.save(out)
            return out.getvalue(), pages
        number, generation = root.objgen
        catalogue = b"%d %d obj\n%s\nendobj\n" % (number, generation, root.unparse(resolved=True))
        trailer = pikepdf.Dictionary(
            {key: opened.trailer[key] for key in ("/Size", "/Root", "/Info", "/ID") if key in opened.trailer}
        )
        trailer.Prev = int(last.group(1))
    start = len(pdf) + 1  # after the line break that ends the file as Typst wrote it
    table = b"xref\n%d 1\n%010d %05d n \ntrailer\n" % (number, start, generation)
    update = [catalogue, table, trailer.unparse(), b"\nstartxref\n%d\n%%%%EOF\n" % (start + len(catalogue))]
    return b"".join([pdf, b"\n", *update]), pages


def main(folder: Path, template: str, inputs: dict[str, str], stamp: int, fonts: str, laid_out: bool = False) -> int:
    """Typeset ``template``; with ``laid_out``, in two steps (see :func:`_lay_out_first`)."""
    compiler = typst.Compiler(input=str(folder / template), root=str(folder), font_paths=[fonts],
                              ignore_system_fonts=True, sys_inputs=inputs)  # fmt: skip
    stem = folder / f"{template}{inputs.get('part', '')}"
    try:
        first = _lay_out_first(compiler, stem) if laid_out else None
        if laid_out and first is None:
            return 1  # the build stopped waiting: nothing to typeset
        pdf = compiler.compile(
            format="pdf", timestamp=dt.datetime.fromtimestamp(stamp, dt.UTC), pdf_standards=list(STANDARDS)
        )  # Typst refuses what does not conform
        assert isinstance(pdf, bytes), "one PDF, as no output path is given"
        found = _found(compiler)
        pdf, found["pages"] = finished_with_pages(pdf)
    except typst.TypstError as exc:
        print(f"{template}: {exc.message}\n{exc.diagnostic}".strip(), file=sys.stderr)
        return 1
    if first is not None:
        number, laid = first
        numbers = found.pop("page")
        if (found["pages"], found["entry"], found["heading"]) != (laid["pages"], laid["entry"], laid["heading"]):
            print(f"{template}: its pages changed with its first page number", file=sys.stderr)
            return 1
        if not numbers or numbers[0] != number:
            print(f"{template}: its first page is numbered {numbers[:1]}, not {number}", file=sys.stderr)
            return 1
    else:
        found.pop("page")
    stem.with_name(stem.name + ".pdf").write_bytes(pdf)
    stem.with_name(stem.name + ".json").write_text(json.dumps(found), encoding="utf-8")
    return 0


def _found(compiler: typst.Compiler) -> dict:
    """Where the document's headings and entries are, and each page's number (``<vv-…>`` markers)."""
    return {name: json.loads(compiler.query(f"<vv-{name}>", field="value")) for name in ("heading", "entry", "page")}


def _lay_out_first(compiler: typst.Compiler, stem: Path) -> tuple[int, dict] | None:
    """Lay the document out before its first page number is known (a part of the book): write how many
    pages it has and where its headings and entries are (``<stem>.laid-out.json``), say ``laid-out`` on
    stdout, and wait for the first page number on stdin (the data's file is written by then). Typst keeps
    the layout in memory, so the second compilation redoes only what depends on the number (the page
    footers). Returns the number and what was found, or None when stdin ends (the build stopped)."""
    found = _found(compiler)
    laid = {"pages": len(found.pop("page")), **found}
    stem.with_name(stem.name + ".laid-out.json").write_text(json.dumps(laid), encoding="utf-8")
    print("laid-out", flush=True)
    line = sys.stdin.readline()
    if not line.strip().isdigit():
        return None
    return int(line), laid


def batch(folder: Path, jobs: str, stamp: int, fonts: str) -> int:
    """Typeset each job of ``folder/jobs`` with one compiler (see the module's text)."""
    compiler = typst.Compiler(root=str(folder), font_paths=[fonts], ignore_system_fonts=True)
    timestamp = dt.datetime.fromtimestamp(stamp, dt.UTC)
    for job in json.loads((folder / jobs).read_text(encoding="utf-8")):
        template = job["template"]
        os.replace(folder / job["data"], folder / "data.json")
        try:
            pdf = compiler.compile(input=str(folder / template), format="pdf", timestamp=timestamp,
                                   pdf_standards=list(STANDARDS), sys_inputs=None)  # fmt: skip
            assert isinstance(pdf, bytes), "one PDF, as no output path is given"
            pdf = finished(pdf)
        except typst.TypstError as exc:
            print(f"{template}: {exc.message}\n{exc.diagnostic}".strip(), file=sys.stderr)
            return 1
        (folder / job["pdf"]).write_bytes(pdf)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--laid-out":
        sys.exit(main(Path(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4]), int(sys.argv[5]), sys.argv[6], True))
    if sys.argv[1] == "--batch":
        sys.exit(batch(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]))
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
