"""Print reads the barrier answers by the same rule as the site: verdicts, marks, colours and whom to ask.

The book's icons are checked here as the data and SVGs the templates get (typesetting is slow;
the PDF's alternative texts are read back in test_book.py, from the one shared print).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from tests.printed.conftest import REPO, TODAY
from vejviser.i18n import Messages
from vejviser.model import Form
from vejviser.present.answers import Verdict, answered
from vejviser.present.directory import Directory
from vejviser.present.icons import VERDICT_COLOURS
from vejviser.printed.content import PrintedDirectory, barriers, editions
from vejviser.printed.typeset import _icons
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project


@cache
def _printed(today: dt.date = TODAY) -> PrintedDirectory:
    settings = load_settings(REPO)
    return PrintedDirectory(Directory(settings, validate_project(settings, today), Messages(), today))


def _entries() -> dict[str, dict]:
    """The book's entries by title (the example's titles are all different)."""
    document, _ = _printed().book(editions("a5")[0], 2027)
    return {e["title"]: e for s in document["sections"] for g in s["groups"] for e in g["entries"]}


def test_each_entrys_icon_row_carries_the_sites_verdicts():
    printed = _printed()
    entries = _entries()
    checked = 0
    for view in printed.views:
        entry = entries[view.activity.title]
        expected = [
            (i.question.icon, str(i.answer), str(i.verdict)) for i in answered(view.activity) if i.question.icon
        ]
        assert [(a["icon"], a["value"], a["verdict"]) for a in entry["answers"]] == expected
        checked += len(expected)
    assert checked > 100


def test_a_missing_step_free_entrance_is_marked_as_a_barrier_and_a_step_free_one_as_good():
    for entry in _entries().values():
        for a in entry["answers"]:
            if a["icon"] == "door-open":
                assert a["verdict"] == {"ja": "good", "nej": "bad", "ukendt": "unknown"}[a["value"]]
                assert a["label"] == {"ja": "Ja", "nej": "Nej", "ukendt": "Ikke oplyst"}[a["value"]]


def test_phone_and_home_offers_print_no_venue_icons():
    printed = _printed()
    entries = _entries()
    venue_icons = {b.icon for b in barriers() if b.group in ("accessibility", "transport")}
    offers = [v for v in printed.views if v.activity.form in (Form.PHONE, Form.AT_HOME)]
    assert offers
    for view in offers:
        assert not venue_icons & {a["icon"] for a in entries[view.activity.title]["answers"]}, view.id


def test_the_key_to_the_icons_names_each_verdict_in_words():
    document, _ = _printed().book(editions("a5")[0], 2027)
    key = document["legend"]["verdicts"]
    assert [k["verdict"] for k in key] == [v.value for v in Verdict]
    assert [k["label"] for k in key] == ["Godt for dig", "Kan være en hindring", "Ikke oplyst"]
    assert document["texts"]["legend_intro"] == "Hvert ikon har et mærke, der viser, hvad svaret betyder for dig:"


@pytest.mark.parametrize("verdict", list(Verdict))
def test_each_verdicts_mark_is_drawn_in_its_colour_beside_every_barrier_icon(verdict):
    icons = _icons()
    colour = VERDICT_COLOURS[verdict]
    assert f'fill="{colour}"' in icons[f"verdict-{verdict}"]
    for barrier in barriers():
        assert f'fill="{colour}"' in icons[f"{barrier.icon}-{verdict}"]


def test_the_serves_line_follows_the_form_in_the_book():
    entries = _entries()
    assert entries["Telefonven"]["serves"] == "Over telefonen, for borgere i hele kommunen"
    assert entries["Gå-ven: en tur fra din egen dør"]["serves"] == "Kommer hjem til dig i Måløv"


def test_a_book_entry_without_a_published_contact_gives_the_coordinators_phone():
    printed = _printed()
    coordinator = printed.settings.contact
    entries = _entries()
    silent = [v for v in printed.views if not v.activity.published_contacts]
    assert silent
    for view in silent:
        [line] = entries[view.activity.title]["contacts"]
        assert line.startswith(coordinator.name) and coordinator.phone in line
        for refused in view.activity.contacts:
            assert refused.name not in line
    spoken = next(v for v in printed.views if v.activity.published_contacts)
    assert coordinator.name not in " ".join(entries[spoken.activity.title]["contacts"])


def test_a_sheet_row_without_a_contact_names_none_and_the_sheets_box_gives_the_coordinators_number():
    printed = _printed()
    area = printed.settings.areas[0]
    document, _ = printed.sheet(area)
    assert printed.settings.contact.phone == document["contact"]["phone"]
    rows = [r for day in document["days"] for r in day["rows"]] + document["at_home"]
    assert any(r["contact"] == "" for r in rows)  # the box at the top says whom to call for these
