"""A printed example municipality: the book, its large print and the area sheets, made once.

The example records are copied beside a hostile one (Typst's own syntax in every text a
contributor writes), and the PDFs are read back as text (pdftotext), as structure (pypdf)
and as page images whose QR codes are decoded (pdftoppm and zbarimg).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from click.testing import CliRunner

from tests.conftest import copy_example
from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

REPO = Path(__file__).parent.parent.parent
TODAY = dt.date(2026, 11, 23)
HOSTILE_TITLE = "Kaffe #set page(fill: red) $x^2$"
#: The summary is plain text: everything in it must print as written.
HOSTILE_SUMMARY = '#set text(size: 40pt) *ikke fed* _ikke kursiv_ <label> @ref \\ #read("data.json") ] } )'
#: Other texts a contributor writes that the book prints: directions and how to sign up.
HOSTILE_TEXT = [
    'Vi mødes #set text(size: 40pt) og $a + b$ og #import "/etc/passwd"',
    'Ingen @ref, ingen // kommentar, ingen #read("data.json") ] } )',
]
#: The description (Markdown) stays on the activity's web page; in it, Typst's syntax must break nothing.
HOSTILE_DESCRIPTION = '#set page(fill: red)\n\n#panic("nej") $x$ #include "/etc/passwd"'


@dataclass
class Printed:
    folder: Path
    book: Path
    large: Path
    sheets: Path
    #: Every activity that must be in the book: (id, title, URL), and those that must not.
    current: list
    left_out: list
    organisations: dict


def pdf_text(pdf: Path) -> list[str]:
    """The text of every page (pdftotext, reading order)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True)
    return out.stdout.split("\f")[:-1]


def qr_codes(pdf: Path, folder: Path, dpi: int = 150) -> list[list[str]]:
    """The decoded QR codes of every page, page by page (pdftoppm, then zbarimg)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(folder / "p")], check=True)
    pages = []
    for image in sorted(folder.glob("p-*.png")):
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                             capture_output=True, text=True)  # fmt: skip
        assert out.returncode in (0, 4), out.stderr  # 4: no code on this page
        pages.append(out.stdout.split())
    return pages


def _hostile_record(folder: Path) -> None:
    text = (folder / "activities" / "stolemotion-stationsparken.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Stolemotion i Stationsparken", f"title: '{HOSTILE_TITLE}'")
    start = text.index("summary:")
    end = text.index("description:")
    text = text[:start] + "summary: '" + HOSTILE_SUMMARY.replace("'", "''") + "'\n" + text[end:]
    description = "\n".join(f"  {line}" for line in HOSTILE_DESCRIPTION.split("\n"))
    start = text.index("description: |")
    end = text.index("organisation:")
    text = text[:start] + "description: |\n" + description + "\n" + text[end:]
    directions, how = (json.dumps(line, ensure_ascii=False) for line in HOSTILE_TEXT)
    text = re.sub(r"(?m)^  directions: .*$", f"  directions: {directions}", text)
    text = re.sub(r"(?m)^  how: .*$", f"  how: {how}", text)
    (folder / "activities" / "kaffe-hostile.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="package")
def printed(tmp_path_factory) -> Printed:
    root = copy_example(tmp_path_factory.mktemp("kommune"))
    _hostile_record(root)
    out = root / "tryk"
    result = CliRunner().invoke(main, ["print", str(root), "--out", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    settings = load_settings(root)
    checked = validate_project(settings, TODAY)
    directory = Directory(settings, checked, Messages(), TODAY)
    site = settings.site_url
    current = [(v.id, v.activity.title, site + v.url) for v in directory.current if v.activity.status != "ophørt"]
    shown = {id_ for id_, _, _ in current}
    left_out = [(v.id, v.activity.title, site + v.url) for v in directory.views if v.id not in shown]
    organisations = {v.id: v.organisation.name for v in directory.current}
    return Printed(out, out / "netvaerksbogen.pdf", out / "netvaerksbogen-stor-skrift.pdf", out / "omraadeark",
                   current, left_out, organisations)  # fmt: skip


@pytest.fixture(scope="package", params=["whole", "in parts"])
def book(request, printed, tmp_path_factory) -> Path:
    """The regular book typeset whole (as a municipality's is) and in parts of at most 12
    activities, joined (as a directory of thousands is): both must say the same."""
    if request.param == "whole":
        return printed.book
    out = tmp_path_factory.mktemp("in-parts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("vejviser.printed.book.PART_ENTRIES", 12)
        command = ["print", str(printed.folder.parent), "--out", str(out), "--today", TODAY.isoformat()]
        result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return out / "netvaerksbogen.pdf"


@pytest.fixture(scope="package")
def book_pages(book) -> list[str]:
    return pdf_text(book)


@pytest.fixture(scope="package")
def book_codes(book, tmp_path_factory) -> list[list[str]]:
    return qr_codes(book, tmp_path_factory.mktemp("book-pages"))


def text_lines(pdf: Path) -> list[list[str]]:
    """The lines of every page as the PDF sets them (pdftotext -bbox-layout), page by page."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True, text=True)  # fmt: skip
    xhtml = "{http://www.w3.org/1999/xhtml}"
    root = ElementTree.fromstring(out.stdout)
    return [
        [" ".join(word.text or "" for word in line.iter(f"{xhtml}word")) for line in page.iter(f"{xhtml}line")]
        for page in root.iter(f"{xhtml}page")
    ]


def structure_under(node) -> list:
    """Every structure element below ``node`` (a structure element or the tree's root), depth first."""
    found, stack = [], [node.K]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            if "/K" in kid:
                stack.append(kid.K)
    return found
