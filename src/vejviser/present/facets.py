"""The facets readers filter by, and which values each activity has for them.

One definition serves the search index (Pagefind filters), the facet labels the
browser shows, and the list pages that work without JavaScript. Labels come from the
settings (areas, taxonomy), the schema (barrier titles and answer labels) and the
message catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vejviser.enrich.occurrences import occurrences
from vejviser.i18n import Messages
from vejviser.model import WEEKDAYS, Activity, Answer, applies, barrier_fields
from vejviser.present.words import weekday_label
from vejviser.schema import WHOLE_MUNICIPALITY, SchemaIndex, bundled_schema
from vejviser.settings import Settings

TIMES_OF_DAY = ("formiddag", "eftermiddag", "aften")
#: Days seen from the reader's own day, worked out in the browser: the search from the dates in
#: its index (:data:`DATE_FILTER`), the map from the published meetings (``site/meetings.py``).
RELATIVE_DAYS = ("i-dag", "i-morgen", "denne-uge")
#: The facet of :data:`RELATIVE_DAYS` in the URL, and the search index's filter of the days an activity
#: meets on (``2026-12-01``) behind it.
WHEN = "naar"
DATE_FILTER = "dato"
#: The meeting days published reach at least this many weeks beyond the day of the build (to a Sunday).
WEEKS_AHEAD = 8


@dataclass(frozen=True)
class Facet:
    """One thing to filter by: its key in the URL and the index, its label and its values."""

    key: str
    label: str
    group: str
    values: tuple[tuple[str, str], ...]  # (value, label)


def time_of_day(start: str) -> str | None:
    """``09:30`` -> formiddag, ``13:00`` -> eftermiddag, ``18:30`` -> aften."""
    if not start:
        return None
    hour = int(start[:2])
    return "formiddag" if hour < 12 else "eftermiddag" if hour < 17 else "aften"


def weekdays_of(activity: Activity) -> tuple[str, ...]:
    """The weekdays an activity happens on, also for activities on given dates."""
    if activity.schedule.dates:
        found = {WEEKDAYS[day.weekday()] for day in activity.schedule.dates}
        return tuple(day for day in WEEKDAYS if day in found)
    return activity.schedule.all_weekdays


def meeting_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days whose meetings a build publishes: from ``today`` to the Sunday that ends its
    :data:`WEEKS_AHEAD`-th week, so that every week in it is whole."""
    last = today + dt.timedelta(weeks=WEEKS_AHEAD, days=-1)
    return today, last + dt.timedelta(days=6 - last.weekday())


def meeting_dates(activity: Activity, today: dt.date) -> tuple[str, ...]:
    """The days in :func:`meeting_window` on which the activity meets, as ``YYYY-MM-DD``."""
    first, last = meeting_window(today)
    return tuple(dict.fromkeys(m.start.date().isoformat() for m in occurrences(activity, first, last)))


def when_facet(messages: Messages) -> Facet:
    """The facet "I dag", "I morgen", "Denne uge": the days from the reader's day, beside the weekdays."""
    values = tuple((day, messages(f"facet.when.{day}")) for day in RELATIVE_DAYS)
    return Facet(WHEN, messages("facet.when"), "hvornaar", values)


def areas_of(activity: Activity, settings: Settings) -> tuple[str, ...]:
    """The areas an activity belongs to: its venue's, or those its home and phone service covers."""
    if activity.area:
        return (activity.area,)
    if WHOLE_MUNICIPALITY in activity.service_area:
        return tuple(area.id for area in settings.areas)
    return activity.service_area


def build_facets(settings: Settings, messages: Messages) -> list[Facet]:
    """Every facet, in the order a reader meets them."""
    index = SchemaIndex(bundled_schema("activity", messages.texts))
    answer_labels = index.info(("accessibility", "step_free")).labels
    facets = [
        Facet("omraade", messages("facet.area"), "hvor", tuple((a.id, a.name) for a in settings.areas)),
        Facet("kategori", messages("facet.category"), "hvad", tuple((t.id, t.label) for t in settings.categories)),
        Facet(
            "maalgruppe", messages("facet.target_group"), "hvad", tuple((t.id, t.label) for t in settings.target_groups)
        ),  # fmt: skip
        when_facet(messages),
        Facet(
            "ugedag", messages("facet.weekday"), "hvornaar", tuple((d, weekday_label(d, messages)) for d in WEEKDAYS)
        ),  # fmt: skip
        Facet(
            "tidspunkt",
            messages("facet.time_of_day"),
            "hvornaar",
            tuple((t, messages(f"facet.time_of_day.{t}")) for t in TIMES_OF_DAY),
        ),  # fmt: skip
        Facet("form", messages("facet.form"), "hvor", tuple(index.info(("form",)).labels.items())),
        Facet("gratis", messages("facet.free"), "pris", (("ja", messages("facet.free.yes")),)),
    ]
    for group, name in barrier_fields():
        if (group, name) == ("cost", "free"):
            continue  # the "gratis" facet above
        info = index.info((group, name))
        facets.append(Facet(name, info.title, group, tuple(answer_labels.items())))
    size = index.info(("welcome", "group_size"))
    facets.append(Facet("group_size", size.title, "welcome", tuple(size.labels.items())))
    return facets


def values_of(activity: Activity, settings: Settings, today: dt.date | None = None) -> dict[str, tuple[str, ...]]:
    """The facet values of one activity, keyed like :func:`build_facets`; with ``today`` also the
    days it meets on (:data:`DATE_FILTER`), which the search's :data:`WHEN` reads."""
    values: dict[str, tuple[str, ...]] = {
        "omraade": areas_of(activity, settings),
        "kategori": activity.categories,
        "maalgruppe": activity.target_groups,
        "ugedag": weekdays_of(activity),
        "tidspunkt": tuple(dict.fromkeys(t for slot in activity.schedule.slots if (t := time_of_day(slot.start)))),
        "form": (activity.form,),
        "gratis": (Answer.YES.value,) if activity.cost.free == Answer.YES else (),
    }
    for group, name in barrier_fields():
        if (group, name) != ("cost", "free") and applies(activity, group, name):
            values[name] = (str(getattr(getattr(activity, group), name)),)
    values["group_size"] = (activity.welcome.group_size,)
    if today is not None:
        values[DATE_FILTER] = meeting_dates(activity, today)
    return values
