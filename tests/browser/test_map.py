"""The map page in Chromium: clusters, filters in step with the list, "Nær mig" with a postcode, keyboard use."""

from __future__ import annotations

import re


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
