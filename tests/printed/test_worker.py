"""The worker finishes each PDF Typst made: its title shown in the window, its bookmarks open."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pikepdf
import pytest
import typst

from vejviser.printed.typeset import FONTS, PrintError, Workspace, typeset_laid_out_first
from vejviser.printed.worker import STANDARDS, finished, finished_with_pages


def _typst_pdf(tmp_path) -> bytes:
    source = tmp_path / "doc.typ"
    source.write_text(
        '#set document(title: "Prøve")\n#set text(font: "Andika", lang: "da")\n'
        "= Overskrift\nTekst.\n#pagebreak()\nMere.\n",
        encoding="utf-8",
    )
    compiler = typst.Compiler(input=str(source), root=str(tmp_path), font_paths=[str(FONTS)], ignore_system_fonts=True)
    pdf = compiler.compile(format="pdf", timestamp=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), pdf_standards=STANDARDS)
    assert isinstance(pdf, bytes)
    return pdf


def _opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def test_a_typst_pdf_is_finished_by_an_update_appended_to_it_unchanged(tmp_path):
    made = _typst_pdf(tmp_path)
    done = finished(made)
    assert done.startswith(made)  # Typst's file, byte for byte, then the update
    assert done.rstrip().endswith(b"%%EOF")
    with _opened(made) as before, _opened(done) as after:
        assert after.Root.PageMode == pikepdf.Name.UseOutlines
        assert after.Root.ViewerPreferences.DisplayDocTitle is True
        assert len(after.pages) == len(before.pages) == 2
        assert str(after.docinfo.Title) == str(before.docinfo.Title) == "Prøve"
        assert after.trailer.ID == before.trailer.ID  # PDF/A: the same file identifier in every trailer
        assert str(after.Root.Lang) == str(before.Root.Lang)
        assert after.open_metadata().get("pdfuaid:part") == "1"
        check = getattr(after, "check_pdf_syntax", None) or after.check  # renamed in pikepdf 9.x
        assert check() == []


def test_the_update_s_cross_reference_points_at_the_catalogue_it_wrote(tmp_path):
    made = _typst_pdf(tmp_path)
    done = finished(made)
    update = done[len(made) :]
    start = update.index(b"xref\n")
    number, _, rest = update[start + 5 :].partition(b" 1\n")
    offset = int(rest[:10])
    assert done[offset:].startswith(number + b" 0 obj\n<<")
    # the file's last startxref names the new table (a reader finds the update, not a repaired guess) ...
    assert update.count(b"startxref") == 1
    last = int(update.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert last == len(made) + start and done[last:].startswith(b"xref\n")
    # ... and the new trailer's /Prev the table Typst wrote
    previous = int(made.rsplit(b"startxref", 1)[1].split()[0])
    assert b"/Prev %d " % previous in update and made[previous:].startswith(b"xref")


def test_a_file_without_a_cross_reference_table_at_its_end_is_saved_again_whole(tmp_path):
    with _opened(_typst_pdf(tmp_path)) as typst_made:
        out = io.BytesIO()
        typst_made.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # a cross-reference stream
    streamed = out.getvalue()
    done = finished(streamed)
    assert not done.startswith(streamed)
    with _opened(done) as after:
        assert after.Root.PageMode == pikepdf.Name.UseOutlines
        assert after.Root.ViewerPreferences.DisplayDocTitle is True
        assert len(after.pages) == 2


def test_the_finished_pdf_comes_with_its_number_of_pages(tmp_path):
    made = _typst_pdf(tmp_path)
    done, pages = finished_with_pages(made)
    assert done == finished(made)
    with _opened(done) as opened:
        assert pages == len(opened.pages) == 2


# A document in the book's parts' manner: laid out first, its first page number read from a file.
TWO_STEPS = """#set document(title: "Prøve")
#set text(font: "Andika", lang: "da")
#set page(paper: "a6", footer: context [#metadata(counter(page).get().first()) <vv-page> #counter(page).display()])
#counter(page).update(json("start.json"))
= Overskrift
#for n in range(3) { [#metadata((n: n, page: 0)) <vv-entry> Side #n #pagebreak(weak: true)] }
"""


def _two_step_workspace(today=dt.date(2026, 12, 1)) -> Workspace:
    work = Workspace(today).__enter__()
    (work.folder / "two.typ").write_text(TWO_STEPS, encoding="utf-8")
    work.write_json("start.json", 1)
    return work


def test_a_part_laid_out_first_is_numbered_from_the_page_it_is_given():
    work = _two_step_workspace()
    try:
        asked = []

        def numbered(pages: int) -> int:
            asked.append(pages)
            work.write_json("start.json", 41)
            return 41

        done = typeset_laid_out_first(work, "two.typ", {}, numbered)
        assert asked == [3] and done.pages == 3
        pages = subprocess.run(["pdftotext", "-layout", str(done.pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")  # fmt: skip
        footers = [page.strip().splitlines()[-1].strip() for page in pages if page.strip()]
        assert footers == ["41", "42", "43"]
    finally:
        work.__exit__(None, None, None)


def test_a_part_whose_number_never_comes_stops_its_worker_and_says_why():
    work = _two_step_workspace()
    try:

        def failed(pages: int) -> int:
            raise PrintError("typeset.stopped", step="before", returncode=1)

        with pytest.raises(PrintError) as raised:
            typeset_laid_out_first(work, "two.typ", {}, failed)
        assert raised.value.params["step"] == "before"
        assert not (work.folder / "two.typ.pdf").exists()  # the worker was stopped before it typeset
    finally:
        work.__exit__(None, None, None)


def test_a_worker_told_a_number_its_file_does_not_give_refuses_to_finish():
    """Typst reads the number's file again only when it changed: a stale one must not print wrong numbers."""
    work = _two_step_workspace()
    try:
        with pytest.raises(PrintError) as raised:
            typeset_laid_out_first(work, "two.typ", {}, lambda pages: 41)  # the file still says 1
        assert "41" in raised.value.params["detail"]
    finally:
        work.__exit__(None, None, None)
