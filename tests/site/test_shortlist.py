"""The list to leave behind, "Min liste": each activity's entry as the list prints it, and what its page is handed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from tests.conftest import copy_example
from vejviser import ids
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.present.views import Describer
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages
from vejviser.site.shortlist import MAX_ENTRIES, entry, head, page_data
from vejviser.validate.project import validate_project

TODAY = dt.date(2026, 12, 1)
ENTRY = re.compile(r'<script type="application/json" data-vv-entry>(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def directory(tmp_path_factory) -> Directory:
    settings = load_settings(copy_example(tmp_path_factory.mktemp("kommune")))
    return Directory(settings, validate_project(settings), Messages(settings.language), TODAY)


@pytest.fixture(scope="module")
def site(directory):
    return generate_pages(directory)


def _view(directory, record_id):
    return next(v for v in directory.views if v.id == record_id)


def _rows(data) -> dict[str, str]:
    return dict(data["rows"])


def test_every_activity_page_carries_its_entry_as_json_that_cannot_close_the_script(site, directory):
    pages = {page.path: page for page in site.pages}
    for view in directory.views:
        body = pages[urls.path(urls.ACTIVITIES, view.id)].body
        found = ENTRY.findall(body)
        assert len(found) == 1, view.id
        assert json.loads(found[0]) == json.loads(json.dumps(entry(view, directory.settings, directory.messages)))
        assert "</" not in found[0]


def test_an_entry_says_when_where_how_to_get_there_the_answers_and_the_contact_in_the_pages_words(directory):
    view = _view(directory, "strikkecafe-i-måløv")
    data = entry(view, directory.settings, directory.messages)
    rows = _rows(data)
    assert data["title"] == view.activity.title and data["status"] == "active"
    assert data["url"] == "https://vejviser.example/aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/"
    assert data["next"] == view.upcoming.line and data["next"].startswith("Næste gang")
    assert rows["Hvornår"].startswith(view.when[:1].upper() + view.when[1:])
    assert view.where in rows["Hvor"]
    assert rows["Sådan kommer du derhen"].startswith(view.activity.venue.directions)
    assert "Offentlig transport" in rows["Sådan kommer du derhen"]
    for group in view.answers:
        for answer in group.answers:
            assert f"{answer.title}: {answer.label}" in " ".join(rows.values())
    nbsp = "\u00a0"  # a phone number is never split at a line end
    assert rows["Kontakt"] == f"Hanne Jensen (tovholder), telefon 44{nbsp}97{nbsp}12{nbsp}34"


def test_only_consenting_contacts_are_printed_and_the_coordinator_stands_in_for_none(directory):
    view = _view(directory, "strikkecafe-i-måløv")
    refused = dataclasses.replace(view.activity.contacts[0], consent=False)
    describer = Describer(directory.settings, directory.messages, {o.id: o for o in directory.organisations}, TODAY)
    alone = describer.view(dataclasses.replace(view.activity, contacts=(refused,)))
    rows = _rows(entry(alone, directory.settings, directory.messages))
    assert "Kontakt" not in rows and "Hanne" not in json.dumps(rows, ensure_ascii=False)
    contact = directory.settings.contact
    phone = contact.phone.replace(" ", "\u00a0")
    assert rows["Kontakt kommunen"].startswith(f"{contact.name}, telefon {phone}, {contact.email}")


def test_an_ended_or_hidden_activity_is_only_named(directory):
    ended = entry(_view(directory, "bowling-skovlunde"), directory.settings, directory.messages)
    assert ended == {"id": "bowling-skovlunde", "title": "Bowling for pensionister", "status": "ended",
                     "url": "https://vejviser.example/aktiviteter/bowling-skovlunde/"}  # fmt: skip
    hidden = [v for v in directory.views if not v.listed and v.activity.status != "ophørt"]
    assert hidden, "the example has activities out of the lists"
    assert {entry(v, directory.settings, directory.messages)["status"] for v in hidden} == {"hidden"}


def test_the_list_page_is_at_min_liste_with_the_schemas_id_rule_and_the_published_address(site, directory):
    page = next(p for p in site.pages if p.path == urls.path(urls.SHORTLIST))
    assert urls.url(urls.SHORTLIST) == "min-liste/"
    data = json.loads(re.search(r'id="vv-shortlist-data">(.*?)</script>', page.body, re.S).group(1))
    assert data == json.loads(json.dumps(page_data(directory.settings, directory.messages)))
    assert data["id"] == {"pattern": ids.SLUG_PATTERN, "max_length": ids.MAX_ID_LENGTH,
                          "reserved": sorted(ids.RESERVED_IDS)}  # fmt: skip
    assert data["max_entries"] == MAX_ENTRIES
    assert data["share"] == "https://vejviser.example/min-liste/"
    assert set(head(directory.messages)["texts"]) <= set(data["texts"])
    assert 'data-vv-pages="../aktiviteter/"' in page.body


def test_cards_and_activity_pages_have_a_place_for_the_save_button(site):
    pages = {page.path: page for page in site.pages}
    activity = pages[urls.path(urls.ACTIVITIES, "strikkecafe-i-måløv")].body
    assert '<span data-vv-save="strikkecafe-i-måløv" data-vv-title="Strikkecafé i Måløv">' in activity
    area = pages[urls.path(urls.AREAS, "måløv")].body
    assert area.count("data-vv-save=") == area.count('class="vv-card"')
    assert "data-vv-save=" not in pages[urls.path(urls.ACTIVITIES, "bowling-skovlunde")].body.split("vv-similar")[0]
