"""The book's layout read back from the PDFs: type sizes, no italics, whole entries, large print, links."""

from __future__ import annotations

import math
from collections import Counter

import pikepdf
from pypdf import PdfReader

from tests.printed.conftest import pdf_text

#: Each entry ends with the line saying when it was last confirmed; its QR code stands beside its title.
LAST_LINE = "Sidst bekræftet"


def _type_sizes(pdf) -> Counter:
    """How many characters are set at each size (points, one decimal), over every page."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, _font, font_size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes[round(font_size * scale, 1)] += len(text.strip())

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def _fonts(pdf) -> set[str]:
    with pikepdf.open(pdf) as opened:
        return {
            str(font.get("/BaseFont", ""))
            for page in opened.pages
            for _, font in page.obj.get("/Resources", {}).get("/Font", {}).items()
        }


def test_the_books_body_is_12_pt_and_nothing_is_under_10_pt(printed):
    sizes = _type_sizes(printed.book)
    assert sizes.most_common(1)[0][0] >= 12
    assert min(sizes) >= 10, sorted(sizes.items())


def test_the_large_print_is_its_own_layout_at_16_pt_or_more(printed):
    sizes = _type_sizes(printed.large)
    assert sizes.most_common(1)[0][0] >= 16
    assert min(sizes) >= 16, sorted(sizes.items())
    with pikepdf.open(printed.large) as opened:
        assert round(float(opened.pages[0].mediabox[3])) == 842  # A4


def test_no_edition_sets_a_word_in_italics(printed):
    for pdf in (printed.book, printed.large):
        fonts = _fonts(pdf)
        assert fonts
        assert not [name for name in fonts if "Italic" in name], fonts


def test_the_large_print_says_stor_skrift_on_its_cover_in_its_title_and_in_its_metadata(printed):
    cover = " ".join(pdf_text(printed.large)[0].split())
    assert "Stor skrift" in cover
    with pikepdf.open(printed.large) as opened:
        assert "Stor skrift" in str(opened.docinfo["/Title"])
        with opened.open_metadata() as meta:
            assert "Stor skrift" in meta.get("dc:title", "")
    with pikepdf.open(printed.book) as opened:
        assert "Stor skrift" not in str(opened.docinfo["/Title"])


def test_no_entry_is_split_across_a_page_turn(book_pages, book_codes):
    # An entry's QR code stands beside its title, its last line closes it: on every page, as many
    # entries begin as end. One split across a turn leaves a code without its last line.
    entries = 0
    for number, (text, codes) in enumerate(zip(book_pages, book_codes, strict=True), 1):
        ends = text.count(LAST_LINE)
        assert ends == len(codes), f"page {number}: {len(codes)} entries begin, {ends} end"
        entries += ends
    assert entries > 40


def test_every_qr_code_is_a_link_to_its_activitys_page(printed, book_codes):
    with pikepdf.open(printed.book) as opened:
        links = [
            str(annotation.A.URI)
            for page in opened.pages
            for annotation in page.obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation and "/URI" in annotation.A
        ]
    assert Counter(links) >= Counter(code for page in book_codes for code in page)


def test_the_qr_codes_alternative_text_reads_the_address_decoded(printed):
    with pikepdf.open(printed.book) as opened:
        alts = [str(element.Alt) for element in _elements(opened.Root.StructTreeRoot) if "/Alt" in element]
    qr_alts = [alt for alt in alts if alt.startswith("QR-kode til")]
    assert len(qr_alts) >= len(printed.current)
    assert not [alt for alt in qr_alts if "%" in alt]
    assert [alt for alt in qr_alts if "å" in alt or "ø" in alt or "æ" in alt]


def _elements(node):
    """Every structure element under ``node``."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)
