"""Joining the book's parts: page links across parts become links to the joined book's pages."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pypdf
import pytest
import typst

from vejviser.printed.join import PAGE_LINK, Bookmark, join_tagged, resolve_page_links
from vejviser.printed.worker import STANDARDS

# --- resolve_page_links on a PDF made here ---------------------------------------------------------


def _pdf_with_links(pages: int, addresses: list[tuple[int, str, str]]) -> pikepdf.Pdf:
    """``pages`` empty A5 pages; each address (page index, URI, Contents) a link annotation."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(420, 595))
    for index, uri, contents in addresses:
        annotation = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[10, 10, 50, 30],
                Contents=pikepdf.String(contents),
                A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri.encode())),
            )
        )
        page = pdf.pages[index].obj
        page.Annots = page.get("/Annots", pikepdf.Array())
        page.Annots.append(annotation)
    return pdf


def _annotations(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])]


def test_a_page_link_goes_to_the_top_of_that_page_and_says_what_it_was_given():
    pdf = _pdf_with_links(5, [(0, f"{PAGE_LINK}4 side 4", f"{PAGE_LINK}4 side 4")])
    assert resolve_page_links(pdf) == 1
    (link,) = _annotations(pdf)
    assert pikepdf.Name.GoTo == link.A.S
    page, fit, left, top, zoom = link.A.D
    assert page.objgen == pdf.pages[3].objgen  # book page 4 is the PDF's fourth page
    assert (fit, left, top, zoom) == (pikepdf.Name.XYZ, None, 595, None)
    assert str(link.Contents) == "side 4"


def test_a_page_link_without_a_description_is_described_by_its_page_number():
    pdf = _pdf_with_links(3, [(2, f"{PAGE_LINK}1", f"{PAGE_LINK}1")])
    resolve_page_links(pdf)
    (link,) = _annotations(pdf)
    assert link.A.D[0].objgen == pdf.pages[0].objgen
    assert str(link.Contents) == "1"


def test_a_description_in_danish_letters_comes_through_whole():
    pdf = _pdf_with_links(2, [(0, f"{PAGE_LINK}2 næste side, åbner", f"{PAGE_LINK}2 næste side, åbner")])
    resolve_page_links(pdf)
    assert str(_annotations(pdf)[0].Contents) == "næste side, åbner"


def test_web_addresses_are_left_as_they_are():
    pdf = _pdf_with_links(2, [(0, "https://vejviser.example/aktiviteter/banko/", "https://vejviser.example/")])
    assert resolve_page_links(pdf) == 0
    (link,) = _annotations(pdf)
    assert link.A.S == pikepdf.Name.URI
    assert bytes(link.A.URI) == b"https://vejviser.example/aktiviteter/banko/"


@pytest.mark.parametrize("number", ["0", "4", "x", "", "-1"])
def test_a_link_to_a_page_the_book_does_not_have_is_an_error(number):
    pdf = _pdf_with_links(3, [(0, f"{PAGE_LINK}{number}", f"{PAGE_LINK}{number}")])
    with pytest.raises(ValueError, match="of a book of 3 pages"):
        resolve_page_links(pdf)


# --- join_tagged with parts typeset by Typst -------------------------------------------------------

PART = """#set document(title: "Bog")
#set text(lang: "da")
#set page(paper: "a5")
#counter(page).update({start})
{body}
"""


def _typeset(folder: Path, name: str, source: str) -> Path:
    (folder / f"{name}.typ").write_text(source, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(typst.compile(str(folder / f"{name}.typ"), format="pdf", pdf_standards=list(STANDARDS)))
    return pdf


def test_a_link_in_one_part_to_a_page_of_another_leads_there_in_the_joined_book(tmp_path):
    # The front (pages 1-2) links to page 4, which is the second page of the next part (pages 3-4),
    # and that part links back to page 1: Typst tags both as links in a PDF/UA document.
    to_page_4 = '= Forside\n#link("vv-page:4 side 4")[Til side 4]\n#pagebreak()\n= Indhold\n'
    to_page_1 = '= Tre\n#pagebreak()\n= Fire\n#link("vv-page:1 side 1")[Til forsiden]\n'
    front = _typeset(tmp_path, "front", PART.format(start=1, body=to_page_4))
    part = _typeset(tmp_path, "part", PART.format(start=3, body=to_page_1))
    book = tmp_path / "book.pdf"
    join_tagged([front, part], [Bookmark("Forside", 1, 1), Bookmark("Tre", 3, 1)], book)
    with pikepdf.open(book) as joined:
        assert len(joined.pages) == 4
        links = {
            index + 1: annotation
            for index, page in enumerate(joined.pages)
            for annotation in page.obj.get("/Annots", [])
        }
        assert set(links) == {1, 4}
        for on, to in ((1, 4), (4, 1)):
            assert pikepdf.Name.GoTo == links[on].A.S
            assert links[on].A.D[0].objgen == joined.pages[to - 1].objgen
            assert str(links[on].Contents) == f"side {to}"
    assert b"vv-page" not in _uncompressed(book)


def test_each_parts_structure_stands_in_a_div_and_the_parent_tree_is_a_tree_of_small_nodes(tmp_path):
    """A large book's entries are some 150,000 elements and its pages and links 100,000 numbers:
    more than some readers take in one array (pypdf stops at 100,000). So each part's elements
    stand in a Div under the one Document, and the parent tree is a tree of small nodes."""
    links = "".join(f'#link("https://vejviser.example/{n}")[Link {n}] ' for n in range(150))
    front = _typeset(tmp_path, "front", PART.format(start=1, body="= Forside\n"))
    part = _typeset(tmp_path, "part", PART.format(start=2, body=f"= Mange links\n{links}\n"))
    book = tmp_path / "book.pdf"
    join_tagged([front, part], [Bookmark("Forside", 1, 1), Bookmark("Mange links", 2, 1)], book)
    with pikepdf.open(book) as joined:
        document = joined.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        kinds = [str(kid.S) for kid in document.K]
        assert kinds[-1] == "/Div" and "/Div" not in kinds[:-1]
        group = document.K[-1]
        assert all(kid.P.objgen == group.objgen for kid in group.K)
        assert any(kid.S == "/H1" for kid in group.K)
        parents = pikepdf.NumberTree(joined.Root.StructTreeRoot.ParentTree)
        annotations = [a for page in joined.pages for a in page.obj.get("/Annots", [])]
        assert len(annotations) == 150
        for annotation in annotations:  # each link finds its element through the tree
            assert parents[int(annotation.StructParent)].S == "/Link"
        nodes, stack = [], [joined.Root.StructTreeRoot.ParentTree]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(node.get("/Kids", []))
        assert len(nodes) > 1 and max(len(node.get("/Nums", node.get("/Kids", []))) for node in nodes) < 150


def test_the_same_parts_join_into_the_same_book_byte_for_byte(tmp_path):
    front = _typeset(tmp_path, "front", PART.format(start=1, body="= Forside\n"))
    part = _typeset(tmp_path, "part", PART.format(start=2, body="= Aktiviteter\nEn aktivitet.\n"))
    books = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for book in books:
        join_tagged([front, part], [Bookmark("Forside", 1, 1), Bookmark("Aktiviteter", 2, 1)], book)
        time.sleep(1.1)  # qpdf's file ID, unless made from the content, is made from the clock's second
    assert books[0].read_bytes() == books[1].read_bytes()


def test_what_looks_like_a_reference_in_a_text_is_left_as_it_was_written(tmp_path):
    """The book is written with each part's references renumbered: a heading, a link's description
    or an alternative text may say "12 0 R", with parentheses and backslashes, and must keep it."""
    said = r"Rute (7 0 R) \\ og 9 0 R) ("
    front = _typeset(tmp_path, "front", PART.format(start=1, body="= Forside\n"))
    body = f'= {said}\n#link("vv-page:1 side (1 0 R) {said}")[Til forsiden]\n'
    square = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"
    body += f'#figure(image(bytes("{square}"), alt: "{said}"))\n'
    part = _typeset(tmp_path, "part", PART.format(start=2, body=body))
    book = tmp_path / "book.pdf"
    join_tagged([front, part], [Bookmark(said, 2, 1)], book)
    expected = said.replace("\\\\", "\\")  # Typst reads an escaped backslash as one
    with pikepdf.open(book) as joined:
        elements = [obj for obj in joined.objects if isinstance(obj, pikepdf.Dictionary) and "/S" in obj]
        assert expected in {str(element.get("/T", "")) for element in elements if element.S == "/H1"}
        assert expected in {str(element.get("/Alt", "")) for element in elements if element.S == "/Figure"}
        (link,) = _annotations(joined)
        assert str(link.Contents) == f"side (1 0 R) {expected}"
        assert link.A.D[0].objgen == joined.pages[0].objgen
        with joined.open_outline() as outline:
            assert [item.title for item in outline.root] == [said]  # as given, not through Typst


def test_the_joined_book_is_read_alike_by_qpdf_pypdf_and_poppler(book):
    with pikepdf.open(book) as opened:
        check = getattr(opened, "check_pdf_syntax", None) or opened.check  # pikepdf 10, and 9 (the floor)
        assert check() == []
        pages = len(opened.pages)
    assert len(pypdf.PdfReader(book, strict=True).pages) == pages
    info = subprocess.run(["pdfinfo", str(book)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"(?m)^Pages:\s+{pages}$", info)
    assert b"VvBookObject" not in _uncompressed(book)  # every stand-in for an object of the book was replaced


def test_a_join_that_fails_leaves_no_book_and_no_partial_file(tmp_path):
    front = _typeset(tmp_path, "front", PART.format(start=1, body="= Forside\n"))
    part = _typeset(tmp_path, "part", PART.format(start=2, body="= Aktiviteter\n"))
    book = tmp_path / "out" / "book.pdf"
    with pytest.raises(ValueError, match="page 9 of a book of 2 pages"):
        join_tagged([front, part], [Bookmark("Forside", 1, 1), Bookmark("Ingen", 9, 1)], book)
    link = _typeset(tmp_path, "link", PART.format(start=2, body='#link("vv-page:3")[Tre]\n'))
    with pytest.raises(ValueError, match="page '3' of a book of 2 pages"):
        join_tagged([front, link], [Bookmark("Forside", 1, 1)], book)
    assert not book.exists() and not any(book.parent.glob("*partial*"))


def _uncompressed(pdf: Path) -> bytes:
    with pikepdf.open(pdf) as opened:
        return b"".join(
            bytes(obj.read_bytes() if isinstance(obj, pikepdf.Stream) else obj.unparse())
            for obj in opened.objects
            if obj is not None
        )


# --- the book typeset in parts (and whole): its contents and indexes are working links -------------

LEADER = re.compile(r"^(?P<name>.*?)[\s.\u2060]*?\s(?P<pages>\d+(?:, \d+)*)$")


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words with their boxes (points, from the top left): pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
                         capture_output=True, check=True, text=True)  # fmt: skip
    xhtml = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ElementTree.fromstring(out.stdout).iter(f"{xhtml}page"):
        words = page.iter(f"{xhtml}word")
        pages.append([(*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "") for w in words])
    return pages


def _internal_links(pdf: Path) -> list[tuple[int, str, int]]:
    """Each link to a page of the book itself: (its page, the text it covers, the page it leads to)."""
    words = _words(pdf)
    found = []
    with pikepdf.open(pdf) as opened:
        number_of = {page.objgen: number for number, page in enumerate(opened.pages, 1)}
        for number, page in enumerate(opened.pages, 1):
            height = float(page.mediabox[3])
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                if "/Dest" in annotation:
                    destination = annotation.Dest
                elif action is not None and pikepdf.Name.GoTo == action.S:
                    destination = action.D
                else:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
                covered = [
                    text
                    for left, top, right, bottom, text in words[number - 1]
                    # a word the link overlaps: a run's "12–14" is one word with a link on each number
                    if left < x1 - 0.5 and x0 + 0.5 < right and height - y1 <= (top + bottom) / 2 <= height - y0
                ]
                found.append((number, " ".join(covered).replace("\u2060", ""), number_of[destination[0].objgen]))
    return found


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


def test_no_private_page_address_is_left_in_the_book(book):
    with pikepdf.open(book) as opened:
        for page in opened.pages:
            for annotation in page.obj.get("/Annots", []):
                assert "vv-page" not in str(annotation.get("/Contents", ""))
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    assert not bytes(action.URI).startswith(PAGE_LINK.encode())


def test_every_line_of_the_contents_leads_to_the_page_that_begins_with_its_heading(book, book_pages):
    (first,) = [page for page, text in enumerate(book_pages, 1) if _flat(text).startswith("Indhold")]
    links = _internal_links(book)
    activities = min(to for on, _, to in links if on == first)  # the contents end where the activities begin
    lines = [(text, to) for on, text, to in links if first <= on < activities]
    assert len(lines) >= 40  # the areas, their categories and the indexes
    for text, to in lines:
        match = LEADER.match(text)
        assert match, text
        assert int(match["pages"]) == to, text  # the page the line says is the page it opens
        # A category's heading may follow its area's on the same page, or the end of the last category.
        assert _flat(match["name"]) in _flat(book_pages[to - 1]), (text, to)


def test_every_page_number_in_the_indexes_leads_to_that_page(book, book_pages):
    first_index = min(page for page, text in enumerate(book_pages, 1) if _flat(text).startswith("Register over"))
    numbers = [(text, to) for on, text, to in _internal_links(book) if on >= first_index]
    assert len(numbers) >= 100
    runs = 0
    for text, to in numbers:
        match = re.fullmatch(r"(\d+)(?:–(\d+))?,?", text)  # the number and its comma, or a run of pages
        assert match and str(to) in match.groups(), (text, to)
        if match[2]:
            assert int(match[1]) < int(match[2])
            runs += 1
    assert runs  # some items are on consecutive pages, printed as a run


def _number_tree(node: pikepdf.Object) -> dict[int, pikepdf.Object]:
    if "/Nums" in node:
        nums = list(node.Nums)  # pikepdf 9.0 (the floor) slices no Array
        return {int(key): value for key, value in zip(nums[0::2], nums[1::2], strict=True)}
    return {key: value for kid in node.Kids for key, value in _number_tree(kid).items()}


def test_every_link_to_a_page_of_the_book_is_tagged_as_a_link_of_its_own(book):
    with pikepdf.open(book) as opened:
        parents = _number_tree(opened.Root.StructTreeRoot.ParentTree)
        checked = 0
        for page in opened.pages:
            for annotation in page.obj.get("/Annots", []):
                element = parents[int(annotation.StructParent)]
                assert pikepdf.Name.Link == element.S
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                objects = [kid.Obj for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
                assert [obj.objgen for obj in objects] == [annotation.objgen]
                assert str(annotation.Contents).strip()
                checked += 1
            assert "/Annots" not in page.obj or page.obj.Tabs == pikepdf.Name.S  # in the structure's order
    assert checked >= 400  # contents, indexes and QR codes
