"""The directory of one build: the records as views, sorted and bucketed once, for every writer.

Built once per build (by the MkDocs plugin, ``vejviser print``, ``generate`` or ``review``) and
handed to each writer, so that the site, the printed editions and the review read the same
views instead of working them out again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import quote

from vejviser.i18n import Messages, sort_key
from vejviser.model import Activity, Organisation
from vejviser.present import urls
from vejviser.present.facets import areas_of
from vejviser.present.views import ActivityView, Describer
from vejviser.settings import Settings

#: How many similar activities an activity page suggests.
SIMILAR = 3


class Records(Protocol):
    """What the directory is made from: the valid records of a validation (its ``Result``)."""

    @property
    def activities(self) -> Sequence[Activity]: ...

    @property
    def organisations(self) -> Sequence[Organisation]: ...


class Directory:
    """The records of one build as views: every activity (``views``, in title order), the listed
    ones (``current``), the organisations by name, and the lookups that pages and print share."""

    def __init__(self, settings: Settings, result: Records, messages: Messages, today: dt.date):
        self.settings = settings
        self.messages = messages
        self.today = today
        self.organisations = sorted(result.organisations, key=lambda o: (sort_key(o.name), o.id))
        by_id = {o.id: o for o in self.organisations}
        describer = Describer(settings, messages, by_id, today)
        activities = sorted(result.activities, key=lambda a: (sort_key(a.title), a.id))
        self.views = [describer.view(a) for a in activities]
        self.current = [v for v in self.views if v.listed]
        # Buckets, so that "similar activities" and organisation pages stay linear in the records.
        self.by_organisation: dict[str, list[ActivityView]] = defaultdict(list)
        self.by_category: dict[str, list[ActivityView]] = defaultdict(list)
        self.by_area_category: dict[tuple[str, str], list[ActivityView]] = defaultdict(list)
        self.areas: dict[str, set[str]] = {}
        for v in self.current:
            self.by_organisation[v.activity.organisation].append(v)
            self.areas[v.id] = set(areas_of(v.activity, settings))
            for category in v.activity.categories:
                self.by_category[category].append(v)
                for area in self.areas[v.id]:
                    self.by_area_category[(area, category)].append(v)

    def where(self, test: Callable[[ActivityView], bool]) -> list[ActivityView]:
        return [v for v in self.current if test(v)]

    def similar(self, view: ActivityView) -> list[ActivityView]:
        """Current activities that share a category with this one, nearest area first."""
        areas = set(areas_of(view.activity, self.settings))
        categories = set(view.activity.categories)
        pool: dict[str, ActivityView] = {}
        for category in categories:
            for area in areas:
                pool.update((o.id, o) for o in self.by_area_category[(area, category)][: SIMILAR * 4])
        if len(pool) <= SIMILAR:
            for category in categories:
                pool.update((o.id, o) for o in self.by_category[category][: SIMILAR * 4])
        pool.pop(view.id, None)
        scored = [
            (
                not (areas & self.areas[o.id]),
                -len(categories & set(o.activity.categories)),
                o.activity.title.casefold(),
                o,
            )
            for o in pool.values()
        ]
        return [item[-1] for item in sorted(scored, key=lambda s: s[:3])[:SIMILAR]]

    def printed_links(self) -> list[tuple[str, str]]:
        """What the staff page links to: (label, site path) of every PDF a build makes."""
        m = self.messages
        links = [(m("print.staff_book"), urls.BOOK), (m("print.staff_large"), urls.LARGE_PRINT)]
        links += [(m("print.staff_sheet", area=a.name), quote(urls.sheet(a.id))) for a in self.settings.areas]
        return links

    def invitation_links(self, view: ActivityView) -> list[tuple[str, str]]:
        """What an activity's page links to: (label, site path) of its invitation and poster, which a build
        makes of every listed activity (none for another)."""
        if not view.listed:
            return []
        m = self.messages
        return [(m("page.print_invitation"), quote(urls.invitation(view.id))),
                (m("page.print_poster"), quote(urls.poster(view.id)))]  # fmt: skip
