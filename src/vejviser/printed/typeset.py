"""Typesetting: a document's data, its QR codes and icons into a PDF, with the Typst compiler.

Each PDF is made in a folder of its own: the template, ``data.json``, the QR codes and
icons as SVG files. The template reads the data with ``json()``, so a record's text is
data to Typst, never source. The PDF is tagged (structure, reading order, alternative
texts), says its language and title, embeds the shipped open-licence fonts and no
others, and is written atomically: a failure leaves no half-written file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from importlib import resources
from pathlib import Path

import typst
import zxingcpp

from vejviser.parallel import map_in_order
from vejviser.printed.content import icon_names, qr_file

#: The open-licence fonts shipped with the package (Atkinson Hyperlegible, SIL OFL 1.1).
FONTS = resources.files("vejviser").joinpath("printed/fonts")
TEMPLATES = resources.files("vejviser").joinpath("templates/print")


class PrintError(Exception):
    """Typesetting failed. Record text cannot cause it (it is data); a broken template can."""


def qr_svg(url: str) -> str:
    """A QR code for ``url`` as SVG (error correction M, with its quiet zone)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return code.to_svg()


def _icons() -> dict[str, Path]:
    folder = resources.files("material").joinpath("templates/.icons/material")
    return {name: Path(str(folder / f"{name}.svg")) for name in sorted(icon_names())}


def typeset(template: str, document: dict, qr_urls: list[str], output: Path, today: dt.date) -> None:
    """Typeset ``document`` with ``templates/print/<template>`` into the PDF ``output``.

    ``qr_urls[n]`` is the address behind the QR code the document names ``qr/<n>.svg``.
    The PDF's creation date is ``today`` (midnight UTC), so the same records on the same
    day give the same file.
    """
    codes = map_in_order(qr_svg, qr_urls)
    with tempfile.TemporaryDirectory(prefix="vejviser-print-") as folder:
        work = Path(folder)
        (work / "qr").mkdir()
        (work / "icons").mkdir()
        for number, code in enumerate(codes):
            (work / qr_file(number)).write_text(code, encoding="utf-8")
        for name, source in _icons().items():
            (work / "icons" / f"{name}.svg").write_bytes(source.read_bytes())
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
