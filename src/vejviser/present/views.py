"""What a page shows about an activity, worked out once: words, place, barriers, status.

Templates receive these views and only lay them out; they hold no logic of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vejviser.enrich.freshness import is_hidden, is_stale
from vejviser.i18n import Messages
from vejviser.model import Activity, Contact, Frequency, Organisation, Status, applies
from vejviser.present import urls
from vejviser.present.answers import answer_words, answered, questions
from vejviser.present.facets import values_of
from vejviser.present.upcoming import Upcoming, upcoming
from vejviser.present.words import date_in_words, price_in_words, when_in_words
from vejviser.schema import WHOLE_MUNICIPALITY, SchemaIndex, bundled_schema
from vejviser.settings import Settings


@dataclass(frozen=True)
class ShownAnswer:
    """One barrier answer as shown: the question's title, the answer, its words and what it means
    for the reader (``good``, ``bad``, ``unknown``; ``info`` for the group's size, which is neither)."""

    title: str
    value: str
    label: str
    verdict: str = "info"
    #: The field it answers, ``accessibility.step_free`` (empty for the group's size).
    question: str = ""


@dataclass(frozen=True)
class ShownAnswerGroup:
    title: str
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True)
class Ask:
    """Whom a reader can call when the record names nobody, or may be out of date: the
    municipality's coordinator (the settings' ``contact``, published by the municipality itself)."""

    name: str
    phone: str
    email: str
    hours: str

    @property
    def tel(self) -> str:
        """The phone number for a ``tel:`` link."""
        return self.phone.replace(" ", "")


@dataclass(frozen=True)
class ActivityView:
    """An activity with everything its pages and list entries say about it."""

    activity: Activity
    url: str
    when: str
    where: str
    area_name: str
    serves: str
    price: str
    organisation: Organisation | None
    answers: tuple[ShownAnswerGroup, ...]
    filters: tuple[tuple[str, str], ...]
    listed: bool
    stale: bool
    reviewed: str
    paused_until: str
    #: When it next meets, seen on the day of the build.
    upcoming: Upcoming = Upcoming()
    #: The contacts who agreed to be published, and the coordinator to ask when there are none or
    #: the record is stale (else None).
    contacts: tuple[Contact, ...] = ()
    ask: Ask | None = None

    @property
    def id(self) -> str:
        return self.activity.id


def listed(activity: Activity, settings: Settings, today: dt.date) -> bool:
    """Whether an activity appears in lists: not ended, not expired (its last date, its season over),
    not unconfirmed for too long.

    Its own page exists either way, so that printed links and QR codes never break.
    """
    if activity.status == Status.ENDED:
        return False
    if activity.valid_until is not None and activity.valid_until < today:
        return False
    schedule = activity.schedule
    if schedule.frequency == Frequency.DATES and schedule.dates and schedule.dates[-1] < today:
        return False
    if schedule.season_end is not None and schedule.season_end < today:
        return False  # the season is over: like its last date, until the next season's dates are written
    return not is_hidden(activity.reviewed, today, settings.hide_after_months)


class Describer:
    """Turns activities into views for one settings, language and day."""

    def __init__(self, settings: Settings, messages: Messages, organisations: dict[str, Organisation], today):
        self.settings = settings
        self.messages = messages
        self.organisations = organisations
        self.today = today
        index = SchemaIndex(bundled_schema("activity", messages.texts))  # titles and labels in the reader's language
        self.group_titles = {group: index.info((group,)).title for group in index.property_names(())}
        self.titles = {(q.group, q.name): index.info((q.group, q.name)).title for q in questions()}
        self.labels = index.info(("accessibility", "step_free")).labels
        self.size_title = index.info(("welcome", "group_size")).title
        self.size_labels = index.info(("welcome", "group_size")).labels
        self.area_names = {area.id: area.name for area in settings.areas}
        self.area_names[WHOLE_MUNICIPALITY] = messages("page.whole_municipality")
        c = settings.contact
        self.coordinator = Ask(c.name, c.phone, c.email, c.hours)

    def answers(self, activity: Activity) -> tuple[ShownAnswerGroup, ...]:
        """The questions that apply to its form, by group, each with its verdict for the reader."""
        groups: dict[str, list[ShownAnswer]] = {}
        price = price_in_words(activity, self.messages)
        for item in answered(activity):
            q = item.question
            words = answer_words(item, self.labels, self.messages, price)
            shown = ShownAnswer(self.titles[(q.group, q.name)], item.answer, words, item.verdict, f"{q.group}.{q.name}")
            groups.setdefault(q.group, []).append(shown)
            if (q.group, q.name) == ("welcome", "try_first") and applies(activity, "welcome", "group_size"):
                size = activity.welcome.group_size
                groups[q.group].append(ShownAnswer(self.size_title, "info", self.size_labels[size]))
        return tuple(ShownAnswerGroup(self.group_titles[g], tuple(items)) for g, items in groups.items())

    def serves(self, activity: Activity) -> str:
        """Where an offer without a venue reaches, in words that follow its form: ``Kommer hjem til
        dig i Måløv`` for visits, ``Over telefonen, for borgere i hele kommunen`` for a call."""
        if not activity.service_area:
            return ""
        m = self.messages
        names = [m("serves.whole_municipality") if a == WHOLE_MUNICIPALITY else self.area_names.get(a, a)
                 for a in activity.service_area]  # fmt: skip
        return m(f"serves.{activity.form}", areas=m.join(names, "_and"))

    def where(self, activity: Activity) -> str:
        venue = activity.venue
        if venue is None:
            return ""
        address = venue.address
        return f"{venue.name}, {address.street}, {address.postcode} {address.town}"

    def view(self, activity: Activity) -> ActivityView:
        m = self.messages
        facet_values = values_of(activity, self.settings, self.today)  # with the days it meets, for the search
        filters = tuple((key, value) for key, values in facet_values.items() for value in values)
        stale = is_stale(activity.reviewed, self.today, self.settings.stale_after_months)
        return ActivityView(
            activity=activity,
            url=urls.url(urls.ACTIVITIES, activity.id),
            when=when_in_words(activity.schedule, m),
            where=self.where(activity),
            area_name=self.area_names.get(activity.area or "", ""),
            serves=self.serves(activity),
            price=price_in_words(activity, m),
            organisation=self.organisations.get(activity.organisation),
            answers=self.answers(activity),
            filters=filters,
            listed=listed(activity, self.settings, self.today),
            stale=stale,
            reviewed=date_in_words(activity.reviewed, m),
            paused_until=date_in_words(activity.paused_until, m) if activity.paused_until else "",
            upcoming=upcoming(activity, self.today, m),
            contacts=activity.published_contacts,
            ask=self.coordinator if stale or not activity.published_contacts else None,
        )
