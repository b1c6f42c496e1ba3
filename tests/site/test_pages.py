"""Page generation is a pure function from validated records to files."""

from __future__ import annotations

from tests.conftest import TODAY
from vejviser.i18n import Messages
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project


def _pages(world):
    settings = load_settings(world)
    result = validate_project(settings, TODAY)
    assert result.ok
    pages = generate_pages(settings, result.activities, result.organisations, Messages(), TODAY)
    return {p.path: p.content for p in pages}


def test_one_page_per_activity_and_organisation_and_a_front_page(world):
    assert sorted(_pages(world)) == [
        "aktiviteter/strikkecafe.md", "foreninger/frivilligcenter.md", "foreninger/seniorklubben.md", "index.md",
    ]  # fmt: skip


def test_activity_page_says_when_where_and_who_in_danish(world):
    page = _pages(world)["aktiviteter/strikkecafe.md"]
    assert "hver tirsdag kl. 10.00–12.00" in page
    assert "Måløv Kulturhus, Måløv Hovedgade 55, 2760 Måløv" in page
    assert '<a href="../../foreninger/frivilligcenter/">Testbyens Frivilligcenter</a>' in page
    assert "1. september 2026" in page
    assert "Eksempeldata" in page


def test_contacts_without_consent_are_not_published(world):
    record = world / "activities" / "strikkecafe.yaml"
    text = record.read_text(encoding="utf-8").replace("consent: ja\n    consent_date: 2026-03-01", "consent: nej")
    record.write_text(text, encoding="utf-8")
    page = _pages(world)["aktiviteter/strikkecafe.md"]
    assert "Hanne" not in page
    assert "44 97 12 34" not in page


def test_contributor_text_is_escaped_in_markup_and_title(world):
    record = world / "activities" / "strikkecafe.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "title: Strikkecafé i Måløv", "title: \"Strik <script>alert(1)</script> & 'kaffe'\""
    )
    record.write_text(text, encoding="utf-8")
    page = _pages(world)["aktiviteter/strikkecafe.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_generation_writes_nothing_into_docs(world):
    (world / "docs").mkdir()
    before = sorted(p.name for p in (world / "docs").iterdir())
    _pages(world)
    assert sorted(p.name for p in (world / "docs").iterdir()) == before


def _with(world, old, new):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_ended_activities_leave_the_lists_but_keep_their_page(world):
    _with(world, "reviewed: 2026-09-01", "status: ophørt\nreviewed: 2026-09-01")
    pages = _pages(world)
    assert "Denne aktivitet er stoppet." in pages["aktiviteter/strikkecafe.md"]
    assert "Strikkecafé i Måløv" not in pages["index.md"]
    assert "Strikkecafé i Måløv" not in pages["foreninger/frivilligcenter.md"]


def test_activities_unconfirmed_beyond_the_limit_leave_the_lists(world):
    _with(world, "reviewed: 2026-09-01", "reviewed: 2025-05-22")  # 18 months before TODAY
    assert "Strikkecafé i Måløv" not in _pages(world)["index.md"]
    _with(world, "reviewed: 2025-05-22", "reviewed: 2025-05-24")  # not yet 18 months
    assert "Strikkecafé i Måløv" in _pages(world)["index.md"]


def test_an_activity_on_dates_leaves_the_lists_after_its_last_date(world):
    dates = "  frequency: datoer\n  dates: [2026-10-01, 2026-11-20]"
    _with(world, "  frequency: ugentlig\n  weekdays: [tirsdag]", dates)
    assert "Strikkecafé i Måløv" not in _pages(world)["index.md"]
    _with(world, "2026-11-20]", "2026-11-24]")
    assert "Strikkecafé i Måløv" in _pages(world)["index.md"]
