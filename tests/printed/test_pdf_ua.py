"""Every printed PDF is PDF/UA-1: read back its catalogue, metadata and structure tree (pikepdf).

Typst exports them with ``pdf_standards=["ua-1"]`` and refuses a document that does not conform
(an image without alternative text, say); these tests check what a reader's software finds.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from tests.printed.conftest import structure_under


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the tree, depth first."""
    found = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.get("/Type") in (None, "/StructElem"):
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


@pytest.fixture(scope="package")
def documents(printed, book) -> list[Path]:
    """The regular book (whole and joined from parts), the large print and every area sheet."""
    return [book, printed.large, *sorted(printed.sheets.glob("*.pdf"))]


def test_every_pdf_declares_pdf_ua_1_and_shows_its_title(documents):
    for path in documents:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1", path.name
            assert meta.get("dc:title", "").strip(), path.name
            assert str(pdf.docinfo.get("/Title", "")).strip(), path.name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, path.name
            assert pdf.Root.PageMode == pikepdf.Name.UseOutlines, path.name
            assert pdf.Root.MarkInfo.Marked is True, path.name
            assert str(pdf.Root.Lang).split("-")[0] == "da", path.name


def test_every_pdf_is_pdf_a_2a_with_a_declared_output_intent_for_the_print_shop(documents):
    for path in documents:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "A"), path.name
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1 and "/DestOutputProfile" in intents[0], path.name


def test_every_figure_in_the_structure_has_alternative_text(documents):
    for path in documents:
        with pikepdf.open(path) as pdf:
            figures = [e for e in _elements(pdf) if e.S == "/Figure"]
            assert figures, path.name  # the QR codes, at least
            assert all(str(e.get("/Alt", "")).strip() for e in figures), path.name


def test_an_entrys_facts_are_a_list_of_labelled_items(printed, book):
    """When, where, price, contact and the barrier answers: each a list item with its label and
    its body, so that a screen reader goes from fact to fact (not one paragraph)."""
    for path in (book, printed.large):
        with pikepdf.open(path) as pdf:
            elements = _elements(pdf)
            lists = [e for e in elements if e.S == "/L"]
            assert len(lists) >= len(printed.current), path.name
            items = [e for e in elements if e.S == "/LI"]
            assert len(items) >= 5 * len(printed.current), path.name
            for item in items:
                kids = item.K if isinstance(item.K, pikepdf.Array) else [item.K]
                assert [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary)] == ["/Lbl", "/LBody"]


def test_the_notes_pages_lines_are_decoration_outside_the_structure(printed, book):
    """The ruled lines to write on are artifacts: a screen reader passes them over."""
    for path in (book, printed.large):
        with pikepdf.open(path) as pdf:
            artifacts = sum(
                1
                for page in pdf.pages
                for operands, operator in pikepdf.parse_content_stream(page)
                if operator == pikepdf.Operator("BDC") and operands[0] == pikepdf.Name.Artifact
            )
            assert artifacts > 0, path.name


def test_headings_are_tagged(documents, book, printed):
    for path in documents:
        with pikepdf.open(path) as pdf:
            kinds = {str(e.S) for e in _elements(pdf)}
            assert "/H1" in kinds, path.name
            if path in (book, printed.large):
                assert "/H2" in kinds, path.name


def test_a_sheets_title_is_its_first_heading_and_each_activity_a_heading_with_a_paragraph(printed):
    """A screen reader goes from heading to heading: the sheet's title first, at the top of its
    structure (not in a layout grid's Div), then each weekday, and under it each activity: its time
    and title a heading, what follows one paragraph (not one run of text for the whole day)."""
    for path in sorted(printed.sheets.glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            document = pdf.Root.StructTreeRoot.K
            document = document[0] if isinstance(document, pikepdf.Array) else document
            top = [kid for kid in document.K if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            headings = [str(kid.S) for kid in top if str(kid.S) in ("/H1", "/H2", "/H3")]
            assert headings[:2] == ["/H1", "/H2"], path.name
            assert "/Span" not in {str(kid.S) for kid in top}, path.name  # no loose run of text
            for kid, after in zip(top, top[1:], strict=False):
                if kid.S == "/H3":
                    assert str(after.S) in ("/P", "/H2", "/H3"), (path.name, str(kid.get("/T")))
            titles = [str(kid.get("/T", "")) for kid in top if kid.S == "/H3"]
            assert len(titles) >= 3 and all(titles), path.name


def test_the_joined_book_keeps_one_document_and_every_page_finds_its_structure(book):
    with pikepdf.open(book) as pdf:
        tree = pdf.Root.StructTreeRoot
        documents = [e for e in _elements(pdf) if e.S == "/Document"]
        assert len(documents) == 1
        parents = pikepdf.NumberTree(tree.ParentTree)
        keys = list(parents.keys())
        assert keys and len(set(keys)) == len(keys)
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
            for annotation in page.obj.get("/Annots", []):
                assert parents[int(annotation.StructParent)].get("/S") == "/Link"
        assert max(keys) < int(tree.ParentTreeNextKey)


def _internal_links(pdf: pikepdf.Pdf) -> dict[int, list[int]]:
    """For each page (0-based) the pages its internal links lead to."""
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found: dict[int, list[int]] = {}
    for n, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            dest = annotation.get("/Dest") or annotation.get("/A", {}).get("/D")
            if annotation.Subtype == "/Link" and dest is not None:
                if isinstance(dest, (pikepdf.String, pikepdf.Name)):  # a named destination
                    dest = _named(pdf, dest)
                found.setdefault(n, []).append(pages[dest[0].objgen])
    return found


def _named(pdf: pikepdf.Pdf, name) -> pikepdf.Array:
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    dest = tree[str(name)]
    return dest.D if isinstance(dest, pikepdf.Dictionary) else dest


def test_the_whole_books_contents_and_index_lines_link_to_their_pages(printed):
    """Typeset whole, each line of the contents and each page number of an index is a link to
    that page (a book joined from parts has its bookmarks, but no such links yet)."""
    for path in (printed.book, printed.large):
        with pikepdf.open(path) as pdf:
            links = _internal_links(pdf)
            assert links, path.name
            last = len(pdf.pages) - 1
            contents = min(links)  # the contents come before any index
            assert len(links[contents]) >= 5, path.name
            assert all(target > contents for target in links[contents]), path.name
            reader = PdfReader(path)
            index = next(item for item in reader.outline if getattr(item, "title", "") == "Register over interesser")
            assert max(links) >= reader.get_destination_page_number(index), path.name  # the indexes link too
            assert all(0 <= target <= last for targets in links.values() for target in targets)


def test_the_whole_books_contents_are_a_tagged_table_of_contents(printed):
    """Typeset whole (as every municipality's book is), the contents are Typst's outline: a TOC
    whose items (TOCI) are the areas, their categories and the indexes, each with its link."""
    for path in (printed.book, printed.large):
        with pikepdf.open(path) as pdf:
            elements = _elements(pdf)
            items = [e for e in elements if e.S == "/TOCI"]
            bookmarks = PdfReader(path).outline
            expected = sum(len(x) if isinstance(x, list) else 1 for x in bookmarks)  # areas and their categories
            # every bookmark but the front's own (how to use the book, the contents, the key to the areas)
            assert len(items) == expected - 3, path.name
            assert all(any(k.get("/S") == "/Link" for k in structure_under(item)) for item in items), path.name


def test_every_line_of_the_contents_and_the_indexes_is_a_paragraph_of_its_own(printed, book):
    """No link or text stands loose in the document: each line of an index is a P with its links,
    so that a screen reader reads, and goes from, one line to the next."""
    for path in (printed.book, printed.large, book):  # typeset whole, and joined from parts
        with pikepdf.open(path) as pdf:
            elements = _elements(pdf)
            # a Document, or the Div a joined part's elements stand in
            loose = [e for e in elements if e.S in ("/Link", "/Span") and e.P.S in ("/Document", "/Div")]
            assert not loose, (path.name, len(loose))
            lines = [e for e in elements if e.S == "/P" and any(k.S == "/Link" for k in structure_under(e))]
            assert len(lines) >= 2 * len(printed.current), path.name  # at least the indexes by title and weekday
