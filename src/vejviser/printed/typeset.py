"""Typesetting: a document's data, its QR codes and icons into a PDF, with the Typst compiler.

Each PDF is made in a :class:`Workspace`, a temporary folder with the templates, the
icons as SVG files, the data as JSON and the QR codes. The templates read the data with
``json()``, so a record's text is data to Typst, never source. The PDFs are tagged
(structure, reading order, alternative texts), say their language and title, embed the
shipped open-licence fonts and no others, and are written atomically: a failure leaves
no half-written file. Each document is typeset by a Typst process of its own
(:func:`typeset_apart`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import zxingcpp

from vejviser.parallel import map_in_order
from vejviser.present.icons import VERDICT_COLOURS, VERDICT_ICONS
from vejviser.printed.content import barriers, icon_names
from vejviser.scratch import Scratch, held, remove_abandoned

#: The open-licence fonts shipped with the package (SIL Andika, OFL 1.1: its zero is open).
FONTS = resources.files("vejviser").joinpath("printed/fonts")
TEMPLATES = resources.files("vejviser").joinpath("templates/print")
#: From how many QR codes on they are made on every core (a code takes about 0.9 ms).
QR_ON_EVERY_CORE = 300
#: The workspaces' folders, in the system's temp folder (see :mod:`vejviser.scratch`).
WORKSPACE_PREFIX = "vejviser-print-"
SVG_NS = "http://www.w3.org/2000/svg"
#: A barrier's icon with its answer's mark beside it, as one image with one alternative text:
#: half the images an entry's row would need otherwise (500 entries: 1.2 s instead of 1.9 s).
ANSWERED_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 38 24">{icon}'
    '<g transform="translate(24.5 10) scale(0.58)" fill="{colour}">{mark}</g></svg>'
)
#: A verdict's mark alone, in its colour, for the key to the icons.
VERDICT_MARK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g fill="{colour}">{mark}</g></svg>'


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


def qr_codes(urls: list[str]) -> list[bytes]:
    return map_in_order(qr_svg, urls, min_items=QR_ON_EVERY_CORE)


def _icons() -> dict[str, str]:
    """Every icon the templates use, as SVG text: Material's own, each barrier icon with each verdict's
    mark (``door-open-good``), and the marks alone (``verdict-good``), in the verdicts' colours."""
    folder = resources.files("material").joinpath("templates/.icons/material")
    icons = {name: folder.joinpath(f"{name}.svg").read_text(encoding="utf-8") for name in sorted(icon_names())}
    shapes = {name: _shapes(svg) for name, svg in icons.items()}
    for verdict, mark in VERDICT_ICONS.items():
        colour = VERDICT_COLOURS[verdict]
        icons[f"verdict-{verdict}"] = VERDICT_MARK.format(mark=shapes[mark], colour=colour)
        for barrier in barriers():
            icons[f"{barrier.icon}-{verdict}"] = ANSWERED_ICON.format(icon=shapes[barrier.icon], mark=shapes[mark],
                                                                     colour=colour)  # fmt: skip
    return icons


def _shapes(svg: str) -> str:
    """The drawing inside an icon's <svg> element (Material's icons are one 24 x 24 path)."""
    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(svg)
    return "".join(ElementTree.tostring(child, encoding="unicode") for child in root)


class Workspace:
    """A temporary folder to typeset in: the templates and icons, and the data written for them.

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
            (self.folder / "icons").mkdir()
            for name, svg in _icons().items():
                (self.folder / "icons" / f"{name}.svg").write_text(svg, encoding="utf-8")
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
    if process.returncode != 0:
        detail = said.strip().removeprefix(f"{what}: ")  # the worker names its template; the message does
        if detail:
            raise PrintError("typeset.failed", step=what, detail=detail)
        raise PrintError("typeset.stopped", step=what, returncode=process.returncode)


def typeset(template: str, document: dict, qr_urls: list[str], today: dt.date) -> tuple[bytes, int]:
    """A one-piece ``document`` (an area sheet) typeset with ``templates/print/<template>``: the PDF
    and its number of pages.

    ``qr_urls[n]`` is the address behind the QR code number ``n`` of the document.
    """
    with Workspace(today) as work:
        spans = work.write_codes("qr.bin", qr_codes(qr_urls))
        work.write_json("data.json", {**document, "qr_codes": spans})
        done = typeset_apart(work, template, {})
        return done.pdf.read_bytes(), done.pages
