"""Page generation: a pure function from validated records to files (path, content).

The MkDocs plugin hands these files to MkDocs; ``vejviser generate`` writes them to a
folder for any other engine. Nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from vejviser.cache import NO_CACHE, BuildCache
from vejviser.i18n import Messages
from vejviser.model import FORMS_WITHOUT_VENUE, Organisation, Status
from vejviser.present import urls
from vejviser.present.calendars import feeds as calendar_feeds
from vejviser.present.calendars import series as calendar_series
from vejviser.present.directory import Directory
from vejviser.present.facets import DATE_FILTER, WEEKDAYS, WHEN, areas_of, build_facets, meeting_window, weekdays_of
from vejviser.present.memo import cached_map, directory_version
from vejviser.present.upcoming import day_in_words
from vejviser.present.views import ActivityView
from vejviser.present.words import clock, weekday_label
from vejviser.schema import SchemaIndex, bundled_schema
from vejviser.site import jsonld
from vejviser.site.mapdata import MAP_DISTANCES, MapData, map_data
from vejviser.site.mappage import MapParts, map_parts, safe_attribution
from vejviser.site.meetings import MAP_WORDS_ID, Plan, meeting_place, plan
from vejviser.site.sanitise import markdown_to_safe_html
from vejviser.site.search_words import SearchWords
from vejviser.site.shortlist import entry as shortlist_entry
from vejviser.site.shortlist import page_data as shortlist_data
from vejviser.submit.web_form import web_form
from vejviser.validate.content_rules import browser_rules


@dataclass(frozen=True)
class GeneratedPage:
    """One page: its path inside the docs tree, its front matter, and its body in HTML.

    ``content`` is the page as one Markdown file (front matter and an HTML block), for
    engines that read files; the MkDocs plugin hands the body over without a Markdown pass.
    """

    path: str
    meta: dict
    body: str

    @property
    def front_matter(self) -> str:
        """The meta as YAML front matter (written as JSON values, which YAML reads as they are)."""
        return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in self.meta.items())

    @property
    def content(self) -> str:
        return f"---\n{self.front_matter}\n---\n{self.body}"


@dataclass(frozen=True)
class NavEntry:
    """A navigation entry: a title and a page path, or a section of entries."""

    title: str
    path: str = ""
    children: tuple[NavEntry, ...] = ()

    def as_mkdocs(self) -> dict:
        if self.children:
            return {self.title: [child.as_mkdocs() for child in self.children]}
        return {self.title: self.path}

    def pages(self) -> list[NavEntry]:
        """The entries that name a page: this one, or those of its section."""
        return [self] if self.path else [page for child in self.children for page in child.pages()]


@dataclass(frozen=True)
class GeneratedSite:
    """Everything page generation makes: the pages, the navigation, and what the search index needs."""

    pages: list[GeneratedPage]
    nav: list[NavEntry]
    current: list[ActivityView]
    descriptions: dict[str, str]
    labels: dict[str, str]
    #: Other files of the site as (path, text): the map's data.
    files: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Section:
    """A kind of list (areas, interests, target groups, weekdays): its overview and its pages."""

    #: Its folder of the site (``urls.AREAS``), which also names its messages.
    key: str
    title: str
    intro: str
    #: Each list as (label, url, number of activities).
    links: list[tuple[str, str, int]]
    pages: list[GeneratedPage]


def organisation_url(organisation: Organisation) -> str:
    return urls.url(urls.ORGANISATIONS, organisation.id)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vejviser", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a build reads each template once
    )


def _meta(title: str, hide: Iterable[str] = ()) -> dict:
    """A page's front matter. MkDocs themes print the title unescaped, so it is escaped here, once."""
    meta: dict[str, object] = {"title": html.escape(title)}
    if hide:
        meta["hide"] = list(hide)
    return meta


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _script_json(data) -> str:
    """JSON to put inside a <script> element: nothing in it can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")


def _root(path: str) -> str:
    """The way from a page's URL back to the site root: ``aktiviteter/x.md`` -> ``../../``."""
    depth = urls.path_to_url(path).count("/")
    return "../" * depth


class PageMaker:
    """Renders every page of the directory from validated records."""

    def __init__(self, directory: Directory, invitations: bool = False):
        self.d = directory
        #: Whether the build makes each listed activity's invitation and poster (and its page links them).
        self.invitations = invitations
        self.settings = directory.settings
        self.messages = m = directory.messages
        self.env = _environment()
        self.env.globals.update(
            settings=self.settings,
            t=m,
            join=lambda items: m.join(items, "_and"),
            org_url=organisation_url,
            map_url=urls.url(urls.MAP),
            search_script=urls.SEARCH_SCRIPT,
            map_attribution=safe_attribution(self.settings.map.attribution),
            meetings_url=urls.MEETINGS,
            record_lang=m.records_lang,  # what an association wrote is marked when the page is in another language
        )
        self.env.filters["capfirst"] = _capfirst
        index = SchemaIndex(bundled_schema("organisation", m.texts))
        self.kinds = index.info(("kind",)).labels

    def page(self, path: str, template: str, page_title: str, hide: Iterable[str] = (), **context) -> GeneratedPage:
        """The page at ``path``: the template rendered with ``context``, under its title."""
        body = self.env.get_template(f"pages/{template}").render(root=_root(path), **context)
        return GeneratedPage(path, _meta(page_title, hide), body)

    def overview(self, path: str, title: str, intro: str, links: list[tuple[str, str, int]]) -> GeneratedPage:
        """A page of links to lists, each link with its number of activities."""
        return self.page(path, "sections.md", title, ("toc",), title=title, intro=intro, links=links)

    # --- activities and organisations -------------------------------------------------

    def activity(self, view: ActivityView) -> tuple[GeneratedPage, str]:
        """An activity's page, and its description as safe HTML (for the search index)."""
        a = view.activity
        path = urls.path(urls.ACTIVITIES, a.id)
        similar = self.d.similar(view)
        hide = ("navigation", "toc")
        entry = Markup(_script_json(shortlist_entry(view, self.settings, self.messages)))  # what "Min liste" prints
        if a.status == Status.ENDED:
            return self.page(path, "ended.md", a.title, hide, a=a, v=view, similar=similar, entry=entry), ""
        page_url = urls.absolute(self.settings.site_url, view.url)
        meets = calendar_series(a, self.d.today)  # the same series in the structured data and the .ics
        data = jsonld.script(jsonld.activity_data(a, view.organisation, page_url, self.d.today, meets))
        calendar = quote(urls.calendar_activity(a.id)) if meets else ""  # a file only where there is something to add
        description = markdown_to_safe_html(a.description)
        safe = Markup(description)
        page = self.page(
            path, "activity.md", a.title, hide, a=a, v=view, similar=similar, description=safe, jsonld=data,
            calendar=calendar, entry=entry, printed=self.d.invitation_links(view) if self.invitations else [],
        )  # fmt: skip
        return page, description

    def organisation(self, organisation: Organisation) -> GeneratedPage:
        path = urls.path(urls.ORGANISATIONS, organisation.id)
        page_url = urls.absolute(self.settings.site_url, organisation_url(organisation))
        return self.page(
            path,
            "organisation.md",
            organisation.name,
            ("toc",),
            o=organisation,
            kind=self.kinds.get(organisation.kind, organisation.kind),
            activities=self.d.by_organisation.get(organisation.id, []),
            description=Markup(markdown_to_safe_html(organisation.description)),
            jsonld=jsonld.script(jsonld.organisation_data(organisation, page_url)),
        )

    def organisations(self) -> GeneratedPage:
        by_organisation = self.d.by_organisation
        links = [(o.name, organisation_url(o), len(by_organisation.get(o.id, []))) for o in self.d.organisations]
        title, intro = self.messages("page.organisations"), self.messages("page.organisations_intro")
        return self.overview(urls.path(urls.ORGANISATIONS), title, intro, links)

    # --- lists ---------------------------------------------------------------------------

    def _list(self, path: str, title: str, intro: str, groups) -> GeneratedPage:
        groups = [(heading, views) for heading, views in groups if views]
        return self.page(path, "list.md", title, ("toc",), title=title, intro=intro, groups=groups)

    def _by_weekday(self, views: list[ActivityView]) -> list[tuple[str, list[ActivityView]]]:
        """Views grouped by weekday (by time within a day), then those without a weekday."""
        groups = []
        for day in WEEKDAYS:
            on_day = [v for v in views if day in weekdays_of(v.activity)]
            groups.append((weekday_label(day, self.messages), sorted(on_day, key=_start)))
        groups.append((self.messages("page.other_times"), [v for v in views if not weekdays_of(v.activity)]))
        return groups

    def sections(self) -> list[Section]:
        """Each kind of list, with a page for each of its entries."""
        m, s = self.messages, self.settings
        areas = [(a.id, a.name, lambda v, a=a: a.id in areas_of(v.activity, s)) for a in s.areas]
        categories = [(t.id, t.label, lambda v, t=t: t.id in v.activity.categories) for t in s.categories]
        target_groups = [(t.id, t.label, lambda v, t=t: t.id in v.activity.target_groups) for t in s.target_groups]
        weekdays = [(day, weekday_label(day, m), lambda v, day=day: day in weekdays_of(v.activity)) for day in WEEKDAYS]
        return [
            self.section(urls.AREAS, m("page.areas"), m("page.areas_intro"), areas),
            self.section(urls.CATEGORIES, m("page.categories"), m("page.categories_intro"), categories),
            self.section(urls.TARGET_GROUPS, m("page.target_groups"), m("page.target_groups_intro"), target_groups),
            self.section(urls.WEEKDAYS, m("page.weekdays"), m("page.weekdays_intro"), weekdays),
        ]

    def section(self, key: str, title: str, intro: str, entries) -> Section:
        """One kind of list: for each entry (slug, label, whether a view belongs), a link and a page."""
        m = self.messages
        links: list[tuple[str, str, int]] = []
        pages: list[GeneratedPage] = []
        for slug, label, test in entries:
            views = self.d.where(test)
            links.append((label, urls.url(key, slug), len(views)))
            if key == urls.WEEKDAYS:
                groups = [(m("page.on_day", day=label), sorted(views, key=_start))]
            else:
                groups = self._by_weekday(views)
            pages.append(self._list(urls.path(key, slug), label, m(f"page.{key}_one", name=label), groups))
        return Section(key, title, intro, links, pages)

    def at_home(self) -> GeneratedPage:
        m = self.messages
        views = self.d.where(lambda v: v.activity.form in FORMS_WITHOUT_VENUE)
        groups = [
            (m(f"form.{form}.plural"), [v for v in views if v.activity.form == form]) for form in FORMS_WITHOUT_VENUE
        ]
        return self._list(urls.path(urls.AT_HOME), m("page.at_home_title"), m("page.at_home_intro"), groups)

    # --- "I dag" and "Denne uge" ------------------------------------------------------------

    def days_page(self, plan: Plan, key: str, days: list[dt.date]) -> GeneratedPage:
        """The activities meeting on each of ``days``, by start time, as the engine says for the day of
        the build; the page says that day, and in the browser ``meetings.js`` redoes the list for the
        reader's own day from the published meetings."""
        m, today = self.messages, self.d.today
        groups = []
        for day in days:
            entries = [(v, m("today.at", time=clock(start)), meeting_place(v, m)) for v, start in plan.on(day)]
            groups.append((_capfirst(day_in_words(day, today, m)), entries))
        made_for = m("today.made_for", day=day_in_words(today, today, m))
        title = m(f"{key}.title")
        path = urls.path(urls.TODAY if key == "today" else urls.WEEK)
        return self.page(
            path,
            "days.md",
            title,
            ("toc",),
            kind=key,
            title=title,
            intro=m(f"{key}.intro"),
            made_for=made_for,
            made=today.isoformat(),
            groups=groups,
            cards_url=urls.MEETING_CARDS,
            weekdays_url=urls.url(urls.WEEKDAYS),
        )

    def today_page(self, plan: Plan) -> GeneratedPage:
        """The page "I dag": what meets on the day of the build (the reader's day in the browser)."""
        return self.days_page(plan, "today", [self.d.today])

    def week_page(self, plan: Plan) -> GeneratedPage:
        """The page "Denne uge": what meets from the day of the build to Sunday, day by day."""
        today = self.d.today
        return self.days_page(plan, "week", [today + dt.timedelta(days=n) for n in range(7 - today.weekday())])

    # --- front and staff ------------------------------------------------------------------

    def front(self, sections: list[Section]) -> GeneratedPage:
        m = self.messages
        facets = build_facets(self.settings, m)
        facet_data = {
            "facets": [{"key": f.key, "label": f.label, "group": f.group, "values": dict(f.values)} for f in facets],
            "groups": {g: m(f"facet.group.{g}") for g in dict.fromkeys(f.group for f in facets)},
            "texts": {key: m(key) for key in m.texts if key.startswith("search.")},
            # whom the empty result tells to call
            "contact": {k: getattr(self.settings.contact, k) for k in ("name", "phone", "hours")},
            # the days the index's dates cover, for "i dag", "i morgen" and "denne uge" in the browser
            "days": dict(zip(("from", "until"), (d.isoformat() for d in meeting_window(self.d.today)), strict=True))
            | {"facet": WHEN, "filter": DATE_FILTER},
            # what assets/query.js understands in a typed query: areas, postcodes, a vocabulary
            "words": SearchWords(self.settings, m).browser(self.d.current),
        }
        text = _script_json(facet_data)
        links = _links(sections)
        at_home = self.d.where(lambda v: v.activity.form in FORMS_WITHOUT_VENUE)
        title = m("page.front_title", municipality=self.settings.municipality)
        return self.page(
            "index.md",
            "index.md",
            title,
            ("navigation", "toc"),
            facet_json=Markup(text),
            areas=links[urls.AREAS],
            categories=links[urls.CATEGORIES],
            target_groups=links[urls.TARGET_GROUPS],
            weekdays=links[urls.WEEKDAYS],
            at_home_url=urls.url(urls.AT_HOME),
            at_home_count=len(at_home),
            today_url=urls.url(urls.TODAY),
            week_url=urls.url(urls.WEEK),
            staff_url=urls.url(urls.STAFF),
            add_url=urls.url(urls.ADD),
        )

    def map_page(self, data: MapData) -> GeneratedPage:
        m = self.messages
        keys = [key for key in m.texts if key.startswith("map.")]
        facets = build_facets(self.settings, m)  # the search's filters, with the same keys in the URL
        groups = {g: m(f"facet.group.{g}") for g in dict.fromkeys(f.group for f in facets)}
        texts = _script_json({
            "texts": {key: m(key) for key in keys},
            "facets": [{"key": f.key, "label": f.label, "values": [list(v) for v in f.values]} for f in facets],
            "when": WHEN,  # worked out from the published meetings, not carried by the map's rows
            # the search's reading of typed words (a postcode, a town), for a search brought over; no "Mente du"
            "words": SearchWords(self.settings, m).browser(()) | {"vocabulary": []},
        })  # fmt: skip
        parts = map_parts(self.settings)
        placed = len(data.index["rows"])
        return self.page(
            urls.path(urls.MAP),
            "map.md",
            m("page.map_title"),
            ("toc",),
            map=MapParts(Markup(parts.html), Markup(parts.script), parts.name),
            texts=Markup(texts),
            groups=[(g, label, [f for f in facets if f.group == g]) for g, label in groups.items()],
            distances=MAP_DISTANCES,
            areas=self.settings.areas,
            areas_url=urls.url(urls.AREAS),
            data_url=urls.MAP_DATA,
            details_url=urls.MAP_DETAILS,
            ids_url=urls.MAP_IDS,
            without_position=len(self.d.current) - placed,
        )

    def shortlist(self) -> GeneratedPage:
        """The page "Min liste": the list to leave behind, made in the browser from the activities' pages."""
        data = Markup(_script_json(shortlist_data(self.settings, self.messages)))
        activities, areas = urls.url(urls.ACTIVITIES), urls.url(urls.AREAS)
        title = self.messages("shortlist.title")
        return self.page(urls.path(urls.SHORTLIST), "shortlist.md", title, ("toc",), data=data,
                         activities_url=activities, areas_url=areas)  # fmt: skip

    def add_form(self) -> GeneratedPage:
        """The form "Tilføj en aktivitet": the fields of the issue form, checked in the browser."""
        path = urls.path(urls.ADD)
        ids = _root(path) + urls.ACTIVITY_IDS
        form = web_form(self.settings, self.messages, self.d.organisations, ids, browser_rules())
        title, script = self.messages("webform.title"), Markup(_script_json(form.script))
        return self.page(path, "add.md", title, ("toc",), form=form, script=script, guide_url=f"{urls.GUIDE}/")

    def staff(self, sections: list[Section], printed: list[tuple[str, str]]) -> GeneratedPage:
        areas = _links(sections)[urls.AREAS]
        title = self.messages("staff.title")
        path = urls.path(urls.STAFF)
        return self.page(
            path, "staff.md", title, ("toc",), areas=areas, printed=printed, calendars=self._calendar_feeds(path)
        )

    def _calendar_feeds(self, path: str) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
        """The staff page's calendars to subscribe to, by kind (the whole directory, an area, an interest):
        each as (name, ``webcal://`` address or "", address to fetch, address shown)."""
        m, site = self.messages, self.settings.site_url
        headings = {"all": m("calendar.all_title"), urls.AREAS: m("calendar.areas_title"),
                    urls.CATEGORIES: m("calendar.categories_title")}  # fmt: skip
        groups: dict[str, list[tuple[str, str, str, str]]] = {}
        for feed in calendar_feeds(self.settings, self.d.current, m):
            fetch = urls.absolute(site, feed.url) if site else _root(path) + feed.url
            shown = fetch if site else urls.absolute(site, feed.url)
            groups.setdefault(feed.kind, []).append((feed.label, urls.webcal(site, feed.path), fetch, shown))
        return [(headings[kind], rows) for kind, rows in groups.items()]


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _start(view: ActivityView) -> str:
    """A view's start time, to sort by (``HH:MM``; no time first)."""
    return view.activity.schedule.first_start


def _links(sections: list[Section]) -> dict[str, list[tuple[str, str, int]]]:
    """The links of each section, by its key."""
    return {section.key: section.links for section in sections}


#: The citizens' primary menu, on every page and in this order: each page's folder (None: the front page)
#: and the message that names it. "Min liste" has its place after "I dag"; a page not made is left out.
PRIMARY_NAV = (
    (None, "nav.search"),
    (urls.MAP, "page.map"),
    (urls.TODAY, "today.title"),
    (urls.SHORTLIST, "nav.shortlist"),
    (urls.STAFF, "staff.title"),
    (urls.ADD, "webform.title"),
    (urls.ORGANISATIONS, "page.organisations"),
)


def navigation(messages: Messages, sections: list[Section], made: set[str]) -> list[NavEntry]:
    """The citizens' navigation: the primary menu's pages, then the lists to browse in one section.

    The theme draws the top-level pages as the menu on every page and the section in the drawer;
    the pages for associations and the coordinator (mkdocs.yml's own nav) come after these.
    """
    primary = [(urls.path(folder) if folder else "index.md", key) for folder, key in PRIMARY_NAV]
    lists = [NavEntry(section.title, urls.path(section.key)) for section in sections]
    lists += [NavEntry(messages("page.at_home_title"), urls.path(urls.AT_HOME)),
              NavEntry(messages("week.title"), urls.path(urls.WEEK))]  # fmt: skip
    entries = [NavEntry(messages(key), path) for path, key in primary if path in made]
    return [*entries, NavEntry(messages("nav.lists"), children=tuple(e for e in lists if e.path in made))]


#: The build cache's kind for activity pages.
PAGES = "page"
#: The modules whose classes a cached page is made of.
_PAGE_MODULES = frozenset({"vejviser.site.pages", "markupsafe"})


def _activity_pages(
    maker: PageMaker, views: Sequence[ActivityView], cache: BuildCache
) -> list[tuple[GeneratedPage, str]]:
    """Each activity's page and description (:meth:`PageMaker.activity`): from the build cache where the
    page was drawn from the same view and similar activities, by the same code, settings and day; the
    others drawn on every core (and kept)."""
    version = directory_version(maker.d, str(maker.invitations))
    return cached_map(cache, PAGES, maker.activity, views, lambda view: (view, maker.d.similar(view)), version,
                      _PAGE_MODULES, _page_entry)  # fmt: skip


def _page_entry(found: object) -> tuple[GeneratedPage, str]:
    """A cached activity page, if it has the shape :meth:`PageMaker.activity` gives."""
    if not isinstance(found, tuple) or len(found) != 2:
        raise TypeError("not a page")
    page, description = found
    if not isinstance(page, GeneratedPage) or not isinstance(description, str):
        raise TypeError("not a page")
    if not isinstance(page.body, str) or not isinstance(page.path, str) or not isinstance(page.meta, dict):
        raise TypeError("not a page")
    return page, str(description)


def generate_pages(
    directory: Directory,
    printed: list[tuple[str, str]] | None = None,
    invitations: bool = False,
    cache: BuildCache = NO_CACHE,
) -> GeneratedSite:
    """Every page of the directory in a stable order, and the navigation over the list pages.

    The navigation holds the overview pages only: few entries for readers, and activity
    pages stay out of it, so that every page stays small and the build grows linearly.
    """
    settings, messages = directory.settings, directory.messages
    maker = PageMaker(directory, invitations)
    sections = maker.sections()
    pages = [maker.front(sections)]
    for section in sections:
        index = maker.overview(urls.path(section.key), section.title, section.intro, section.links)
        pages += [index, *section.pages]
    placed = map_data(directory.views, settings, messages)
    meetings = plan(directory)
    pages += [
        maker.map_page(placed),
        maker.at_home(),
        maker.today_page(meetings),
        maker.week_page(meetings),
        maker.organisations(),
        maker.staff(sections, printed or []),
        maker.add_form(),
        maker.shortlist(),
    ]
    files = [(urls.MAP_DATA, _compact(placed.index))]
    files.append((urls.ACTIVITY_IDS, _compact(sorted(view.id for view in directory.views))))
    files += [(urls.map_details(number), _compact(chunk)) for number, chunk in enumerate(placed.chunks)]
    files.append((urls.MAP_IDS, _compact(placed.ids)))
    files += meetings.files(messages, [words[MAP_WORDS_ID] for chunk in placed.chunks for words in chunk])
    nav = navigation(messages, sections, {page.path for page in pages})
    made = _activity_pages(maker, directory.views, cache)  # the many pages, on every core
    pages += [page for page, _ in made]
    descriptions = {view.id: description for view, (_, description) in zip(directory.views, made, strict=True)}
    pages += [maker.organisation(o) for o in directory.organisations]
    labels = {term.id: term.label for term in (*settings.categories, *settings.target_groups)}
    return GeneratedSite(pages, nav, directory.current, descriptions, labels, files)
