"""Print reads the barrier answers by the same rule as the site: verdicts, words, marks and whom to ask.

The book's answers are checked here as the data the templates get (typesetting is slow; the
printed words are read back from the one shared print in test_book_layout.py).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from tests.printed.conftest import REPO, TODAY
from vejviser.i18n import Messages
from vejviser.model import Form
from vejviser.present.answers import Verdict, answered, questions
from vejviser.present.directory import Directory
from vejviser.printed.content import PrintedDirectory, barriers, editions
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


def test_every_printed_question_has_words_for_each_verdict_in_every_language():
    for lang in ("da", "en"):
        messages = Messages(lang)
        for q in questions():
            if q.icon:
                words = [messages(f"print.barrier.{q.name}.{v}") for v in Verdict]
                assert all(words) and len(set(words)) == 3, (lang, q.name, words)


def test_an_entrys_answers_are_grouped_good_bad_unknown_with_marks_and_words():
    messages = Messages()
    checked = 0
    for entry in _entries().values():
        groups = entry["answer_groups"]
        present = {a["verdict"] for a in entry["answers"]}
        assert [g["verdict"] for g in groups] == [v.value for v in Verdict if v.value in present]
        for group in groups:
            assert group["mark"] == {"good": "✓", "bad": "×", "unknown": "?"}[group["verdict"]]
            assert group["label"] == messages(f"answer.verdict.{group['verdict']}")
            members = [a for a in entry["answers"] if a["verdict"] == group["verdict"]]
            expected = [a["title"] if group["verdict"] == "unknown" else a["words"] for a in members]
            # as a sentence lists them: the first word capitalised, the others not
            assert [x.casefold() for x in group["items"]] == [x.casefold() for x in expected]
            assert group["items"][0][:1].isupper() and not any(x[:1].isupper() for x in group["items"][1:])
            checked += len(members)
    assert checked > 100


def test_a_step_free_entrance_reads_uden_trin_and_one_with_steps_trin_ved_indgangen():
    words = {"good": "Uden trin", "bad": "Trin ved indgangen", "unknown": "Trin: ikke oplyst"}
    found = set()
    for entry in _entries().values():
        for a in entry["answers"]:
            if a["icon"] == "door-open":
                assert a["words"] == words[a["verdict"]]
                found.add(a["verdict"])
    assert found == {"good", "bad", "unknown"}


def test_the_book_explains_the_marks_in_how_to_use_it_and_keeps_no_icon_key():
    document, _ = _printed().book(editions("a5")[0], 2027)
    assert "legend" not in document
    for mark in "✓×?":
        assert f"({mark})" in document["howto"]
    assert document["howto"].endswith("Alle aktiviteterne står også på vejviser.example.")


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
