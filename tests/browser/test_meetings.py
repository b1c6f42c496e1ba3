"""The reader's own day in Chromium: "I dag", "Denne uge", "Næste gang" and the day filters.

The example is built for Monday 30 November 2026 (``VEJVISER_TODAY``), and the browser's clock is
pinned with Playwright's clock API to days in the weeks its data covers. On each day every list,
card, page and popup must say exactly what the occurrence engine says for that day, worked out
here in Python from the records (``occurrences()`` and ``upcoming()``), never copied from the site.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import serve
from vejviser.clock import TODAY_VARIABLE
from vejviser.enrich.occurrences import TIMEZONE, occurrences
from vejviser.i18n import Messages
from vejviser.model import WEEKDAYS
from vejviser.present.directory import Directory
from vejviser.present.facets import meeting_window
from vejviser.present.upcoming import day_in_words, upcoming
from vejviser.settings import load_settings
from vejviser.site.build import build_site
from vejviser.validate.project import validate_project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
#: The day the site is built for: a Monday.
BUILT = dt.date(2026, 11, 30)
#: Days read in the browser, each for a reason.
THURSDAY = dt.date(2026, 12, 3)  # the same week as the build: a page built on Monday, read on Thursday (odd week 49)
EVEN_WEEK = dt.date(2026, 12, 8)  # a Tuesday of week 50, in krolf's pause months, the second Tuesday (lokalhistorisk)
THIRD_TUESDAY = dt.date(2026, 12, 15)  # seniorbio's third Tuesday, week 51 (odd); fællesspisning-måløv is paused
BEFORE_CANCELLED = dt.date(2026, 12, 22)  # bordtennis is cancelled on Thursday 24 December: "Ikke i denne uge"
AFTER_CANCELLED = dt.date(2026, 12, 25)  # the day after a cancellation, and a holiday (Juledag)
NEW_YEAR = dt.date(2027, 1, 1)  # the day after the second cancellation, in a new year
DAYS = [THURSDAY, EVEN_WEEK, THIRD_TUESDAY, BEFORE_CANCELLED, AFTER_CANCELLED, NEW_YEAR]
#: Activities whose pages are read on every day: every kind of rule of the example.
SPECIAL = ("bordtennis-for-seniorer", "krolf-ved-hedegårdshallen", "seniorbio-skovlunde", "seniorfitness-lundebjerg",
           "fællesspisning-måløv", "gåtur-ved-søen", "akvarelmaling-hedegården", "lokalhistorisk-kaffeklub",
           "eftermiddagsandagt-egebjerg", "netværk-for-nye-pensionister", "fisketur-for-mænd")  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("dated")
    for name in ("mkdocs.yml", "vejviser.yaml", "geocache.yaml", "omraader.geojson"):
        shutil.copy(REPO / name, root / name)
    for folder in ("activities", "organisations", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_VARIABLE, BUILT.isoformat())
        build_site(root, root / "site")
    return root


@pytest.fixture(scope="module")
def base_url(project):
    """The site built for :data:`BUILT` (this module's, in place of the package's site)."""
    with serve(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def directory(project) -> Directory:
    """The same records, as the engine reads them for the day of the build."""
    settings = load_settings(project)
    result = validate_project(settings, BUILT)
    return Directory(settings, result, Messages(), BUILT)


def _at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    """A moment of ``day`` in Copenhagen (the reader's clock)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)


def _open(page, base_url, path: str, moment: dt.datetime) -> None:
    page.clock.set_fixed_time(moment)
    assert page.goto(base_url + path).ok, path
    page.wait_for_load_state("networkidle")


def _said(text: str) -> str:
    return " ".join(text.split())


# --- the engine's answers, in Python -----------------------------------------------------------


def engine_today(directory: Directory, day: dt.date) -> list[str]:
    """The listed activities meeting on ``day``, by the start of their first meeting that day (equal
    starts in the directory's order)."""
    found = [
        (meetings[0].start.time(), v.id) for v in directory.current if (meetings := occurrences(v.activity, day, day))
    ]
    return [activity_id for _, activity_id in sorted(found, key=lambda entry: entry[0])]


def engine_line(directory: Directory, activity_id: str, day: dt.date) -> str:
    """What a card says of the activity's next meeting, seen on ``day``."""
    view = next(v for v in directory.views if v.id == activity_id)
    told = upcoming(view.activity, day, directory.messages)
    return _said(f"{told.note}. {told.text}" if told.note else told.text)


def _lines(page, within: str = "body") -> dict[str, str]:
    """Each line's activity and words, read at one moment."""
    read = page.locator(f"{within} [data-vv-next]").evaluate_all("es => es.map(e => [e.dataset.vvNext, e.innerText])")
    return {activity_id: _said(text) for activity_id, text in read}


def _wait_for_lines(page, day: dt.date, within: str = "body") -> None:
    """Until every line there speaks for ``day`` (the script marks each line it has redone)."""
    lines = f"document.querySelectorAll('{within} [data-vv-next]')"
    page.wait_for_function(f"{lines}.length && [...{lines}].every(e => e.dataset.vvNextDay === '{day}')")


def _listed(page) -> list[str]:
    return page.locator("[data-vv-days-list] li[data-vv-id]").evaluate_all("items => items.map(i => i.dataset.vvId)")


# --- "I dag" and "Denne uge" -----------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_i_dag_lists_exactly_what_the_engine_says_meets_on_the_readers_day_by_start_time(page, base_url, directory,
                                                                                         day):  # fmt: skip
    _open(page, base_url, "i-dag/", _at(day))
    expected = engine_today(directory, day)
    assert expected, "a day of the test should have meetings"
    page.wait_for_function("document.querySelector('[data-vv-days-for]').textContent.startsWith('I dag er det')")
    assert _listed(page) == expected
    heading = day_in_words(day, day, directory.messages)
    assert page.locator("[data-vv-days-list] h2").all_inner_texts() == [heading[:1].upper() + heading[1:]]
    assert page.locator("[data-vv-days-for]").inner_text() == f"I dag er det {heading}."
    times = page.locator("[data-vv-days-list] .vv-card__time").all_inner_texts()
    first_starts = [occurrences(_view(directory, i).activity, day, day)[0].start for i in expected]
    assert times == [f"kl. {s.hour}.{s.minute:02d}" for s in first_starts]


def _view(directory: Directory, activity_id: str):
    return next(v for v in directory.views if v.id == activity_id)


@pytest.mark.parametrize("day", [THURSDAY, BEFORE_CANCELLED], ids=str)
def test_denne_uge_lists_each_day_from_the_readers_day_to_sunday(page, base_url, directory, day):
    _open(page, base_url, "denne-uge/", _at(day))
    page.wait_for_function("document.querySelector('[data-vv-days-for]').textContent.startsWith('Fra i dag')")
    days = [day + dt.timedelta(days=n) for n in range(7 - day.weekday())]
    sections = page.locator("[data-vv-days-list] section")
    assert sections.count() == len(days)
    for section, shown in zip(sections.all(), days, strict=True):
        heading = day_in_words(shown, day, directory.messages)
        assert section.locator("h2").inner_text() == heading[:1].upper() + heading[1:]
        ids = section.locator("li[data-vv-id]").evaluate_all("items => items.map(i => i.dataset.vvId)")
        assert ids == engine_today(directory, shown), shown
        if not ids:
            assert section.locator("p").inner_text() == "Ingen aktiviteter denne dag."


def test_a_page_built_on_monday_is_right_on_thursday(page, base_url, directory):
    """The build's own lists are Monday's; read on Thursday, the lists and lines are Thursday's."""
    assert engine_today(directory, BUILT) != engine_today(directory, THURSDAY)
    _open(page, base_url, "i-dag/", _at(THURSDAY, 18, 45))  # evening: a meeting of the morning still counts
    page.wait_for_function("document.querySelector('[data-vv-days-for]').textContent.startsWith('I dag er det')")
    assert page.locator("[data-vv-days-for]").inner_text() == "I dag er det torsdag 3. december."
    assert _listed(page) == engine_today(directory, THURSDAY)
    _open(page, base_url, f"aktiviteter/{quote('bordtennis-for-seniorer')}/", _at(THURSDAY, 18, 45))
    line = page.locator("[data-vv-next='bordtennis-for-seniorer'][data-vv-next-day='2026-12-03']")
    line.wait_for()
    assert _said(line.inner_text()) == engine_line(directory, "bordtennis-for-seniorer", THURSDAY)
    assert "torsdag 3. december" in line.inner_text()  # the build said Thursday 3 December too, from Monday


def test_the_readers_day_is_copenhagens_whatever_the_devices_time_zone(chromium, base_url, directory):
    """At 00:30 on Thursday in Copenhagen it is still Wednesday in UTC and in Los Angeles."""
    context = chromium.new_context(timezone_id="America/Los_Angeles")
    page = context.new_page()
    _open(page, base_url, "i-dag/", _at(THURSDAY, 0, 30))
    page.wait_for_function("document.querySelector('[data-vv-days-for]').textContent.startsWith('I dag er det')")
    assert _listed(page) == engine_today(directory, THURSDAY)
    assert _listed(page) != engine_today(directory, THURSDAY - dt.timedelta(days=1))
    context.close()


def test_without_javascript_the_list_is_the_builds_and_says_for_which_day_it_was_made(chromium, base_url, directory):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    assert page.goto(base_url + "i-dag/").ok
    assert page.locator("[data-vv-days-for]").inner_text() == "Listen er lavet til mandag 30. november."
    assert _listed(page) == engine_today(directory, BUILT)
    assert page.goto(base_url + "denne-uge/").ok
    assert page.locator("[data-vv-days-list] h2").count() == 7  # Monday to Sunday
    assert page.goto(base_url).ok
    links = page.locator("section[aria-labelledby='vv-today'] a")
    assert links.evaluate_all("links => links.map(a => new URL(a.href).pathname)") == ["/i-dag/", "/denne-uge/"]
    context.close()


@pytest.mark.parametrize("day", [BUILT - dt.timedelta(days=1), meeting_window(BUILT)[1] + dt.timedelta(days=1)],
                         ids=["before the build", "after the data"])  # fmt: skip
def test_a_day_the_data_does_not_reach_is_said_instead_of_a_wrong_list(page, base_url, directory, day):
    _open(page, base_url, "i-dag/", _at(day))
    page.wait_for_function("document.querySelector('[data-vv-days-for]').textContent.startsWith('Listen kan ikke')")
    first, last = meeting_window(BUILT)
    assert first == BUILT and last == dt.date(2027, 1, 24)  # eight whole weeks
    m = directory.messages
    words = {"day": day_in_words(day, day, m), "first": day_in_words(first, day, m), "last": day_in_words(last, day, m)}
    assert page.locator("[data-vv-days-for]").inner_text() == m("today.out_of_range", **words)
    assert page.locator("[data-vv-days-list] li").count() == 0
    assert page.get_by_role("link", name="Se alle aktiviteter efter ugedag").is_visible()


@pytest.mark.parametrize("path", ["i-dag/", "denne-uge/"])
def test_the_readers_lists_have_no_axe_violations_and_headings_in_order(page, base_url, path):
    _open(page, base_url, path, _at(THIRD_TUESDAY))
    page.wait_for_function("/^(I dag|Fra i dag)/.test(document.querySelector('[data-vv-days-for]').textContent)")
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    assert [v["id"] for v in results.response["violations"]] == []
    levels = page.locator(".vv-days h1, .vv-days h2, .vv-days h3").evaluate_all("hs => hs.map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert page.locator(".vv-days [aria-live]").count() == 0  # nothing there changes while it is read


EVERY_DAY = """async ([address, first, last]) => {
  const { load, dayNumber } = await import(new URL('assets/vejviser/meetings.js', location.href).href);
  const meetings = await load(address);
  const said = {};
  for (let day = dayNumber(first); day <= dayNumber(last); day++) {
    const lines = {};
    for (const [id, row] of meetings.rows) lines[id] = meetings.words(row, day);
    said[day - dayNumber(first)] = { lines, today: meetings.on(day).map(([row]) => meetings.data.ids[row]) };
  }
  return said;
}"""


def test_on_every_day_the_data_covers_the_script_says_what_the_engine_says(page, base_url, directory):
    """Not only the chosen days: each day of the window, each activity, as the page's script reads the data."""
    _open(page, base_url, "", _at(THURSDAY))
    first, last = meeting_window(BUILT)
    said = page.evaluate(EVERY_DAY, ["i-dag/moeder.json", first.isoformat(), last.isoformat()])
    ids = list(said["0"]["lines"])
    assert len(said) == (last - first).days + 1 and len(ids) > 40
    for offset, seen in said.items():
        day = first + dt.timedelta(days=int(offset))
        assert seen["today"] == engine_today(directory, day), day
        for activity_id in ids:
            told = upcoming(_view(directory, activity_id).activity, day, directory.messages)
            words = seen["lines"][activity_id]
            assert (words["note"], words["text"], words["quiet"]) == (told.note, told.text, told.quiet), (
                day,
                activity_id,
            )


# --- "Næste gang" on cards, pages and the map ----------------------------------------------------------


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_card_says_the_engines_next_meeting_for_the_readers_day(page, base_url, directory, day):
    for weekday in WEEKDAYS:  # every activity with days is on the list of its weekdays
        _open(page, base_url, f"ugedage/{quote(weekday)}/", _at(day))
        _wait_for_lines(page, day)
        lines = _lines(page)
        assert lines, weekday
        assert lines == {i: engine_line(directory, i, day) for i in lines}, weekday


def test_after_the_data_no_line_names_a_day_gone_by(page, base_url, directory):
    """Read after the weeks the data covers (no nightly build since): a line never says a past day is the
    next meeting. The first meeting after the data is still the next one while it is not past; else no line."""
    last = meeting_window(BUILT)[1]
    day = last + dt.timedelta(days=10)
    lines = "document.querySelectorAll('[data-vv-next]')"
    kept, hidden = set(), set()
    for weekday in WEEKDAYS:
        _open(page, base_url, f"ugedage/{quote(weekday)}/", _at(day))
        done = f"[...{lines}].every(e => e.hidden || e.dataset.vvNextDay === '{day}')"
        page.wait_for_function(f"{lines}.length && {done}")
        read = page.locator("[data-vv-next]").evaluate_all(
            "es => es.map(e => [e.dataset.vvNext, e.hidden, e.querySelector('.vv-next__text').textContent])"
        )
        for activity_id, is_hidden, text in read:
            activity = _view(directory, activity_id).activity
            after = occurrences(activity, last + dt.timedelta(days=1), day + dt.timedelta(days=366))
            if after and after[0].start.date() >= day:  # nothing between the data's end and the reader's day
                assert not is_hidden and text == upcoming(activity, day, directory.messages).text, activity_id
                kept.add(activity_id)
            else:
                assert is_hidden, activity_id
                hidden.add(activity_id)
    assert kept and hidden  # both cases are among the example's activities


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_each_kind_of_rule_says_the_engines_next_meeting_on_its_page(page, base_url, directory, day):
    for activity_id in SPECIAL:
        _open(page, base_url, f"aktiviteter/{quote(activity_id)}/", _at(day))
        line = page.locator(f"[data-vv-next='{activity_id}'][data-vv-next-day='{day}']")
        line.wait_for()
        assert _said(line.inner_text()) == engine_line(directory, activity_id, day), activity_id
        quiet = upcoming(_view(directory, activity_id).activity, day, directory.messages).quiet
        assert ("vv-next--quiet" in line.get_attribute("class")) == quiet


def test_the_lines_say_the_rules_in_the_readers_words(page, base_url, directory):
    """The cases the engine is for, read in the browser: a cancelled Thursday, a new year, a pause."""
    expected = {
        (BEFORE_CANCELLED, "bordtennis-for-seniorer"): "Ikke i denne uge. Næste gang: torsdag 7. januar 2027 kl. 13.00",
        (AFTER_CANCELLED, "bordtennis-for-seniorer"): "Næste gang: torsdag 7. januar 2027 kl. 13.00",
        (NEW_YEAR, "bordtennis-for-seniorer"): "Næste gang: torsdag 7. januar kl. 13.00",
        (THIRD_TUESDAY, "seniorbio-skovlunde"): "Næste gang: tirsdag 15. december kl. 13.30",
    }
    for (day, activity_id), words in expected.items():
        assert engine_line(directory, activity_id, day) == words  # the engine's answer, said once by hand
        _open(page, base_url, f"aktiviteter/{quote(activity_id)}/", _at(day))
        line = page.locator(f"[data-vv-next='{activity_id}'][data-vv-next-day='{day}']")
        line.wait_for()
        assert _said(line.inner_text()) == words


POPUPS = """async () => {
  const root = document.querySelector('[data-vv-map]');
  const map = window[root.dataset.vvMapName];
  let cluster = null;
  map.eachLayer((layer) => { if (layer instanceof L.MarkerClusterGroup) cluster = layer; });
  const found = {};
  for (const marker of cluster.getLayers()) {
    const popup = marker.getPopup();
    map.openPopup(popup, marker.getLatLng());
    const box = () => popup.getElement().querySelector('.vv-popup');
    for (let i = 0; i < 200; i++) {
      const line = box() && box().querySelector('.vv-next');
      if (box() && box().querySelector('h3') && (!line || line.dataset.vvNextDay)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const line = box().querySelector('.vv-next');
    const title = box().querySelector('h3').textContent;
    found[title] = line ? [line.dataset.vvNext, line.textContent, line.dataset.vvNextDay] : null;
    map.closePopup();
  }
  return found;
}"""


@pytest.mark.parametrize("day", [EVEN_WEEK, BEFORE_CANCELLED, NEW_YEAR], ids=str)
def test_every_pin_on_the_map_says_the_engines_next_meeting_in_its_box_and_its_row(page, base_url, directory, day):
    _open(page, base_url, "kort/", _at(day))
    page.wait_for_selector(".marker-cluster")
    found = page.evaluate(POPUPS)
    placed = [v for v in directory.current if v.activity.position is not None]
    assert len(found) == len({v.activity.title for v in placed})
    for view in placed:
        shown = found[view.activity.title]
        if not view.upcoming.line:  # its days are not known (by arrangement): no line
            assert shown is None, view.id
            continue
        assert shown[0] == view.id and shown[2] == day.isoformat(), view.id
        assert _said(shown[1]) == engine_line(directory, view.id, day), view.id
    page.click("[data-vv-map-more]")
    page.wait_for_function("document.querySelectorAll('[data-vv-map-list] li').length > 20")
    _wait_for_lines(page, day, "[data-vv-map-list]")
    rows = _lines(page, "[data-vv-map-list]")
    assert len(rows) > 20 and rows == {i: engine_line(directory, i, day) for i in rows}


# --- the filters "i dag", "i morgen", "denne uge" --------------------------------------------------------


def _meets(directory: Directory, days: list[dt.date], placed: bool = False) -> set[str]:
    views = [v for v in directory.current if not placed or v.activity.position is not None]
    return {v.activity.title for v in views if any(occurrences(v.activity, d, d) for d in days)}


def _week(day: dt.date) -> list[dt.date]:
    return [day + dt.timedelta(days=n) for n in range(7 - day.weekday())]


@pytest.mark.parametrize("day", [THIRD_TUESDAY, AFTER_CANCELLED], ids=str)
def test_the_search_filters_by_today_tomorrow_and_this_week_from_the_readers_day(page, base_url, directory, day):
    _open(page, base_url, "?naar=i-dag", _at(day))
    page.wait_for_selector("[data-vv-results] li")
    while page.locator("[data-vv-more]").count():
        page.click("[data-vv-more]")
    titles = set(page.locator("[data-vv-results] h3").all_inner_texts())
    assert titles == _meets(directory, [day])
    assert page.is_checked("#vv-f-naar-i-dag")
    tomorrow = len(_meets(directory, [day + dt.timedelta(days=1)]))
    assert tomorrow, "the test needs a tomorrow with meetings"
    label = page.locator("label[for='vv-f-naar-i-morgen']")
    label.wait_for()
    assert label.inner_text() == f"I morgen ({tomorrow})"
    week = page.locator("label[for='vv-f-naar-denne-uge']").inner_text()
    assert week == f"Denne uge ({len(_meets(directory, _week(day)))})"
    page.uncheck("#vv-f-naar-i-dag")
    page.check("#vv-f-naar-denne-uge")
    page.wait_for_function("location.search.includes('denne-uge')")
    assert parse_qs(urlsplit(page.url).query) == {"naar": ["denne-uge"]}
    expected = len(_meets(directory, _week(day)))
    page.wait_for_function(f"document.querySelector('[data-vv-status]').textContent.startsWith('{expected} ')")


def test_the_search_says_so_when_its_days_do_not_reach_the_readers_day(page, base_url):
    _open(page, base_url, "?naar=i-dag", _at(meeting_window(BUILT)[1] + dt.timedelta(days=2)))
    status = page.locator("[data-vv-status]")
    page.wait_for_function("document.querySelector('[data-vv-status]').textContent.includes('»I dag«')")
    assert "kan ikke bruges lige nu" in status.inner_text()
    assert page.locator("#vv-f-naar-i-dag").count() == 0


def test_the_map_filters_by_today_and_this_week_and_keeps_it_in_the_url(page, base_url, directory):
    _open(page, base_url, "kort/?naar=i-dag", _at(THIRD_TUESDAY))
    page.wait_for_selector(".marker-cluster, .leaflet-marker-icon")
    today = _meets(directory, [THIRD_TUESDAY], placed=True)
    status = f"{len(today)} af "
    page.wait_for_function(f"document.querySelector('[data-vv-map-status]').textContent.startsWith({status!r})")
    assert set(page.locator("[data-vv-map-list] h3").all_inner_texts()) == today
    # the panel waits closed (the count and the map first); the group of the filter it brings is open in it
    assert page.evaluate("document.querySelector('details.vv-map__group[data-group=hvornaar]').open")
    page.click("details.vv-map__filters > summary")
    assert page.is_checked("input[name=naar][value=i-dag]")
    page.check("input[name=naar][value=denne-uge]")
    page.wait_for_function("location.search.includes('denne-uge')")
    assert parse_qs(urlsplit(page.url).query) == {"naar": ["i-dag", "denne-uge"]}
    both = len(today | _meets(directory, _week(THIRD_TUESDAY), placed=True))
    page.wait_for_function(f"document.querySelector('[data-vv-map-status]').textContent.startsWith('{both} af ')")
