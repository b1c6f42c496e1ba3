"""An activity's invitation (A5) and poster (A4), read back from the PDFs, and
`vejviser print --invitation ID`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from urllib.parse import unquote

import pikepdf
import pytest
import typst
from click.testing import CliRunner

from tests.printed.conftest import HOSTILE_TITLE, TODAY, pdf_text, qr_codes
from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.present.words import day_of_month
from vejviser.printed.content import PrintedDirectory
from vejviser.printed.invitation import STRIPS, invitation, make_invitations
from vejviser.printed.typeset import FONTS, TEMPLATES, PrintError, Workspace, typeset
from vejviser.printed.typeset import qr_codes as make_codes
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

KNITTING = "strikkecafe-i-måløv"  # at a venue in Måløv; its contact agreed to be printed
HOSTILE = "kaffe-hostile"  # the conftest's record with Typst's syntax in its texts
AT_HOME = "besøgsven-fra-røde-kors"  # comes to the reader: no place, no dates
IDS = (KNITTING, HOSTILE, AT_HOME)


@pytest.fixture(scope="module")
def invitations(printed, tmp_path_factory):
    out = tmp_path_factory.mktemp("invitationer")
    ids = [option for id_ in IDS for option in ("--invitation", id_)]
    command = ["print", str(printed.folder.parent), *ids, "--out", str(out), "--today", TODAY.isoformat()]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    return out / "invitationer"


@pytest.fixture(scope="module")
def views(printed):
    root = printed.folder.parent
    settings = load_settings(root)
    directory = Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)
    return {v.id: v for v in directory.current}, PrintedDirectory(directory)


def _lines(pdf) -> list[str]:
    return [" ".join(line.split()) for page in pdf_text(pdf) for line in page.splitlines()]


def _url(printed, id_) -> str:
    return next(url for found, _, url in printed.current if found == id_)


def test_only_the_invitations_asked_for_are_made(invitations):
    made = {path.name for path in invitations.parent.rglob("*.pdf")}
    assert made == {f"{id_}{end}.pdf" for id_ in IDS for end in ("", "-plakat")}


@pytest.mark.parametrize("id_", IDS)
def test_an_invitation_is_one_a5_page_and_a_poster_one_a4_page(invitations, id_):
    for name, size in ((f"{id_}.pdf", (420, 595)), (f"{id_}-plakat.pdf", (595, 842))):
        with pikepdf.open(invitations / name) as pdf:
            assert len(pdf.pages) == 1, name
            box = pdf.pages[0].mediabox
            assert (round(float(box[2] - box[0])), round(float(box[3] - box[1]))) == size, name


@pytest.mark.parametrize("poster", ["", "-plakat"])
def test_the_invitation_says_what_when_where_and_whom_to_call(invitations, views, poster):
    by_id, _ = views
    view = by_id[KNITTING]
    lines = _lines(invitations / f"{KNITTING}{poster}.pdf")
    text = " ".join(lines)
    assert "Du er inviteret" in text
    assert "Strikkecafé i Måløv" in text
    assert " ".join(view.activity.summary.split()) in text
    first = view.upcoming.meetings[0].start.date()
    messages = Messages()
    assert f"Næste gange: {day_of_month(first.day, messages)}" in text
    assert messages(f"month.{first.month}") in text
    assert any("2760 Måløv" in line for line in lines)  # the postcode with its town, on one line
    assert "Måløv Hovedgade 55" in text and "Gratis" in text
    assert any("44 97 12 34" in line for line in lines)  # the phone number whole
    assert "Kan være en hindring" in text  # barrier answers in words


def test_the_qr_code_opens_the_activitys_page_and_its_address_is_printed(invitations, printed, tmp_path):
    url = _url(printed, KNITTING)
    for name in (f"{KNITTING}.pdf", f"{KNITTING}-plakat.pdf"):
        assert qr_codes(invitations / name, tmp_path / name) == [[url]]
        text = "".join("".join(pdf_text(invitations / name)).split())
        assert unquote(url).removeprefix("https://").rstrip("/") in text  # short and readable


def test_the_poster_has_tear_off_strips_with_the_title_and_phone(invitations):
    lines = _lines(invitations / f"{KNITTING}-plakat.pdf")
    assert sum("44 97 12 34" in line for line in lines) == STRIPS + 1  # each strip, and "Ring og spørg"
    with pikepdf.open(invitations / f"{KNITTING}-plakat.pdf") as pdf:
        assert len(_struct(pdf, "/Figure")) == 1  # the cut lines are artifacts, only the QR code is a figure


def test_contributor_text_in_typst_syntax_prints_as_written(invitations):
    for name in (f"{HOSTILE}.pdf", f"{HOSTILE}-plakat.pdf"):
        text = " ".join(_lines(invitations / name))
        assert HOSTILE_TITLE in text


def test_an_offer_at_home_names_no_place_and_still_whom_to_call(invitations, views):
    by_id, printed = views
    text = " ".join(_lines(invitations / f"{AT_HOME}.pdf"))
    assert "Hvor:" not in text
    for line in printed.contacts(by_id[AT_HOME]):
        assert " ".join(line.split()) in text


def _struct(pdf, kind: str) -> list:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == kind:
                found.append(node)
            if "/K" in node:
                todo.append(node.K)
    return found


def test_the_pdfs_are_tagged_with_title_language_heading_and_the_qr_codes_alt_text(invitations, printed):
    url = _url(printed, KNITTING)
    for name in (f"{KNITTING}.pdf", f"{KNITTING}-plakat.pdf"):
        with pikepdf.open(invitations / name) as pdf:
            assert str(pdf.Root.Lang).startswith("da")
            assert str(pdf.docinfo["/Title"]) == "Invitation: Strikkecafé i Måløv"
            assert _struct(pdf, "/H1")
            alts = [str(figure.get("/Alt", "")) for figure in _struct(pdf, "/Figure")]
            assert alts == [f"QR-kode til {unquote(url).removeprefix('https://').rstrip('/')}"]
            fonts = {str(font.BaseFont) for page in pdf.pages for _, font in page.Resources.Font.items()}
            assert fonts and not any("Italic" in font for font in fonts), fonts


def test_the_invitation_and_poster_pass_typsts_pdf_ua_1_export(views):
    by_id, printed = views
    for poster in (False, True):
        document, urls = invitation(printed, by_id[KNITTING], poster)
        with Workspace(TODAY) as work:
            spans = work.write_codes("qr.bin", make_codes(urls))
            work.write_json("data.json", {**document, "qr_codes": spans})
            template = "poster.typ" if poster else "invitation.typ"
            compiler = typst.Compiler(input=str(work.folder / template), root=str(work.folder),
                                      font_paths=[str(FONTS)], ignore_system_fonts=True)  # fmt: skip
            stamp = dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.UTC)
            assert compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=stamp)[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("../x", "ligner en sti til en fil"),
        ("activities/../../x", "ligner en sti til en fil"),
        ("strikkecafe-i-maalov", 'Mente du "strikkecafe-i-måløv"?'),
    ],
)
def test_a_bad_or_unknown_id_is_refused_in_danish_and_nothing_is_written(printed, tmp_path, given, said):
    out = tmp_path / "out"
    command = ["print", str(printed.folder.parent), "--invitation", given, "--out", str(out), "--today", "2026-11-23"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code != 0
    assert said in result.output, result.output
    assert not out.exists()


def test_an_activity_not_in_the_directory_gets_no_invitation(printed, tmp_path):
    ended = printed.left_out[0][0]
    out = tmp_path / "out"
    command = ["print", str(printed.folder.parent), "--invitation", ended, "--out", str(out), "--today", "2026-11-23"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code != 0 and "ikke med i vejviseren" in result.output, result.output
    assert not out.exists()


def test_the_document_is_plain_json(views):
    by_id, printed = views
    document, urls = invitation(printed, by_id[KNITTING], poster=True)
    assert json.loads(json.dumps(document)) == document and urls == [document["url"]]


# --- in batches: one worker process typesets many documents with one compiler ----------------


def _standards(pdf: pikepdf.Pdf) -> tuple[str, str, str]:
    meta = pdf.open_metadata()
    return meta.get("pdfuaid:part"), meta.get("pdfaid:part"), meta.get("pdfaid:conformance")


def test_each_pdf_of_a_batch_is_its_own_activitys(invitations, printed, views, tmp_path):
    """The three asked for are typeset by one worker, one after the other: none says another's data."""
    by_id, _ = views
    for id_ in IDS:
        for name in (f"{id_}.pdf", f"{id_}-plakat.pdf"):
            with pikepdf.open(invitations / name) as pdf:
                assert str(pdf.docinfo["/Title"]) == f"Invitation: {by_id[id_].activity.title}", name
            assert qr_codes(invitations / name, tmp_path / name) == [[_url(printed, id_)]], name


@pytest.mark.parametrize("poster", [False, True], ids=["invitation", "poster"])
def test_a_batch_makes_what_a_worker_of_its_own_makes(invitations, views, tmp_path, poster):
    by_id, printed = views
    document, urls = invitation(printed, by_id[KNITTING], poster)
    alone, pages = typeset("poster.typ" if poster else "invitation.typ", document, urls, TODAY)
    single = tmp_path / "alone.pdf"
    single.write_bytes(alone)
    batched = invitations / (f"{KNITTING}-plakat.pdf" if poster else f"{KNITTING}.pdf")
    assert pages == 1
    assert pdf_text(batched) == pdf_text(single)
    assert qr_codes(batched, tmp_path / "batch") == qr_codes(single, tmp_path / "single") == [[document["url"]]]
    with pikepdf.open(batched) as made, pikepdf.open(single) as expected:
        assert str(made.docinfo["/Title"]) == str(expected.docinfo["/Title"]) == document["title"]
        assert _standards(made) == _standards(expected) == ("1", "2", "A")  # PDF/UA-1 and PDF/A-2a
        assert made.Root.ViewerPreferences.DisplayDocTitle is True
        assert made.Root.Lang == expected.Root.Lang


def test_batches_on_two_workers_make_every_activitys_pdfs(views, tmp_path, monkeypatch):
    """Split into batches of two on two worker processes: every PDF is there, each its own."""
    by_id, printed = views
    monkeypatch.setattr("vejviser.printed.typeset.BATCH", 2)
    chosen = [by_id[id_] for id_ in IDS]
    made = make_invitations(printed, tmp_path, chosen, processes=2)
    assert [path.relative_to(tmp_path).as_posix() for path in made] == [
        f"invitationer/{id_}{end}.pdf" for id_ in IDS for end in ("", "-plakat")
    ]
    for view, path in zip([v for v in chosen for _ in range(2)], made, strict=True):
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/Title"]) == f"Invitation: {view.activity.title}"
    assert not list(tmp_path.rglob(".*.partial"))


def test_a_failing_batch_says_why_and_writes_no_pdf(views, tmp_path, monkeypatch):
    by_id, printed = views
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES, broken)
    (broken / "poster.typ").write_text('#let data = json("data.json")\n#data.no_such_field\n', encoding="utf-8")
    monkeypatch.setattr("vejviser.printed.typeset.TEMPLATES", broken)
    with pytest.raises(PrintError) as raised:
        make_invitations(printed, tmp_path / "out", [by_id[KNITTING]])
    assert raised.value.code == "typeset.failed"
    assert 'does not contain key "no_such_field"' in raised.value.params["detail"]
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_cancelled_batch_job_makes_nothing_more(views, tmp_path):
    by_id, printed = views
    assert make_invitations(printed, tmp_path, [by_id[KNITTING]], cancelled=lambda: True) == []
    assert not list(tmp_path.rglob("*.pdf"))
