"""The area sheets, read back from the real PDFs, and `vejviser print --area`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tests.conftest import copy_example
from tests.printed.conftest import REPO, TODAY, pdf_text, qr_codes, structure_under, text_lines
from vejviser.cli import main
from vejviser.enrich.occurrences import occurrences, schedule_occurrences
from vejviser.i18n import Messages
from vejviser.model import Frequency
from vejviser.present.answers import Verdict, answered
from vejviser.present.directory import Directory
from vejviser.present.facets import WEEKDAYS, areas_of
from vejviser.printed.content import PrintedDirectory
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


def _directory(root=REPO) -> Directory:
    settings = load_settings(root)
    checked = validate_project(settings, TODAY)
    return Directory(settings, checked, Messages(), TODAY)


def _in_area(area_id: str):
    directory = _directory()
    return [v for v in directory.current if area_id in areas_of(v.activity, directory.settings)]


def _near(area_id: str, root=REPO):
    """(metres, view) of the activities near the area, nearest first, as the sheet's content sees them."""
    directory = _directory(root)
    printed = PrintedDirectory(directory)
    return printed.near(directory.settings.area(area_id))


AREAS = ("ballerup-centrum", "hedegården", "egebjerg", "grantofte", "måløv", "skovlunde")


def test_each_area_of_the_example_has_an_a4_sheet_of_one_or_two_pages(tmp_path):
    areas = [option for area in AREAS for option in ("--area", area)]
    result = CliRunner().invoke(main, ["print", str(REPO), *areas, "--out", str(tmp_path), "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    for area in AREAS:
        reader = PdfReader(tmp_path / "omraadeark" / f"{area}.pdf")
        assert 1 <= len(reader.pages) <= 2, area
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_sheet_lists_the_areas_activities_by_weekday_with_the_date_and_help(printed):
    text = _flat(" ".join(pdf_text(printed.sheets / "måløv.pdf")))
    for view in _in_area("måløv"):
        assert _flat(view.activity.title) in text, view.id
    days = [day.capitalize() for day in WEEKDAYS if re.search(rf"\b{day.capitalize()}\b", text)]
    positions = [text.index(day) for day in days]
    assert positions == sorted(positions) and "Tirsdag" in days
    assert "Lavet 23. november 2026" in text
    assert "Brug for hjælp?" in text and "44 77 00 00" in text  # the municipality's contact
    assert "Besøgsven fra Røde Kors" in text  # an at-home offer serving the whole municipality


def test_a_sheets_qr_code_opens_the_area_page(printed, tmp_path):
    (codes,) = qr_codes(printed.sheets / "måløv.pdf", tmp_path)[:1]
    assert codes == ["https://vejviser.example/omraader/m%C3%A5l%C3%B8v/"]


def test_a_sheet_is_tagged_with_language_and_title(printed):
    reader = PdfReader(printed.sheets / "måløv.pdf")
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("da") and "/StructTreeRoot" in root
    assert reader.metadata.title == "Aktiviteter i Måløv"


def test_print_area_makes_only_that_sheet(tmp_path):
    result = CliRunner().invoke(main, ["print", str(REPO), "--area", "MÅLØV", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")) == ["omraadeark/måløv.pdf"]
    assert "omraadeark/måløv.pdf" in result.output


def test_print_with_an_unknown_area_names_the_areas_and_makes_nothing(tmp_path):
    result = CliRunner().invoke(main, ["print", str(REPO), "--area", "Atlantis", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert 'Kender ikke området "Atlantis"' in result.output and "Måløv" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_print_refuses_invalid_records_and_makes_nothing(world, tmp_path):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["print", str(world), "--out", str(out)])
    assert result.exit_code == 1
    assert "strikkecafe.yaml" in result.output and "schedule.weekdays[0]" in result.output
    assert not out.exists()


def test_a_sheet_adds_the_activities_just_outside_the_area_and_says_where_they_are(printed):
    # Egebjerg's sheet has room for some of its neighbours (Måløv's is full with its own)
    near = _near("egebjerg")
    assert len(near) >= 2, "the example has activities within a kilometre of Egebjerg"
    assert all(0 <= metres <= 1000 and view.activity.area != "egebjerg" for metres, view in near)
    text = _flat(" ".join(pdf_text(printed.sheets / "egebjerg.pdf")))
    shown = [_flat(view.activity.title) in text for _, view in near]
    assert shown[0] and shown == sorted(shown, reverse=True)  # the nearest, as many as fit
    names = {area.id: area.name for area in load_settings(REPO).areas}
    for (metres, view), on_sheet in zip(near, shown, strict=True):
        if on_sheet:
            said = "lige ved Egebjerg" if metres < 100 else f"ca. {int(round(metres, -2))} m fra Egebjerg"
            assert f"I {names[view.activity.area]}, {said}" in text, view.id
    # Farther away, in another area: not on the sheet.
    here = {v.id for v in _in_area("egebjerg")} | {v.id for _, v in near}
    far = [v for v in _directory().current if v.activity.venue and v.id not in here and v.activity.area]
    assert far
    for view in far:
        assert _flat(view.activity.title) not in text, view.id


def test_a_sheet_keeps_to_two_pages_by_leaving_out_the_farthest_nearby_activities(tmp_path):
    root = copy_example(tmp_path / "kommune")
    with (root / "vejviser.yaml").open("a", encoding="utf-8") as settings:
        settings.write("print:\n  near_km: 20\n")  # every activity in the municipality is "near"
    near = _near("egebjerg", root)
    result = CliRunner().invoke(main, ["print", str(root), "--area", "egebjerg", "--out", str(tmp_path / "ud"),
                                       "--today", TODAY.isoformat()])  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "ud" / "omraadeark" / "egebjerg.pdf"
    assert len(PdfReader(sheet).pages) == 2
    text = _flat(" ".join(pdf_text(sheet)))
    for view in _in_area("egebjerg"):  # the area's own are always there
        assert _flat(view.activity.title) in text, view.id
    shown = [_flat(view.activity.title) in text for _, view in near]
    assert shown[0] and not shown[-1]
    assert shown == sorted(shown, reverse=True)  # the nearest ones, none skipped


def test_near_km_0_keeps_a_sheet_to_its_own_area(tmp_path):
    root = copy_example(tmp_path / "kommune")
    with (root / "vejviser.yaml").open("a", encoding="utf-8") as settings:
        settings.write("print:\n  near_km: 0\n")
    assert _near("måløv", root) == []
    directory = _directory(root)
    printed = PrintedDirectory(directory)
    document, _ = printed.sheet(directory.settings.area("måløv"))
    rows = [row for day in document["days"] for row in day["rows"]]
    assert rows and not any(row["near"] for row in rows)
    own = {_flat(v.activity.title) for v in _in_area("måløv")}
    assert {_flat(row["title"]) for row in rows} <= own


def test_a_sheet_prints_the_next_four_dates_where_they_say_more_than_the_rule(printed):
    """Every other week, once a month, after a pause: the next four meetings as the engine has them from
    the day of printing. A weekly rule met every week, given dates and calls are said by the rule alone."""
    directory = _directory()
    content = PrintedDirectory(directory)
    text = _flat(" ".join(pdf_text(printed.sheets / "måløv.pdf")))
    told = 0
    for view in _in_area("måløv"):
        a = view.activity
        days = list(dict.fromkeys(o.start.date() for o in occurrences(a, TODAY, TODAY + dt.timedelta(days=366))))[:4]
        row = content.row(view)
        plain = a.schedule.frequency == Frequency.WEEKLY and days == _weekly(a, days[-1] if days else TODAY)
        if not days or not a.venue or a.schedule.frequency == Frequency.DATES or plain:
            assert row["next"] == "", a.id
            continue
        months = ["jan.", "feb.", "marts", "april", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."]
        by_month: dict[int, list[str]] = {}
        for day in days:
            by_month.setdefault(day.month, []).append(f"{day.day}.")
        expected = "Næste gange: " + ", ".join(f"{', '.join(d)} {months[m - 1]}" for m, d in by_month.items())
        assert row["next"] == expected, a.id
        assert _flat(expected) in text, a.id
        told += 1
    assert told >= 4, "Måløv has activities every other week, monthly and after a pause"


def _weekly(activity, last):
    """The days a weekly rule names from the day of printing to ``last``, with nothing left out."""
    rule = dataclasses.replace(activity.schedule, pause_months=(), cancelled=(), holidays_off=False)
    return list(dict.fromkeys(o.start.date() for o in schedule_occurrences(rule, TODAY, last)))


# --- issue 18: the sheet answers "can I get there and in?" ------------------------------------------

SOFA_AREAS = ("ballerup-centrum", "måløv")


@pytest.fixture(scope="module")
def sofa_sheets(tmp_path_factory):
    """The Ballerup Centrum sheet (many nearby activities, left out) and Måløv's, from the example as it is."""
    out = tmp_path_factory.mktemp("sofa")
    areas = [option for area in SOFA_AREAS for option in ("--area", area)]
    result = CliRunner().invoke(main, ["print", str(REPO), *areas, "--out", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return {area: out / "omraadeark" / f"{area}.pdf" for area in SOFA_AREAS}


def _row_text(text: str, title: str) -> str:
    """The sheet's text from the first mention of ``title`` (its full row: later days only point to it)."""
    start = text.index(_flat(title))
    return text[start : start + 500]


@pytest.mark.parametrize("area", SOFA_AREAS)
def test_each_venue_row_has_its_barrier_answers_by_the_verdict_rule_and_the_postcode(sofa_sheets, area):
    messages = Messages()
    marks = {Verdict.GOOD: "✓", Verdict.BAD: "×", Verdict.UNKNOWN: "?"}
    names = ("step_free", "accessible_toilet", "pickup", "parking")
    text = _flat(" ".join(pdf_text(sofa_sheets[area])))
    checked = 0
    for view in _in_area(area):
        a = view.activity
        if not a.venue:
            continue
        row = _row_text(text, a.title)
        items = {item.question.name: item for item in answered(a)}
        expected = " · ".join(
            f"{marks[items[name].verdict]} {messages(f'print.barrier.{name}.{items[name].verdict}')}"
            for name in names
            if name in items
        )
        assert expected and expected in row, (a.id, expected)
        assert f"{a.venue.address.postcode} {a.venue.address.town}" in row, a.id
        checked += 1
    assert checked >= 5


def test_an_offer_at_home_has_no_answers_about_the_entrance(sofa_sheets):
    text = _flat(" ".join(pdf_text(sofa_sheets["måløv"])))
    for view in _in_area("måløv"):
        if not view.activity.venue:
            row = _row_text(text, view.activity.title)[:120]
            assert "Uden trin" not in row and "Trin" not in row, view.id


@pytest.mark.parametrize("area", SOFA_AREAS)
def test_the_more_line_counts_the_nearby_activities_left_out(sofa_sheets, area):
    pdf = sofa_sheets[area]
    assert 1 <= len(PdfReader(pdf).pages) <= 2
    text = _flat(" ".join(pdf_text(pdf)))
    own = {_flat(v.activity.title) for v in _in_area(area)}
    near = [v for _, v in _near(area) if _flat(v.activity.title) not in own]
    left_out = sum(_flat(v.activity.title) not in text for v in near)
    found = re.findall(r"(\d+) flere inden for 1 km: se (\S+)", text)
    if left_out:
        assert [int(n) for n, _ in found] == [left_out]
        assert found[0][1].startswith("vejviser.example/omraader/")
    else:
        assert not found
    if area == "ballerup-centrum":
        assert left_out > 0, "Ballerup Centrum has more nearby activities than two pages hold"


@pytest.mark.parametrize("area", SOFA_AREAS)
def test_phone_numbers_stay_whole_and_nothing_is_italic(sofa_sheets, area):
    lines = [line for page in text_lines(sofa_sheets[area]) for line in page]
    assert any("44 77 00 00" in line for line in lines)  # the helpline, whole on one line
    joined = " ".join(lines)
    phones = set(re.findall(r"\b\d{2} \d{2} \d{2} \d{2}\b", joined))
    assert phones
    for phone in phones:
        assert any(phone in line for line in lines), phone
    for page in PdfReader(sofa_sheets[area]).pages:
        for font in page["/Resources"]["/Font"].values():
            assert "Italic" not in str(font.get_object()["/BaseFont"]), font


def test_the_sheets_qr_code_is_described_by_its_address_as_written(printed):
    for pdf in sorted(printed.sheets.glob("*.pdf")):
        with pikepdf.open(pdf) as opened:
            elements = structure_under(opened.Root.StructTreeRoot)
            alts = [str(node.Alt) for node in elements if node.get("/S") == "/Figure"]
        assert len(alts) == 1 and alts[0].startswith("QR-kode til vejviser.example/omraader/"), (pdf.name, alts)
        assert "%" not in alts[0] and not alts[0].endswith("/")
