"""Page generation is a pure function from validated records to files, and the navigation over the lists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.conftest import TODAY, edit_record
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages, navigation
from vejviser.validate.project import validate_project

STRIKKECAFE = "aktiviteter/strikkecafe.md"
REPO = Path(__file__).resolve().parent.parent.parent


def _generate(world):
    settings = load_settings(world)
    result = validate_project(settings, TODAY)
    assert result.ok, result.problems
    return generate_pages(Directory(settings, result, Messages(), TODAY))


def _pages(world) -> dict[str, str]:
    return {p.path: p.content for p in _generate(world).pages}


def test_every_kind_of_page_is_generated(world):
    paths = set(_pages(world))
    assert {"index.md", STRIKKECAFE, "foreninger/frivilligcenter.md", "foreninger/seniorklubben.md"} <= paths
    assert {"omraader/index.md", "omraader/måløv.md", "omraader/centrum.md", "omraader/vest.md"} <= paths
    assert {"interesser/index.md", "interesser/kreativ.md", "maalgrupper/index.md", "maalgrupper/demens.md"} <= paths
    assert {"ugedage/index.md", "ugedage/tirsdag.md", "ugedage/søndag.md"} <= paths
    assert {"hjemme-hos-dig/index.md", "i-dag/index.md", "foreninger/index.md", "medarbejdere/index.md"} <= paths


def test_the_navigation_holds_the_list_pages_and_no_activity(world):
    flat = [page.path for entry in _generate(world).nav for page in entry.pages()]
    assert flat[0] == "index.md"
    assert "omraader/index.md" in flat and "medarbejdere/index.md" in flat
    assert not any(path.startswith("aktiviteter/") for path in flat)


def test_the_citizens_menu_is_the_primary_pages_in_order_then_the_lists_in_one_section(world):
    nav = _generate(world).nav
    *primary, lists = nav
    assert [(e.title, e.path) for e in primary] == [
        ("Søg", "index.md"), ("Kort", "kort/index.md"), ("I dag", "i-dag/index.md"),
        *[("Min liste", "min-liste/index.md")] * any(e.path == "min-liste/index.md" for e in primary),
        ("Til medarbejdere", "medarbejdere/index.md"), ("Tilføj en aktivitet", "ny-aktivitet/index.md"),
        ("Foreninger", "foreninger/index.md"),
    ]  # fmt: skip
    assert not any(e.children for e in primary)
    assert lists.title == "Lister over aktiviteter" and lists.path == ""
    folders = ["omraader", "interesser", "maalgrupper", "ugedage", "hjemme-hos-dig", "denne-uge"]
    assert [e.path for e in lists.children] == [f"{folder}/index.md" for folder in folders]
    assert lists.as_mkdocs() == {"Lister over aktiviteter": [{e.title: e.path} for e in lists.children]}


def test_an_entry_of_the_menu_whose_page_is_not_made_is_left_out():
    made = {"index.md", "kort/index.md", "omraader/index.md"}
    nav = navigation(Messages(), [], made)
    assert [e.path for e in nav] == ["index.md", "kort/index.md", ""]
    made |= {f"{urls.SHORTLIST}/index.md", "hjemme-hos-dig/index.md"}
    nav = navigation(Messages(), [], made)
    assert [e.path for e in nav[:-1]] == ["index.md", "kort/index.md", "min-liste/index.md"]
    assert nav[2].title == "Min liste"
    assert [e.path for e in nav[-1].children] == ["hjemme-hos-dig/index.md"]


def test_the_developers_pages_are_in_the_section_for_associations_and_the_coordinator_not_the_citizens_menu():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"] == [{"For foreninger og koordinatoren": [
        {"Vejledning for foreninger": "tilfoej-aktivitet.md"}, {"Til koordinatoren": "koordinator.md"},
        {"Feltreference": "felter.md"}, {"Kommandoer": "kommandoer.md"},
    ]}]  # fmt: skip
    assert "navigation.tabs" not in config["theme"]["features"]  # the menu is the theme's own bar


def test_activity_page_says_when_where_and_who_in_danish(world):
    page = _pages(world)[STRIKKECAFE]
    assert "Hver tirsdag kl. 10.00–12.00" in page
    assert "Måløv Kulturhus, Måløv Hovedgade 55, 2760 Måløv" in page
    assert '<a href="../../foreninger/frivilligcenter/">Testbyens Frivilligcenter</a>' in page
    assert "1. september 2026" in page


def test_barrier_answers_are_said_in_words_and_unknown_is_ikke_oplyst(world):
    page = _pages(world)[STRIKKECAFE]
    step_free = '<li class="vv-answer vv-answer--good" data-vv-question="accessibility.step_free" data-vv-answer="ja">'
    assert step_free + '<span class="vv-answer__title">Niveaufri adgang:' in page
    assert re.search(r"vv-answer--unknown.*Teleslynge:</span> <span class=\"vv-answer__label\">Ikke oplyst", page)


def test_the_search_index_gets_each_current_activity_with_its_facets(world):
    site = _generate(world)
    [view] = site.current
    assert view.id == "strikkecafe"
    for facet in (("omraade", "måløv"), ("kategori", "kreativ"), ("ugedag", "tirsdag"), ("tidspunkt", "formiddag"),
                  ("form", "fremmøde"), ("gratis", "ja"), ("step_free", "ja"), ("host", "ja"),
                  ("hearing_loop", "ukendt")):  # fmt: skip
        assert facet in view.filters


def test_ended_activities_are_not_given_to_the_search_index(world):
    edit_record(world, "reviewed: 2026-09-01", "status: ophørt\nreviewed: 2026-09-01")
    assert _generate(world).current == []


def test_activity_page_has_schema_org_data(world):
    page = _pages(world)[STRIKKECAFE]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == "Event"
    assert data["location"]["address"]["postalCode"] == "2760"
    assert [s["byDay"] for s in data["eventSchedule"]] == [["https://schema.org/Tuesday"]]
    assert data["isAccessibleForFree"] is True
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 55.7471, "longitude": 12.3191}


def test_a_venue_placed_by_the_geocoding_cache_has_its_point_in_the_structured_data(world):
    edit_record(world, "  coordinates: {lat: 55.7471, lon: 12.3191}\n", "")
    (world / "geocache.yaml").write_text("måløv hovedgade 55, 2760 måløv: {lat: 55.7469, lon: 12.3188}\n", "utf-8")
    page = _pages(world)[STRIKKECAFE]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["location"]["geo"]["latitude"] == 55.7469


def test_structured_data_cannot_close_its_script(world):
    edit_record(world, "title: Strikkecafé i Måløv", 'title: "Strik </script><script>alert(1)</script>"')
    page = _pages(world)[STRIKKECAFE]
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert "<" not in script
    assert "<script>alert" not in page


def test_contacts_without_consent_are_not_published(world):
    edit_record(world, "consent: ja\n    consent_date: 2026-03-01", "consent: nej")
    page = _pages(world)[STRIKKECAFE]
    assert "Hanne" not in page
    assert "44 97 12 34" not in page


def test_contributor_text_is_escaped_in_markup_and_title(world):
    edit_record(world, "title: Strikkecafé i Måløv", "title: \"Strik <script>alert(1)</script> & 'kaffe'\"")
    page = _pages(world)[STRIKKECAFE]
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_area_page_lists_venue_activities_and_home_offers_that_serve_it(world):
    (world / "activities" / "besøgsven.yaml").write_text(
        "title: Besøgsven\nsummary: En frivillig kommer hjem til dig.\norganisation: seniorklubben\n"
        "categories: [samtale-og-besøg]\nform: hjemme\nservice_area: [hele-kommunen]\n"
        "schedule: {frequency: efter-aftale}\nreviewed: 2026-10-01\n",
        encoding="utf-8",
    )
    pages = _pages(world)
    assert "Strikkecafé i Måløv" in pages["omraader/måløv.md"]
    assert "Besøgsven" in pages["omraader/måløv.md"] and "Besøgsven" in pages["omraader/vest.md"]
    assert "Strikkecafé i Måløv" not in pages["omraader/vest.md"]
    assert "Besøgsven" in pages["hjemme-hos-dig/index.md"]


def test_weekday_pages_list_by_time(world):
    pages = _pages(world)
    assert "Strikkecafé i Måløv" in pages["ugedage/tirsdag.md"]
    assert "Strikkecafé i Måløv" not in pages["ugedage/onsdag.md"]


def test_generation_writes_nothing_into_docs(world):
    (world / "docs").mkdir()
    before = sorted(p.name for p in (world / "docs").iterdir())
    _pages(world)
    assert sorted(p.name for p in (world / "docs").iterdir()) == before


def test_ended_activities_leave_the_lists_but_keep_a_short_page(world):
    edit_record(world, "reviewed: 2026-09-01", "status: ophørt\nreviewed: 2026-09-01")
    pages = _pages(world)
    assert "Denne aktivitet er stoppet." in pages[STRIKKECAFE]
    assert "Hanne" not in pages[STRIKKECAFE]
    assert "Strikkecafé i Måløv" not in pages["omraader/måløv.md"]
    assert "Strikkecafé i Måløv" not in pages["foreninger/frivilligcenter.md"]


def test_paused_activities_say_until_when(world):
    edit_record(world, "reviewed: 2026-09-01", "status: pause\npaused_until: 2027-01-10\nreviewed: 2026-09-01")
    pages = _pages(world)
    assert "Holder pause til 10. januar 2027." in pages[STRIKKECAFE]
    assert "Holder pause til 10. januar 2027." in pages["omraader/måløv.md"]


def test_stale_activities_carry_a_notice(world):
    edit_record(world, "reviewed: 2026-09-01", "reviewed: 2025-10-01")
    page = _pages(world)[STRIKKECAFE]
    assert "Oplysningerne er ikke bekræftet siden 1. oktober 2025." in page


def test_activities_unconfirmed_beyond_the_limit_leave_the_lists(world):
    edit_record(world, "reviewed: 2026-09-01", "reviewed: 2025-05-22")  # 18 months before TODAY
    assert "Strikkecafé i Måløv" not in _pages(world)["omraader/måløv.md"]
    edit_record(world, "reviewed: 2025-05-22", "reviewed: 2025-05-24")  # not yet 18 months
    assert "Strikkecafé i Måløv" in _pages(world)["omraader/måløv.md"]


def test_an_activity_on_dates_leaves_the_lists_after_its_last_date(world):
    dates = "  frequency: datoer\n  dates: [2026-10-01, 2026-11-20]"
    edit_record(world, "  frequency: ugentlig\n  weekdays: [tirsdag]", dates)
    assert "Strikkecafé i Måløv" not in _pages(world)["omraader/måløv.md"]
    edit_record(world, "2026-11-20]", "2026-11-24]")
    assert "Strikkecafé i Måløv" in _pages(world)["omraader/måløv.md"]


def test_pages_drawn_on_every_core_are_the_pages_drawn_in_one_process(monkeypatch, request):
    """The repository's example municipality, generated in one process and in two."""
    from pathlib import Path

    settings = load_settings(Path(__file__).parent.parent.parent)
    result = validate_project(settings, TODAY)
    monkeypatch.setenv("VEJVISER_WORKERS", "1")
    alone = generate_pages(Directory(settings, result, Messages(), TODAY))
    forks = request.getfixturevalue("on_two_cores")
    spread = generate_pages(Directory(settings, result, Messages(), TODAY))
    assert forks == ["fork"]
    assert len(alone.pages) > len(result.activities)
    assert spread.pages == alone.pages
    assert spread.descriptions == alone.descriptions and spread.current == alone.current


def test_the_staff_page_sends_staff_to_the_map_for_what_is_near_a_citizen(world):
    page = _pages(world)["medarbejdere/index.md"]
    assert 'href="../kort/">Åbn kortet</a>' in page
    assert "skriv borgerens postnummer under" in page
