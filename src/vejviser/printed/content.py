"""What the printed network book and area sheets say: plain data made from the directory's views.

The Typst templates in ``templates/print/`` lay this data out. Every text a contributor
wrote goes in as a JSON string that the template reads with ``json()``, so nothing in a
record is ever read as Typst markup: ``#set page(fill: red)`` in a title or summary prints
as written.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from vejviser.cache import BuildCache
from vejviser.i18n import Messages, sort_key
from vejviser.model import Activity, Frequency, Slot
from vejviser.present import urls
from vejviser.present.answers import Verdict, answer_words, answered, questions
from vejviser.present.directory import Directory
from vejviser.present.facets import WEEKDAYS, weekdays_of
from vejviser.present.views import ActivityView, Ask
from vejviser.present.words import clock, contact_line, date_in_words, dates_in_words, weekday_label, when_in_words
from vejviser.schema import SchemaIndex, bundled_schema
from vejviser.settings import Area


@dataclass(frozen=True)
class Edition:
    """One printed edition of the book: its file name, paper and body text size."""

    stem: str
    paper: str
    body_pt: float
    large: bool = False

    @property
    def filename(self) -> str:
        """The edition's site path (one of :mod:`vejviser.present.urls`)."""
        return f"{self.stem}.pdf"


def editions(paper: str, large_pt: float = 16) -> tuple[Edition, Edition]:
    """The book (body text 12 pt: nothing under 10 pt) and its large-print edition, its own layout on
    A4 with body text ``large_pt`` (16 to 18 pt, as large-print guidance asks), so that a page still
    holds an entry."""
    return (
        Edition(urls.BOOK.removesuffix(".pdf"), paper, 12),
        Edition(urls.LARGE_PRINT.removesuffix(".pdf"), "a4", large_pt, large=True),
    )


@dataclass(frozen=True)
class Barrier:
    """A barrier question as print shows it: the field, its icon and its title from the schema."""

    group: str
    name: str
    icon: str
    title: str


@cache
def barriers() -> tuple[Barrier, ...]:
    """The barrier questions that have an icon in the schema, in the schema's order."""
    return tuple(Barrier(q.group, q.name, q.icon, q.title) for q in questions() if q.icon)


def _texts(messages: Messages) -> dict[str, str]:
    """The template's own words: every ``print.*`` message, keyed without the prefix."""
    return {key.removeprefix("print."): value for key, value in messages.texts.items() if key.startswith("print.")}


class PrintedDirectory:
    """The directory of one build, described for paper: its listed activities (never ended ones,
    never expired or unconfirmed beyond the limit), in title order."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.settings = directory.settings
        self.messages = directory.messages
        self.today = directory.today
        self.views = directory.current
        self.labels = {t.id: t.label for t in self.settings.categories}
        self.area_names = {a.id: a.name for a in self.settings.areas}
        self.index = SchemaIndex(bundled_schema("activity", self.messages.texts))  # in the reader's language
        self.barrier_titles = {(b.group, b.name): self.index.info((b.group, b.name)).title for b in barriers()}
        #: What an earlier build of the project made (its QR codes), for this one to take.
        self.cache = BuildCache.of_project(self.settings.root)

    # --- one entry ------------------------------------------------------------------------

    def answers(self, activity: Activity) -> list[dict]:
        """The barrier questions a printed entry answers (those with an icon on the site) that apply to
        the activity's form: each with its answer, the answer's verdict for the reader, by the same rule
        as the site (:mod:`vejviser.present.answers`), and in words: the schema's (``label``) and a
        few from the reader's side (``words``: ``Uden trin``, ``Trin ved indgangen``)."""
        labels = self.index.info(("accessibility", "step_free")).labels
        return [
            {
                "icon": item.question.icon,
                "title": self.barrier_titles[(item.question.group, item.question.name)],
                "value": str(item.answer),
                "verdict": str(item.verdict),
                "label": answer_words(item, labels, self.messages),
                "words": self.messages(f"print.barrier.{item.question.name}.{item.verdict}"),
            }
            for item in answered(activity)
            if item.question.icon
        ]

    def answer_groups(self, answers: list[dict]) -> list[dict]:
        """The answers grouped by what they mean for the reader, good first, each group with its mark
        (told apart in black and white) and its words: ``✓ Godt for dig: Uden trin, Handicaptoilet``.
        An unanswered question is named by its title under ``? Ikke oplyst``."""
        return [
            {
                "verdict": str(verdict),
                "mark": SHEET_MARKS[verdict],
                "label": self.messages(f"answer.verdict.{verdict}"),
                "items": _as_list([a["title"] if verdict == Verdict.UNKNOWN else a["words"] for a in members]),
            }
            for verdict in Verdict
            if (members := [a for a in answers if a["verdict"] == str(verdict)])
        ]

    def contacts(self, view: ActivityView) -> list[str]:
        """Consented contacts only, each as one line; without one, the coordinator to ask."""
        if view.contacts:
            return [contact_line(c, self.messages) for c in view.contacts]
        return [self.ask_line(view.ask)] if view.ask else []

    def ask_line(self, ask: Ask) -> str:
        """The coordinator as one line: ``Mette Holm, tlf. 44 77 00 00 (Hverdage kl. 9-12)``."""
        reach = self.messages("contact.phone", phone=ask.phone) if ask.phone else ask.email
        line = ", ".join(part for part in (ask.name, reach) if part)
        return f"{line} ({ask.hours})" if ask.phone and ask.hours else line

    def short_contact(self, contact) -> str:
        """Name and phone (or e-mail when there is no phone): what fits on a sheet's line."""
        reach = self.messages("contact.phone", phone=contact.phone) if contact.phone else contact.email
        return ", ".join(part for part in (contact.name, reach) if part)

    def url(self, view: ActivityView) -> str:
        return urls.absolute(self.settings.site_url, view.url)

    def entry(self, number: int, view: ActivityView) -> dict:
        a, m = view.activity, self.messages
        organisation = view.organisation.name if view.organisation else a.organisation
        return {
            "n": number,
            "title": a.title,
            "organisation": organisation,
            # The summary is the record's text for lists and the book (the schema says so); the
            # description, up to 5,000 characters of Markdown, stays on the page the QR code opens.
            "summary": a.summary,
            "when": _capfirst(view.when),
            "where": view.where,
            "directions": a.venue.directions if a.venue else "",
            "serves": view.serves if not a.venue else "",
            "price": view.price,
            "signup": a.signup.how,
            "contacts": self.contacts(view),
            "answers": (answers := self.answers(a)),
            "answer_groups": self.answer_groups(answers),
            "reviewed": view.reviewed,
            "paused": m("print.paused_until", date=view.paused_until) if view.paused_until else "",
            "url": self.url(view),
            # What the QR code's alternative text reads: the address as a person writes it, as the
            # sheets and invitations read theirs (vejviser.example/aktiviteter/strikkecafe-i-måløv, not
            # https://vejviser.example/aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/).
            "shown_url": shown_url(self.url(view)),
            "qr": number,
        }

    # --- the book --------------------------------------------------------------------------

    def _grouped(self, views: list[ActivityView]) -> list[tuple[str, list[ActivityView]]]:
        """Views under their first category, in the taxonomy's order."""
        by_category: dict[str, list[ActivityView]] = defaultdict(list)
        for v in views:
            by_category[v.activity.categories[0]].append(v)
        return [(self.labels[t.id], by_category[t.id]) for t in self.settings.categories if by_category[t.id]]

    def book(self, edition: Edition, year: int) -> tuple[dict, list[str]]:
        """The book's document for the template, and the URL behind each entry's QR code (by number)."""
        m = self.messages
        at_home = [v for v in self.views if not v.activity.venue]
        by_area: dict[str, list[ActivityView]] = defaultdict(list)
        for v in self.views:
            if v.activity.venue:
                by_area[v.activity.area or ""].append(v)
        plan = [(a.name, by_area[a.id]) for a in self.settings.areas]
        if by_area[""]:  # a venue outside every area (none in a valid directory, but never lose one)
            plan.append((m("print.other_places"), by_area[""]))
        plan.append((m("print.at_home_title"), at_home))
        sections: list[dict] = []
        urls_by_number: list[str] = []
        numbers: dict[str, int] = {}
        for title, views in plan:
            groups = []
            for heading, members in self._grouped(views):
                entries = []
                for v in members:
                    numbers[v.id] = len(urls_by_number)
                    entries.append(self.entry(len(urls_by_number), v))
                    urls_by_number.append(self.url(v))
                groups.append({"title": heading, "entries": entries})
            if groups:
                sections.append({"title": title, "groups": groups})
        document = {
            "lang": m.lang,
            "paper": edition.paper,
            "body_pt": edition.body_pt,
            "large": edition.large,
            "hyphenate": self.settings.print_hyphenate,
            # The large print says so in its title (and so in the PDF's metadata) and on its cover.
            "title": m(
                "print.book_title_large" if edition.large else "print.book_title",
                municipality=self.settings.municipality,
                year=year,
            ),
            "municipality": self.settings.municipality,
            "year": str(year),
            "made": date_in_words(self.today, m),
            "example": self.settings.example_data,
            # The web address as a reader types it (vejviser.example), on the cover, in how to use
            # the book and on the back cover, with the page that tells associations how to correct.
            "site": (site := shown_url(self.settings.site_url)),
            "cover_web": m("print.cover_web", site=site) if site else "",
            "howto": m("print.howto") + (f"\n{m('print.howto_web', site=site)}" if site else ""),
            "fix_text": m("print.fix_text") + (f" {m('print.fix_web', guide=self._guide())}" if site else ""),
            "contact": self._contact(),
            "texts": _texts(m),
            "sections": sections,
            "indexes": self._indexes(numbers),
            "area_key": self._area_key(),
        }
        return document, urls_by_number

    def _area_key(self) -> dict:
        """The key to the areas: each area's postcodes with their towns and the streets of its venues
        (several areas may share a postcode: 2750 is four of them), and the areas drawn as a simple
        map from their polygons when the settings have them."""
        towns: dict[str, set[str]] = defaultdict(set)
        streets: dict[str, set[str]] = defaultdict(set)
        for v in self.views:
            venue = v.activity.venue
            if venue and v.activity.area:
                towns[venue.address.postcode].add(venue.address.town)
                if street := _street_name(venue.address.street):
                    streets[v.activity.area].add(street)
        areas = [
            {
                "name": area.name,
                "postcodes": [" ".join([code, *sorted(towns[code], key=sort_key)[:1]]) for code in area.postcodes],
                "streets": sorted(streets[area.id], key=sort_key),
            }
            for area in self.settings.areas
        ]
        return {"areas": areas, "map": area_map(self.settings)}

    def _guide(self) -> str:
        """The site's page that tells an association how to add or correct its activity, as written."""
        return shown_url(urls.absolute(self.settings.site_url, urls.url(urls.GUIDE)))

    def _contact(self) -> dict:
        c = self.settings.contact
        return {"name": c.name, "email": c.email, "phone": c.phone, "hours": c.hours}

    def _indexes(self, numbers: dict[str, int]) -> list[dict]:
        """The registers at the back: every activity by title, by weekday (at its time that day, under
        the day's name), by organisation and by category (every category of an entry, not only the one
        it stands under). An item names its entries by number; names are in Danish order (æ ø å last)."""
        m = self.messages
        by_organisation: dict[str, list[int]] = defaultdict(list)
        names: dict[str, str] = {}
        by_category: dict[str, list[int]] = defaultdict(list)
        for v in self.views:
            n = numbers[v.id]
            key = v.activity.organisation
            names[key] = v.organisation.name if v.organisation else key
            by_organisation[key].append(n)
            for category in v.activity.categories:
                by_category[category].append(n)
        organisations = sorted(by_organisation, key=lambda k: (sort_key(names[k]), k))
        titles = sorted(self.views, key=lambda v: (sort_key(v.activity.title), numbers[v.id]))
        days = []
        for day in WEEKDAYS:
            label = weekday_label(day, m)
            on_day = sorted((v for v in self.views if day in weekdays_of(v.activity)), key=lambda v: _by_time(v, day))
            for v in on_day:
                time = _time(_slot(v.activity, day))
                name = f"{time} {v.activity.title}" if time else v.activity.title
                days.append({"name": name, "entries": [numbers[v.id]], "under": label})
        return [
            {
                "title": m("print.index_titles"),
                "items": [{"name": v.activity.title, "entries": [numbers[v.id]]} for v in titles],
            },
            {"title": m("print.index_weekdays"), "items": days},
            {
                "title": m("print.index_organisations"),
                "items": [{"name": names[k], "entries": sorted(by_organisation[k])} for k in organisations],
            },
            {
                "title": m("print.index_categories"),
                "items": [
                    {"name": t.label, "entries": sorted(by_category[t.id])}
                    for t in self.settings.categories
                    if by_category[t.id]
                ],
            },
        ]

    # --- the area sheets ---------------------------------------------------------------------

    def near(self, area: Area) -> list[tuple[float, ActivityView]]:
        """Activities at venues in other areas within the settings' ``print.near_km`` of the area's
        border, nearest first, with their distance in metres. None without the areas' polygons."""
        shapes, limit = self.settings.area_shapes, self.settings.print_near_km * 1000
        if shapes is None or limit <= 0:
            return []
        found = []
        for v in self.views:
            a = v.activity
            if a.venue and a.position and a.area and a.area != area.id:
                distance = shapes.within_m(area.id, a.position.lat, a.position.lon, limit)
                if distance is not None:
                    found.append((distance, v))
        return sorted(found, key=lambda pair: (pair[0], sort_key(pair[1].activity.title)))

    def sheet(self, area: Area, near: int | None = None) -> tuple[dict, list[str]]:
        """An area's sheet for the template, and the URL of the area page its QR code leads to.

        The activities in the area and, among them by weekday, the ``near`` nearest ones near it
        (all of them when None): a sheet that runs over two pages is made again with fewer."""
        m, s = self.messages, self.settings
        here = [v for v in self.views if area.id in self.directory.areas[v.id]]
        nearby = self.near(area)[:near]
        how_near = {v.id: self._how_near(distance, v, area) for distance, v in nearby}
        at_venue = [v for v in here if v.activity.venue] + [v for _, v in nearby]
        days: list[dict] = []
        first_day: dict[str, str] = {}
        for day in WEEKDAYS:
            on_day = sorted((v for v in at_venue if day in weekdays_of(v.activity)), key=lambda v: _by_time(v, day))
            if on_day:
                # An activity on several days is told in full on its first day, and named on the others.
                label = weekday_label(day, m)
                rows = [self.row(v, first_day.setdefault(v.id, label), how_near.get(v.id, ""), day)
                        for v in on_day]  # fmt: skip
                days.append({"title": label, "rows": [r if r["see"] != label else {**r, "see": ""} for r in rows]})
        other = sorted((v for v in at_venue if not weekdays_of(v.activity)), key=_by_time)
        if other:
            rows = [self.row(v, near=how_near.get(v.id, "")) for v in other]
            days.append({"title": m("print.other_times"), "rows": rows})
        at_home = [self.row(v) for v in here if not v.activity.venue]
        page_url = urls.absolute(s.site_url, urls.url(urls.AREAS, area.id))
        shown = shown_url(page_url)  # as a person writes it; the QR code's alternative text reads it too
        left_out = len(self.near(area)) - len(nearby)
        document = {
            "lang": m.lang,
            "title": m("print.sheet_title", area=area.name),
            "area": area.name,
            "municipality": s.municipality,
            "made": date_in_words(self.today, m),
            "example": s.example_data,
            "url": page_url,
            "shown_url": shown,
            "qr": 0,
            "contact": self._contact(),
            "texts": _texts(m),
            "days": days,
            "at_home": at_home,
            # The nearby ones left out to keep the sheet on two pages: how many, and where to see them.
            "more": m("print.sheet_more", count=left_out, km=_km(s.print_near_km), url=shown) if left_out else "",
        }
        return document, [page_url]

    def _how_near(self, metres: float, view: ActivityView, area: Area) -> str:
        """Where a nearby activity is, in words: its area and how far from this one, roughly."""
        other = self.area_names.get(view.activity.area or "", "")
        if metres < 100:
            return self.messages("print.near_border", other=other, area=area.name)
        if metres < 1000:
            distance = self.messages("print.metres", metres=int(round(metres, -2)))
        else:
            distance = self.messages("print.km", km=f"{metres / 1000:.1f}".replace(".", ","))
        return self.messages("print.near", other=other, distance=distance, area=area.name)

    def row(self, view: ActivityView, see: str = "", near: str = "", day: str = "") -> dict:
        """One line of a sheet, on ``day`` when it is in a weekday's list; ``see`` names the day
        where a repeated activity is told in full, ``near`` where an activity outside the area is."""
        a = view.activity
        contact = next(iter(view.contacts), None)
        return {
            "see": see,
            "near": near,
            "time": _time(_slot(a, day)),
            "title": a.title,
            # The time stands first on the line already; the words say how often and the pauses.
            "when": _capfirst(when_in_words(a.schedule, self.messages, times=len(a.schedule.slots) > 1)),
            # The place, the street and the postcode with the town (an offer at home serves the area,
            # or it would not be on the sheet); the venue's own directions, cut short when long.
            "where": _where(a),
            "directions": _shortened(a.venue.directions, DIRECTIONS_CHARS) if a.venue else "",
            "barriers": self.sheet_answers(a),
            "brief": bool(near),
            "organisation": view.organisation.name if view.organisation else a.organisation,
            # Without a contact, the row names none: the sheet's box "Brug for hjælp?" at the top gives
            # the coordinator's number once (a number on every such row takes a sheet over two pages).
            "contact": self.short_contact(contact) if contact else "",
            "price": view.price,
            "paused": self.messages("print.paused_until", date=view.paused_until) if view.paused_until else "",
            "next": self._next_dates(view),
        }

    def sheet_answers(self, activity: Activity) -> list[dict]:
        """The sheet's answer to "can I get there and in?": the :data:`SHEET_QUESTIONS` that apply to
        the activity's form, each in a few words from the reader's side and its verdict's mark
        (:mod:`vejviser.present.answers`), so that black and white print tells good from bad."""
        wanted = {item.question.name: item for item in answered(activity) if item.question.name in SHEET_QUESTIONS}
        return [
            {
                "verdict": str(item.verdict),
                "mark": SHEET_MARKS[item.verdict],
                "words": self.messages(f"print.barrier.{name}.{item.verdict}"),
            }
            for name in SHEET_QUESTIONS
            if (item := wanted.get(name))
        ]

    def _next_dates(self, view: ActivityView) -> str:
        """``Næste gange: 3., 17. dec., 7., 21. jan.``: the coming meetings from the day it is printed,
        where they say more than the rule: not for given dates (the rule names them), not for a call or
        a visit (no trip to make), and not for a weekly rule met each week (``hver torsdag`` says it)."""
        a = view.activity
        if a.schedule.frequency == Frequency.DATES or not a.venue:
            return ""
        days = list(dict.fromkeys(o.start.date() for o in view.upcoming.meetings))
        if not days or (a.schedule.frequency == Frequency.WEEKLY and not view.upcoming.gaps):
            return ""
        return self.messages("print.next_dates", dates=dates_in_words(days, self.messages, short=True))


# The barrier questions a sheet's row answers, most important first (the web page has them all),
# and the marks beside their words: glyphs of the sheet's font, told apart without colour.
SHEET_QUESTIONS = ("step_free", "accessible_toilet", "pickup", "parking")
SHEET_MARKS = {Verdict.GOOD: "✓", Verdict.BAD: "×", Verdict.UNKNOWN: "?"}
DIRECTIONS_CHARS = 60


#: How far from its true line a map's border may be drawn, as a share of the map's width.
MAP_TOLERANCE = 0.004


def area_map(settings) -> dict | None:
    """The areas' polygons drawn flat for print: each area's outline rings as points from 0 to 1 across
    and down a box of ``height`` (its height over its width), and a point inside it for its name.
    None without polygons."""
    shapes = settings.area_shapes
    if shapes is None:
        return None
    bounds = [shape.bounds for shape in shapes.shapes.values()]  # (min lon, min lat, max lon, max lat)
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    across = math.cos(math.radians((south + north) / 2))  # a degree of longitude is shorter up north
    width = max((east - west) * across, 1e-9)

    def point(lon: float, lat: float) -> list[float]:
        return [round((lon - west) * across / width, 4), round((north - lat) / width, 4)]

    drawn = []
    names = {area.id: area.name for area in settings.areas}
    for area_id, shape in shapes.shapes.items():
        polygons = getattr(shape, "geoms", [shape])
        simple = [p.simplify(MAP_TOLERANCE * width / across) for p in polygons]
        rings = [[point(x, y) for x, y in p.exterior.coords] for p in simple if not p.is_empty]
        inside = shape.representative_point()
        drawn.append({"name": names.get(area_id, area_id), "rings": rings, "label": point(inside.x, inside.y)})
    return {"height": round((north - south) / width, 4), "areas": drawn}


def _street_name(street: str) -> str:
    """``Banegårdspladsen 1`` -> ``Banegårdspladsen``: the street without its number."""
    return re.split(r"\s+\d", street.strip(), maxsplit=1)[0].strip(" ,")


def shown_url(url: str) -> str:
    """An address as a person writes it: ``vejviser.example/aktiviteter/strikkecafe-i-måløv``, without
    the scheme, the percent-encoding or a closing slash."""
    return unquote(url).removeprefix("https://").removeprefix("http://").rstrip("/")


def _where(activity: Activity) -> str:
    """``Ballerup Bibliotek, Banegårdspladsen 1, 2750 Ballerup``: the venue with its postcode."""
    venue = activity.venue
    if not venue:
        return ""
    town = " ".join(part for part in (venue.address.postcode, venue.address.town) if part)
    return ", ".join(part for part in (venue.name, venue.address.street, town) if part)


def _shortened(text: str, limit: int) -> str:
    """The text, cut at a word before ``limit`` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"


def _as_list(items: list[str]) -> list[str]:
    """Items as a Danish sentence lists them: ``Uden trin``, ``handicaptoilet``, ``parkering``."""
    return [item if i == 0 else item[:1].lower() + item[1:] for i, item in enumerate(items)]


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _km(km: float) -> str:
    """``1`` or ``1,5``: a distance in km as Danish writes it."""
    return f"{km:g}".replace(".", ",")


def _slot(activity: Activity, day: str = "") -> Slot:
    """The time an activity meets on ``day`` (its first, when the day is not given)."""
    slots = activity.schedule.slots
    return next((slot for slot in slots if day in slot.weekdays), slots[0])


def _by_time(view: ActivityView, day: str = "") -> tuple[str, str]:
    return (_slot(view.activity, day).start or "99", sort_key(view.activity.title))


def _time(slot: Slot) -> str:
    if slot.start and slot.end:
        return f"{clock(slot.start)}–{clock(slot.end)}"
    return clock(slot.start) if slot.start else ""
