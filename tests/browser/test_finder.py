"""The front page's finder in Chromium: results first, the filters beside them or in a panel, chips, the
live count, the empty result, the map link and the back button, on an iPad, a phone and a desktop."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import REPO
from vejviser.settings import load_settings

pytestmark = pytest.mark.browser

IPAD = {"width": 820, "height": 1180}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"820x1180": IPAD, "375x812": PHONE, "1280x900": DESKTOP}
SHOTS = Path("/tmp/finder")
#: A search with results in the example, and one that finds nothing.
WORD = "sang"
NOTHING = "xyzzyqx"
STATUS = "[data-vv-status]"
CARDS = "[data-vv-results] > li"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _axe(page) -> list:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def _open(page, base_url, query: str = "", size: dict = DESKTOP) -> None:
    page.set_viewport_size(size)
    response = page.goto(base_url + query)
    assert response.ok
    page.wait_for_load_state("networkidle")


def _search(page, text: str) -> None:
    page.fill("#vv-q", text)
    page.keyboard.press("Enter")
    page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {text!r}")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.includes(' fundet') || "
                           f"document.querySelector({STATUS!r}).textContent.includes('Ingen')")  # fmt: skip


def _count(page) -> int:
    text = page.locator(STATUS).inner_text()
    return 0 if text.startswith("Ingen") else int(text.split()[0])


def _inside(page, selector: str) -> bool:
    """Whether the element is wholly inside the viewport as the page stands (nothing scrolled)."""
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
             return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""",
        selector,
    )


def _phone_of_the_coordinator() -> str:
    return load_settings(REPO).contact.phone


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_search_shows_its_count_and_first_result_card_in_the_first_screen(page, base_url, size):
    _open(page, base_url, "", SIZES[size])
    _search(page, WORD)
    page.wait_for_selector(CARDS)
    _shot(page, f"search-{size}")
    assert page.evaluate("scrollY") == 0
    assert _count(page) > 0
    assert _inside(page, STATUS)
    assert _inside(page, f"{CARDS}:first-child")


def test_result_cards_use_the_phone_s_full_width(page, base_url):
    _open(page, base_url, f"?q={WORD}", PHONE)
    page.wait_for_selector(CARDS)
    width = page.evaluate(f"document.querySelector({CARDS!r}).getBoundingClientRect().width")
    assert width >= PHONE["width"] - 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_ticked_filter_changes_the_count_and_the_chips_and_the_status_says_so(page, base_url):
    _open(page, base_url, f"?q={WORD}")
    page.wait_for_selector(CARDS)
    before = _count(page)
    assert page.locator("[data-vv-chips] button").count() == 0
    page.locator("[data-vv-aside] details[data-group='hvor'] > summary").click()
    label = page.locator("[data-vv-aside] label[for^='vv-f-omraade-']:has-text('(')").first
    label.wait_for()
    shown = int(label.inner_text().rsplit("(", 1)[1].rstrip(")"))
    assert 0 < shown < before, "the test needs an area with some but not all of the results"
    label.click()
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('{shown} ')")
    assert _count(page) == shown == page.locator(CARDS).count()
    chips = page.locator("[data-vv-chips] [data-vv-chip]")
    assert chips.count() == 1
    area = label.inner_text().rsplit(" (", 1)[0]
    assert area in chips.first.inner_text()
    assert page.locator("[data-vv-chips] button", has_text="Ryd alle filtre").count() == 1
    heights = page.locator("[data-vv-chips] button").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height)")
    assert min(heights) >= 44
    assert page.locator(STATUS).get_attribute("role") == "status"
    assert page.locator(STATUS).get_attribute("aria-live") == "polite"


def test_a_chip_is_removed_by_keyboard_and_focus_goes_to_the_next_chip_then_to_the_count(page, base_url):
    _open(page, base_url, f"?q={WORD}&ugedag=tirsdag&ugedag=torsdag")
    page.wait_for_selector("[data-vv-chip]")
    chips = page.locator("[data-vv-chips] [data-vv-chip]")
    assert chips.count() == 2
    chips.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).getAll('ugedag').length === 1")
    # the chip that took the removed one's place has focus, once the search is drawn again
    page.wait_for_function("document.querySelectorAll('[data-vv-chip]').length === 1")
    page.wait_for_function("document.activeElement.matches('[data-vv-chip]')")
    assert "Torsdag" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Space")
    page.wait_for_function("!location.search.includes('ugedag')")
    page.wait_for_function(f"document.activeElement === document.querySelector({STATUS!r})")
    assert page.locator("[data-vv-chips] button").count() == 0


def test_clear_all_filters_removes_every_chip_and_keeps_the_words(page, base_url):
    _open(page, base_url, f"?q={WORD}&ugedag=tirsdag&gratis=ja")
    page.wait_for_selector("[data-vv-chip]")
    page.locator("[data-vv-chips] button", has_text="Ryd alle filtre").click()
    page.wait_for_function("!location.search.includes('ugedag') && !location.search.includes('gratis')")
    assert parse_qs(urlsplit(page.url).query) == {"q": [WORD]}
    assert page.locator("[data-vv-chips] button").count() == 0


def test_on_an_ipad_the_filters_open_in_a_panel_that_returns_focus_to_its_button(page, base_url):
    _open(page, base_url, f"?q={WORD}", IPAD)
    page.wait_for_selector(CARDS)
    button = page.locator("[data-vv-open]")
    assert button.is_visible()
    assert not page.locator("[data-vv-aside]").is_visible()
    assert button.inner_text() == "Filtrér"
    before = _count(page)
    button.click()
    panel = page.locator("dialog[data-vv-panel]")
    assert panel.evaluate("d => d.open && d.matches(':modal')")
    assert page.evaluate("document.querySelector('dialog[data-vv-panel]').contains(document.activeElement)")
    assert panel.locator("h2").inner_text() == "Filtre"
    panel.locator("details[data-group='pris'] > summary").click()
    panel.locator("label[for='vv-f-gratis-ja']:has-text('(')").wait_for()
    page.check("#vv-f-gratis-ja")
    page.wait_for_function("location.search.includes('gratis=ja')")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent !== '' && "
                           f"!document.querySelector({STATUS!r}).textContent.startsWith('{before} ')")  # fmt: skip
    page.wait_for_function("document.querySelector('[data-vv-open]').textContent === 'Filtrér (1)'")
    done = panel.locator("[data-vv-done]")
    assert done.inner_text() in (f"Vis {_count(page)} resultater", "Vis 1 resultat")
    assert page.evaluate("document.activeElement.id") == "vv-f-gratis-ja"  # the redrawn box keeps focus
    _shot(page, "panel-820x1180")
    assert _axe(page) == []
    done.click()
    assert not panel.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('[data-vv-open]')")
    assert page.locator("[data-vv-chip]").count() == 1
    # Esc closes it too, and the close button; each time focus is back on the button
    button.click()
    assert panel.evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not panel.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('[data-vv-open]')")
    button.click()
    panel.locator("[data-vv-close]").click()
    assert not panel.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('[data-vv-open]')")


def test_on_a_phone_the_panel_fills_the_screen_and_its_button_stays_in_sight(page, base_url):
    _open(page, base_url, f"?q={WORD}", PHONE)
    page.wait_for_selector(CARDS)
    page.locator("[data-vv-open]").click()
    page.locator("dialog[data-vv-panel] details[data-group='hvor'] > summary").click()
    page.locator("dialog[data-vv-panel] label:has-text('(')").first.wait_for()
    box = page.locator("dialog[data-vv-panel]").bounding_box()
    assert box["width"] == PHONE["width"] and box["height"] == PHONE["height"]
    assert _inside(page, "[data-vv-done]") and _inside(page, "[data-vv-close]")
    _shot(page, "panel-375x812")


def test_at_1280_the_filters_stand_beside_the_results(page, base_url):
    _open(page, base_url, f"?q={WORD}", DESKTOP)
    page.wait_for_selector(CARDS)
    assert not page.locator("[data-vv-open]").is_visible()
    filters = page.locator("[data-vv-aside]").bounding_box()
    results = page.locator("[data-vv-results]").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert filters["y"] < results["y"] + results["height"] and results["y"] < filters["y"] + filters["height"]
    assert page.locator("[data-vv-aside] [data-vv-facets] details").count() > 0
    _shot(page, "beside-1280x900")


def test_the_filters_move_into_the_panel_when_the_screen_narrows(page, base_url):
    _open(page, base_url, f"?q={WORD}", DESKTOP)
    page.wait_for_selector(CARDS)
    page.set_viewport_size(IPAD)
    page.wait_for_function("document.querySelector('[data-vv-panel] [data-vv-facets]') !== null")
    assert page.locator("[data-vv-open]").is_visible()
    page.set_viewport_size(DESKTOP)
    page.wait_for_function("document.querySelector('[data-vv-aside] [data-vv-facets]') !== null")
    assert not page.locator("[data-vv-open]").is_visible()


@pytest.mark.parametrize("size", ["375x812", "1280x900"])
def test_the_empty_result_names_the_coordinator_s_phone_and_asks_to_remove_a_filter_only_with_one(page, base_url, size):
    phone = _phone_of_the_coordinator()
    _open(page, base_url, f"?q={NOTHING}", SIZES[size])
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('Ingen')")
    status = page.locator(STATUS)
    assert "Ingen aktiviteter passer" in status.inner_text()
    assert "fjerne et filter" not in status.inner_text()
    link = status.locator("a[href^='tel:']")
    assert link.inner_text() == phone
    assert link.get_attribute("href") == "tel:" + phone.replace(" ", "")
    assert load_settings(REPO).contact.name in status.inner_text()
    assert page.locator(CARDS).count() == 0
    _shot(page, f"empty-{size}")
    assert _axe(page) == []
    _open(page, base_url, f"?q={NOTHING}&gratis=ja", SIZES[size])
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('Ingen')")
    assert "Prøv at fjerne et filter" in status.inner_text()
    assert status.locator("a[href^='tel:']").inner_text() == phone
    _shot(page, f"empty-with-filter-{size}")


def test_the_map_link_carries_the_search_and_its_filters(page, base_url):
    _open(page, base_url, f"?q={WORD}&omraade=m%C3%A5l%C3%B8v&ugedag=tirsdag")
    page.wait_for_selector("[data-vv-chip]")
    link = page.locator("[data-vv-to-map]")
    assert link.is_visible() and link.inner_text() == "Vis på kortet"
    target = urlsplit(link.evaluate("a => a.href"))
    assert target.path.endswith("/kort/")
    assert parse_qs(target.query) == {"q": [WORD], "omraade": ["måløv"], "ugedag": ["tirsdag"]}
    page.locator("[data-vv-chip]").first.click()
    page.wait_for_function("!document.querySelector('[data-vv-to-map]').href.includes('omraade')")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path.endswith("/kort/")
    assert parse_qs(urlsplit(page.url).query) == {"q": [WORD], "ugedag": ["tirsdag"]}


def test_back_and_forward_restore_the_search_its_filters_and_its_count(page, base_url):
    _open(page, base_url, "", IPAD)
    _search(page, WORD)
    page.wait_for_selector(CARDS)
    searched = _count(page)
    page.locator("[data-vv-open]").click()
    page.locator("dialog details[data-group='pris'] > summary").click()
    page.locator("label[for='vv-f-gratis-ja']:has-text('(')").wait_for()
    page.check("#vv-f-gratis-ja")
    page.wait_for_function("location.search.includes('gratis=ja')")
    page.locator("[data-vv-done]").click()
    page.wait_for_selector("[data-vv-chip]")
    page.wait_for_function(f"!document.querySelector({STATUS!r}).textContent.startsWith('{searched} ')")
    filtered = _count(page)
    page.go_back()
    page.wait_for_function("!location.search.includes('gratis')")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('{searched} ')")
    assert page.locator("[data-vv-chip]").count() == 0
    assert page.locator("[data-vv-open]").inner_text() == "Filtrér"
    assert page.input_value("#vv-q") == WORD
    page.go_back()
    page.wait_for_function("location.search === ''")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent === ''")
    assert page.input_value("#vv-q") == ""
    assert page.locator(CARDS).count() == 0
    page.go_forward()
    page.go_forward()
    page.wait_for_function("location.search.includes('gratis=ja')")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('{filtered} ')")
    assert page.locator("[data-vv-chip]").count() == 1
    assert page.locator("[data-vv-open]").inner_text() == "Filtrér (1)"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_search_with_results_has_no_axe_violations(page, base_url, size):
    _open(page, base_url, f"?q={WORD}&gratis=ja", SIZES[size])
    page.wait_for_selector(CARDS)
    assert _axe(page) == []


#: A stand-in for query.js (another part's), to drive the contract search.js keeps with it.
FAKE_QUERY = """
export function understand(text, words) {
  const query = (text || "").trim();
  if (query === "2760") {
    return { query: null, filters: { omraade: ["måløv"] }, notes: ["Postnummer 2760: Måløv"], suggestion: null };
  }
  if (query === "sxngqx") return { query: "sxngqx", filters: {}, notes: [], suggestion: "sang" };
  return { query: query || null, filters: {}, notes: [], suggestion: null };
}
"""


def _with_fake_query(page) -> None:
    page.route(
        "**/assets/vejviser/query.js", lambda route: route.fulfill(body=FAKE_QUERY, content_type="text/javascript")
    )


def test_filters_the_typed_words_bring_narrow_the_search_and_are_said_not_shown_as_chips(page, base_url):
    _open(page, base_url, "?omraade=m%C3%A5l%C3%B8v")
    page.wait_for_selector(CARDS)
    in_the_area = _count(page)
    _with_fake_query(page)
    _open(page, base_url, "")
    _search(page, "2760")
    assert _count(page) == in_the_area
    assert "Postnummer 2760: Måløv" in page.locator(STATUS).inner_text()
    assert page.locator("[data-vv-chip]").count() == 0
    # a chosen area beside the postcode's: both must hold, so nothing is found
    _open(page, base_url, "?q=2760&omraade=skovlunde")
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.startsWith('Ingen')")


def test_a_close_miss_offers_did_you_mean_which_runs_that_search(page, base_url):
    _with_fake_query(page)
    _open(page, base_url, "?q=sxngqx")
    button = page.locator(f"{STATUS} button", has_text="Mente du »sang«?")
    button.wait_for()
    button.click()
    page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {WORD!r}")
    page.wait_for_selector(CARDS)
    assert page.locator(f"{STATUS} button").count() == 0
    assert page.input_value("#vv-q") == WORD


def test_without_javascript_the_front_page_offers_the_search_form_and_the_lists(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url)
    assert page.locator("form[role=search] #vv-q").is_visible()
    assert not page.locator("[data-vv-open]").is_visible()
    assert not page.locator("dialog[data-vv-panel]").is_visible()
    assert page.locator("a[href*='omraader/']").count() >= 6
    page.fill("#vv-q", WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert parse_qs(urlsplit(page.url).query) == {"q": [WORD]}  # it submits to itself
    context.close()
