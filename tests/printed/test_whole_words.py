"""What a reader dials, types or looks for is never split at a line's end (issue 18).

Every PDF's text is read with its lines as set (pdftotext -bbox-layout). Each consented
contact's phone and e-mail, the municipality's helpline and every time range "HH.MM–HH.MM"
that appears in it must appear whole on one line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.printed.conftest import TODAY, text_lines
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

#: Where one line ends and the next begins, in a page's text as :func:`_page` joins it.
BREAK = "\n"
TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}\s*\n?\s*[–-]\s*\n?\s*\d{1,2}[.:]\d{2}")


def _page(lines: list[str]) -> str:
    """A page's lines joined by :data:`BREAK`, without the spaces in a line (a phone is set in groups)."""
    return BREAK.join(re.sub(r"\s+", "", line) for line in lines)


def _split_anywhere(text: str) -> re.Pattern:
    """``text`` (without spaces) with a line break, and maybe a hyphen before it, allowed between any two characters."""
    chars = re.sub(r"\s+", "", text)
    return re.compile(f"-?{BREAK}?".join(re.escape(c) for c in chars))


def _split(pages: list[str], text: str) -> list[str]:
    """Where ``text`` appears broken over two lines (and where it appears at all, as the second value)."""
    found = [m.group() for page in pages for m in _split_anywhere(text).finditer(page)]
    return [m for m in found if BREAK in m], found


@pytest.fixture(scope="package")
def contacts(printed) -> list[str]:
    """The phones and e-mails of every consented contact of the activities the book shows."""
    root = printed.folder.parent
    settings = load_settings(root)
    directory = Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)
    shown = {id_ for id_, _, _ in printed.current}
    found = {
        value
        for view in directory.current
        if view.id in shown
        for contact in view.activity.published_contacts
        for value in (contact.phone, contact.email)
        if value
    }
    assert found
    return sorted(found)


@pytest.fixture(scope="package")
def helpline(printed) -> list[str]:
    contact = load_settings(printed.folder.parent).contact
    return [value for value in (contact.phone, getattr(contact, "email", "")) if value]


#: The book and its large print, and the area sheets (which name one contact a row).
KINDS = ["books", "sheets"]


@pytest.fixture(scope="package")
def documents(printed, book) -> dict[str, dict[str, list[str]]]:
    """Every PDF's pages, as lines joined by :data:`BREAK`: the books, and the area sheets."""
    kinds: dict[str, list[Path]] = {"books": [book, printed.large], "sheets": sorted(printed.sheets.glob("*.pdf"))}
    return {
        kind: {path.name: [_page(lines) for lines in text_lines(path)] for path in paths}
        for kind, paths in kinds.items()
    }


@pytest.mark.parametrize("kind", KINDS)
def test_every_consented_contacts_phone_and_email_is_whole_on_one_line(documents, contacts, kind):
    shown = set()
    for name, pages in documents[kind].items():
        for value in contacts:
            broken, found = _split(pages, value)
            assert not broken, f"{name}: {value!r} split as {broken}"
            if found:
                shown.add(value)
            elif kind == "books":  # every consented contact of every entry is in each edition
                pytest.fail(f"{name}: {value!r} is not printed")
    assert shown, "the contacts are printed"


def test_the_helpline_is_whole_on_every_sheet(documents, helpline, printed):
    for sheet in sorted(printed.sheets.glob("*.pdf")):
        pages = documents["sheets"][sheet.name]
        for value in helpline:
            broken, found = _split(pages, value)
            assert found, f"{sheet.name}: {value!r} is on the sheet"
            assert not broken, f"{sheet.name}: {value!r} split as {broken}"


@pytest.mark.parametrize("kind", KINDS)
def test_time_ranges_are_never_split_across_lines(documents, kind):
    for name, pages in documents[kind].items():
        ranges = [m.group() for page in pages for m in TIME_RANGE.finditer(page)]
        assert ranges, name
        broken = [r for r in ranges if BREAK in r]
        assert not broken, f"{name}: {broken}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_line_ends_in_the_middle_of_an_email_or_a_web_address(documents, kind):
    # "vejviser@eksempel-" then "kommune.example" on the next line: the address is cut.
    cut = re.compile(r"[\w.+-]+@[\w.-]*-\n|(?:https?://|www\.)\S*-\n")
    for name, pages in documents[kind].items():
        found = [m.group() for page in pages for m in cut.finditer(page)]
        assert not found, f"{name}: {found}"
