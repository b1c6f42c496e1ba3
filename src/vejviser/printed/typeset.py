"""Typesetting: a document's data, its QR codes and icons into a PDF, with the Typst compiler.

Each PDF is made in a folder of its own: the template, ``data.json``, the QR codes and
icons as SVG files. The template reads the data with ``json()``, so a record's text is
data to Typst, never source. The PDF is tagged (structure, reading order, alternative
texts), says its language and title, embeds the shipped open-licence fonts and no
others, and is written atomically: a failure leaves no half-written file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import typst
import zxingcpp

from vejviser.parallel import map_in_order
from vejviser.printed.content import barriers, icon_names
from vejviser.site.icons import ANSWER_ICONS

#: The open-licence fonts shipped with the package (Atkinson Hyperlegible, SIL OFL 1.1).
FONTS = resources.files("vejviser").joinpath("printed/fonts")
TEMPLATES = resources.files("vejviser").joinpath("templates/print")
#: From how many QR codes on they are made on every core (a code takes about 0.9 ms).
QR_ON_EVERY_CORE = 300
#: The QR codes of a document, one after the other, beside its data.json.
QR_FILE = "qr.bin"


class PrintError(Exception):
    """Typesetting failed. Record text cannot cause it (it is data); a broken template can."""


def qr_svg(url: str) -> bytes:
    """A QR code for ``url`` as SVG, error correction M, with its quiet zone.

    Vector, so that every viewer and printer draws sharp modules (a bitmap scaled up is
    smoothed by some, and then a phone may not read it)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return code.to_svg().encode()


SVG_NS = "http://www.w3.org/2000/svg"
#: A barrier's icon with its answer's mark beside it, as one image with one alternative text:
#: half the images an entry's row would need otherwise (500 entries: 1.2 s instead of 1.9 s).
ANSWERED_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 38 24">{icon}'
    '<g transform="translate(24.5 10) scale(0.58)">{mark}</g></svg>'
)


def _icons() -> dict[str, str]:
    """Every icon the templates use, as SVG text: Material's own, and each barrier icon with each answer's mark."""
    folder = resources.files("material").joinpath("templates/.icons/material")
    icons = {name: folder.joinpath(f"{name}.svg").read_text(encoding="utf-8") for name in sorted(icon_names())}
    shapes = {name: _shapes(svg) for name, svg in icons.items()}
    for barrier in barriers():
        for value, mark in ANSWER_ICONS.items():
            icons[f"{barrier.icon}-{value}"] = ANSWERED_ICON.format(icon=shapes[barrier.icon], mark=shapes[mark])
    return icons


def _shapes(svg: str) -> str:
    """The drawing inside an icon's <svg> element (Material's icons are one 24 x 24 path)."""
    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(svg)
    return "".join(ElementTree.tostring(child, encoding="unicode") for child in root)


def typeset(template: str, document: dict, qr_urls: list[str], output: Path, today: dt.date) -> None:
    """Typeset ``document`` with ``templates/print/<template>`` into the PDF ``output``.

    ``qr_urls[n]`` is the address behind the QR code number ``n`` of the document.
    The PDF's creation date is ``today`` (midnight UTC), so the same records on the same
    day give the same file.
    """
    with tempfile.TemporaryDirectory(prefix="vejviser-print-") as folder:
        work = Path(folder)
        (work / "icons").mkdir()

        # All codes in one file (opening a file costs about a millisecond on this disk), and
        # where each one lies in it, for the template.
        codes = map_in_order(qr_svg, qr_urls, min_items=QR_ON_EVERY_CORE)
        (work / QR_FILE).write_bytes(b"".join(codes))
        starts = itertools.accumulate((len(code) for code in codes), initial=0)
        document = {**document, "qr_codes": [[start, len(code)] for start, code in zip(starts, codes, strict=False)]}
        for name, svg in _icons().items():
            (work / "icons" / f"{name}.svg").write_text(svg, encoding="utf-8")
        for name in ("common.typ", template):
            (work / name).write_bytes(TEMPLATES.joinpath(name).read_bytes())
        (work / "data.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
        try:
            compiler = typst.Compiler(root=str(work), font_paths=[str(FONTS)], ignore_system_fonts=True)
            pdf = compiler.compile(input=str(work / template), format="pdf", timestamp=stamp)
        except typst.TypstError as exc:
            raise PrintError(f"{template}: {exc.message}\n{exc.diagnostic}".strip()) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.write_bytes(pdf)
    os.replace(partial, output)
