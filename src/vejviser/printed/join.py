"""Join tagged PDFs into one, keeping every part's structure, and give it the whole book's bookmarks.

Each part that Typst makes is a tagged PDF: a structure tree under one ``Document``
element, pages that point into it by their ``StructParents`` number, and a parent tree
from those numbers back to the structure. Joining moves every part's pages and structure
into the first part's file (qpdf, through pikepdf, copies each object once and keeps the
references between them), hangs the parts' structure under the first ``Document``, and
renumbers the parent tree so that each page still finds its structure. Each part's structure
stands in a ``Div`` of its own under the book's ``Document``.

A part cannot link to a page of another part, so the contents and the indexes of a book typeset
in parts link to ``vv-page:N`` addresses instead, and :func:`resolve_page_links` turns those
into links to page N of the joined book.

Run as ``python -m vejviser.printed.join SPEC.json`` (the parts' files, the bookmarks, the
output), so that the memory qpdf holds the book in is given back when it is done.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf

#: The address a part links to page N of the whole book by: ``vv-page:N``, then a space and the
#: link's description (what Typst writes as the annotation's ``Contents``), e.g. ``vv-page:12 side 12``.
PAGE_LINK = "vv-page:"


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 1-based, in the whole book
    level: int


def join_tagged(pdfs: list[Path], bookmarks: list[Bookmark], output: Path) -> None:
    """Join ``pdfs`` (tagged, from Typst) into ``output`` with ``bookmarks`` as its outline.

    The output is written whole or not at all."""
    book = pikepdf.open(pdfs[0])
    tree = book.Root.StructTreeRoot
    document = _document(tree)
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    numbers = _numbers(tree.ParentTree)
    next_key = int(tree.ParentTreeNextKey)
    for path in pdfs[1:]:
        next_key += _take_part(book, document, numbers, path, next_key)
    # A number tree of nodes of a few entries each (qpdf balances it), not one array: a large book's
    # parent tree has a hundred thousand entries, more than some readers take in one array.
    parents = pikepdf.NumberTree.new(book)
    for key, value in zip(numbers[0::2], numbers[1::2], strict=True):
        parents[int(key)] = value
    tree.ParentTree = parents.obj
    tree.ParentTreeNextKey = next_key
    resolve_page_links(book)
    _outline(book, bookmarks)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    # The file's ID from its content, not the clock: the same parts give the same book, byte for byte.
    book.save(partial, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
              deterministic_id=True)  # fmt: skip
    os.replace(partial, output)


def _take_part(book: pikepdf.Pdf, document: pikepdf.Object, numbers: list, path: Path, offset: int) -> int:
    """Move the pages and the structure of the part at ``path`` into ``book``: its structure under
    ``document``, its parent tree's entries, numbered on from ``offset``, onto ``numbers``. Returns
    how many numbers the part's parent tree used.

    The part is let go when this returns (qpdf reads the copied streams' data from its file, which
    it keeps open, when the book is saved): the objects it parsed are not held twice while the
    book grows."""
    part = pikepdf.open(path)
    part_tree = part.Root.StructTreeRoot
    for page in part.pages:  # renumbered before they are copied
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    # qpdf's own addPage, which copies a page of another file: pages.extend counts the book's pages
    # again (a copy of qpdf's list of them) for each page it adds, which made the join quadratic in
    # the pages (4.5 s of a 10,000-book's join; 0.55 s this way, the same file).
    for page in part.pages:
        book._add_page(page.obj)
    # One copy of the part's structure and parent tree together: qpdf walks what it copies,
    # and copies each object once, so their references to the pages lead to the copied pages.
    bundle = part.make_indirect(pikepdf.Array([_document(part_tree), part_tree.ParentTree]))
    part_document, part_parents = book.copy_foreign(bundle)
    # The part's elements in a Div of their own under the book's Document: a large book's entries
    # are some 150,000 elements, too many for one array in some readers.
    kids = _items(part_document.K)
    group = book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div, P=document,
                                                  K=pikepdf.Array(kids)))  # fmt: skip
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = group
    document.K.append(group)
    part_numbers = _numbers(part_parents)
    for key, value in zip(part_numbers[0::2], part_numbers[1::2], strict=True):
        numbers += [int(key) + offset, value]
    return int(part_tree.ParentTreeNextKey)


def resolve_page_links(book: pikepdf.Pdf) -> int:
    """Turn every link to a :data:`PAGE_LINK` address into a link to that page (1-based) of ``book``.

    The link goes to the top of the page and keeps the zoom; its description (``Contents``) is the
    one after the address. Returns how many links were turned. A page the book does not have is a
    ``ValueError``: the parts and the book disagree on its pages."""
    pages = list(book.pages)  # once: each len() or index of book.pages walks the page tree again
    tops: dict[int, pikepdf.Object] = {}
    turned = 0
    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            address = bytes(action.URI).decode("utf-8", errors="replace")
            if not address.startswith(PAGE_LINK):
                continue
            number, _, description = address.removeprefix(PAGE_LINK).partition(" ")
            if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= len(pages):
                raise ValueError(f"a link to page {number!r} of a book of {len(pages)} pages: {address!r}")
            target = pages[int(number) - 1]
            if int(number) not in tops:
                tops[int(number)] = target.mediabox[3]
            annotation.A = pikepdf.Dictionary(
                Type=pikepdf.Name.Action,
                S=pikepdf.Name.GoTo,
                D=pikepdf.Array([target.obj, pikepdf.Name.XYZ, None, tops[int(number)], None]),
            )
            annotation.Contents = pikepdf.String(description or number)
            turned += 1
    return turned


def _document(tree: pikepdf.Object) -> pikepdf.Object:
    kids = tree.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _items(kids) -> list:
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _numbers(node: pikepdf.Object) -> list:
    """A number tree's keys and values, in order, whether it is one /Nums array or has /Kids."""
    if "/Nums" in node:
        return list(node.Nums)
    return [item for kid in node.Kids for item in _numbers(kid)]


def _outline(book: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    """The bookmarks of the whole book: areas with their categories under them, the indexes."""
    with book.open_outline() as outline:
        outline.root.clear()
        parent = None
        for mark in bookmarks:
            item = pikepdf.OutlineItem(mark.title, mark.page - 1)
            if mark.level == 1 or parent is None:
                outline.root.append(item)
                parent = item
            else:
                parent.children.append(item)


def main(spec: Path) -> int:
    job = json.loads(spec.read_text(encoding="utf-8"))
    marks = [Bookmark(title, page, level) for title, page, level in job["bookmarks"]]
    join_tagged([Path(pdf) for pdf in job["pdfs"]], marks, Path(job["output"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
