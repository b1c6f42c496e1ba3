"""Rules on what a single record says, beyond its shape: privacy, links, dates, consistency.

The rules run on every record that could be loaded, also one with schema errors, so
that a volunteer sees every problem at once. Each rule therefore reads its fields
through guards and says nothing about a field whose shape the schema already refused.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from vejviser.enrich.freshness import is_stale, months_between
from vejviser.load.yamlfile import Loaded
from vejviser.model import Answer, normalise_time
from vejviser.problems import ERROR, WARNING, Problem
from vejviser.validate.schema_rules import is_real_date

#: Ten digits whose first six are a date (DDMMYY), with or without separators.
CPR = re.compile(r"(?<![0-9])([0-9]{2})[.\-/ ]?([0-9]{2})[.\-/ ]?([0-9]{2})\s*[-\s]?\s*([0-9]{4})(?![0-9])")
SAFE_SCHEMES = frozenset({"https", "mailto", "tel"})
#: Link targets in Markdown and HTML: [text](url), [ref]: url, <url>, href=/src= attributes.
_MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)"
    r"|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>"
    r"|(?i:href|src)\s*=\s*[\"']?([^\"'\s>]+)",
    re.MULTILINE,
)
#: A Danish phone number (eight digits, spaced or not) or an e-mail address in running text.
_PHONE = re.compile(r"(?<![0-9])(?:\+45 ?)?(?:[0-9]{2} ?){3}[0-9]{2}(?![0-9])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Characters that do nothing visible but can hide or reorder text: C0/C1 controls and bidi overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Text fields that are published as written (names and contact fields are checked apart).
_PUBLISHED_TEXT = ("summary", "description", "how", "note", "directions", "price_covers", "text", "role", "name")


def looks_like_cpr(text: str) -> str | None:
    """The masked CPR-like number in ``text`` (``010203-XXXX``), or None."""
    for match in CPR.finditer(text):
        day, month, year = (int(g) for g in match.groups()[:3])
        for century in (1900, 2000):
            try:
                dt.date(century + year, month, day)
            except ValueError:
                continue
            return f"{match.group(1)}{match.group(2)}{match.group(3)}-XXXX"
    return None


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-like number masked, for anything shown back to a person."""
    return CPR.sub(lambda m: looks_like_cpr(m.group()) or m.group(), text)


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
    """Collects the problems of one record, placing each at its field."""

    def __init__(self, record_id: str, loaded: Loaded, display: str):
        self.id = record_id
        self.loaded = loaded
        self.data = loaded.data
        self.display = display
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, path: tuple, **params) -> None:
        self.problems.append(self.loaded.problem(self.display, severity, code, path, **params))

    def strings(self) -> Iterator[tuple[tuple, str, bool]]:
        """Every key and text value of the record with its path (True for a key), without recursion."""
        todo: list[tuple[tuple, object]] = [((), self.data)]
        while todo:
            path, node = todo.pop()
            if isinstance(node, str):
                yield path, node, False
            elif isinstance(node, dict):
                for key, value in node.items():
                    yield path + (key,), str(key), True
                    todo.append((path + (key,), value))
            elif isinstance(node, list):
                todo.extend((path + (index,), value) for index, value in enumerate(node))

    # --- safety: what must never be published ---------------------------------------

    def safety(self) -> None:
        """CPR numbers, control characters and links, wherever they stand."""
        masked = looks_like_cpr(self.id)
        if masked:
            self.problems.append(Problem.error(self.display, "content.cpr_in_name", masked=masked))
        for path, text, is_key in self.strings():
            found = CPR.search(text)
            if found and looks_like_cpr(text):
                self.add(ERROR, "content.cpr", path, masked=looks_like_cpr(text), key=is_key,
                         **({} if is_key else {"at": (found.start(), text)}))  # fmt: skip
            if is_key:
                continue
            control = _CONTROL.search(text)
            if control:
                self.add(ERROR, "content.control_character", path, code_point=f"U+{ord(control.group()):04X}",
                         at=(control.start(), text))  # fmt: skip
            if path == ("website",) or (len(path) == 3 and path[0] == "links" and path[2] == "url"):
                self.link(text, path)
            elif path and path[-1] in ("description", "summary") and ("(" in text or "<" in text or "]:" in text):
                for match in _MARKDOWN_LINK.finditer(text):
                    group = next(i for i in range(1, 5) if match.group(i))
                    target = html.unescape(match.group(group))
                    self.link(target, path, markdown=True, at=(match.start(group), text))

    def link(self, url: str, path: tuple, markdown: bool = False, at=None) -> None:
        if markdown and not re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return  # a relative link or an anchor inside a description
        found = link_problem(url)
        if found:
            code, severity = found
            extra = {"at": at} if at else {}
            self.add(severity, code, path, url=url, scheme=urlsplit(url.strip()).scheme, **extra)

    # --- privacy: contacts and their consent -------------------------------------------

    def contacts(self, contacts: list[tuple[tuple, dict]], today: dt.date) -> None:
        """Consent per contact, and no contact details in free text without consent."""
        allowed_phones, allowed_mails, refused = set(), set(), {}
        for path, contact in contacts:
            consented = contact.get("consent") == Answer.YES
            if not consented:
                self.add(WARNING, "content.no_consent", path, name=_text(contact, "name") or "")
            given = _date(contact, "consent_date")
            if given and given > today:
                self.add(ERROR, "content.consent_date_future", path + ("consent_date",), date=given.isoformat())
            for value, allowed in ((_digits(_text(contact, "phone") or ""), allowed_phones),
                                   ((_text(contact, "email") or "").lower(), allowed_mails)):  # fmt: skip
                if not value:
                    continue
                if consented:
                    allowed.add(value)
                else:
                    refused.setdefault(value, contact)
        for path, text, is_key in self.strings():
            if is_key or not path or path[-1] not in _PUBLISHED_TEXT:
                continue
            for pattern, allowed, normal in ((_PHONE, allowed_phones, _digits), (_EMAIL, allowed_mails, str.lower)):
                for match in pattern.finditer(text):
                    value = normal(match.group())
                    if value in refused:
                        self.add(ERROR, "content.refused_contact_in_text", path, value=match.group(),
                                 name=_text(refused[value], "name") or "", at=(match.start(), text))  # fmt: skip
                    elif value not in allowed:
                        self.add(WARNING, "content.contact_in_text", path, value=match.group(),
                                 at=(match.start(), text))  # fmt: skip

    def id_matches(self) -> None:
        given = _text(self.data, "id")
        if given is not None and given != self.id:
            self.add(ERROR, "content.id_mismatch", ("id",), given=given, expected=self.id)


def check_activity(record_id: str, loaded: Loaded, display: str, today: dt.date, stale_after_months: int):
    """Every content problem of one activity, whatever else is wrong with it."""
    c = _Checker(record_id, loaded, display)
    data = c.data
    c.safety()
    c.id_matches()
    c.contacts([(("contacts", i), contact) for i, contact in _items(data, "contacts")], today)

    reviewed = _date(data, "reviewed")
    status = _text(data, "status") or "aktiv"
    if reviewed and reviewed > today:
        c.add(ERROR, "content.reviewed_future", ("reviewed",), date=reviewed.isoformat())
    elif reviewed and status != "ophørt" and is_stale(reviewed, today, stale_after_months):
        c.add(WARNING, "content.reviewed_stale", ("reviewed",), date=reviewed.isoformat(),
              months=months_between(reviewed, today))  # fmt: skip

    start, end = _time(data, "start"), _time(data, "end")
    if start and end and end <= start:
        c.add(ERROR, "content.end_before_start", ("schedule", "end"), start=start, end=end)
    frequency = _text(data, "schedule", "frequency")
    raw_dates = _get(data, "schedule", "dates")
    count = len(raw_dates) if isinstance(raw_dates, list) else 0
    dates = [d for d in (_date(raw_dates, i) for i in range(count)) if d]
    if frequency == "datoer" and dates and max(dates) < today:
        c.add(WARNING, "content.dates_past", ("schedule", "dates"), date=max(dates).isoformat())
    if frequency in ("datoer", "efter-aftale") and _get(data, "schedule", "weekdays") is not None:
        c.add(WARNING, "content.weekdays_unused", ("schedule", "weekdays"), frequency=frequency)

    form = _text(data, "form")
    if "venue" in data and form in ("hjemme", "telefon", "online"):
        c.add(ERROR, "content.venue_not_used", ("venue",), form=form)
    if _text(data, "cost", "free") == Answer.YES and _get(data, "cost", "price_dkk"):
        c.add(ERROR, "content.price_but_free", ("cost", "price_dkk"), price=_get(data, "cost", "price_dkk"))

    paused_until = _date(data, "paused_until")
    if "paused_until" in data and status != "pause":
        c.add(WARNING, "content.ended_with_pause", ("paused_until",))
    elif paused_until and paused_until < today:
        c.add(WARNING, "content.paused_until_past", ("paused_until",), date=paused_until.isoformat())
    valid_until = _date(data, "valid_until")
    if valid_until and valid_until < today:
        c.add(WARNING, "content.valid_until_past", ("valid_until",), date=valid_until.isoformat())
    return c.problems


def check_organisation(record_id: str, loaded: Loaded, display: str, today: dt.date) -> list[Problem]:
    """Every content problem of one organisation, whatever else is wrong with it."""
    c = _Checker(record_id, loaded, display)
    c.safety()
    c.id_matches()
    contact = _get(c.data, "contact")
    c.contacts([(("contact",), contact)] if isinstance(contact, dict) else [], today)
    return c.problems


def _time(data, name: str) -> str:
    value = _text(data, "schedule", name)
    try:
        return normalise_time(value) if value else ""
    except ValueError:
        return ""
