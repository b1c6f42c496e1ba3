"""Rules on what a single record says, beyond its shape: privacy, links, dates, consistency.

The rules run on every record that could be loaded, also one with schema errors, so
that a volunteer sees every problem at once. Each rule therefore reads its fields
through guards and says nothing about a field whose shape the schema already refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from vejviser.enrich.freshness import is_stale, months_between
from vejviser.enrich.occurrences import knows_its_days, schedule_occurrences
from vejviser.load.yamlfile import Loaded
from vejviser.model import (
    FORMS_WITHOUT_VENUE,
    MONTHS,
    WEEKDAYS,
    Answer,
    Frequency,
    Schedule,
    Status,
    normalise_time,
    schedule_from_data,
)
from vejviser.privacy import (
    CPR_DIGITS,
    HIDDEN_CONTROLS,
    Refused,
    find_cpr,
    hidden_character,
    looks_like_cpr,
    mask_cpr,
)
from vejviser.problems import ERROR, WARNING, Problem, format_path
from vejviser.schema import raw_schema
from vejviser.schema.checker import is_real_date

SAFE_SCHEMES = frozenset({"https", "mailto", "tel"})
#: Link targets in Markdown and HTML: [text](url), [ref]: url, <url>, href=/src= attributes.
#: Each alternative consumes distinct characters, so a long text is matched in linear time.
_MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>"
    r"|(?i:href|src)[ \t]*=[ \t]*[\"']?([^\"'\s>]+)",
    re.MULTILINE,
)
#: A Danish phone number (eight digits, spaced or not) or an e-mail address in running text.
_PHONE = re.compile(r"(?<![0-9])(?:\+45 ?)?(?:[0-9]{2} ?){3}[0-9]{2}(?![0-9])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Text fields that are published as written, where a phone number or an e-mail of nobody in
#: the contacts is pointed out (a refused contact's is refused in every field and link).
_PUBLISHED_TEXT = (
    "title",
    "summary",
    "description",
    "how",
    "note",
    "directions",
    "price_covers",
    "text",
    "role",
    "name",
)


def _field_names(node) -> Iterator[str]:
    """Every property name in a schema, without recursion."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, dict):
            if isinstance(current.get("properties"), dict):
                yield from current["properties"]
            todo.extend(current.values())
        elif isinstance(current, list):
            todo.extend(current)


#: Every field name the schemas know: a key that is one of them holds no number to look for.
_FIELD_NAMES = frozenset(name for kind in ("activity", "organisation") for name in _field_names(raw_schema(kind)))
#: A contact's own details: the data consent is about, never published without it.
_CONTACT_DETAILS = ("phone", "email", "name", "consent", "consent_date")


def link_problem(url: str) -> tuple[str, str] | None:
    """(message id, severity) for a link that must not or should not be published."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not scheme or (scheme in ("https", "http") and not parts.netloc):
        return ("content.link_invalid", ERROR)
    if scheme == "http":
        return ("content.link_http", WARNING)
    if scheme not in SAFE_SCHEMES:
        return ("content.link_scheme", ERROR)
    return None


def _get(data, *path):
    """The value at ``path``, or None when a step is missing or of the wrong shape."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _text(data, *path) -> str | None:
    value = _get(data, *path)
    return value if isinstance(value, str) else None


def _date(data, *path) -> dt.date | None:
    value = _text(data, *path)
    return dt.date.fromisoformat(value) if value is not None and is_real_date(value) else None


def _items(data, *path) -> list[tuple[int, dict]]:
    value = _get(data, *path)
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())[-8:]


class _Checker:
    """Collects the problems of one record, placing each at its field.

    ``skip`` names fields (as ``schedule.note``) whose value the schema refused as too long:
    the volunteer shortens them first, and no rule needs to read 200,000 characters."""

    def __init__(
        self, record_id: str, loaded: Loaded, display: str, skip: frozenset[str] = frozenset(), schema_ok: bool = False
    ):
        self.id = record_id
        self.loaded = loaded
        self.data = loaded.data
        self.display = display
        self.skip = skip
        #: The record passed the schema: rules may read it as the typed record.
        self.schema_ok = schema_ok
        self.problems: list[Problem] = []

    def schedule(self) -> Schedule | None:
        """The typed schedule, when the record passed the schema (rules that work out days need it)."""
        return schedule_from_data(self.data["schedule"]) if self.schema_ok else None

    def add(self, severity: str, code: str, path: tuple, **params) -> None:
        self.problems.append(self.loaded.problem(self.display, severity, code, path, **params))

    def strings(self) -> Iterator[tuple[tuple, str, bool]]:
        """Every key and text value of the record with its path (True for a key), without recursion."""
        todo: list[tuple[tuple, object]] = [((), self.data)]
        while todo:
            path, node = todo.pop()
            if isinstance(node, str):
                if not self.skip or format_path(path) not in self.skip:
                    yield path, node, False
            elif isinstance(node, dict):
                for key, value in node.items():
                    yield path + (key,), str(key), True
                    todo.append((path + (key,), value))
            elif isinstance(node, list):
                todo.extend((path + (index,), value) for index, value in enumerate(node))

    # --- safety: what must never be published ---------------------------------------

    def safety(self) -> None:
        """CPR numbers (however written), hidden characters and links, wherever they stand."""
        masked = looks_like_cpr(self.id)
        if masked:
            self.problems.append(Problem.error(self.display, "content.cpr_in_name", masked=masked))
        for path, text, is_key in self.strings():
            if is_key and text in _FIELD_NAMES:
                continue  # a field of the schema: the record's own words are in the values
            found = find_cpr(text)
            if found:
                at = {} if is_key else {"at": (found[1], text)}
                self.add(ERROR, "content.cpr", path, masked=found[0], key=is_key, **at)
            if is_key:
                continue
            hidden = hidden_character(text)
            if hidden:
                code_point = f"U+{ord(hidden[0]):04X}"
                self.add(ERROR, "content.control_character", path, code_point=code_point, at=(hidden[1], text))
            if path == ("website",) or (len(path) == 3 and path[0] == "links" and path[2] == "url"):
                self.link(text, path)
            elif path and path[-1] in ("description", "summary") and ("(" in text or "<" in text or "]:" in text):
                for match in _MARKDOWN_LINK.finditer(text):
                    group = next(i for i in range(1, 5) if match.group(i))
                    target = html.unescape(match.group(group))
                    self.link(target, path, markdown=True, at=(match.start(group), text))

    def link(self, url: str, path: tuple, markdown: bool = False, at=None) -> None:
        if markdown and re.match(r"\s*[/\\]{2}|\s*/\\", url):  # //host/x: another site, with no scheme said
            self.add(ERROR, "content.link_invalid", path, url=mask_cpr(url), **({"at": at} if at else {}))
            return
        if markdown and not re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return  # a relative link or an anchor inside a description
        found = link_problem(url)
        if found:
            code, severity = found
            extra = {"at": at} if at else {}
            self.add(severity, code, path, url=mask_cpr(url), scheme=urlsplit(url.strip()).scheme, **extra)

    # --- privacy: contacts and their consent -------------------------------------------

    def contacts(self, contacts: list[tuple[tuple, dict]], today: dt.date) -> None:
        """Consent per contact; a refused contact's phone, e-mail or full name in no other field or
        link, however written; other phone numbers and e-mails in free text pointed out."""
        allowed_phones, allowed_mails, refused = set(), set(), Refused()
        for path, contact in contacts:
            consented = contact.get("consent") == Answer.YES
            if not consented:
                self.add(WARNING, "content.no_consent", path, name=_text(contact, "name") or "")
            given = _date(contact, "consent_date")
            if given and given > today:
                self.add(ERROR, "content.consent_date_future", path + ("consent_date",), date=given.isoformat())
            phone, email = _text(contact, "phone") or "", _text(contact, "email") or ""
            if consented:
                allowed_phones.add(_digits(phone))
                allowed_mails.add(email.strip().casefold())
            else:
                refused.add(contact, phone=phone, email=email, name=_text(contact, "name") or "")
        for path, contact in contacts:  # a consenting contact cannot publish what another refused
            if contact.get("consent") == Answer.YES and refused:
                for key in ("phone", "email"):
                    found = refused.find(_text(contact, key) or "")
                    if found and found[1] is not contact:
                        name = _text(found[1], "name") or ""
                        self.add(ERROR, "content.refused_contact_in_text", path + (key,), value=found[0], name=name)
        for path, text, is_key in self.strings():
            if is_key or not path or path == ("name",) or _is_contact_detail(path):
                continue
            found = refused.find(text) if refused else None
            if found:
                value, owner, offset = found
                name = _text(owner, "name") or ""
                self.add(ERROR, "content.refused_contact_in_text", path, value=value, name=name, at=(offset, text))
                continue
            if path[-1] not in _PUBLISHED_TEXT:
                continue
            for pattern, allowed, normal in ((_PHONE, allowed_phones, _digits), (_EMAIL, allowed_mails, str.casefold)):
                for match in pattern.finditer(text):
                    if normal(match.group()) not in allowed:
                        at = (match.start(), text)
                        self.add(WARNING, "content.contact_in_text", path, value=match.group(), at=at)

    def id_matches(self) -> None:
        given = _text(self.data, "id")
        if given is not None and given != self.id:
            self.add(ERROR, "content.id_mismatch", ("id",), given=given, expected=self.id)


def _is_contact_detail(path: tuple) -> bool:
    """A contact's own phone, e-mail or name (``contacts[0].phone``, an organisation's ``contact.email``)."""
    return len(path) >= 2 and path[-1] in _CONTACT_DETAILS and (path[0] == "contact" or path[0] == "contacts")


#: One rule on an activity: it adds its problems to the checker, for the day given, with the
#: months after which a confirmation is stale.
ActivityRule = Callable[[_Checker, dt.date, int], None]


def _safety(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """CPR numbers, hidden characters and unsafe links, wherever they stand."""
    c.safety()


def _id_matches(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """The id written in the file is the file's name."""
    c.id_matches()


def _contacts(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Each contact's consent, and no refused contact's details anywhere else."""
    c.contacts([(("contacts", i), contact) for i, contact in _items(c.data, "contacts")], today)


def _reviewed(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Confirmed on a day that has been, and (unless ended) not so long ago that it is stale."""
    reviewed = _date(c.data, "reviewed")
    status = _text(c.data, "status") or Status.ACTIVE
    if reviewed and reviewed > today:
        c.add(ERROR, "content.reviewed_future", ("reviewed",), date=reviewed.isoformat())
    elif reviewed and status != Status.ENDED and is_stale(reviewed, today, stale_after_months):
        months = months_between(reviewed, today)
        c.add(WARNING, "content.reviewed_stale", ("reviewed",), date=reviewed.isoformat(), months=months)


def _end_after_start(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """It ends after it starts, at its one time and at each of its times."""
    times = _get(c.data, "schedule", "times")
    places = [("schedule",)] + [("schedule", "times", i) for i in range(len(times) if isinstance(times, list) else 0)]
    for place in places:
        start, end = _time(_get(c.data, *place), "start"), _time(_get(c.data, *place), "end")
        if start and end and end <= start:
            c.add(ERROR, "content.end_before_start", (*place, "end"), start=start, end=end)


def _dates_ahead(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """On given dates: not all of them past."""
    raw_dates = _get(c.data, "schedule", "dates")
    count = len(raw_dates) if isinstance(raw_dates, list) else 0
    dates = [d for d in (_date(raw_dates, i) for i in range(count)) if d]
    if _text(c.data, "schedule", "frequency") == Frequency.DATES and dates and max(dates) < today:
        c.add(WARNING, "content.dates_past", ("schedule", "dates"), date=max(dates).isoformat())


#: The frequencies that say no weekday: the dates are given, or agreed with each person.
_WITHOUT_WEEKDAYS = (Frequency.DATES, Frequency.BY_APPOINTMENT)


def _weekdays_used(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Weekdays only where the frequency uses them."""
    frequency = _text(c.data, "schedule", "frequency")
    if frequency in _WITHOUT_WEEKDAYS and _get(c.data, "schedule", "weekdays") is not None:
        c.add(WARNING, "content.weekdays_unused", ("schedule", "weekdays"), frequency=frequency)


def _one_time_or_times(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Either one time (weekdays, start, end) or several (times), never both: which would be meant?
    And times only where the frequency names weekdays."""
    if _get(c.data, "schedule", "times") is None:
        return
    frequency = _text(c.data, "schedule", "frequency")
    if frequency in _WITHOUT_WEEKDAYS:
        c.add(WARNING, "content.times_unused", ("schedule", "times"), frequency=frequency)
        return
    for key in ("weekdays", "start", "end"):
        if _get(c.data, "schedule", key) is not None:
            c.add(ERROR, "content.times_and_one_time", ("schedule", key), name=key)


def _weeks_of_month_used(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Weeks of the month only with a monthly rule: "hver tirsdag" with [1, 3] would send people on the wrong days."""
    frequency = _text(c.data, "schedule", "frequency")
    if frequency != Frequency.MONTHLY and _get(c.data, "schedule", "weeks_of_month") is not None:
        c.add(ERROR, "content.weeks_of_month_unused", ("schedule", "weeks_of_month"), frequency=frequency)


def _season(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """A season ends after it begins, and not before today."""
    start, end = _date(c.data, "schedule", "season_start"), _date(c.data, "schedule", "season_end")
    if start and end and end < start:
        c.add(
            ERROR, "content.season_backwards", ("schedule", "season_end"), start=start.isoformat(), end=end.isoformat()
        )
    elif end and end < today and _text(c.data, "status") != Status.ENDED:
        c.add(WARNING, "content.season_past", ("schedule", "season_end"), date=end.isoformat())


def _meets_at_all(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """A rule that names days names at least one that is not paused; a cancelled day is one of its days."""
    schedule = c.schedule()
    if schedule is None or not knows_its_days(schedule):
        return
    if len(schedule.pause_months) == len(MONTHS):
        c.add(ERROR, "content.always_paused", ("schedule", "pause_months"))
        return
    if schedule.season_end and schedule.season_end < max(today, schedule.season_start or today):
        return  # a season backwards or over: said by _season
    # the dates as given; a rule over a year of its season (from its start, or up to its end), else from
    # today: a season whose last meeting day has passed has not become a rule that never meets (its record
    # was right, and the nightly build would stop until someone changed it)
    year = dt.timedelta(days=366)
    if schedule.frequency == Frequency.DATES:
        first, last = min(schedule.dates), max(schedule.dates)
    else:
        if schedule.season_start:
            first = schedule.season_start
        elif schedule.season_end:
            first = schedule.season_end - min(year, schedule.season_end - dt.date.min)
        else:
            first = today
        last = first + min(year, dt.date.max - first)  # a season from 9999 too
    if not schedule_occurrences(schedule, first, last, cancelled=False):
        c.add(ERROR, "content.never_meets", ("schedule", "frequency"))
        return
    cancelled = _get(c.data, "schedule", "cancelled")
    if not isinstance(cancelled, list):
        return
    for index in range(len(cancelled)):
        day = _date(cancelled, index)
        if day and not schedule_occurrences(dataclasses.replace(schedule, cancelled=()), day, day):
            c.add(WARNING, "content.cancelled_not_a_meeting", ("schedule", "cancelled", index), date=day.isoformat())


def _fortnight_weeks(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """Every other week says which weeks (``week_parity`` or ``first_date``); other frequencies do not."""
    frequency = _text(c.data, "schedule", "frequency")
    given = [key for key in ("week_parity", "first_date") if _get(c.data, "schedule", key) is not None]
    if frequency == Frequency.FORTNIGHTLY and not given:
        c.add(WARNING, "content.fortnight_weeks_missing", ("schedule", "frequency"))
    elif frequency != Frequency.FORTNIGHTLY:
        for key in given:
            c.add(WARNING, "content.fortnight_weeks_unused", ("schedule", key), name=key, frequency=frequency)
    elif len(given) == 2:
        c.add(WARNING, "content.fortnight_weeks_twice", ("schedule", "first_date"))
    schedule = c.schedule()
    first = schedule.first_date if schedule is not None and frequency == Frequency.FORTNIGHTLY else None
    if schedule is not None and first is not None and WEEKDAYS[first.weekday()] not in schedule.all_weekdays:
        c.add(WARNING, "content.first_date_weekday", ("schedule", "first_date"), date=first.isoformat(),
              weekday=WEEKDAYS[first.weekday()], weekdays=list(schedule.all_weekdays))  # fmt: skip


def _venue_used(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """A venue only where people meet at one."""
    form = _text(c.data, "form")
    if "venue" in c.data and form in FORMS_WITHOUT_VENUE:
        c.add(ERROR, "content.venue_not_used", ("venue",), form=form)


def _no_price_if_free(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """A free activity has no price."""
    price = _get(c.data, "cost", "price_dkk")
    if _text(c.data, "cost", "free") == Answer.YES and price:
        c.add(ERROR, "content.price_but_free", ("cost", "price_dkk"), price=price)


def _pause(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """The end of a pause only on a paused activity, and not past."""
    paused_until = _date(c.data, "paused_until")
    status = _text(c.data, "status") or Status.ACTIVE
    if "paused_until" in c.data and status != Status.PAUSED:
        c.add(WARNING, "content.ended_with_pause", ("paused_until",))
    elif paused_until and paused_until < today:
        c.add(WARNING, "content.paused_until_past", ("paused_until",), date=paused_until.isoformat())


def _valid_until_ahead(c: _Checker, today: dt.date, stale_after_months: int) -> None:
    """The last day it is shown is not past."""
    valid_until = _date(c.data, "valid_until")
    if valid_until and valid_until < today:
        c.add(WARNING, "content.valid_until_past", ("valid_until",), date=valid_until.isoformat())


#: The rules on one activity, in the order its problems are listed.
ACTIVITY_RULES: tuple[ActivityRule, ...] = (
    _safety,
    _id_matches,
    _contacts,
    _reviewed,
    _end_after_start,
    _dates_ahead,
    _weekdays_used,
    _one_time_or_times,
    _weeks_of_month_used,
    _fortnight_weeks,
    _season,
    _meets_at_all,
    _venue_used,
    _no_price_if_free,
    _pause,
    _valid_until_ahead,
)


def check_activity(
    record_id: str,
    loaded: Loaded,
    display: str,
    today: dt.date,
    stale_after_months: int,
    skip: frozenset[str] = frozenset(),
    schema_ok: bool = False,
) -> list[Problem]:
    """Every content problem of one activity, whatever else is wrong with it (``skip``: fields too long
    to read); the rules that work out its days only when it passed the schema (``schema_ok``)."""
    c = _Checker(record_id, loaded, display, skip, schema_ok)
    for rule in ACTIVITY_RULES:
        rule(c, today, stale_after_months)
    return c.problems


def check_organisation(
    record_id: str, loaded: Loaded, display: str, today: dt.date, skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every content problem of one organisation, whatever else is wrong with it."""
    c = _Checker(record_id, loaded, display, skip)
    c.safety()
    c.id_matches()
    contact = _get(c.data, "contact")
    c.contacts([(("contact",), contact)] if isinstance(contact, dict) else [], today)
    return c.problems


def _time(node, name: str) -> str:
    """The time ``node[name]`` as ``HH:MM``, empty when missing or not a time."""
    value = _text(node, name)
    try:
        return normalise_time(value) if value else ""
    except ValueError:
        return ""


def browser_rules() -> dict:
    """The data of these rules that the web form checks in the browser too, taken from the constants the
    checks above use, so that the page's script cannot drift from them (``assets/form_checks.js``)."""
    return {
        "cpr": CPR_DIGITS,
        "hidden_controls": HIDDEN_CONTROLS,
        "safe_schemes": sorted(SAFE_SCHEMES),
        "forms_without_venue": [str(form) for form in FORMS_WITHOUT_VENUE],
    }
