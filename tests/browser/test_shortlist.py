"""The list to leave behind ("Min liste") in a real browser: built in three places, printed, read back, sent."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import TILE, TILE_HOST
from tests.printed.conftest import pdf_text, qr_codes
from vejviser import clock
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
SHOTS = Path("/tmp/shortlist")
LIST = urls.url(urls.SHORTLIST)
#: From an activity page, from a card on an area's list, and the map's list.
ACTIVITY = "strikkecafe-i-måløv"
CARD = "korprøve-sølvstemmerne"
ENDED = "bowling-skovlunde"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def directory() -> Directory:
    """The example as the site fixture builds it (the same day, the same settings)."""
    settings = load_settings(REPO)
    return Directory(settings, validate_project(settings), Messages(settings.language), clock.today())


def _view(directory, record_id):
    return next(v for v in directory.views if v.id == record_id)


def _page_url(directory, record_id) -> str:
    """The activity's published address, which its QR code must hold."""
    return urls.absolute(directory.settings.site_url, urls.url(urls.ACTIVITIES, record_id))


def _open(page, url):
    assert page.goto(url).ok, url
    page.wait_for_load_state("networkidle")


def _save(page, record_id):
    button = page.locator(f'button[data-vv-save-id="{record_id}"]').first
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert "Fjern fra listen" in button.inner_text()


def _announced(page) -> str:
    page.wait_for_function("() => [...document.querySelectorAll('main [role=status]')].some(e => e.textContent)")
    return " ".join(page.locator("main .vv-sr[role=status]").all_inner_texts())


def _list_link(page, base_url, record_ids) -> str:
    return base_url + LIST + "?" + "&".join(f"id={quote(i)}" for i in record_ids)


def _axe(page) -> list:
    results = Axe().run(page, options={"runOnly": AXE_RULES})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def test_the_list_is_built_from_a_page_a_card_and_the_map_and_prints_in_large_type(page, base_url, directory):
    _open(page, base_url + urls.url(urls.ACTIVITIES, ACTIVITY))
    _save(page, ACTIVITY)
    assert "Gemt på listen (1)" in _announced(page)
    _open(page, base_url + urls.url(urls.AREAS, "måløv"))
    assert page.locator(f'.vv-card button[data-vv-save-id="{ACTIVITY}"]').get_attribute("aria-pressed") == "true"
    _save(page, CARD)
    assert "Gemt på listen (2)" in _announced(page)
    _open(page, base_url + urls.url(urls.MAP))
    row_buttons = page.locator("[data-vv-map-list] button[data-vv-save-id]")
    row_buttons.first.wait_for()
    ids = [b.get_attribute("data-vv-save-id") for b in row_buttons.all()]
    from_map = next(i for i in ids if i not in (ACTIVITY, CARD) and _view(directory, i).activity.venue)
    _save(page, from_map)
    link = page.locator(".vv-shortlist-link")
    assert link.inner_text() == "Min liste (3)"
    link.click()
    page.wait_for_url(f"**/{LIST}**")
    page.locator(".vv-entry").nth(2).wait_for()
    chosen = [ACTIVITY, CARD, from_map]
    assert [e.get_attribute("data-vv-entry-id") for e in page.locator(".vv-entry").all()] == chosen
    page.wait_for_load_state("networkidle")
    # meetings.js says "Næste gang" again for the reader's own day, as on the activity's page
    page.wait_for_selector(".vv-entry [data-vv-next][data-vv-next-day]")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "list-1280.png"), full_page=True)

    page.emulate_media(media="print")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.vv-shortlist p, .vv-shortlist dt, .vv-shortlist dd, .vv-shortlist li')]
               .filter(e => e.getClientRects().length && e.textContent.trim())
               .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 16 * 96 / 72 - 0.01, sorted(set(sizes))  # 16 pt in CSS pixels
    pdf = SHOTS / "min-liste.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = pdf_text(pdf)
    assert 1 <= len(pages) <= 2, len(pages)
    text = " ".join(" ".join(pages).replace("\u00a0", " ").split())
    for record_id in chosen:
        assert _view(directory, record_id).activity.title in text
    assert text.count("Næste gang") >= 2
    strikkecafe = _view(directory, ACTIVITY).activity
    assert strikkecafe.venue.address.street in text  # Måløv Hovedgade 55
    assert strikkecafe.published_contacts[0].phone in text
    assert "Sådan kommer du derhen" in text and "Niveaufri adgang" in text
    assert "Skriv listen ud" not in text and "Kopiér link" not in text  # the page's buttons stay on the screen
    decoded = {code for codes in qr_codes(pdf, SHOTS / "min-liste-sider", dpi=150) for code in codes}
    assert {_page_url(directory, i) for i in chosen} <= decoded, decoded
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(SHOTS / "min-liste-pdf")], check=True)
    outside = [u for u in page.requests if not u.startswith(base_url) and not u.startswith(("data:", TILE_HOST))]
    assert outside == []


def test_the_link_restores_the_list_in_a_fresh_browser(page, base_url, chromium, directory):
    _open(page, _list_link(page, base_url, [ACTIVITY, CARD]))
    page.locator(".vv-entry").nth(1).wait_for()
    shared = page.locator("[data-vv-shortlist-link]").input_value()
    published = urls.absolute(directory.settings.site_url, LIST)
    assert shared == f"{published}?id={quote(ACTIVITY)}&id={quote(CARD)}"
    assert page.locator("[data-vv-shortlist-email]").get_attribute("href") == "mailto:?body=" + quote(shared, safe="")
    assert page.locator("[data-vv-shortlist-sms]").get_attribute("href") == "sms:?&body=" + quote(shared, safe="")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-vv-shortlist-copy]").click()
    status = "() => document.querySelector('[data-vv-shortlist-status]').textContent"
    page.wait_for_function(f"{status}.includes('kopieret')")
    assert page.evaluate("navigator.clipboard.readText()") == shared

    fresh = chromium.new_context(viewport={"width": 375, "height": 812})
    fresh.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    other = fresh.new_page()
    try:
        _open(other, base_url + LIST + "?" + urlsplit(shared).query)
        other.locator(".vv-entry").nth(1).wait_for()
        titles = other.locator(".vv-entry__title").all_inner_texts()
        assert titles == [_view(directory, i).activity.title for i in (ACTIVITY, CARD)]
        other.screenshot(path=str(SHOTS / "list-375.png"), full_page=True)
        _open(other, base_url + urls.url(urls.ACTIVITIES, CARD))  # the list lives on in the tab
        assert other.locator(f'.vv-activity button[data-vv-save-id="{CARD}"]').get_attribute("aria-pressed") == "true"
        assert other.locator(".vv-shortlist-link").inner_text() == "Min liste (2)"
    finally:
        fresh.close()


def test_an_old_link_names_what_has_stopped_or_gone(page, base_url, directory):
    hidden = [v.id for v in directory.views if not v.listed and v.activity.status != "ophørt"][:1]
    _open(page, _list_link(page, base_url, [ACTIVITY, ENDED, "findes-ikke-mere", *hidden]))
    page.locator(".vv-entry").first.wait_for()
    page.locator("[data-vv-gone-id]").nth(1 + len(hidden)).wait_for()
    gone = " ".join(page.locator("[data-vv-shortlist-gone]").all_inner_texts())
    assert f"{_view(directory, ENDED).activity.title} er stoppet." in gone
    assert "En aktivitet på listen findes ikke længere (findes-ikke-mere)." in gone
    for record_id in hidden:
        assert f"{_view(directory, record_id).activity.title} er ikke længere med i vejviseren." in gone
    assert page.locator(".vv-entry").count() == 1
    assert "Aktiviteter på listen: " + str(3 + len(hidden)) in page.locator("[data-vv-shortlist-status]").inner_text()
    page.locator(f'[data-vv-gone-id="{ENDED}"] button').click()  # taken off, it goes from the page
    page.locator(f'[data-vv-gone-id="{ENDED}"]').wait_for(state="detached")
    assert ENDED not in page.url and quote(ACTIVITY) in page.url


HOSTILE = ["../x", "<img src=x onerror=window.__pwned=1>", "a" * 5000, "index", "..%2Fx", "strikke/../x"]


def test_hostile_ids_in_a_link_are_refused_without_a_request_or_a_script(page, base_url):
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    link = _list_link(page, base_url, [*HOSTILE, ACTIVITY])
    _open(page, link)
    page.locator(".vv-entry").first.wait_for()
    page.wait_for_load_state("networkidle")
    made = [u for u in page.requests if u != link]  # the requests the page made, after its own
    fetched = [u for u in made if f"/{urls.ACTIVITIES}/" in u]
    assert fetched == [base_url + urls.url(urls.ACTIVITIES, ACTIVITY)]
    assert not [u for u in made if "onerror" in u or "aaaa" in u or u.rstrip("/").endswith("/x")]
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    status = page.locator("[data-vv-shortlist-status]").inner_text()
    assert f"sprunget over: {len(HOSTILE)}" in status
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('vejviser.liste'))") == [ACTIVITY]


def test_clearing_the_list_can_be_undone(page, base_url):
    _open(page, _list_link(page, base_url, [ACTIVITY, CARD]))
    page.locator(".vv-entry").nth(1).wait_for()
    page.locator("[data-vv-shortlist-clear]").click()
    assert page.locator(".vv-entry").count() == 0
    assert "Listen er ryddet." in page.locator("[data-vv-shortlist-status]").inner_text()
    undo = page.locator("[data-vv-shortlist-undo-button]")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-vv-shortlist-undo-button')")
    assert page.evaluate("() => sessionStorage.getItem('vejviser.liste')") == "[]"
    undo.click()
    page.locator(".vv-entry").nth(1).wait_for()
    assert "Listen er tilbage" in page.locator("[data-vv-shortlist-status]").inner_text()


@pytest.mark.parametrize("width, height", [(820, 1180), (375, 812), (1280, 900)])
def test_the_list_page_fits_the_screen_and_has_no_axe_violations_empty_and_filled(page, base_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    _open(page, base_url + LIST)
    page.wait_for_function("() => document.querySelector('[data-vv-shortlist-status]').textContent.includes('tom')")
    empty = _axe(page)
    _open(page, _list_link(page, base_url, [ACTIVITY, CARD, ENDED]))
    page.locator(".vv-entry").nth(1).wait_for()
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"filled-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    small = page.evaluate(
        """() => [...document.querySelectorAll('.vv-save, [data-vv-shortlist-tools] .md-button')]
               .filter(e => e.getClientRects().length)
               .map(e => e.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).length"""
    )
    assert small == 0
    assert (empty, _axe(page)) == ([], [])
