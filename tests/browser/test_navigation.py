"""The citizens' menu on every page, at a desktop's, an iPad's and a phone's width, in Chromium.

From 720 px up the menu is a bar under the header; narrower, the header's menu button opens the
drawer with the same entries. The pages for associations and the coordinator are reached from the
footer, never from the citizens' menu.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WIDTHS = {1280: 900, 820: 1180, 375: 812}
STARTS = {
    "front": "",
    "activity": "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/",
    "map": "kort/",
}
#: Each entry of the menu a reader must reach, and where it leads.
TARGETS = {
    "Kort": "kort/",
    "I dag": "i-dag/",
    "Til medarbejdere": "medarbejdere/",
    "Tilføj en aktivitet": "ny-aktivitet/",
    "Foreninger": "foreninger/",
}
GUIDES = {
    "Vejledning for foreninger": "tilfoej-aktivitet/",
    "Til koordinatoren": "koordinator/",
    "Feltreference": "felter/",
    "Kommandoer": "kommandoer/",
}
BAR = "nav.vv-primary a"
DRAWER = "#vv-drawer a.md-nav__link"
MENU_BUTTON = "button.vv-menu-button"


def _open(page, base_url, path, width=1280):
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    response = page.goto(base_url + path)
    assert response.ok, path
    page.wait_for_load_state("load")


def _menu_link(page, name):
    """The menu's visible link named ``name``: in the bar, or in the drawer after the menu button opens it."""
    link = page.locator(BAR, has_text=name)
    if not link.is_visible():
        page.locator(MENU_BUTTON).click()
        link = page.locator(DRAWER, has_text=name)
        link.wait_for(state="visible")
    return link


def _names(page, selector) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


@pytest.mark.parametrize("start", sorted(STARTS))
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_entry_of_the_menu_is_reached_by_a_visible_link(page, base_url, width, start):
    for name, path in TARGETS.items():
        _open(page, base_url, STARTS[start], width)
        _menu_link(page, name).click()
        page.wait_for_url(base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, path)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_bar_shows_from_a_tablet_up_and_the_menu_button_on_a_phone(page, base_url, width):
    _open(page, base_url, "", width)
    assert page.locator("nav.vv-primary").is_visible() == (width >= 720)
    if width < 720:
        button = page.locator(MENU_BUTTON)
        assert button.is_visible()
        assert button.get_attribute("aria-label") == "Menu" and button.get_attribute("aria-controls") == "vv-drawer"
        assert page.locator("label.md-header__button[for='__drawer']").is_hidden()  # the label it stands in for
        assert page.locator(DRAWER).first.is_hidden()  # a closed drawer's links are out of the tab order
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("start", sorted(STARTS))
def test_the_citizens_menu_holds_no_developers_pages(page, base_url, start):
    _open(page, base_url, STARTS[start], 375)
    page.locator(MENU_BUTTON).click()
    page.locator(DRAWER).first.wait_for(state="visible")
    shown = _names(page, BAR) + _names(page, DRAWER)
    assert set(TARGETS) <= set(shown)
    assert not {"Feltreference", "Kommandoer", "Til koordinatoren"} & set(shown), shown


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_pages_for_associations_and_the_coordinator_are_reached_from_the_footer(page, base_url, width):
    for name, path in GUIDES.items():
        _open(page, base_url, STARTS["activity"], width)
        footer = page.locator("footer nav", has_text="For foreninger og koordinatoren")
        link = footer.get_by_role("link", name=name, exact=True)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        link.click()
        page.wait_for_url(base_url + path)
    # on those pages their section is in the sidebar, beside the citizens' lists
    _open(page, base_url, GUIDES["Feltreference"], 1280)
    assert {"Kommandoer", "Til koordinatoren", "Områder"} <= set(_names(page, DRAWER))
    current = page.locator(f"{DRAWER}[aria-current='page']")
    assert current.all_inner_texts() == ["Feltreference"]


@pytest.mark.parametrize(("path", "name"), [("", "Søg"), ("kort/", "Kort"), ("i-dag/", "I dag"),
                                            ("foreninger/", "Foreninger")])  # fmt: skip
def test_the_current_page_is_marked_in_the_bar_and_the_drawer(page, base_url, path, name):
    _open(page, base_url, path)
    assert page.locator(f"{BAR}[aria-current='page']").all_inner_texts() == [name]
    assert _names(page, f"{DRAWER}[aria-current='page']") == [name]


def test_no_entry_is_marked_current_on_an_activity_page(page, base_url):
    """Activity pages are drawn from one frame: nothing in it may say which page it is."""
    _open(page, base_url, STARTS["activity"])
    assert page.locator("[aria-current]").count() == 0


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_menus_targets_are_at_least_44_px(page, base_url, width):
    _open(page, base_url, STARTS["map"], width)
    if width < 720:
        page.locator(MENU_BUTTON).click()
        page.locator(DRAWER).first.wait_for(state="visible")
        links = [page.locator(MENU_BUTTON), *page.locator(DRAWER).all()]
        boxes = [link.bounding_box() for link in links]
    else:
        boxes = [link.bounding_box() for link in page.locator(BAR).all()]
    assert len(boxes) >= len(TARGETS)
    assert min(box["height"] for box in boxes) >= 44
    assert min(box["width"] for box in boxes) >= 44


def _focus_ring(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_the_phones_menu_works_with_the_keyboard_alone(page, base_url):
    _open(page, base_url, STARTS["activity"], 375)
    for _ in range(10):  # the menu button comes first after the skip link and the banner
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button.vv-menu-button')"):
            break
    else:
        pytest.fail("the menu button cannot be reached with Tab")
    assert _focus_ring(page) != "none"
    button = page.locator(MENU_BUTTON)
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('#vv-drawer a')")
    assert button.get_attribute("aria-expanded") == "true"
    assert _focus_ring(page) != "none"
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.matches('button.vv-menu-button')")
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    page.wait_for_function("document.activeElement.matches('#vv-drawer a')")
    while page.evaluate("document.activeElement.textContent.trim()") != "I dag":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + TARGETS["I dag"])


def test_without_javascript_a_tap_on_the_menu_icon_still_opens_the_drawer(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base_url + STARTS["front"])
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator(DRAWER, has_text="Foreninger")
    link.wait_for(state="visible")
    # Playwright 1.45 (the minimum) cannot tell a still element from a moving one without JavaScript
    # (its check waits for animation frames): wait for the drawer's slide to end, then tap where it is.
    boxes = [None, link.bounding_box()]
    while boxes[-1] != boxes[-2]:
        page.wait_for_timeout(300)
        boxes.append(link.bounding_box())
    assert boxes[-1]["x"] >= 0 and boxes[-1]["width"] > 0  # in sight, not off the screen's edge
    link.click(force=True)
    page.wait_for_url(base_url + TARGETS["Foreninger"])
    context.close()


def test_the_bar_works_with_the_keyboard_with_visible_focus(page, base_url):
    _open(page, base_url, "", 820)
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Kort":
            break
    assert page.evaluate("document.activeElement.closest('nav.vv-primary') !== null")
    assert _focus_ring(page) != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + TARGETS["Kort"])


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_front_page_links_the_map_today_the_staff_page_and_the_form_under_its_intro(page, base_url, width):
    expected = {"Kort over aktiviteterne": "kort/", "I dag": "i-dag/", "Til medarbejdere": "medarbejdere/",
                "Tilføj en aktivitet": "ny-aktivitet/"}  # fmt: skip
    for name, path in expected.items():
        _open(page, base_url, "", width)
        row = page.locator(".vv-intro + .vv-quick")
        link = row.get_by_role("link", name=name, exact=True)
        assert link.is_visible()
        link.click()
        page.wait_for_url(base_url + path)


def _violations(page) -> list:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


@pytest.mark.parametrize("start", sorted(STARTS))
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_axe_finds_nothing_on_the_menus(page, base_url, width, start):
    _open(page, base_url, STARTS[start], width)
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []
    if width < 720:
        page.locator(MENU_BUTTON).click()
        page.locator(DRAWER).first.wait_for(state="visible")
        assert _violations(page) == [], "with the drawer open"
