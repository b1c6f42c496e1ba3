"""Rules on what a single record says, beyond its shape: privacy, links, dates, consistency.

Each rule takes a record that already passed the schema and returns problems; the
order of the rules does not matter.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from vejviser.enrich.freshness import is_stale, months_between
from vejviser.load.yamlfile import Loaded
from vejviser.model import normalise_time
from vejviser.problems import Problem, format_path

#: Ten digits whose first six are a date, with or without a hyphen (or a space).
_CPR = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})[- ]?([0-9]{4})(?![0-9])")
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
#: Free-text fields where a volunteer may write a person's number without thinking of consent.
FREE_TEXT = (("summary",), ("description",), ("signup", "how"), ("schedule", "note"), ("venue", "directions"))
#: Characters that do nothing visible but can hide or reorder text: C0/C1 controls and bidi overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def looks_like_cpr(text: str) -> str | None:
    """The masked CPR-like number in ``text`` (``010203-XXXX``), or None."""
    for match in _CPR.finditer(text):
        day, month, year = (int(g) for g in match.groups()[:3])
        for century in (1900, 2000):
            try:
                dt.date(century + year, month, day)
            except ValueError:
                continue
            return f"{match.group(1)}{match.group(2)}{match.group(3)}-XXXX"
    return None


def link_problem(url: str) -> tuple[str, str] | None:
    """(message id, severity) for a link that must not or should not be published."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not scheme or (scheme in ("https", "http") and not parts.netloc):
        return ("content.link_invalid", "error")
    if scheme == "http":
        return ("content.link_http", "warning")
    if scheme not in SAFE_SCHEMES:
        return ("content.link_scheme", "error")
    return None


class _Checker:
    """Collects the problems of one record, placing each at its field."""

    def __init__(self, loaded: Loaded, display: str):
        self.loaded = loaded
        self.display = display
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, path: tuple, *, at: tuple[int, str] | None = None, **params) -> None:
        """Record a problem at ``path``; ``at`` = (offset, text) places it inside a block of text."""
        line, column = self.loaded.text_position(path, *at) if at else self.loaded.position(path)
        make = Problem.error if severity == "error" else Problem.warning
        self.problems.append(make(self.display, code, line=line, column=column, field=format_path(path), **params))

    def strings(self) -> Iterator[tuple[tuple, str]]:
        """Every text value of the record with its path, without recursion."""
        todo: list[tuple[tuple, object]] = [((), self.loaded.data)]
        while todo:
            path, node = todo.pop()
            if isinstance(node, str):
                yield path, node
            elif isinstance(node, dict):
                todo.extend((path + (key,), value) for key, value in node.items())
            elif isinstance(node, list):
                todo.extend((path + (index,), value) for index, value in enumerate(node))

    def check_text(self) -> None:
        """CPR numbers, control characters and links, wherever they stand and whatever shape the record has."""
        for path, text in self.strings():
            found = _CPR.search(text)
            if found:
                masked = looks_like_cpr(text)
                if masked:
                    self.add("error", "content.cpr", path, masked=masked, at=(found.start(), text))
            control = _CONTROL.search(text)
            if control:
                point = f"U+{ord(control.group()):04X}"
                self.add("error", "content.control_character", path, code_point=point, at=(control.start(), text))
            if path == ("website",) or (len(path) == 3 and path[0] == "links" and path[2] == "url"):
                self.check_link(text, path)
            elif path and path[-1] == "description" and ("(" in text or "<" in text or "]:" in text):
                for match in _MARKDOWN_LINK.finditer(text):
                    target = html.unescape(next(g for g in match.groups() if g))
                    self.check_link(target, path, markdown=True, at=(match.start(), text))

    def check_link(self, url: str, path: tuple, markdown: bool = False, at=None) -> None:
        if markdown and not re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return  # a relative link or an anchor inside a description
        found = link_problem(url)
        if found:
            code, severity = found
            self.add(severity, code, path, url=url, scheme=urlsplit(url.strip()).scheme, at=at)

    def check_contact(self, contact: dict, path: tuple, today: dt.date) -> None:
        if contact.get("consent") != "ja":
            self.add("warning", "content.no_consent", path, name=contact.get("name", ""))
        given = contact.get("consent_date")
        if given and dt.date.fromisoformat(given) > today:
            self.add("error", "content.consent_date_future", path + ("consent_date",), date=given)


def check_safety(loaded: Loaded, display: str) -> list[Problem]:
    """What must never be published, checked on any record, valid or not: CPR numbers, links."""
    c = _Checker(loaded, display)
    c.check_text()
    return c.problems


def check_activity(record_id: str, loaded: Loaded, display: str, today: dt.date, stale_after_months: int):
    """The content problems of one activity that passed the schema (safety is checked apart)."""
    c = _Checker(loaded, display)
    data = loaded.data
    _check_id(c, record_id, data)
    for index, contact in enumerate(data.get("contacts", [])):
        c.check_contact(contact, ("contacts", index), today)

    _check_contacts_in_text(c, data)

    reviewed = dt.date.fromisoformat(data["reviewed"])
    if reviewed > today:
        c.add("error", "content.reviewed_future", ("reviewed",), date=data["reviewed"])
    elif data.get("status") != "ophørt" and is_stale(reviewed, today, stale_after_months):
        c.add("warning", "content.reviewed_stale", ("reviewed",), date=data["reviewed"],
              months=months_between(reviewed, today))  # fmt: skip

    schedule = data["schedule"]
    start, end = normalise_time(schedule.get("start", "")), normalise_time(schedule.get("end", ""))
    if start and end and end <= start:
        c.add("error", "content.end_before_start", ("schedule", "end"), start=start, end=end)

    if "venue" in data and data["form"] != "fremmøde":
        c.add("error", "content.venue_not_used", ("venue",), form=data["form"])

    cost = data.get("cost", {})
    if cost.get("free") == "ja" and cost.get("price_dkk"):
        c.add("error", "content.price_but_free", ("cost", "price_dkk"), price=cost["price_dkk"])

    status = data.get("status", "aktiv")
    if "paused_until" in data:
        if status != "pause":
            c.add("warning", "content.ended_with_pause", ("paused_until",))
        elif dt.date.fromisoformat(data["paused_until"]) < today:
            c.add("warning", "content.paused_until_past", ("paused_until",), date=data["paused_until"])
    if "valid_until" in data and dt.date.fromisoformat(data["valid_until"]) < today:
        c.add("warning", "content.valid_until_past", ("valid_until",), date=data["valid_until"])
    return c.problems


def check_organisation(record_id: str, loaded: Loaded, display: str, today: dt.date) -> list[Problem]:
    """The content problems of one organisation that passed the schema (safety is checked apart)."""
    c = _Checker(loaded, display)
    data = loaded.data
    _check_id(c, record_id, data)
    if "contact" in data:
        c.check_contact(data["contact"], ("contact",), today)
    return c.problems


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())[-8:]


def _check_contacts_in_text(c: _Checker, data: dict) -> None:
    """Warn about phone numbers and e-mails in free text that no consented contact covers."""
    consented = [contact for contact in data.get("contacts", []) if contact.get("consent") == "ja"]
    phones = {_digits(contact.get("phone", "")) for contact in consented}
    emails = {contact.get("email", "").lower() for contact in consented}
    for path in FREE_TEXT:
        text = data.get(path[0]) if len(path) == 1 else data.get(path[0], {}).get(path[1])
        if not isinstance(text, str):
            continue
        for match in _PHONE.finditer(text):
            if _digits(match.group()) not in phones:
                c.add("warning", "content.contact_in_text", path, value=match.group(), at=(match.start(), text))
        for match in _EMAIL.finditer(text):
            if match.group().lower() not in emails:
                c.add("warning", "content.contact_in_text", path, value=match.group(), at=(match.start(), text))


def _check_id(c: _Checker, record_id: str, data: dict) -> None:
    if "id" in data and data["id"] != record_id:
        c.add("error", "content.id_mismatch", ("id",), given=data["id"], expected=record_id)
