"""The website in a real browser: accessibility, keyboard, reflow, privacy of requests, search and facets."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import TILE_HOST

pytestmark = pytest.mark.browser

#: One page of every type the site has.
PAGE_TYPES = {
    "front": "",
    "front with filters": "?ugedag=tirsdag&omraade=m%C3%A5l%C3%B8v",
    "activity": "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/",
    "ended activity": "aktiviteter/bowling-skovlunde/",
    "area": "omraader/m%C3%A5l%C3%B8v/",
    "areas": "omraader/",
    "interest": "interesser/kreativ/",
    "target group": "maalgrupper/demens/",
    "weekday": "ugedage/tirsdag/",
    "at home": "hjemme-hos-dig/",
    "today": "i-dag/",
    "this week": "denne-uge/",
    "organisation": "foreninger/m%C3%A5l%C3%B8v-frivilligcenter/",
    "organisations": "foreninger/",
    "staff": "medarbejdere/",
    "guide for associations": "tilfoej-aktivitet/",
    "add an activity (form)": "ny-aktivitet/",
    "field reference": "felter/",
    "map": "kort/",
}


def _open(page, base_url, path):
    response = page.goto(base_url + path)
    assert response.ok, path
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page, base_url, name):
    _open(page, base_url, PAGE_TYPES[name])
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], name


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_type_loads_nothing_from_a_third_party_but_map_tiles(page, base_url, name):
    _open(page, base_url, PAGE_TYPES[name])
    if name == "map":
        page.wait_for_selector(".marker-cluster")
    outside = [url for url in page.requests if not url.startswith(base_url) and not url.startswith("data:")]
    assert [url for url in outside if not url.startswith(TILE_HOST)] == []
    assert all(url.startswith(TILE_HOST) for url in outside)
    if name == "map":
        assert outside, "the map asks the tile host for its background"


@pytest.mark.parametrize("name", ["front", "activity", "area", "field reference", "map"])
def test_no_horizontal_scrolling_at_320_px(page, base_url, name):
    page.set_viewport_size({"width": 320, "height": 700})
    _open(page, base_url, PAGE_TYPES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("name", ["front", "activity", "area"])
def test_body_text_is_at_least_18_px(page, base_url, name):
    _open(page, base_url, PAGE_TYPES[name])
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset p, .md-typeset li, .md-typeset dd')]
               .filter(e => e.offsetParent !== null && e.textContent.trim())
               .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 18, sorted(set(sizes))


def test_searching_in_danish_finds_inflected_words(page, base_url):
    _open(page, base_url, "")
    page.fill("#vv-q", "gåtur")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-vv-results] li")
    titles = page.locator("[data-vv-results] li h3").all_inner_texts()
    assert any("Gåtur" in t or "gåtur" in t.lower() for t in titles)
    assert any("gåture" in t.lower() or "gå" in t.lower() for t in titles)
    assert parse_qs(urlsplit(page.url).query)["q"] == ["gåtur"]


def test_a_search_result_leads_to_its_activity_page(page, base_url):
    _open(page, base_url, "")
    page.fill("#vv-q", "strikkecafé")
    page.keyboard.press("Enter")
    link = page.locator("[data-vv-results] a", has_text="Strikkecafé i Måløv")
    link.wait_for()
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.ok
    assert page.locator("h1").first.inner_text() == "Strikkecafé i Måløv"


def test_facets_combine_show_counts_live_in_the_url_and_the_back_button_works(page, base_url):
    _open(page, base_url, "")
    page.locator("details[data-group='hvor'] > summary").click()
    page.wait_for_selector("label[for='vv-f-omraade-måløv']:has-text('(')")  # counts arrive with the filters
    page.check("#vv-f-omraade-måløv")
    page.wait_for_function("location.search.includes('omraade')")
    first = page.locator("[data-vv-status]").inner_text()
    page.locator("details:has(#vv-f-ugedag-tirsdag) > summary").click()
    page.check("#vv-f-ugedag-tirsdag")
    page.wait_for_function("location.search.includes('ugedag')")
    page.wait_for_function(f"document.querySelector('[data-vv-status]').textContent !== {first!r}")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"omraade": ["måløv"], "ugedag": ["tirsdag"]}
    label = page.locator("label[for='vv-f-gratis-ja']").text_content()
    assert "(" in label  # a count beside each value
    page.wait_for_selector("[data-vv-results] li")  # the list follows the status line
    assert page.locator("[data-vv-results] li").count() > 0
    page.go_back()
    page.wait_for_function("!location.search.includes('ugedag')")
    assert not page.is_checked("#vv-f-ugedag-tirsdag") if page.locator("#vv-f-ugedag-tirsdag").count() else True
    assert page.is_checked("#vv-f-omraade-måløv")


def test_filter_groups_opened_during_a_drawing_stay_open_and_are_the_same_boxes_after_it(page, base_url):
    """The facets are redrawn with new counts; the reader's open groups and clicks are kept."""
    _open(page, base_url, "")
    summaries = page.locator("[data-vv-facets] details > summary")
    assert summaries.count() >= 3
    for summary in summaries.all():  # clicked in a row: the first opens and starts a drawing meanwhile
        summary.click()
    page.wait_for_selector("[data-vv-results]:not([aria-busy])", state="attached")
    every_open = "[...document.querySelectorAll('[data-vv-facets] details')].every((d) => d.open)"
    assert page.evaluate(every_open)
    page.evaluate("document.querySelectorAll('[data-vv-facets] details').forEach((d) => { d.vvKept = true; })")
    page.fill("#vv-q", "sang")
    page.press("#vv-q", "Enter")
    page.wait_for_function("location.search.includes('q=')")
    page.wait_for_selector("[data-vv-results]:not([aria-busy]) li")
    assert page.evaluate(every_open)
    assert page.evaluate("[...document.querySelectorAll('[data-vv-facets] details')].every((d) => d.vvKept)")
    assert page.locator("[data-vv-facets] label:has-text('(')").count() > 0  # new counts were drawn


def test_a_sent_link_opens_with_its_filters_and_each_can_be_removed(page, base_url):
    _open(page, base_url, PAGE_TYPES["front with filters"])
    page.wait_for_selector("[data-vv-results] li")
    assert page.is_checked("#vv-f-omraade-måløv")
    chips = page.locator("[data-vv-chips] button")
    assert chips.count() == 3  # two filters and "remove all"
    chips.first.click()
    page.wait_for_function("location.search.split('&').length === 1")
    assert page.locator("[data-vv-chips] button").count() == 2


def test_search_and_facets_work_with_the_keyboard_alone_with_visible_focus(page, base_url):
    _open(page, base_url, "")
    page.focus("#vv-q")
    page.keyboard.type("sang")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-vv-results] li")
    # Tab to the first filter group, open it with Enter, tab to its first checkbox, tick it with Space.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    summary_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert summary_outline != "none"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"
    name = page.evaluate("document.activeElement.name")
    page.keyboard.press("Space")
    page.wait_for_function(f"location.search.includes({name!r})")
    assert page.evaluate("document.activeElement.type") == "checkbox"  # focus stays on the facet


def test_without_javascript_the_lists_still_give_the_whole_content(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["area"])
    titles = page.locator(".vv-card__title").all_inner_texts()
    assert "Strikkecafé i Måløv" in titles
    page.goto(base_url)
    assert page.locator("noscript").count() == 1
    assert page.locator("a[href*='omraader/']").count() >= 6
    context.close()


def _count(page) -> int:
    text = page.locator("[data-vv-status]").inner_text()
    return 1 if text.startswith("1 aktivitet") else int(text.split()[0])


def test_the_count_beside_another_value_of_a_chosen_facet_is_what_choosing_it_gives(page, base_url):
    """Values of one facet combine with "or", so their counts ignore the facet's own choice."""
    _open(page, base_url, "?omraade=m%C3%A5l%C3%B8v")
    page.wait_for_selector("[data-vv-results] li")
    label = page.locator("label[for='vv-f-omraade-skovlunde']").text_content()
    shown = int(label.rsplit("(", 1)[1].rstrip(")"))
    _open(page, base_url, "?omraade=skovlunde")
    page.wait_for_selector("[data-vv-results] li")
    assert _count(page) == shown


def test_the_menu_on_an_activity_page_opens_and_leads_to_the_lists_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    _open(page, base_url, PAGE_TYPES["activity"])
    page.locator("button.vv-menu-button").click()  # nav.js's, in place of Material's label
    link = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Områder")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/omraader/")
