"""The map page in Chromium: clusters, the search's filters and counts in step with the list and the URL,
"Nær mig" with a postcode or the device's position and a distance, keyboard use, axe."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from urllib.parse import parse_qs, unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import TILE, TILE_HOST
from vejviser import clock
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.present.facets import DATE_FILTER, WHEN, values_of
from vejviser.settings import load_settings
from vejviser.site.mapdata import facet_values, map_facets, unpack
from vejviser.validate.project import validate_project

pytestmark = pytest.mark.browser


def _open_map(page, base_url):
    assert page.goto(base_url + "kort/").ok
    page.wait_for_selector(".marker-cluster")


def _status(page) -> str:
    return page.locator("[data-vv-map-status]").inner_text()


def _shown(page) -> int:
    return int(re.match(r"(\d+) af", _status(page)).group(1))


def test_the_map_shows_every_placed_activity_in_clusters_and_the_list_carries_them(page, base_url):
    _open_map(page, base_url)
    total = int(re.search(r"af (\d+) aktiviteter", _status(page)).group(1))
    assert total == _shown(page) >= 40
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span[aria-hidden]").all_inner_texts())
    pins = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    assert in_clusters + pins == total
    assert page.locator("[data-vv-map-list] li").count() == min(total, 20)
    page.click("[data-vv-map-more]")
    page.wait_for_function("document.querySelectorAll('[data-vv-map-list] li').length > 20")


def test_a_filter_narrows_the_map_and_the_list_together(page, base_url):
    _open_map(page, base_url)
    before = _shown(page)
    page.click("details.vv-map__filters > summary")
    page.click("details.vv-map__group[data-group='hvad'] > summary")
    page.get_by_label("Motion og bevægelse").check()
    page.wait_for_function(f"!document.querySelector('[data-vv-map-status]').textContent.startsWith('{before} ')")
    after = _shown(page)
    assert 0 < after < before
    listed = page.locator("[data-vv-map-list] li").count()
    assert listed == min(after, 20)
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span[aria-hidden]").all_inner_texts())
    assert in_clusters + page.locator(".leaflet-marker-icon:not(.marker-cluster)").count() == after


def test_near_me_with_a_postcode_sorts_by_distance_in_kilometres(page, base_url):
    _open_map(page, base_url)
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Sorteret')")
    assert "Sorteret efter afstand fra 2760 Måløv." in _status(page)
    places = page.locator("[data-vv-map-list] .vv-card__where").all_inner_texts()
    distances = [float(re.search(r"(\d+,\d) km$", p).group(1).replace(",", ".")) for p in places]
    assert distances == sorted(distances)
    assert distances[0] < 1.0 and "Måløv" in places[0]
    assert page.locator("path.vv-origin").count() == 1  # the postcode's centre is marked on the map


def test_an_unknown_postcode_gets_a_danish_answer(page, base_url):
    _open_map(page, base_url)
    page.fill("#vv-postcode", "9999")
    page.click("[data-vv-near] button[type=submit]")
    alert = page.locator("[data-vv-map-alert]")
    alert.wait_for()
    assert "Postnummeret 9999 kender vejviseren ikke" in alert.inner_text()


def _tab_to_a_marker(page) -> None:
    """From the postcode field, press Tab until a cluster or pin of the map has focus."""
    page.focus("#vv-postcode")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            return
    raise AssertionError("no cluster or pin of the map could be reached with Tab")


def test_clusters_and_pins_work_with_the_keyboard_and_esc_closes_a_popup(page, base_url):
    _open_map(page, base_url)
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")  # zooms in to the nearest pins
    page.wait_for_timeout(800)
    _tab_to_a_marker(page)
    while page.evaluate("document.activeElement.classList.contains('marker-cluster')"):
        page.keyboard.press("Enter")  # zoom into the cluster, then on to the first pin
        page.wait_for_timeout(700)
        _tab_to_a_marker(page)
    pin = page.evaluate_handle("document.activeElement")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .vv-popup a")
    popup.wait_for()
    assert popup.inner_text() == "Se aktiviteten"
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("pin => document.activeElement === pin", pin)  # back on the pin it came from


POPUP_SIZES = """async () => {
  const map = window[document.querySelector('[data-vv-map]').dataset.vvMapName];
  let cluster = null;
  map.eachLayer((layer) => { if (layer instanceof L.MarkerClusterGroup) cluster = layer; });
  const sizes = [];
  for (const marker of cluster.getLayers().slice(0, 3)) {
    await new Promise((resolve) => cluster.zoomToShowLayer(marker, resolve));
    marker.openPopup();
    const box = () => marker.getPopup().getElement().querySelector('.vv-popup h3');
    for (let i = 0; i < 200 && !box(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const content = marker.getPopup().getElement().querySelector('.leaflet-popup-content');
    const inside = map.getContainer().getBoundingClientRect();
    sizes.push([content.getBoundingClientRect().width, content.getBoundingClientRect().top - inside.top]);
    marker.closePopup();
  }
  return sizes;
}"""


def test_a_pins_box_is_laid_out_for_its_words_not_for_the_dots_it_opens_with(page, base_url):
    """The words come after the box opens (fetched): the box is then as wide as they need, and in view."""
    _open_map(page, base_url)
    sizes = page.evaluate(POPUP_SIZES)
    assert len(sizes) == 3
    for width, top in sizes:
        assert width > 150  # not the 51 pixels of "…"
        assert top >= 0  # panned into the map, its title not cut off at the top


def test_a_map_without_tiles_still_gives_its_list_and_says_so(chromium, base_url, site):
    context = chromium.new_context()
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "kort/")
    page.wait_for_selector("[data-vv-map-list] li")
    notice = page.locator("[data-vv-map-tiles]")
    notice.wait_for()
    assert "Kortets baggrund kunne ikke hentes" in notice.inner_text()
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Sorteret')")
    assert notice.is_visible()  # still said, and the list still works
    context.close()


def test_an_activity_with_a_venue_shows_it_on_a_small_map(page, base_url):
    assert page.goto(base_url + "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/").ok
    box = page.locator("[data-vv-minimap]")
    box.locator(".leaflet-marker-icon").wait_for()
    assert box.get_attribute("aria-label") == "Kort over mødestedet: Måløv Kulturhus"
    assert box.locator(".leaflet-marker-icon").count() == 1
    assert any(url.startswith("https://tile.openstreetmap.org/") for url in page.requests)
    assert "OpenStreetMap" in box.locator(".leaflet-control-attribution").inner_text()


def test_an_at_home_offer_has_no_map_but_says_where_it_serves(page, base_url):
    assert page.goto(base_url + "aktiviteter/bes%C3%B8gsven-fra-r%C3%B8de-kors/").ok
    assert page.locator("[data-vv-minimap]").count() == 0
    assert "Kommer hjem til dig" in page.locator(".vv-facts").inner_text()


def test_pins_are_coloured_by_category_and_say_it_in_words(page, base_url):
    _open_map(page, base_url)
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")
    pin = page.locator(".leaflet-marker-icon.vv-pin").first
    pin.wait_for()
    assert re.search(r"vv-pin--\d", pin.get_attribute("class"))
    assert pin.inner_text().startswith("Aktivitet: ")
    colours = page.evaluate(
        "[...document.querySelectorAll('.leaflet-marker-icon.vv-pin')].map(p => getComputedStyle(p).backgroundColor)"
    )
    assert all(colour != "rgba(0, 0, 0, 0)" for colour in colours)
    swatch = page.locator("label[for='vv-m-kategori-0'] .vv-pin--0")
    assert swatch.count() == 1  # the filter's labels are the legend


# --- the search's filters on the map ---------------------------------------------------------------

#: Each checkbox's count as its label ends with it, "Måløv (6)": {facet: {value: count}}.
READ_COUNTS = """(selector) => {
  const out = {};
  for (const input of document.querySelectorAll(selector)) {
    const label = input.labels && input.labels[0];
    const found = label && label.textContent.trim().match(/\\((\\d+)\\)$/);
    if (found) (out[input.name] ||= {})[input.value] = Number(found[1]);
  }
  return out;
}"""
#: Filters a reader may set, by the search's names in the URL (several values of one facet: "or").
FILTER_SETS = [
    {"omraade": ["måløv"], "gratis": ["ja"]},
    {"kategori": ["motion", "kultur"], "ugedag": ["tirsdag"]},
    {"naar": ["denne-uge"], "step_free": ["ja"]},
    {"maalgruppe": ["demens", "enlige"], "tidspunkt": ["formiddag", "eftermiddag"], "host": ["ja"]},
]


def _ready(page, base_url, query: str = "") -> None:
    """The map page with ``query``, once its filters, days and words are worked out."""
    assert page.goto(base_url + "kort/" + query).ok
    page.wait_for_selector("[data-vv-map-ready]", state="attached")


def _left_the_site(page, base_url) -> list[str]:
    return [u for u in page.requests if not u.startswith((base_url, TILE_HOST, "data:"))]


def _on_map(page) -> int:
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span[aria-hidden]").all_inner_texts())
    return in_clusters + page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(math.radians(c) for c in p) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _positions(site) -> list[tuple[float, float]]:
    data = json.loads((site / "kort" / "data.json").read_text(encoding="utf-8"))
    south, west = data["origin"]
    rows = [unpack(data["fields"], packed)[:2] for packed in data["rows"]]
    return [(south + y / data["scale"], west + x / data["scale"]) for y, x in rows]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(scope="module")
def built(site):
    """The built example's settings and directory, for the day it was built."""
    settings = load_settings(site.parent)
    day = clock.today()
    result = validate_project(settings, day)
    return settings, Directory(settings, result, Messages(), day), day


def _unplaced_counts(built, chosen: dict[str, list[str]]) -> dict[str, Counter]:
    """What the search counts and the map cannot show: the listed activities without a place on the map
    (at home, by phone, online, or not geocoded), counted as the search counts (a facet as if its own
    choice were not made), the days from the reader's day included."""
    settings, directory, day = built
    reader = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    named = {"i-dag": [reader], "i-morgen": [reader + dt.timedelta(days=1)],
             "denne-uge": [reader + dt.timedelta(days=n) for n in range(7 - reader.weekday())]}  # fmt: skip
    counts: dict[str, Counter] = defaultdict(Counter)
    for view in directory.current:
        if view.activity.position is not None:
            continue
        values = values_of(view.activity, settings, day)
        values[WHEN] = tuple(v for v, days in named.items() if {d.isoformat() for d in days} & set(values[DATE_FILTER]))
        misses = [key for key, wanted in chosen.items() if not set(wanted) & {str(v) for v in values.get(key, ())}]
        for key, have in values.items():
            if not misses or misses == [key]:
                counts[key].update(str(v) for v in have)
    return counts


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=lambda chosen: "&".join(chosen))
def test_the_maps_counts_are_the_searchs_counts_for_the_same_filters(page, base_url, built, chosen):
    query = "?" + urlencode([(key, value) for key, values in chosen.items() for value in values])
    assert page.goto(base_url + query).ok
    page.wait_for_selector("[data-vv-results] li")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-vv-facets] label')].some(l => /\\(\\d+\\)$/.test(l.textContent.trim()))"
    )
    page.wait_for_load_state("networkidle")
    search = page.evaluate(READ_COUNTS, "[data-vv-facets] input[type=checkbox]")
    _ready(page, base_url, query)
    shown = page.evaluate(READ_COUNTS, "[data-vv-map-form] input[type=checkbox]")
    assert _shown(page) > 0
    unplaced = _unplaced_counts(built, chosen)
    expected = {key: {v: n - unplaced[key][v] for v, n in values.items() if n - unplaced[key][v]}
                for key, values in search.items()}  # fmt: skip
    on_map = {key: {v: n for v, n in values.items() if n} for key, values in shown.items()}
    assert {k: v for k, v in on_map.items() if v} == {k: v for k, v in expected.items() if v}
    assert len(on_map) >= 15  # the search's facets, barrier answers included
    assert _left_the_site(page, base_url) == []


def test_filters_come_over_from_a_front_page_link_and_survive_a_reload(page, base_url, built, site):
    settings, directory, _ = built
    _ready(page, base_url, "?omraade=m%C3%A5l%C3%B8v&gratis=ja")
    assert page.is_checked("input[name=omraade][value='måløv']") and page.is_checked("input[name=gratis][value=ja]")
    chips = page.locator("[data-vv-map-chips] .vv-map__chip").all_inner_texts()
    assert [c.replace("✕", "").strip() for c in chips] == ["Område: Måløv", "Pris: Gratis", "Ryd alle filtre"]
    assert page.locator("[data-vv-map-summary]").inner_text() == "Filtrér (2)"
    facets = {f.key: f for f in map_facets(settings, directory.messages)}
    data = json.loads((site / "kort" / "data.json").read_text(encoding="utf-8"))
    names = [name for name, _, _ in data["fields"]]
    rows = [
        {n: facet_values(facets[n], v) for n, v in zip(names, unpack(data["fields"], p), strict=True) if n in facets}
        for p in data["rows"]
    ]
    expected = sum(1 for r in rows if "måløv" in r["omraade"] and "ja" in r["gratis"])
    page.wait_for_timeout(500)  # the clusters redraw for the zoom that fits the pins
    assert _shown(page) == expected > 0 and _on_map(page) == expected
    # one more, then a reload
    page.click("details.vv-map__filters > summary")
    page.click("details.vv-map__group[data-group='hvornaar'] > summary")
    page.check("input[name=ugedag][value=tirsdag]")
    page.wait_for_function("location.search.includes('ugedag=tirsdag')")
    status = _status(page)
    page.reload()
    page.wait_for_selector("[data-vv-map-ready]", state="attached")
    assert _status(page) == status
    assert _query(page.url) == {"omraade": ["måløv"], "gratis": ["ja"], "ugedag": ["tirsdag"]}
    assert page.is_checked("input[name=ugedag][value=tirsdag]")
    # and back to the search, as a list, with the same filters
    back = page.locator("[data-vv-map-aslist]")
    assert back.inner_text() == "Vis som liste"
    assert urlsplit(back.get_attribute("href")).path == urlsplit(base_url).path
    assert _query(back.get_attribute("href")) == _query(page.url)
    back.click()
    page.wait_for_selector("[data-vv-results] li")
    assert page.is_checked("[data-vv-facets] input[name=ugedag][value=tirsdag]")


def test_removing_a_chip_removes_its_filter_from_the_map_and_the_url(page, base_url):
    _ready(page, base_url, "?omraade=m%C3%A5l%C3%B8v&kategori=motion")
    narrowed = _shown(page)
    page.locator("[data-vv-map-chips] .vv-map__chip").first.click()
    page.wait_for_function("!location.search.includes('omraade')")
    assert _shown(page) > narrowed
    assert page.evaluate("document.activeElement.classList.contains('vv-map__chip')")  # focus stays among the chips
    page.click("text=Ryd alle filtre")
    page.wait_for_function("location.search === ''")
    assert _shown(page) == int(re.search(r"af (\d+) aktiviteter", _status(page)).group(1))


def test_a_distance_from_a_typed_postcode_keeps_only_the_pins_within_it(page, base_url, site):
    data = json.loads((site / "kort" / "data.json").read_text(encoding="utf-8"))
    centre = next((p["lat"], p["lon"]) for p in data["postcodes"] if p["id"] == "2760")
    positions = _positions(site)
    within = {km: sum(1 for p in positions if _km(centre, p) <= km) for km in (2, 5)}
    assert 0 < within[2] < within[5] < len(positions)
    _ready(page, base_url)
    page.fill("#vv-postcode", "2760")
    page.select_option("#vv-distance", "2")
    page.click("[data-vv-near] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Inden for 2 km')")
    assert "Inden for 2 km fra 2760 Måløv, sorteret efter afstand." in _status(page)
    assert _shown(page) == within[2]
    page.wait_for_timeout(500)  # the clusters redraw for the zoom that fits the circle
    assert _on_map(page) == within[2]
    places = page.locator("[data-vv-map-list] .vv-card__where").all_inner_texts()
    distances = [float(re.search(r"(\d+,\d) km$", p).group(1).replace(",", ".")) for p in places]
    assert len(distances) == min(within[2], 20) and distances == sorted(distances) and max(distances) <= 2.0
    assert page.locator("path.vv-reach").count() == 1  # the distance drawn as a circle
    assert _query(page.url) == {"postnummer": ["2760"], "afstand": ["2"]}
    page.select_option("#vv-distance", "5")  # a new distance needs no button
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Inden for 5 km')")
    assert _shown(page) == within[5]
    page.reload()
    page.wait_for_selector("[data-vv-map-ready]", state="attached")
    assert _shown(page) == within[5] and page.input_value("#vv-postcode") == "2760"
    page.select_option("#vv-distance", "")
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Sorteret')")
    assert _shown(page) == len(positions)
    assert _left_the_site(page, base_url) == []


#: Counts the page's asking for the device's position.
COUNT_ASKING = """
window.__vvAsked = 0;
const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
navigator.geolocation.getCurrentPosition = (...args) => { window.__vvAsked++; return ask(...args); };
"""


def test_near_me_from_the_devices_position_filters_and_the_position_stays_on_the_device(chromium, base_url, site):
    here = (55.7321, 12.3633)  # Ballerup station
    positions = _positions(site)
    expected = sum(1 for p in positions if _km(here, p) <= 1)
    assert 0 < expected < len(positions)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, permissions=["geolocation"],
                                   geolocation={"latitude": here[0], "longitude": here[1]})  # fmt: skip
    context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    context.add_init_script(COUNT_ASKING)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    _ready(page, base_url, "?afstand=1")
    assert "Afstanden gælder, når du har skrevet et postnummer" in _status(page)
    assert _shown(page) == len(positions)
    assert page.evaluate("window.__vvAsked") == 0  # asked only when the reader asks
    page.click("[data-vv-locate]")
    # the answer, not "Finder din placering …" while the device is asked (waiting for that raced)
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('fra din placering')")
    assert "Inden for 1 km fra din placering, sorteret efter afstand." in _status(page)
    assert _shown(page) == expected and page.evaluate("window.__vvAsked") == 1
    assert _query(page.url) == {"afstand": ["1"]}  # the distance, never the position
    kept = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])")
    sent = [*page.requests, page.url, kept]
    assert not [text for text in sent if "55.73" in text or "12.36" in text]
    assert _left_the_site(page, base_url) == []
    context.close()


def _all_results(page) -> list[str]:
    """The ids of every result the front page's search lists (each page of results)."""
    page.wait_for_selector("[data-vv-results] li")
    while page.locator("[data-vv-more]").count():
        before = page.locator("[data-vv-results] li").count()
        page.click("[data-vv-more]")
        page.wait_for_function(f"document.querySelectorAll('[data-vv-results] li').length > {before}")
    hrefs = page.locator("[data-vv-results] li a[href*='aktiviteter/']").evaluate_all("as => as.map(a => a.href)")
    return [unquote(urlsplit(href).path.rstrip("/").rsplit("/", 1)[1]) for href in hrefs]


def _all_rows(page) -> list[str]:
    while page.locator("[data-vv-map-more]:visible").count():
        before = page.locator("[data-vv-map-list] li").count()
        page.click("[data-vv-map-more]")
        page.wait_for_function(f"document.querySelectorAll('[data-vv-map-list] li').length > {before}")
    return page.locator("[data-vv-map-list] li").evaluate_all("rows => rows.map(r => r.dataset.vvId)")


@pytest.mark.parametrize("words", ["sang", "2760"])  # words as typed, and a postcode the search reads as its areas
def test_words_from_the_search_keep_the_pins_the_search_finds(page, base_url, site, words):
    assert page.goto(base_url + f"?q={words}").ok
    found = set(_all_results(page))
    placed = set(json.loads((site / "kort" / "ids.json").read_text(encoding="utf-8")))
    expected = found & placed
    assert 0 < len(expected) < len(placed)
    _ready(page, base_url, f"?q={words}")
    assert _shown(page) == len(expected)
    assert set(_all_rows(page)) == expected
    chip = page.locator("[data-vv-map-chips] .vv-map__chip").first
    assert chip.inner_text().replace("✕", "").strip() == f"Søgning: {words}"
    assert _query(page.get_attribute("[data-vv-map-aslist]", "href")) == {"q": [words]}
    chip.click()
    page.wait_for_function("!location.search.includes('q=')")
    assert _shown(page) == len(placed)
    assert _left_the_site(page, base_url) == []


def test_each_row_and_box_offers_to_save_it_to_the_list_and_the_map_works_without_the_list(chromium, base_url, site):
    assert (site / "assets" / "vejviser" / "shortlist.js").exists()
    for without in (False, True):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
        if without:
            context.route("**/shortlist.js", lambda route: route.fulfill(status=404, body="gone"))
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        _ready(page, base_url, "?omraade=m%C3%A5l%C3%B8v")
        rows = page.locator("[data-vv-map-list] li")
        assert rows.count() == _shown(page) > 0
        if without:
            page.wait_for_timeout(300)
            assert page.locator("[data-vv-map-save]").count() == 0
        else:
            page.wait_for_function("document.querySelectorAll('[data-vv-map-list] li [data-vv-map-save]').length > 0")
            assert rows.locator("[data-vv-map-save] button").count() == rows.count()
        assert errors == []
        context.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (375, 812)])
def test_the_filtered_map_has_no_axe_violations(page, base_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    _ready(page, base_url, "?omraade=m%C3%A5l%C3%B8v&gratis=ja&q=caf%C3%A9&postnummer=2760&afstand=5")
    page.click("details.vv-map__filters > summary")
    page.click("details.vv-map__group[data-group='hvor'] > summary")
    page.click("details.vv-map__group[data-group='accessibility'] > summary")
    page.wait_for_load_state("networkidle")
    rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    results = Axe().run(page, options={"runOnly": rules})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_on_a_phone_the_filters_wait_in_a_panel_and_the_count_comes_first(page, base_url):
    page.set_viewport_size({"width": 375, "height": 812})
    _ready(page, base_url, "?gratis=ja")
    panel = page.locator("details.vv-map__filters")
    assert panel.get_attribute("open") is None
    assert page.locator("[data-vv-map-summary]").inner_text() == "Filtrér (1)"
    before = _shown(page)
    page.click("details.vv-map__filters > summary")
    page.click("details.vv-map__group[data-group='hvad'] > summary")
    page.get_by_label("Motion og bevægelse").check()
    page.wait_for_function(f"!document.querySelector('[data-vv-map-status]').textContent.startsWith('{before} ')")
    assert page.locator("[data-vv-map-summary]").inner_text() == "Filtrér (2)"
    assert page.evaluate("document.activeElement.name") == "kategori"  # the reader stays where they were
    box = page.locator("input[name=kategori][value=motion]").bounding_box()
    assert box and page.locator("input[name=kategori][value=motion] + label").bounding_box()["height"] >= 24
