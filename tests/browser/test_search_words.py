"""The search understands the citizens' words, in Chromium on the built example: each word finds what
its filter finds, synonyms find each other, a postcode or an area's name narrows to its areas, and a
close miss is offered as "Mente du ...?"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from vejviser.i18n import Messages
from vejviser.site.search_words import fold

pytestmark = pytest.mark.browser

M = Messages("da")
REPO = Path(__file__).resolve().parents[2]

#: Pagefind and query.js loaded in the page the way search.js loads them; a search for ``text``
#: (understood by query.js, unless null) and ``filters``, giving the ids of what it finds.
SEARCH = """async ([text, filters]) => {
  const root = document.querySelector("[data-vv-search]");
  const base = new URL(root.dataset.vvRoot || "./", location.href);
  const pagefind = await import(new URL(root.dataset.vvIndex, base).href);
  await pagefind.options({ baseUrl: base.pathname });
  const { understand } = await import(new URL("assets/vejviser/query.js", base).href);
  const data = JSON.parse(document.getElementById("vv-facet-data").textContent);
  let query = text, extra = {};
  if (text !== null) ({ query, filters: extra } = understand(text, data.words));
  const all = Object.entries({ ...filters, ...extra }).map(([k, v]) => [k, { any: [].concat(v) }]);
  const found = await pagefind.search(query, { filters: Object.fromEntries(all) });
  return Promise.all(found.results.map(async (r) => (await r.data()).meta.id));
}"""

UNDERSTAND = """async ([texts]) => {
  const root = document.querySelector("[data-vv-search]");
  const base = new URL(root.dataset.vvRoot || "./", location.href);
  const { understand } = await import(new URL("assets/vejviser/query.js", base).href);
  const data = JSON.parse(document.getElementById("vv-facet-data").textContent);
  return texts.map((text) => understand(text, data.words));
}"""


@pytest.fixture(scope="module")
def front(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


def _ids(page, text, filters=None) -> set[str]:
    return set(page.evaluate(SEARCH, [text, filters or {}]))


def _says(activity_id: str, word: str) -> bool:
    """Whether the record's own text (title, summary, description) says the word."""
    record = yaml.safe_load((REPO / "activities" / f"{activity_id}.yaml").read_text(encoding="utf-8"))
    return word in " ".join(str(record.get(key, "")) for key in ("title", "summary", "description")).lower()


# --- each word finds what its filter finds --------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "filters"),
    [
        ("gratis", [{"gratis": "ja"}]),
        # the answer "Plads til rollator og kørestol", not the step-free entrance (a walk may have none)
        ("rollator", [{"rollator_wheelchair": "ja"}]),
        ("kørestol", [{"rollator_wheelchair": "ja"}]),
        ("handicaptoilet", [{"accessible_toilet": "ja"}]),
        ("teleslynge", [{"hearing_loop": "ja"}]),
        ("weekend", [{"ugedag": ["lørdag", "søndag"]}]),
    ],
)
def test_a_citizens_word_finds_what_its_filter_finds_and_what_says_it(front, word, filters):
    by_filter = set().union(*(_ids(front, None, f) for f in filters))
    by_word = _ids(front, word)
    assert by_filter and by_filter <= by_word, by_filter - by_word
    # anything more is an activity whose own text says the word ("Den første måned er gratis")
    extra = by_word - by_filter
    assert all(_says(activity_id, word) for activity_id in extra), extra
    assert len(extra) <= 2, extra


def test_the_citizens_words_do_not_outrank_a_title_that_says_the_word(front):
    # "motion" is also every exercise activity's interest ("Motion og bevægelse"), said at a low weight
    first = front.evaluate(SEARCH.replace("(await r.data()).meta.id", "(await r.data()).meta.title"), ["motion", {}])
    assert "motion" in first[0].lower(), first[:3]


def test_gratis_finds_the_free_activities_not_two_of_them(front):
    assert len(_ids(front, "gratis")) >= len(_ids(front, None, {"gratis": "ja"})) > 10


# --- synonyms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other", "example"),
    [
        ("bingo", "banko", "banko-i-cafeen"),
        ("gymnastik", "motion", "motion-på-stol-rugvænget"),
        ("biograf", "bio", "seniorbio-skovlunde"),
        ("film", "biograf", "seniorbio-skovlunde"),
    ],
)
def test_a_synonym_finds_what_the_word_of_the_record_finds(front, one, other, example):
    found_one, found_other = _ids(front, one), _ids(front, other)
    assert example in found_one and example in found_other
    # what the synonym finds, the record's own word finds too ("motion" finds more: it is an interest's name)
    assert found_one <= found_other, found_one - found_other


def test_bingo_finds_exactly_what_banko_finds(front):
    assert _ids(front, "bingo") == _ids(front, "banko")


# --- postcodes and areas ----------------------------------------------------------------------------


def test_a_postcode_narrows_to_its_area(front):
    maaloev = _ids(front, None, {"omraade": "måløv"})
    assert maaloev and _ids(front, "2760") == maaloev


def test_a_shared_postcode_narrows_to_the_areas_sharing_it(front):
    four = ["ballerup-centrum", "hedegården", "egebjerg", "grantofte"]
    assert _ids(front, "2750") == _ids(front, None, {"omraade": four})
    assert _ids(front, "2750") != _ids(front, None, {})  # not everything


@pytest.mark.parametrize("typed", ["malov", "maaloev", "Maløv", "MÅLØV"])
def test_an_area_typed_without_danish_letters_is_the_area(front, typed):
    maaloev = _ids(front, None, {"omraade": "måløv"})
    found = _ids(front, typed)
    assert found == maaloev and "akvarelmaling-hedegården" not in found


def test_an_area_beside_other_words_filters_and_the_words_are_searched(front):
    assert _ids(front, "malov strikkecafé") == _ids(front, "strikkecafé", {"omraade": "måløv"})
    assert "strikkecafe-i-måløv" in _ids(front, "maaloev strikkecafé")


# --- the pure function --------------------------------------------------------------------------------


def test_understand_turns_postcodes_towns_and_areas_into_filters_with_notes(front):
    postcode, shared, area, town, words, nothing = front.evaluate(
        UNDERSTAND, [["2760", "2750", "maaloev", "Ballerup banko", "strik gratis", "  "]]
    )
    assert postcode == {"query": None, "filters": {"omraade": ["måløv"]}, "notes": ["Postnummer 2760: Måløv"],
                        "suggestion": None}  # fmt: skip
    assert shared["filters"] == {"omraade": ["ballerup-centrum", "hedegården", "egebjerg", "grantofte"]}
    assert shared["notes"] == ["Postnummer 2750: Ballerup Centrum, Hedegården, Egebjerg og Grantofte"]
    assert area["filters"] == {"omraade": ["måløv"]} and area["notes"] == [M("search.note.area", area="Måløv")]
    assert town["query"] == "banko" and len(town["filters"]["omraade"]) == 4
    assert words == {"query": "strik gratis", "filters": {}, "notes": [], "suggestion": None}
    assert nothing["query"] is None and nothing["filters"] == {}


def test_a_postcode_of_elsewhere_is_searched_as_typed_and_said_to_be_elsewhere(front):
    (elsewhere,) = front.evaluate(UNDERSTAND, [["2730"]])
    assert elsewhere["query"] == "2730" and elsewhere["filters"] == {}
    assert elsewhere["notes"] == [M("search.note.postcode_unknown", postcode="2730", known="2740, 2750 eller 2760")]


def test_understand_offers_the_closest_word_for_a_close_miss_only(front):
    results = front.evaluate(UNDERSTAND, [["gymnastk", "rolator", "bnko i måløv", "gymnastik", "gymn", "biografen",
                                            "xqzvwk", "kaffe"]])  # fmt: skip
    assert [r["suggestion"] for r in results] == ["gymnastik", "rollator", "banko i måløv", None, None, None, None,
                                                  None]  # fmt: skip
    assert results[0]["query"] == "gymnastk"  # the search itself is left as typed


def test_the_browser_folds_danish_letters_as_the_build_does(front):
    words = ["Måløv", "maaloev", "Hedegården", "Fællesspisning", "Café", "ÆBLE", "Søndag"]
    folded = front.evaluate(
        """async (words) => {
          const root = document.querySelector("[data-vv-search]");
          const base = new URL(root.dataset.vvRoot || "./", location.href);
          const { fold } = await import(new URL("assets/vejviser/query.js", base).href);
          return words.map(fold);
        }""",
        words,
    )
    assert folded == [fold(w) for w in words]


# --- on the page ------------------------------------------------------------------------------------


def _search(page, base_url, text):
    page.goto(f"{base_url}?q={quote(text)}")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """t => { const s = document.querySelector('[data-vv-status]');
                  return s && s.textContent.trim() && !s.textContent.includes(t); }""",
        arg=M("search.loading"),
    )
    return page.locator("[data-vv-status]").inner_text()


def _shown_ids(page) -> set[str]:
    hrefs = page.locator("[data-vv-results] li a[href*='/aktiviteter/']").evaluate_all("as => as.map(a => a.href)")
    return {unquote(h).rstrip("/").rsplit("/", 1)[1] for h in hrefs}


def test_a_postcode_in_the_search_box_shows_only_its_areas_activities_and_says_so(page, base_url, front):
    maaloev = _ids(front, None, {"omraade": "måløv"})
    status = _search(page, base_url, "2760")
    assert "Postnummer 2760: Måløv" in status
    assert M("search.results", count=len(maaloev)) in status
    shown = _shown_ids(page)
    assert shown and shown <= maaloev


def test_malov_in_the_search_box_shows_maaloev_not_akvarelmaling(page, base_url, front):
    maaloev = _ids(front, None, {"omraade": "måløv"})
    status = _search(page, base_url, "malov")
    assert M("search.results", count=len(maaloev)) in status
    assert "akvarelmaling-hedegården" not in _shown_ids(page) and _shown_ids(page) <= maaloev


def test_a_typo_offers_mente_du_and_the_suggestion_searches(page, base_url):
    status = _search(page, base_url, "gymnastk")
    offer = M("search.did_you_mean", suggestion="gymnastik")
    assert offer in status
    page.get_by_role("button", name=offer).click()
    page.wait_for_function("location.search.includes('gymnastik')")
    page.wait_for_selector("[data-vv-results] li a[href*='motion']")
    assert "motion-på-stol-rugvænget" in _shown_ids(page) or len(_shown_ids(page)) >= 3


@pytest.mark.parametrize("text", ["2760", "gymnastk"])
def test_the_understood_search_has_no_axe_violations(page, base_url, text):
    _search(page, base_url, text)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], text
