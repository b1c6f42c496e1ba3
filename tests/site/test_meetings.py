"""The meetings published for the reader's own day: what they cover, what they hold, and the pages beside them.

The browser's reading of the data is checked in Chromium (tests/browser/test_meetings.py, on every
day of the window); here the Python side: the window, the rows, the lists "I dag" and "Denne uge"
as the build makes them, and the days the search index gets.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest

from vejviser.enrich.occurrences import occurrences
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.present.facets import DATE_FILTER, WHEN, build_facets, meeting_window
from vejviser.settings import load_settings
from vejviser.site.meetings import plan
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project

REPO = Path(__file__).resolve().parent.parent.parent
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def example() -> Directory:
    settings = load_settings(REPO)
    return Directory(settings, validate_project(settings, MONDAY), Messages(), MONDAY)


@pytest.mark.parametrize("today", [MONDAY, dt.date(2026, 12, 6), dt.date(2027, 2, 26)], ids=str)
def test_the_window_is_whole_weeks_from_the_build_to_a_sunday_eight_weeks_on(today):
    first, last = meeting_window(today)
    assert first == today and last.weekday() == 6
    assert dt.timedelta(weeks=8) <= last - first + dt.timedelta(days=1) < dt.timedelta(weeks=9)


def test_the_data_holds_every_activity_whose_days_are_known_with_its_days_as_the_engine_says(example):
    meetings = plan(example)
    data = meetings.data(example.messages)
    first, last = meeting_window(MONDAY)
    assert (data["from"], data["until"]) == (first.isoformat(), last.isoformat())
    assert "bowling-skovlunde" not in data["ids"]  # ended
    assert "besøgsven-fra-røde-kors" not in data["ids"]  # by arrangement: no days to tell
    assert data["ids"] == [v.id for v in example.views if v.id in data["ids"]]  # the directory's order
    masks = [int.from_bytes(base64.urlsafe_b64decode(m + "=" * (-len(m) % 4)), "little") for m in data["masks"]]
    for row, activity_id in enumerate(data["ids"]):
        activity = next(v.activity for v in example.views if v.id == activity_id)
        pairs = data["meets"][row]
        days = {(first + dt.timedelta(days=bit), data["times"][pairs[i + 1]][1])
                for i in range(0, len(pairs), 2) for bit in range(63) if masks[pairs[i]] >> bit & 1}  # fmt: skip
        engine = {(o.start.date(), f"{o.start.hour}.{o.start:%M}") for o in occurrences(activity, first, last)}
        assert days == engine, activity_id


def test_the_next_meeting_after_the_window_is_the_engines(example):
    data = plan(example).data(example.messages)
    last = dt.date.fromisoformat(data["until"])
    row = data["ids"].index("krolf-ved-hedegårdshallen")  # pauses November to March
    days, time = data["after"][row]
    assert last + dt.timedelta(days=days) == dt.date(2027, 4, 2) and data["times"][time][1] == "9.30"


def test_i_dag_and_denne_uge_are_the_builds_lists_by_start_time_and_say_their_day(example):
    site = generate_pages(example)
    pages = {page.path: page.body for page in site.pages}
    today = pages[urls.path(urls.TODAY)]
    assert "Listen er lavet til mandag 30. november." in today
    assert today.index("Godmorgen-opkald") < today.index("kl. 8.30") < today.index("Syng med i Sølvstemmerne")
    week = pages[urls.path(urls.WEEK)]
    assert [line for line in week.splitlines() if line.startswith("<h2")][-1].endswith(">Søndag 6. december</h2>")
    files = dict(site.files)
    assert json.loads(files[urls.MEETINGS])["from"] == "2026-11-30"
    first = json.loads(files[urls.MEETINGS])["ids"][0]
    assert (
        json.loads(files[urls.meeting_cards(0)])[0][0] == next(v for v in example.views if v.id == first).activity.title
    )


def test_the_search_index_gets_the_days_each_activity_meets_behind_i_dag_i_morgen_denne_uge(example):
    facets = [facet.key for facet in build_facets(example.settings, example.messages)]
    assert facets.index(WHEN) == facets.index("ugedag") - 1  # beside the weekdays
    view = next(v for v in example.views if v.id == "bordtennis-for-seniorer")
    dates = [value for key, value in view.filters if key == DATE_FILTER]
    assert "2026-12-03" in dates and "2026-12-24" not in dates and "2026-12-31" not in dates  # cancelled
    assert dates == sorted(dates) and all(dt.date.fromisoformat(d) <= meeting_window(MONDAY)[1] for d in dates)
