"""Which activities the lists, the map and the book show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from tests.enrich.test_occurrences import _activity
from vejviser.i18n import Messages
from vejviser.model import Answer, Contact, Cost, Form, Frequency, Signup
from vejviser.present.views import Describer, listed
from vejviser.settings import load_settings

SETTINGS = load_settings(Path(__file__).resolve().parents[2])
D = dt.date


def test_an_activity_whose_season_is_over_leaves_the_lists_and_comes_back_with_the_next_season():
    summer = _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag",), season_end=D(2027, 8, 31))
    assert listed(summer, SETTINGS, D(2027, 8, 31))
    assert not listed(summer, SETTINGS, D(2027, 9, 1))
    assert listed(summer, SETTINGS, D(2026, 12, 1))  # before it: shown, with its first meeting ahead


# --- barrier answers, the serves line and whom to ask (issue 17) ------------------------------------

TODAY = D(2026, 12, 1)


def _describe(activity, lang: str = "da"):
    return Describer(SETTINGS, Messages(lang, strict=True), {}, TODAY).view(activity)


def _offer(form: Form, **changes):
    base = _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag",))
    return dataclasses.replace(base, form=form, reviewed=D(2026, 11, 1), **changes)


def _shown(view) -> dict[str, tuple[str, str]]:
    return {a.title: (a.label, a.verdict) for group in view.answers for a in group.answers}


def test_membership_and_sign_up_not_needed_are_shown_as_good_news():
    cost = Cost(free=Answer.YES, membership=Answer.NO)
    shown = _shown(_describe(_offer(Form.IN_PERSON, cost=cost, signup=Signup(required=Answer.NO))))
    assert shown["Kræver medlemskab"] == ("Nej – du behøver ikke være medlem", "good")
    assert shown["Kræver tilmelding"] == ("Nej – du behøver ikke melde dig til", "good")
    assert shown["Gratis"] == ("Ja", "good")
    assert shown["Niveaufri adgang"] == ("Ikke oplyst", "unknown")


def test_not_free_is_a_barrier_that_says_the_price():
    cost = Cost(free=Answer.NO, price_dkk=20, price_covers="kaffe og kage", membership=Answer.YES)
    shown = _shown(_describe(_offer(Form.IN_PERSON, cost=cost)))
    assert shown["Gratis"] == ("Nej – 20 kr. (kaffe og kage)", "bad")
    assert shown["Kræver medlemskab"] == ("Ja – du skal være medlem", "bad")


def test_a_phone_service_shows_no_venue_questions():
    shown = _shown(_describe(_offer(Form.PHONE, service_area=("hele-kommunen",))))
    assert set(shown) == {"Gratis", "Kræver medlemskab", "Kræver tilmelding"}
    visit = _shown(_describe(_offer(Form.AT_HOME, service_area=("måløv",))))
    assert "Niveaufri adgang" not in visit and "Følgeven" not in visit and "Vært tager imod" not in visit
    assert "Gruppens størrelse" not in visit
    venue = _shown(_describe(_offer(Form.IN_PERSON)))
    assert {"Niveaufri adgang", "Parkering", "Følgeven", "Vært tager imod", "Gruppens størrelse"} <= set(venue)


def test_the_serves_line_follows_the_form():
    assert _describe(_offer(Form.AT_HOME, service_area=("måløv",))).serves == "Kommer hjem til dig i Måløv"
    phone = _describe(_offer(Form.PHONE, service_area=("hele-kommunen",))).serves
    assert phone == "Over telefonen, for borgere i hele kommunen"
    assert "Kommer hjem" not in phone
    two = _describe(_offer(Form.PHONE, service_area=("måløv", "skovlunde"))).serves
    assert two == "Over telefonen, for borgere i Måløv og Skovlunde"
    assert _describe(_offer(Form.AT_HOME, service_area=("måløv",)), "en").serves == "Comes to your home in Måløv"
    assert _describe(_offer(Form.IN_PERSON)).serves == ""
    for form in Form:  # every form has its words, in both languages
        assert _describe(_offer(form, service_area=("måløv",))).serves.endswith(" Måløv")
        assert _describe(_offer(form, service_area=("måløv",)), "en").serves.endswith(" Måløv")


CONSENTED = Contact("Lone Jensen", True, phone="22 33 44 55", consent_date=D(2026, 1, 1))
REFUSED = Contact("Bent Hansen", False, phone="11 22 33 44")


def test_an_activity_without_a_published_contact_gives_the_coordinators():
    view = _describe(_offer(Form.IN_PERSON, contacts=(REFUSED,)))
    assert view.contacts == ()  # the one who did not consent is never shown
    assert view.ask is not None
    assert (view.ask.name, view.ask.phone, view.ask.tel) == (SETTINGS.contact.name, "44 77 00 00", "44770000")


def test_a_stale_activity_gives_the_coordinator_to_ask_beside_its_own_contacts():
    fresh = _describe(_offer(Form.IN_PERSON, contacts=(CONSENTED, REFUSED)))
    assert fresh.contacts == (CONSENTED,) and fresh.ask is None
    stale = _describe(dataclasses.replace(_offer(Form.IN_PERSON, contacts=(CONSENTED,)), reviewed=D(2025, 9, 1)))
    assert stale.stale and stale.contacts == (CONSENTED,)
    assert stale.ask is not None and stale.ask.phone == SETTINGS.contact.phone
