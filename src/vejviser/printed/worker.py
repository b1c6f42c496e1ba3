"""Typeset one document in a process of its own.

    python -m vejviser.printed.worker FOLDER TEMPLATE INPUTS STAMP FONTS

Typst keeps what it has laid out in memory for the life of the process; a part of the book
typeset here gives that memory back when the process ends. Writes ``<template>.pdf`` and
``<template>.json`` (its number of pages, and its headings and entries with their pages) into FOLDER; on failure,
prints Typst's message and exits 1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Literal

import pikepdf
import typst

#: The standards every printed document is exported to: PDF/UA-1 (tagged, accessible) and PDF/A-2a,
#: whose declared output intent and embedded fonts a print shop asks for (it costs some 5 kB a book).
STANDARDS: list[Literal["ua-1", "a-2a"]] = ["ua-1", "a-2a"]


def finished(opened: pikepdf.Pdf) -> bytes:
    """The PDF as a reader should open it: its title in the window, its bookmarks shown."""
    opened.Root.PageMode = pikepdf.Name.UseOutlines
    if "/ViewerPreferences" not in opened.Root:
        opened.Root.ViewerPreferences = pikepdf.Dictionary()
    opened.Root.ViewerPreferences.DisplayDocTitle = True
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()


def main(folder: Path, template: str, inputs: dict[str, str], stamp: int, fonts: str) -> int:
    compiler = typst.Compiler(input=str(folder / template), root=str(folder), font_paths=[fonts],
                              ignore_system_fonts=True, sys_inputs=inputs)  # fmt: skip
    try:
        pdf = compiler.compile(
            format="pdf", timestamp=dt.datetime.fromtimestamp(stamp, dt.UTC), pdf_standards=list(STANDARDS)
        )  # Typst refuses what does not conform
        assert isinstance(pdf, bytes), "one PDF, as no output path is given"
        found = {name: json.loads(compiler.query(f"<vv-{name}>", field="value")) for name in ("heading", "entry")}
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            found["pages"] = len(opened.pages)
            pdf = finished(opened)
    except typst.TypstError as exc:
        print(f"{template}: {exc.message}\n{exc.diagnostic}".strip(), file=sys.stderr)
        return 1
    stem = inputs.get("part", "")
    (folder / f"{template}{stem}.pdf").write_bytes(pdf)
    (folder / f"{template}{stem}.json").write_text(json.dumps(found), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
