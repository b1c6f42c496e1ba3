"""Join tagged PDFs into one, keeping every part's structure, and give it the whole book's bookmarks.

Each part that Typst makes is a tagged PDF: a structure tree under one ``Document``
element, pages that point into it by their ``StructParents`` number, and a parent tree
from those numbers back to the structure. The joined book keeps the first part's catalog
and ``Document``; each later part's ``Document`` becomes a ``Div`` of its own under it, its
pages go under the book's page tree, and the parent tree is numbered on, so that each page
still finds its structure.

Each part is written on its own, on every core (:func:`vejviser.parallel.map_in_order`), into a
file of its own: its objects are read with pikepdf, given the book's numbers (a part's object k is
the book's object k plus the part's base) and written; the book then takes in those files in order
and adds what is its own (the page tree over the parts', the parent tree, the outline) and the
cross-reference stream. qpdf, which pikepdf is, holds a whole file in memory to write it: 1.1 GB
for a book of 10,000 entries and half a million objects, where this holds a part per core (tens of
MB each) and a few bytes per object. Each object is written as qpdf serialises it, with only its
references renumbered; the file around them (object streams, a cross-reference stream) is as
ISO 32000-1 7.5.7 and 7.5.8 describe it.

A part cannot link to a page of another part, so the contents and the indexes of a book typeset
in parts link to ``vv-page:N`` addresses instead, and :func:`resolve_page_links` turns those
into links to page N of the joined book.

Run as ``python -m vejviser.printed.join SPEC.json`` (the parts' files, the bookmarks, the
output), so that the memory the join used is given back when it is done.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pikepdf

from vejviser.parallel import map_in_order

#: The address a part links to page N of the whole book by: ``vv-page:N``, then a space and the
#: link's description (what Typst writes as the annotation's ``Contents``), e.g. ``vv-page:12 side 12``.
PAGE_LINK = "vv-page:"
#: Objects in each object stream (qpdf's own number).
OBJECTS_PER_STREAM = 100
#: Entries in each node of the parent tree, and kids in each node above them: a large book's parent
#: tree has a hundred thousand entries, more than some readers take in one array (pypdf stops at 100,000).
TREE_NODE = 64

# A token of qpdf's serialisation that may hold a reference: a string (qpdf escapes every parenthesis
# and backslash in one, so strings do not nest), a stand-in (:func:`_write_part`) or a reference.
# Strings are matched so that what looks like a reference inside one is left alone.
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|/VvBookObject(\d+)|(?<![^\s\[])(\d+) (\d+) R", re.S)
#: The name a stand-in is made of: a part's objects refer to an object of the book (its page tree,
#: a page of another part) by this name and the object's number, which the book's writer turns into
#: a reference. A name, not an object of the part: qpdf takes longer to make each of those.
STAND_IN = "/VvBookObject"

Top = pikepdf.Object | Decimal | int  # the top of a page, as pikepdf reads it (a number)


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 1-based, in the whole book
    level: int


@dataclass(frozen=True)
class _Part:
    """What the book must know of a part before the first part is written."""

    path: Path
    version: str
    base: int  # the part's object k is the book's object base + k
    size: int  # the part's objects are numbered below this
    streams: int  # the most object streams it can take: numbered from base + size on
    pages: list[tuple[int, Top]]  # each page's object number in the part, and the top of the page
    pages_root: int  # its page tree's root, in the part
    document: int  # its Document element, in the part
    next_key: int  # the part's parent tree numbers are below this
    offset: int  # the part's parent tree number k is the book's offset + k


@dataclass(frozen=True)
class _Written:
    """A part written to a file of its own, as the book takes it in."""

    file: Path
    rows: bytes  # the cross-reference entries of its numbers (see :class:`_Writer`), from its base on
    located: list[int]  # its objects that the file holds at an offset (not in an object stream)
    entries: list[tuple[int, bytes]]  # its parent tree's entries, in the book's numbers
    trailer: tuple[int, int | None, bytes | None]  # what the book's trailer takes from it, if it is the first


@dataclass(frozen=True)
class _Book:
    """The book's objects that no part has, and what the first part's catalog must say of them."""

    pages: int  # the root of the page tree, over each part's own
    outlines: int
    parent_tree: int
    next_key: int


def join_tagged(pdfs: list[Path], bookmarks: list[Bookmark], output: Path) -> None:
    """Join ``pdfs`` (tagged, from Typst) into ``output`` with ``bookmarks`` as its outline.

    The output is written whole or not at all."""
    parts = _survey(pdfs)
    book_pages = [(part.base + number, top) for part in parts for number, top in part.pages]
    for mark in bookmarks:
        if not 1 <= mark.page <= len(book_pages):
            raise ValueError(f"a bookmark to page {mark.page} of a book of {len(book_pages)} pages: {mark.title!r}")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    files = [output.with_name(f".{output.name}.{index}.partial") for index in range(len(parts))]
    last = parts[-1]
    first_free = last.base + last.size + last.streams
    book = _Book(first_free, first_free + 1, first_free + 2, last.offset + last.next_key)

    def write(index: int) -> _Written:
        return _write_part(files[index], parts, index, book, book_pages)

    try:
        # Each part on a core of its own (each in a few tens of MB); the book takes them in, in order.
        written = map_in_order(write, range(len(parts)), min_items=2)
        with partial.open("wb") as file:
            version = max((part.version for part in parts), key=lambda v: tuple(int(n) for n in v.split(".")))
            writer = _Writer(file, low=0, next_number=first_free + 3)
            writer.header(version)
            for part, done in zip(parts, written, strict=True):
                writer.take(done, low=part.base + 1)
            kids = b" ".join(b"%d 0 R" % (part.base + part.pages_root) for part in parts)
            writer.object(book.pages, b"<< /Count %d /Kids [ %s ] /Type /Pages >>" % (len(book_pages), kids))
            _write_parent_tree(writer, book.parent_tree, [entry for done in written for entry in done.entries])
            _write_outline(writer, book.outlines, bookmarks, book_pages)
            writer.finish(*written[0].trailer)
        os.replace(partial, output)
    finally:
        for leftover in (partial, *files):
            leftover.unlink(missing_ok=True)


def _survey(pdfs: list[Path]) -> list[_Part]:
    """Each part's numbers in the book: where its objects, pages and parent tree numbers begin."""
    parts = []
    base = offset = 0
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            tree = pdf.Root.StructTreeRoot
            part = _Part(
                path=path,
                version=pdf.pdf_version,
                base=base,
                size=int(pdf.trailer.Size),
                streams=int(pdf.trailer.Size) // OBJECTS_PER_STREAM + 1,
                pages=[(page.obj.objgen[0], page.mediabox[3]) for page in pdf.pages],
                pages_root=pdf.Root.Pages.objgen[0],
                document=_document(tree).objgen[0],
                next_key=int(tree.ParentTreeNextKey),
                offset=offset,
            )
        parts.append(part)
        base += part.size - 1 + part.streams  # objects are numbered from 1
        offset += part.next_key
    return parts


def _write_part(file: Path, parts: list[_Part], index: int, book: _Book, book_pages: list[tuple[int, Top]]) -> _Written:
    """Write part ``index`` of ``parts`` to ``file``, in the book's numbers."""
    part = parts[index]
    entries: list[tuple[int, bytes]] = []
    with pikepdf.open(part.path) as pdf, file.open("wb") as out:

        def stand_in(number: int) -> pikepdf.Object:  # the book's object ``number``, as the part refers to it
            return pikepdf.Name(f"{STAND_IN}{number}")

        for page in pdf.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + part.offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + part.offset
        resolve_page_links(pdf, _BookPages(book_pages, stand_in))
        tree = pdf.Root.StructTreeRoot
        document = _document(tree)
        found: list[int] = []  # the part's objects referred to, to be written

        def renumbered(text: bytes) -> bytes:
            return _renumbered(text, part, found)

        numbers = _numbers(tree.ParentTree)
        for key, value in zip(numbers[0::2], numbers[1::2], strict=True):
            text = b"%d 0 R" % value.objgen[0] if value.is_indirect else value.unparse()
            entries.append((int(key) + part.offset, renumbered(text)))
        pdf.Root.Pages.Parent = stand_in(book.pages)
        found += [pdf.Root.Pages.objgen[0], document.objgen[0]]
        trailer: tuple[int, int | None, bytes | None] = (0, None, None)
        if index == 0:  # its catalog and Document are the book's
            document.K = pikepdf.Array([*_items(document.K), *(stand_in(p.base + p.document) for p in parts[1:])])
            tree.ParentTree = stand_in(book.parent_tree)
            tree.ParentTreeNextKey = book.next_key
            pdf.Root.Pages = stand_in(book.pages)
            pdf.Root.Outlines = stand_in(book.outlines)
            info = pdf.trailer.get("/Info")
            found.append(pdf.Root.objgen[0])
            if info is not None:
                found.append(info.objgen[0])
            ids = pdf.trailer.get("/ID")
            trailer = (part.base + pdf.Root.objgen[0], None if info is None else part.base + info.objgen[0],
                       None if ids is None else bytes(ids[0]))  # fmt: skip
        else:
            document.S = pikepdf.Name.Div
            document.P = stand_in(parts[0].base + parts[0].document)
        bodies: dict[int, bytes] = {}
        data: dict[int, bytes] = {}
        while found:  # what the part's pages and structure lead to (not its own catalog, outline or trees)
            number = found.pop()
            if number in bodies:
                continue
            obj = pdf.get_object(number, 0)
            if isinstance(obj, pikepdf.Stream):
                data[number] = obj.read_raw_bytes()  # as it is stored, with its filters
                rest = pikepdf.Dictionary({key: value for key, value in obj.stream_dict.items() if key != "/Length"})
                bodies[number] = b"<< /Length %d " % len(data[number]) + renumbered(rest.unparse())[3:]
            else:
                bodies[number] = renumbered(obj.unparse(resolved=True))
        writer = _Writer(out, low=part.base + 1, next_number=part.base + part.size)
        for number in sorted(bodies):
            if number in data:
                writer.stream(part.base + number, bodies[number], data[number])
            else:
                writer.object(part.base + number, bodies[number])
        writer.flush()
    return _Written(file, bytes(writer.rows), writer.located, entries, trailer)


def _renumbered(text: bytes, part: _Part, found: list[int]) -> bytes:
    """``text`` (qpdf's serialisation of an object of ``part``) with its references and stand-ins in the
    book's numbers; each object of the part it refers to is added to ``found``."""

    def renumber(token: re.Match[bytes]) -> bytes:
        if token[1] is not None:  # a stand-in
            return b"%s 0 R" % token[1]
        if token[2] is None:  # a string
            return token[0]
        number = int(token[2])
        if token[3] != b"0" or not 0 < number < part.size:
            raise ValueError(f"{part.path.name} refers to object {number} {int(token[3])}, which it does not have")
        found.append(number)
        return b"%d 0 R" % (part.base + number)

    return _TOKEN.sub(renumber, text)


class _BookPages(Sequence[tuple[pikepdf.Object, Top]]):
    """The book's pages as a part sees them: each page an object of the part that stands for it."""

    def __init__(self, pages: list[tuple[int, Top]], stand_in: Callable[[int], pikepdf.Object]):
        self.pages = pages
        self.stand_in = stand_in

    def __len__(self) -> int:
        return len(self.pages)

    def __getitem__(self, index):  # one page, as resolve_page_links asks
        number, top = self.pages[index]
        return self.stand_in(number), top


def resolve_page_links(pdf: pikepdf.Pdf, pages: Sequence[tuple[pikepdf.Object, Top]] | None = None) -> int:
    """Turn every link to a :data:`PAGE_LINK` address in ``pdf`` into a link to that page (1-based) of
    the book: of ``pdf`` itself, or of ``pages``, each the object for a page and the top of the page.

    The link goes to the top of the page and keeps the zoom; its description (``Contents``) is the
    one after the address. Returns how many links were turned. A page the book does not have is a
    ``ValueError``: the parts and the book disagree on its pages."""
    if pages is None:
        pages = [(page.obj, page.mediabox[3]) for page in pdf.pages]
    turned = 0
    for page in pdf.pages:
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
            target, top = pages[int(number) - 1]
            annotation.A = pikepdf.Dictionary(
                Type=pikepdf.Name.Action,
                S=pikepdf.Name.GoTo,
                D=pikepdf.Array([target, pikepdf.Name.XYZ, None, top, None]),
            )
            annotation.Contents = pikepdf.String(description or number)
            turned += 1
    return turned


def _write_parent_tree(writer: _Writer, root: int, entries: list[tuple[int, bytes]]) -> None:
    """The book's parent tree: a number tree of nodes of at most :data:`TREE_NODE` entries or kids."""
    entries.sort(key=lambda entry: entry[0])
    level = [
        (chunk[0][0], chunk[-1][0], b"/Nums [ %s ]" % b" ".join(b"%d %s" % entry for entry in chunk))
        for chunk in _chunks(entries, TREE_NODE)
    ] or [(0, 0, b"/Nums [ ]")]
    while len(level) > 1:
        above = []
        for chunk in _chunks(level, TREE_NODE):
            kids = []
            for first, last, body in chunk:
                kids.append(b"%d 0 R" % writer.new())
                writer.object(int(kids[-1].split()[0]), b"<< /Limits [ %d %d ] %s >>" % (first, last, body))
            above.append((chunk[0][0], chunk[-1][1], b"/Kids [ %s ]" % b" ".join(kids)))
        level = above
    writer.object(root, b"<< %s >>" % level[0][2])


def _write_outline(writer: _Writer, root: int, bookmarks: list[Bookmark], pages: list[tuple[int, Top]]) -> None:
    """The bookmarks of the whole book: areas with their categories under them, the indexes; all open."""
    tops: list[tuple[Bookmark, list[Bookmark]]] = []
    for mark in bookmarks:
        if mark.level == 1 or not tops:
            tops.append((mark, []))
        else:
            tops[-1][1].append(mark)

    def write(marks: list[Bookmark], parent: int, children: list[list[Bookmark]]) -> tuple[int, int]:
        numbers = [writer.new() for _ in marks]
        for i, (mark, under) in enumerate(zip(marks, children, strict=True)):
            keys = [b"/Count %d" % len(under), b"/Dest [ %d 0 R /Fit ]" % pages[mark.page - 1][0]]
            if under:
                first, last = write(under, numbers[i], [[] for _ in under])
                keys.append(b"/First %d 0 R /Last %d 0 R" % (first, last))
            if i + 1 < len(marks):
                keys.append(b"/Next %d 0 R" % numbers[i + 1])
            keys.append(b"/Parent %d 0 R" % parent)
            if i:
                keys.append(b"/Prev %d 0 R" % numbers[i - 1])
            keys.append(b"/Title " + pikepdf.String(mark.title).unparse())
            writer.object(numbers[i], b"<< %s >>" % b" ".join(keys))
        return numbers[0], numbers[-1]

    if not tops:
        writer.object(root, b"<< /Count 0 /Type /Outlines >>")
        return
    first, last = write([mark for mark, _ in tops], root, [under for _, under in tops])
    writer.object(root, b"<< /Count %d /First %d 0 R /Last %d 0 R /Type /Outlines >>" % (len(bookmarks), first, last))


class _Writer:
    """PDF objects written as they come: a stream at once, other objects in object streams of
    :data:`OBJECTS_PER_STREAM`, numbered from ``next_number`` on. The book's writer takes in the
    parts' files and ends with the cross-reference stream and the trailer."""

    def __init__(self, file: BinaryIO, low: int, next_number: int):
        self.file = file
        self.position = 0
        self.digest = hashlib.md5()  # the file's ID: from the content, so the same parts give the same book
        self.next = next_number
        self.low = low
        self.rows = bytearray()  # the cross-reference entry (7 bytes) of each number from low on
        self.located: list[int] = []  # the objects written at an offset, of this file's start
        self.pending: list[tuple[int, bytes]] = []

    def header(self, version: str) -> None:
        self._write(b"%%PDF-%s\n%%\xbf\xf7\xa2\xfe\n" % version.encode("ascii"))

    def new(self) -> int:
        """A number for an object no part has."""
        self.next += 1
        return self.next - 1

    def object(self, number: int, body: bytes) -> None:
        self.pending.append((number, body))
        if len(self.pending) == OBJECTS_PER_STREAM:
            self.flush()

    def stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        self._entry(number, 1, self.position, 0)
        self.located.append(number)
        self._write(b"%d 0 obj\n%s\nstream\n" % (number, dictionary))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def take(self, part: _Written, low: int) -> None:
        """The objects of a part's file, after those written so far."""
        start = self.position
        with part.file.open("rb") as written:
            while block := written.read(1 << 20):
                self._write(block)
        self._entry(low + len(part.rows) // 7 - 1, 0, 0, 0)  # rows for all its numbers
        self.rows[7 * low : 7 * low + len(part.rows)] = part.rows
        for number in part.located:  # at an offset of its own file: of this one now
            kind, at, last = struct.unpack_from(">BIH", self.rows, 7 * number)
            self._entry(number, kind, at + start, last)

    def finish(self, root: int, info: int | None, first_id: bytes | None) -> None:
        self.flush()
        number = self.new()  # the cross-reference stream's own
        self._entry(number, 1, self.position, 0)
        self._entry(0, 0, 0, 65535)  # the head of the free list
        content_id = self.digest.digest()
        ids = b"<%s> <%s>" % ((first_id or content_id).hex().encode(), content_id.hex().encode())
        keys = b"/Root %d 0 R /ID [ %s ]" % (root, ids) + (b"" if info is None else b" /Info %d 0 R" % info)
        rows = zlib.compress(bytes(self.rows[: 7 * (number + 1)]))
        at = self.position
        self._write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] %s /Filter /FlateDecode /Length %d >>\nstream\n"
                    % (number, number + 1, keys, len(rows)))  # fmt: skip
        self._write(rows)
        self._write(b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at)

    def flush(self) -> None:
        """Write the objects waiting for an object stream."""
        if not self.pending:
            return
        number = self.new()
        offsets, at = [], 0
        for index, (member, body) in enumerate(self.pending):
            self._entry(member, 2, number, index)
            offsets.append(b"%d %d" % (member, at))
            at += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(body for _, body in self.pending))
        count = len(self.pending)
        self.pending = []
        header = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (count, len(head), len(data))
        self.stream(number, header, data)

    def _entry(self, number: int, kind: int, field: int, last: int) -> None:
        end = 7 * (number - self.low + 1)
        if len(self.rows) < end:
            self.rows.extend(bytes(end - len(self.rows)))  # numbers not used are free (type 0)
        self.rows[end - 7 : end] = struct.pack(">BIH", kind, field, last)

    def _write(self, data: bytes) -> None:
        self.file.write(data)
        self.digest.update(data)
        self.position += len(data)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def main(spec: Path) -> int:
    job = json.loads(spec.read_text(encoding="utf-8"))
    marks = [Bookmark(title, page, level) for title, page, level in job["bookmarks"]]
    join_tagged([Path(pdf) for pdf in job["pdfs"]], marks, Path(job["output"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
