"""Page generation: a pure function from validated records to files (path, content).

The MkDocs plugin hands these files to MkDocs; ``vejviser generate`` writes them to a
folder for any other engine. Nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from vejviser.enrich.freshness import is_hidden
from vejviser.i18n import Messages
from vejviser.model import Activity, Organisation
from vejviser.schema import WHOLE_MUNICIPALITY
from vejviser.settings import Settings
from vejviser.site.sanitise import markdown_to_safe_html
from vejviser.site.words import date_in_words, price_in_words, when_in_words

ACTIVITY_DIR = "aktiviteter"
ORGANISATION_DIR = "foreninger"


@dataclass(frozen=True)
class GeneratedPage:
    """One page: its path inside the docs tree and its Markdown text."""

    path: str
    content: str


def activity_url(activity: Activity) -> str:
    return f"{ACTIVITY_DIR}/{quote(activity.id)}/"


def organisation_url(organisation: Organisation) -> str:
    return f"{ORGANISATION_DIR}/{quote(organisation.id)}/"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vejviser", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )


def _front_matter(title: str) -> Markup:
    # MkDocs themes print the title unescaped, so it is escaped here, once.
    return Markup(yaml.safe_dump({"title": html.escape(title)}, allow_unicode=True).strip())


class PageMaker:
    """Renders every page of the directory from validated records."""

    def __init__(self, settings: Settings, messages: Messages):
        self.settings = settings
        self.messages = messages
        self.env = _environment()
        self.env.globals.update(
            settings=settings,
            t=messages,
            date=lambda day: date_in_words(day, messages),
            url=activity_url,
            org_url=organisation_url,
            when=lambda a: when_in_words(a.schedule, messages),
        )

    def _render(self, template: str, **context) -> str:
        return self.env.get_template(f"pages/{template}").render(**context)

    def activity(self, activity: Activity, organisation: Organisation | None) -> GeneratedPage:
        names = {area.id: area.name for area in self.settings.areas}
        names[WHOLE_MUNICIPALITY] = self.messages("page.whole_municipality")
        content = self._render(
            "activity.md",
            front_matter=_front_matter(activity.title),
            root="../../",
            a=activity,
            organisation=organisation,
            organisation_url=organisation_url(organisation) if organisation else "",
            when=when_in_words(activity.schedule, self.messages),
            price=price_in_words(activity, self.messages),
            service_areas=self.messages.join([names.get(a, a) for a in activity.service_area], "_and"),
            description=Markup(markdown_to_safe_html(activity.description)),
        )
        return GeneratedPage(f"{ACTIVITY_DIR}/{activity.id}.md", content)

    def organisation(self, organisation: Organisation, activities: list[Activity]) -> GeneratedPage:
        content = self._render(
            "organisation.md",
            front_matter=_front_matter(organisation.name),
            root="../../",
            o=organisation,
            activities=activities,
            description=Markup(markdown_to_safe_html(organisation.description)),
        )
        return GeneratedPage(f"{ORGANISATION_DIR}/{organisation.id}.md", content)

    def front(self, activities: list[Activity], organisations: list[Organisation]) -> GeneratedPage:
        groups = []
        for area in self.settings.areas:
            items = [a for a in activities if a.area == area.id]
            if items:
                groups.append((area.name, items))
        elsewhere = [a for a in activities if a.area is None]
        if elsewhere:
            groups.append((self.messages("page.no_area"), elsewhere))
        title = self.messages("page.front_title", municipality=self.settings.municipality)
        content = self._render(
            "index.md", front_matter=_front_matter(title), groups=groups, organisations=organisations
        )
        return GeneratedPage("index.md", content)


def listed(activity: Activity, settings: Settings, today: dt.date) -> bool:
    """Whether an activity appears in lists: not ended, not expired, not unconfirmed for too long.

    Its own page exists either way, so that printed links and QR codes never break.
    """
    if activity.status == "ophørt":
        return False
    if activity.valid_until is not None and activity.valid_until < today:
        return False
    if activity.schedule.frequency == "datoer" and activity.schedule.dates and activity.schedule.dates[-1] < today:
        return False
    return not is_hidden(activity.reviewed, today, settings.hide_after_months)


def generate_pages(
    settings: Settings,
    activities: Iterable[Activity],
    organisations: Iterable[Organisation],
    messages: Messages,
    today: dt.date | None = None,
) -> list[GeneratedPage]:
    """Every page of the directory, in a stable order."""
    today = today or dt.date.today()
    activities = sorted(activities, key=lambda a: (a.title.casefold(), a.id))
    organisations = sorted(organisations, key=lambda o: (o.name.casefold(), o.id))
    by_id = {o.id: o for o in organisations}
    maker = PageMaker(settings, messages)
    current = [a for a in activities if listed(a, settings, today)]
    pages = [maker.front(current, organisations)]
    pages += [maker.activity(a, by_id.get(a.organisation)) for a in activities]
    pages += [maker.organisation(o, [a for a in current if a.organisation == o.id]) for o in organisations]
    return pages
