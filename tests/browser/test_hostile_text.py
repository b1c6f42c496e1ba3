"""Markup in the settings and the records stays text on every page, above all where a script builds it.

A copy of the example municipality whose labels, area names, titles and names carry markup
(all of it values that `vejviser validate` accepts) is built once and looked at in Chromium:
the map's pins, clusters, popups, filters and "Nær mig", the search's results, facets and
chips, the web form, and an activity page with its small map. Nothing of it may run, and
what a reader should see is the text as written.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.browser.support import TILE, TILE_HOST, serve
from vejviser.site.build import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
#: Markup that runs if a page reads it as HTML or as a template, each a different way in.
HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=2>',
    "</script><script>window.__pwned=3</script>",
    "{{ 7*7 }}",
    "${alert(1)}",
]
IMG, SVG, SCRIPT, BRACES, TEMPLATE = HOSTILE
#: The attribution is HTML by design: only text and https links of it may reach the page.
ATTRIBUTION = (
    '<img src=x onerror="window.__pwned=6">&copy; <a href="javascript:window.__pwned=7">x</a> '
    '<a href="https://www.openstreetmap.org/copyright" onclick="window.__pwned=8">OpenStreetMap</a>'
)
#: Run before any script of a page: a payload that runs reports itself to the test.
TRAP = """
Object.defineProperty(window, "__pwned", {
  configurable: true,
  get() { return undefined; },
  set(value) { window.__vvRan(String(value)); },
});
"""
#: Elements and attributes that only hostile text could have put into a page.
INJECTED = "[onerror], [onload], [onclick], a[href^='javascript:'], img[src='x']"


def _with(text: str, index: int) -> str:
    return f"{text} {HOSTILE[index % len(HOSTILE)]}"


def _line(text: str, key: str, index: int, count: int = 0) -> str:
    """``key: value`` lines with markup added to the value, written as a double-quoted YAML string."""
    pattern = re.compile(rf"^{key}: (.*)$", re.M)
    new = lambda m: f"{key}: {json.dumps(_with(yaml.safe_load(m.group(1)), index), ensure_ascii=False)}"  # noqa: E731
    return pattern.sub(new, text, count=count)


def hostile_copy(root: Path) -> Path:
    """The example municipality with markup in its settings and in every title, summary and name."""
    for name in ("mkdocs.yml", "vejviser.yaml", "geocache.yaml", "omraader.geojson"):
        shutil.copy(REPO / name, root / name)
    for folder in ("activities", "organisations", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    for i, path in enumerate(sorted((root / "activities").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        text = _line(text, "title", i)
        text = _line(text, "summary", i + 1)
        if "\nvenue:\n  name:" in text:
            text = _line(text, "  name", i + 2, count=1)
        path.write_text(text, encoding="utf-8")
    for i, path in enumerate(sorted((root / "organisations").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(_line(text, "name", i), encoding="utf-8")
    settings = yaml.safe_load((root / "vejviser.yaml").read_text(encoding="utf-8"))
    settings["municipality"]["name"] = _with(settings["municipality"]["name"], 0)
    settings["contact"]["name"] = _with(settings["contact"]["name"], 1)
    settings["contact"]["hours"] = _with(settings["contact"]["hours"], 2)
    for i, area in enumerate(settings["areas"]):
        area["name"] = _with(area["name"], i)
    for i, postcode in enumerate(settings["postcodes"]):
        postcode["name"] = _with(postcode["name"], i + 1)
    taxonomy = yaml.safe_load((REPO / "src/vejviser/defaults/taxonomy.yaml").read_text(encoding="utf-8"))
    for terms in taxonomy.values():
        for i, term in enumerate(terms):
            term["label"] = _with(term["label"], i)
    settings["taxonomy"] = taxonomy
    settings["map"]["attribution"] = ATTRIBUTION
    settings["map"]["tiles"] += "?v=" + SCRIPT.replace("3", "9")
    (root / "vejviser.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """The hostile copy built with the real plugin and search index: its site, settings and records."""
    project = hostile_copy(tmp_path_factory.mktemp("hostile"))
    build_site(project, project / "site")
    settings = yaml.safe_load((project / "vejviser.yaml").read_text(encoding="utf-8"))
    load = lambda path: yaml.safe_load(path.read_text(encoding="utf-8"))  # noqa: E731
    return {
        "site": project / "site",
        "settings": settings,
        "activities": {p.stem: load(p) for p in (project / "activities").glob("*.yaml")},
        "organisations": {p.stem: load(p) for p in (project / "organisations").glob("*.yaml")},
    }


@pytest.fixture(scope="module")
def hostile_url(hostile) -> str:
    with serve(hostile["site"]) as url:
        yield url


@pytest.fixture
def page(chromium):
    """A page that reports every payload that runs and every dialog that opens."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page = context.new_page()
    page.ran, page.dialogs = [], []
    page.expose_function("__vvRan", lambda value: page.ran.append(value))
    page.add_init_script(TRAP)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _nothing_ran(page) -> None:
    page.wait_for_timeout(100)  # an image's onerror comes a moment after it is made
    assert page.ran == [], f"hostile text ran as script: {page.ran}"
    assert page.dialogs == [], f"hostile text opened a dialog: {page.dialogs}"
    assert page.evaluate("window.__pwned") is None
    injected = page.evaluate(f"[...document.querySelectorAll(`{INJECTED}`)].map(e => e.outerHTML.slice(0, 80))")
    assert injected == [], f"hostile text made elements: {injected}"


def _labels(hostile, group: str) -> list[str]:
    return [term["label"] for term in hostile["settings"]["taxonomy"][group]]


def _titles(hostile) -> set[str]:
    return {a["title"] for a in hostile["activities"].values()}


def _area(hostile, area_id: str) -> str:
    return next(a["name"] for a in hostile["settings"]["areas"] if a["id"] == area_id)


def test_the_hostile_copy_carries_its_markup_into_every_kind_of_text(hostile):
    settings = hostile["settings"]
    for value in HOSTILE:
        assert any(value in label for label in _labels(hostile, "categories"))
        assert any(value in area["name"] for area in settings["areas"])
        assert any(value in title for title in _titles(hostile))
    assert IMG in settings["municipality"]["name"]
    assert all(a["venue"]["name"].endswith(tuple(HOSTILE)) for a in hostile["activities"].values() if "venue" in a)


# --- the map ---------------------------------------------------------------------------------


def _open_map(page, url):
    assert page.goto(url + "kort/").ok
    page.wait_for_selector(".marker-cluster, .leaflet-marker-icon.vv-pin")


def _status(page) -> str:
    return page.locator("[data-vv-map-status]").inner_text()


def test_pins_clusters_and_popups_on_the_map_show_hostile_text_as_text(page, hostile_url, hostile):
    _open_map(page, hostile_url)
    for text in page.locator(".marker-cluster .vv-sr").all_text_contents():
        assert re.fullmatch(r"\d+ aktiviteter her\. Tryk Enter for at zoome ind\.", text)
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")  # zooms in to the nearest pins
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Sorteret')")
    pins = page.locator(".leaflet-marker-icon.vv-pin")
    pins.first.wait_for()
    page.wait_for_timeout(600)  # the zoom's animation, after which the clusters are split
    said = {f"Aktivitet: {label}" for label in _labels(hostile, "categories")} | {"Aktivitet"}
    labels = pins.locator(".vv-sr").all_text_contents()
    assert labels and set(labels) <= said
    assert any("<img src=x" in text or "<svg onload" in text or "<script>" in text for text in labels)
    assert pins.evaluate_all("pins => pins.every(p => p.children.length === 1)")  # the one label, nothing more
    titles = _titles(hostile)
    opened = 0
    # a box as wide as its words pans the map, and the clusters redraw their pins: each time, a pin not opened yet
    fresh = page.locator(".leaflet-marker-icon.vv-pin:not([aria-label])")
    for _ in range(6):
        if not fresh.count():
            break
        pin = fresh.first.element_handle()
        pin.dispatch_event("click")
        title = page.locator(".leaflet-popup .vv-popup__title")
        title.wait_for()
        text = title.text_content()
        assert text in titles  # the title as written, markup and all
        assert pin.get_attribute("aria-label") == text
        assert page.locator(".leaflet-popup .vv-popup a").text_content() == "Se aktiviteten"
        page.keyboard.press("Escape")
        page.wait_for_selector(".leaflet-popup", state="detached")
        opened += 1
    assert opened >= 3
    attribution = page.locator(".leaflet-control-attribution")  # folium's map, from the settings' HTML
    assert "OpenStreetMap" in attribution.text_content() and attribution.locator("img").count() == 0
    hrefs = attribution.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(href is None or href.startswith("https://") for href in hrefs)
    _nothing_ran(page)


def test_filters_near_me_and_the_list_on_the_map_show_hostile_text_as_text(page, hostile_url, hostile):
    _open_map(page, hostile_url)
    page.click("details.vv-map__filters > summary")
    page.click("details.vv-map__group[data-group='hvad'] > summary")  # the interests' group of filters
    categories = _labels(hostile, "categories")
    legend = page.locator("[data-vv-map-filters] label").all_text_contents()
    assert any(IMG in text for text in legend) and any(SCRIPT in text for text in legend)
    before = _status(page)
    page.check("#vv-m-kategori-0")  # Motion og bevægelse, with an <img> in its label
    assert IMG in categories[0]
    page.wait_for_function(f"document.querySelector('[data-vv-map-status]').textContent !== {json.dumps(before)}")
    page.uncheck("#vv-m-kategori-0")
    # Nær mig from a local area: its name is said in the status line
    skovlunde = _area(hostile, "skovlunde")
    page.select_option("#vv-area", label=skovlunde)
    page.click("[data-vv-near] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-vv-map-status]').textContent.includes('Sorteret')")
    assert f"Sorteret efter afstand fra {skovlunde}." in _status(page)
    # and from a postcode, whose town is named in the settings too
    town = next(p["name"] for p in hostile["settings"]["postcodes"] if p["postcode"] == "2760")
    page.select_option("#vv-area", value="")
    page.fill("#vv-postcode", "2760")
    page.click("[data-vv-near] button[type=submit]")
    page.wait_for_function(f"document.querySelector('[data-vv-map-status]').textContent.includes({json.dumps(town)})")
    assert f"Sorteret efter afstand fra 2760 {town}." in _status(page)
    cards = page.locator("[data-vv-map-list] .vv-card__title").all_text_contents()
    assert cards and set(cards) <= _titles(hostile)
    page.click("[data-vv-map-more]")
    page.wait_for_function("document.querySelectorAll('[data-vv-map-list] li').length > 20")
    _nothing_ran(page)


# --- the search ------------------------------------------------------------------------------


def test_search_results_facets_and_chips_show_hostile_text_as_text(page, hostile_url, hostile):
    assert page.goto(hostile_url).ok
    page.wait_for_load_state("networkidle")  # the search script is ready (Pagefind loaded), as in test_site
    page.fill("#vv-q", "strikkecafé")
    page.press("#vv-q", "Enter")
    page.wait_for_selector("[data-vv-results] li")
    titles = page.locator("[data-vv-results] li h3").all_text_contents()
    wanted = hostile["activities"]["strikkecafe-i-måløv"]["title"]
    assert wanted in titles and set(titles) <= _titles(hostile)
    places = page.locator("[data-vv-results] .vv-card__where").all_text_contents()
    assert any(value in place for place in places for value in HOSTILE)
    for summary in page.locator("[data-vv-facets] details > summary").all():
        summary.click()
    page.wait_for_function("[...document.querySelectorAll('[data-vv-facets] details')].every((d) => d.open)")
    page.fill("#vv-q", "")
    page.press("#vv-q", "Enter")
    page.wait_for_function("!location.search.includes('q=')")
    page.wait_for_selector("[data-vv-results]:not([aria-busy])", state="attached")  # drawn for no words
    page.wait_for_selector("[data-vv-facets] details[data-group='hvor'] label")
    labels = " ".join(page.locator("[data-vv-facets] label").all_text_contents())
    for value in HOSTILE:
        assert value in labels  # category and target group labels, area names, with their counts
    page.locator("[data-vv-facets] details[data-group='hvad'] input[name=kategori]").first.check()
    chip = page.locator("[data-vv-chips] button").first
    chip.wait_for()
    chosen = [label for label in _labels(hostile, "categories") if label in chip.text_content()]
    assert chosen and chip.text_content().endswith(" ✕")
    assert chip.get_attribute("aria-label") == f"Fjern filteret {chip.text_content()[: -len(' ✕')]}"
    page.wait_for_selector("[data-vv-results] li")
    assert set(page.locator("[data-vv-results] li h3").all_text_contents()) <= _titles(hostile)
    area = page.locator("[data-vv-facets] input[name=omraade]").first
    area.check()
    page.wait_for_function("document.querySelectorAll('[data-vv-chips] button').length >= 3")
    chips = " ".join(page.locator("[data-vv-chips] button").all_text_contents())
    assert any(a["name"] in chips for a in hostile["settings"]["areas"])
    _nothing_ran(page)


# --- the web form ----------------------------------------------------------------------------


def test_the_web_form_shows_hostile_names_and_labels_as_text(page, hostile_url, hostile):
    assert page.goto(hostile_url + "ny-aktivitet/").ok
    page.wait_for_selector("[data-vv-form]:not([hidden])")
    names = page.locator("#vv-f-organisation option").all_text_contents()
    expected = {o["name"] for o in hostile["organisations"].values()}
    assert expected <= set(names)
    choices = page.locator("#vv-f-categories label").all_text_contents()
    assert choices == _labels(hostile, "categories")
    page.select_option("#vv-f-organisation", label=next(n for n in names if IMG in n))
    page.check("#vv-f-categories-0")
    page.fill("#vv-f-activity-title", IMG + " Kortklub")
    page.fill("#vv-f-venue-address-postcode", "2750")  # of several areas: the form names them
    page.click("button[type=submit]")
    error = page.locator("#vv-f-area-error")
    error.wait_for()
    ballerup = [a["name"] for a in hostile["settings"]["areas"] if "2750" in a["postcodes"]]
    assert all(name in error.text_content() for name in ballerup)
    assert any(SCRIPT in name or IMG in name for name in ballerup)
    links = " ".join(page.locator("[data-vv-summary] a").all_text_contents())
    assert ballerup[0] in links
    page.select_option("#vv-f-organisation", value="-")
    page.fill("#vv-f-organisation-name", SVG + " Kortklub")
    # a script link hidden behind character references is seen through, and nothing of it is made
    page.fill("#vv-f-description", 'Se <a href="&#106;avascript:window.__pwned=4">her</a>. ' + IMG)
    page.click("button[type=submit]")
    assert "begynder med »javascript:«" in page.locator("#vv-f-description-error").text_content()
    _nothing_ran(page)


# --- an activity page and its small map --------------------------------------------------------


def test_an_activity_page_and_its_small_map_show_hostile_text_as_text(page, hostile_url, hostile):
    activity = hostile["activities"]["strikkecafe-i-måløv"]
    assert page.goto(hostile_url + "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/").ok
    assert page.locator("h1").first.text_content() == activity["title"]
    box = page.locator("[data-vv-minimap]")
    box.locator(".leaflet-marker-icon").wait_for()
    assert box.get_attribute("aria-label") == f"Kort over mødestedet: {activity['venue']['name']}"
    attribution = box.locator(".leaflet-control-attribution")
    assert "OpenStreetMap" in attribution.text_content()
    assert attribution.locator("img").count() == 0
    hrefs = attribution.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(href is None or href.startswith("https://") for href in hrefs)
    assert "https://www.openstreetmap.org/copyright" in hrefs
    _nothing_ran(page)


@pytest.mark.parametrize(
    "path",
    ["", "omraader/skovlunde/", "interesser/motion/", "maalgrupper/demens/",
     "foreninger/m%C3%A5l%C3%B8v-frivilligcenter/", "hjemme-hos-dig/", "medarbejdere/", "koordinator/", "i-dag/",
     "felter/"],
)  # fmt: skip
def test_no_page_runs_or_renders_the_markup_it_was_given(page, hostile_url, hostile, path):
    assert page.goto(hostile_url + path).ok
    page.wait_for_load_state("networkidle")
    if path == "":
        assert hostile["settings"]["municipality"]["name"] in page.locator("h1").first.text_content()
    _nothing_ran(page)
