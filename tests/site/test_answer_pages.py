"""The example's pages as generated: answers by verdict, the questions each form is asked, the serves
line in the form's words, and the coordinator's number where a record names nobody (issue 17)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import copy_example
from vejviser.i18n import Messages
from vejviser.model import Form
from vejviser.present import urls
from vejviser.present.answers import verdict
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project

TODAY = dt.date(2026, 12, 1)
ANSWER = re.compile(r'<li class="vv-answer vv-answer--(\w+)" data-vv-question="(\w+)\.(\w+)" data-vv-answer="(\w+)">')
VENUE_QUESTIONS = ("accessibility.", "transport.", "welcome.")


@pytest.fixture(scope="module")
def directory(tmp_path_factory) -> Directory:
    settings = load_settings(copy_example(tmp_path_factory.mktemp("kommune")))
    return Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)


@pytest.fixture(scope="module")
def pages(directory) -> dict[str, str]:
    return {page.path: page.body for page in generate_pages(directory).pages}


def _page(pages, activity_id: str) -> str:
    return pages[urls.path(urls.ACTIVITIES, activity_id)]


def test_every_answer_on_every_page_has_the_class_of_its_verdict(directory, pages):
    seen = 0
    for view in directory.views:
        for css, group, name, answer in ANSWER.findall(_page(pages, view.id)):
            assert css == verdict(group, name, answer), (view.id, group, name, answer)
            seen += 1
    assert seen > 500


def test_no_membership_needed_has_the_good_icon_class(directory, pages):
    view = next(v for v in directory.views if v.activity.cost.membership == "nej" and v.listed)
    page = _page(pages, view.id)
    item = '<li class="vv-answer vv-answer--good" data-vv-question="cost.membership" data-vv-answer="nej">'
    assert item + '<span class="vv-answer__title">Kræver medlemskab:</span>' in page
    assert '<span class="vv-answer__label">Nej – du behøver ikke være medlem</span>' in page


@pytest.mark.parametrize("form", [Form.PHONE, Form.AT_HOME])
def test_phone_and_home_offers_show_no_venue_questions(directory, pages, form):
    offers = [v for v in directory.views if v.activity.form == form and v.activity.status != "ophørt"]
    assert offers
    for view in offers:
        page = _page(pages, view.id)
        asked = {f"{g}.{n}" for _, g, n, _ in ANSWER.findall(page)}
        assert asked and not [q for q in asked if q.startswith(VENUE_QUESTIONS)], view.id
        assert "Gruppens størrelse" not in page


def test_a_phone_service_never_says_it_comes_to_your_home(directory, pages):
    phone = [v for v in directory.views if v.activity.form == Form.PHONE and v.activity.status != "ophørt"]
    for view in phone:
        own = _page(pages, view.id).split("</article>")[0]  # not the similar offers under it
        assert "Kommer hjem" not in own, view.id
        assert "<dt>Hvor</dt><dd>Over telefonen, for borgere i " in own
    listing = pages[urls.path(urls.AT_HOME)]
    assert '<p class="vv-card__where">Over telefonen, for borgere i hele kommunen</p>' in listing
    assert '<p class="vv-card__where">Kommer hjem til dig i hele kommunen</p>' in listing


def test_a_stale_activity_without_a_contact_names_the_coordinators_number_with_a_tel_link(directory, pages):
    coordinator = directory.settings.contact
    tel = f'<a href="tel:{coordinator.phone.replace(" ", "")}">{coordinator.phone}</a>'
    stale = [v for v in directory.views if v.stale and not v.contacts and v.activity.status != "ophørt"]
    assert stale
    for view in stale:
        page = _page(pages, view.id)
        notice = re.search(r'<p class="vv-notice vv-notice--stale" role="note">(.*?)</p>', page).group(1)
        assert f"Ring til {coordinator.name} på {tel}" in notice
        assert "foreningen" not in notice
        ask = f'<span class="vv-ask">Ring til {coordinator.name} på {tel}'
        assert f"<dt>Kontakt</dt><dd>Ingen kontaktperson er oplyst. {ask}" in page


def test_only_consented_contacts_are_shown_and_the_coordinator_only_when_there_is_none(directory, pages):
    coordinator = directory.settings.contact
    for view in directory.views:
        if view.activity.status == "ophørt":
            continue
        page = _page(pages, view.id)
        for contact in view.activity.contacts:
            if not contact.consent:
                assert contact.name not in page and (not contact.phone or contact.phone not in page), view.id
        facts = re.search(r'<dl class="vv-facts">(.*?)</dl>', page, re.S).group(1)
        assert (coordinator.name in facts) == (not view.activity.published_contacts), view.id
