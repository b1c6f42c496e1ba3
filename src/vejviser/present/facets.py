"""The facets readers filter by, and which values each activity has for them.

One definition serves the search index (Pagefind filters), the facet labels the
browser shows, and the list pages that work without JavaScript. Labels come from the
settings (areas, taxonomy), the schema (barrier titles and answer labels) and the
message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from vejviser.i18n import Messages
from vejviser.model import Activity, Answer, applies, barrier_fields
from vejviser.schema import WHOLE_MUNICIPALITY, SchemaIndex, bundled_schema
from vejviser.settings import Settings

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
TIMES_OF_DAY = ("formiddag", "eftermiddag", "aften")


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
    return activity.schedule.weekdays


def areas_of(activity: Activity, settings: Settings) -> tuple[str, ...]:
    """The areas an activity belongs to: its venue's, or those its home and phone service covers."""
    if activity.area:
        return (activity.area,)
    if WHOLE_MUNICIPALITY in activity.service_area:
        return tuple(area.id for area in settings.areas)
    return activity.service_area


def build_facets(settings: Settings, messages: Messages) -> list[Facet]:
    """Every facet, in the order a reader meets them."""
    index = SchemaIndex(bundled_schema("activity"))
    answer_labels = index.info(("accessibility", "step_free")).labels
    facets = [
        Facet("omraade", messages("facet.area"), "hvor", tuple((a.id, a.name) for a in settings.areas)),
        Facet("kategori", messages("facet.category"), "hvad", tuple((t.id, t.label) for t in settings.categories)),
        Facet(
            "maalgruppe", messages("facet.target_group"), "hvad", tuple((t.id, t.label) for t in settings.target_groups)
        ),  # fmt: skip
        Facet("ugedag", messages("facet.weekday"), "hvornaar", tuple((d, d.capitalize()) for d in WEEKDAYS)),
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


def values_of(activity: Activity, settings: Settings) -> dict[str, tuple[str, ...]]:
    """The facet values of one activity, keyed like :func:`build_facets`."""
    values: dict[str, tuple[str, ...]] = {
        "omraade": areas_of(activity, settings),
        "kategori": activity.categories,
        "maalgruppe": activity.target_groups,
        "ugedag": weekdays_of(activity),
        "tidspunkt": tuple(t for t in [time_of_day(activity.schedule.start)] if t),
        "form": (activity.form,),
        "gratis": (Answer.YES.value,) if activity.cost.free == Answer.YES else (),
    }
    for group, name in barrier_fields():
        if (group, name) != ("cost", "free") and applies(activity, group):
            values[name] = (str(getattr(getattr(activity, group), name)),)
    values["group_size"] = (activity.welcome.group_size,)
    return values
