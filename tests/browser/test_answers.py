"""Barrier answers read from the reader's side, in Chromium: icons and colours by verdict, words beside
them, only the questions the offer's form is asked, and whom to call when the record names nobody."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import REPO
from vejviser import clock
from vejviser.i18n import Messages
from vejviser.model import Form
from vejviser.present.answers import Verdict, verdict
from vejviser.present.directory import Directory
from vejviser.present.icons import VERDICT_COLOURS, VERDICT_ICONS
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

pytestmark = pytest.mark.browser

SIZES = {"ipad": (820, 1180), "phone": (375, 812)}
PHONE_SERVICE = "telefonven"


@cache
def _directory() -> Directory:
    """The example as the site fixture builds it: for today."""
    settings = load_settings(REPO)
    today = clock.today()
    return Directory(settings, validate_project(settings, today), Messages(), today)


def _page_url(base_url: str, activity_id: str) -> str:
    return f"{base_url}aktiviteter/{quote(activity_id)}/"


def _stale_without_contact() -> str:
    """An activity whose page warns it may be out of date and names no one who agreed to be published."""
    found = [v.id for v in _directory().views if v.stale and not v.contacts and v.activity.status != "ophørt"]
    assert found, "the example has no stale activity without a published contact"
    return found[0]


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _shown(page) -> list[dict]:
    """Each answer on the page: its question, answer, class, words, and its icon's colour and image."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vv-answer[data-vv-question]')].map(li => {
             const icon = getComputedStyle(li, '::before');
             return {question: li.dataset.vvQuestion, answer: li.dataset.vvAnswer, className: li.className,
                     text: li.textContent, colour: icon.backgroundColor,
                     mask: icon.maskImage || icon.webkitMaskImage, width: icon.width};
           })"""
    )


def test_every_answer_on_every_activity_page_has_the_icon_and_colour_of_its_verdict(page, base_url):
    """The rule for every barrier field and answer the example has, as the reader sees it."""
    seen: set[tuple[str, str]] = set()
    for view in _directory().views:
        if view.activity.status == "ophørt":
            continue  # an ended activity's page shows no answers
        assert page.goto(_page_url(base_url, view.id)).ok, view.id
        for shown in _shown(page):
            group, name = shown["question"].split(".")
            expected = verdict(group, name, shown["answer"])
            assert f"vv-answer--{expected}" in shown["className"].split(), (view.id, shown)
            assert shown["colour"] == _rgb(VERDICT_COLOURS[expected]), (view.id, shown)
            assert f"icons/{VERDICT_ICONS[expected]}.svg" in shown["mask"], (view.id, shown)
            assert shown["width"] != "0px" and shown["text"].split(":", 1)[1].strip()  # an icon, and words beside it
            seen.add((shown["question"], shown["answer"]))
    assert {answer for _, answer in seen} == {"ja", "nej", "ukendt"}
    assert ("cost.membership", "nej") in seen and ("signup.required", "nej") in seen


def test_no_membership_needed_carries_the_good_icon_and_says_so(page, base_url):
    view = next(v for v in _directory().views if v.activity.cost.membership == "nej" and v.listed)
    assert page.goto(_page_url(base_url, view.id)).ok
    item = page.locator('.vv-answer[data-vv-question="cost.membership"]')
    assert "vv-answer--good" in item.get_attribute("class").split()
    assert " ".join(item.inner_text().split()) == "Kræver medlemskab: Nej – du behøver ikke være medlem"


def test_a_phone_service_shows_no_venue_questions_and_does_not_come_to_your_home(page, base_url):
    view = next(v for v in _directory().views if v.id == PHONE_SERVICE)
    assert view.activity.form == Form.PHONE
    assert page.goto(_page_url(base_url, PHONE_SERVICE)).ok
    questions = {s["question"] for s in _shown(page)}
    assert questions == {"cost.free", "cost.membership", "signup.required"}
    text = page.locator(".vv-activity").inner_text()
    assert "Kommer hjem til dig" not in text and "Niveaufri adgang" not in text and "Parkering" not in text
    assert "Over telefonen, for borgere i hele kommunen" in page.locator(".vv-facts").inner_text()


def test_a_stale_activity_without_a_contact_gives_the_coordinators_number_as_a_link(page, base_url):
    coordinator = _directory().settings.contact
    assert page.goto(_page_url(base_url, _stale_without_contact())).ok
    tel = "tel:" + coordinator.phone.replace(" ", "")
    notice = page.locator(".vv-notice--stale")
    assert f"Ring til {coordinator.name} på {coordinator.phone}" in notice.inner_text()
    assert notice.locator(f'a[href="{tel}"]').inner_text() == coordinator.phone
    contact = page.locator(".vv-facts dd", has_text="Ingen kontaktperson er oplyst.")
    assert contact.locator(f'a[href="{tel}"]').count() == 1
    assert "foreningen" not in notice.inner_text()  # never "call the association" without a number


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("which", ["stale without contact", "phone service"])
def test_an_activity_page_with_answers_has_no_axe_violations(page, base_url, size, which):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    activity_id = _stale_without_contact() if which == "stale without contact" else PHONE_SERVICE
    assert page.goto(_page_url(base_url, activity_id)).ok
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]


def test_the_verdicts_are_the_three_the_stylesheet_draws(page, base_url):
    assert page.goto(_page_url(base_url, _stale_without_contact())).ok
    classes = set(page.evaluate("[...document.querySelectorAll('.vv-answer')].map(li => li.classList[1])"))
    assert classes <= {f"vv-answer--{v}" for v in Verdict} | {"vv-answer--info"}
