"""The typeface: its zero is open (looked at as a bitmap), it is the only font the PDFs embed, and its licence ships.

A slashed or dotted zero reads as "Ø" in Danish ("44 77 00 00" as "44 77 ØØ ØØ"). The glyph is
rendered from the very files the PDFs and the site use, and from the printed pages themselves,
and its counter is looked at: "Ø" of the same font must fail the same look, so the look can fail.
"""

from __future__ import annotations

import re
import subprocess
from importlib import resources
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

FONTS = resources.files("vejviser").joinpath("printed/fonts")
WEB_FONTS = resources.files("vejviser").joinpath("assets/vendor/andika")
FACES = ("Regular", "Italic", "Bold", "BoldItalic")
#: How much of the ink box, around its centre, must be white along each centre line of an open zero.
MIDDLE = 0.3
#: A word of ``pdftotext -bbox``, with its box in points.
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _ink(image: Image.Image) -> Image.Image:
    """Where a black-on-white image has ink (255, else 0), cropped to its ink box."""
    return _trim(image.convert("L").point(lambda value: 255 if value < 128 else 0))


def _trim(mask: Image.Image) -> Image.Image:
    box = mask.getbbox()
    assert box, "no ink"
    return mask.crop(box)


def _centre_is_open(ink: Image.Image) -> bool:
    """Whether the middle band of the glyph's vertical and horizontal centre lines is white: no slash, no dot."""
    width, height = ink.size
    column = [ink.getpixel((width // 2, y)) for y in range(height)]
    row = [ink.getpixel((x, height // 2)) for x in range(width)]

    def band(line):
        return line[round(len(line) * (0.5 - MIDDLE / 2)) : round(len(line) * (0.5 + MIDDLE / 2)) + 1]

    # An italic zero leans: the centre of its ink box is still inside its counter.
    return not any(band(column)) and not any(band(row))


def _rendered(font_file, text: str, size: int = 300) -> Image.Image:
    font = ImageFont.truetype(str(font_file), size)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right + size // 4, bottom + size // 4), 255)
    ImageDraw.Draw(image).text((size // 8, size // 8), text, font=font, fill=0)
    return _ink(image)


def _shipped() -> list:
    return [FONTS / f"Andika-{face}.ttf" for face in FACES] + [WEB_FONTS / f"Andika-{face}.woff2" for face in FACES]


@pytest.mark.parametrize("font_file", _shipped(), ids=lambda path: path.name)
def test_the_shipped_fonts_zero_is_open_and_their_o_slash_is_not(font_file):
    assert font_file.is_file(), font_file
    assert _centre_is_open(_rendered(font_file, "0")), f"{font_file.name}: the zero has ink in its counter"
    assert not _centre_is_open(_rendered(font_file, "Ø")), f"{font_file.name}: the look cannot tell 0 from Ø"


def _words(pdf: Path, wanted: str) -> list[tuple[int, float, float, float, float]]:
    """Where each word ``wanted`` stands: (page, x0, y0, x1, y1) in points (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for match in WORD.finditer(page):
            if match[5] == wanted:
                found.append((number, *(float(match[i]) for i in range(1, 5))))
    return found


def _runs(inked: list[bool]) -> list[tuple[int, int]]:
    """The runs of True, as (start, end)."""
    runs, start = [], None
    for i, has_ink in enumerate([*inked, False]):
        if has_ink and start is None:
            start = i
        elif not has_ink and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _glyphs(strip: Image.Image) -> list[Image.Image]:
    """The glyphs of a word's box, split at the columns without ink; only the word's own line (the
    tallest band of rows with ink), as a word's box also holds the next lines' descenders and accents."""
    ink = _ink(strip)
    width, height = ink.size
    top, bottom = max(_runs([any(ink.getpixel((x, y)) for x in range(width)) for y in range(height)]),
                      key=lambda run: run[1] - run[0])  # fmt: skip
    line = ink.crop((0, top, width, bottom))
    columns = [any(line.getpixel((x, y)) for y in range(bottom - top)) for x in range(width)]
    return [_trim(line.crop((start, 0, end, bottom - top))) for start, end in _runs(columns)]


def _pdfs(printed) -> list[Path]:
    return [printed.book, printed.large, *sorted(printed.sheets.glob("*.pdf"))]


def test_the_zeros_printed_in_every_pdf_are_open(printed, tmp_path):
    """The helpline's "44 77 00 00" as a reader sees it: each printed page's "00", rendered at 600 dpi."""
    dpi = 600
    for pdf in _pdfs(printed):
        words = _words(pdf, "00")
        assert words, f"{pdf.name}: the helpline's number is not printed"
        page, x0, y0, x1, y1 = words[0]
        scale = dpi / 72
        prefix = tmp_path / pdf.stem
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png", "-singlefile",
                        "-x", str(int(x0 * scale) - 2), "-y", str(int(y0 * scale)),
                        "-W", str(int((x1 - x0) * scale) + 4), "-H", str(int((y1 - y0) * scale)),
                        str(pdf), str(prefix)], check=True)  # fmt: skip
        zeros = _glyphs(Image.open(f"{prefix}.png"))
        assert len(zeros) == 2, f"{pdf.name}: {len(zeros)} glyphs in '00'"
        for zero in zeros:
            assert zero.size[1] > 40, f"{pdf.name}: too small a rendering to look at"
            assert _centre_is_open(zero), f"{pdf.name} page {page}: a zero with ink in its counter"


def _shipped_names() -> set[str]:
    """The PostScript names of the shipped faces, read from the fonts themselves (name ID 6)."""
    return {TTFont(str(FONTS / f"Andika-{face}.ttf"))["name"].getDebugName(6) for face in FACES}


def test_every_pdf_embeds_only_the_shipped_typeface(printed):
    shipped = _shipped_names()
    assert len(shipped) == len(FACES)
    for path in _pdfs(printed):
        with pikepdf.open(path) as pdf:
            fonts = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]
            assert fonts, path.name
            for font in fonts:
                name = str(font.BaseFont).lstrip("/")
                assert re.sub(r"^[A-Z]{6}\+", "", name) in shipped, f"{path.name}: {name}"
                if font.Subtype == "/Type0":  # the glyphs themselves are in the file
                    descriptor = font.DescendantFonts[0].FontDescriptor
                    assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, f"{path.name}: {name}"


@pytest.mark.parametrize("folder", [FONTS, WEB_FONTS], ids=["print", "site"])
def test_the_licence_ships_beside_the_fonts_with_its_reserved_names(folder):
    licence = folder.joinpath("OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    font = next(path for path in folder.iterdir() if path.name.startswith("Andika-Regular."))
    names = TTFont(str(font))["name"]
    # The licence names the holder the font names, and the font's reserved names …
    assert names.getDebugName(0).split(" (")[0].removeprefix("Copyright (c) ") in licence
    assert 'Reserved Font Names "Andika" and "SIL"' in licence
    # … which is why the fonts are shipped as released (a subset may not be called "Andika").
    assert names.getDebugName(1) == "Andika"
