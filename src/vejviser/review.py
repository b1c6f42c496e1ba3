"""Which records to ask about: the activities by how long ago they were confirmed.

For the coordinator (``vejviser review`` and the monthly issue): grouped by organisation,
whose consented contact is the one to ask, the most overdue first. As text, CSV or
Markdown; every word through the messages, so that a translation can replace them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from vejviser.enrich.freshness import due_after_months, months_between, state_of
from vejviser.i18n import Messages
from vejviser.model import Activity, Contact, Organisation, Status
from vejviser.present.directory import Directory
from vejviser.present.words import contact_line, date_in_words
from vejviser.privacy import visible as visible_text

FORMATS = ("text", "csv", "markdown")


@dataclass(frozen=True)
class Due:
    """One activity to ask about."""

    activity: Activity
    months: int
    state: str


@dataclass(frozen=True)
class OrganisationDue:
    """The activities of one organisation, and whom to ask."""

    organisation: str
    name: str
    contact: Contact | None
    items: tuple[Due, ...]


def due_for_review(directory: Directory, min_months: int | None = None) -> list[OrganisationDue]:
    """The activities confirmed ``min_months`` or more months ago (by default: those due within a
    month, stale or hidden), ended ones left out, grouped by organisation, the longest waiting first."""
    settings, today = directory.settings, directory.today
    if min_months is None:
        min_months = due_after_months(settings.stale_after_months)
    by_id = {o.id: o for o in directory.organisations}
    grouped: dict[str, list[Due]] = {}
    for activity in (view.activity for view in directory.views):
        if activity.status == Status.ENDED:
            continue
        months = months_between(activity.reviewed, today)
        if months >= min_months:
            grouped.setdefault(activity.organisation, []).append(
                Due(activity, months, state_of(months, settings.stale_after_months, settings.hide_after_months))
            )
    groups = []
    for key, items in grouped.items():
        items.sort(key=lambda d: (d.activity.reviewed, d.activity.title.casefold()))
        organisation = by_id.get(key)
        name = organisation.name if organisation else key
        groups.append(OrganisationDue(key, name, _contact(organisation, items), tuple(items)))
    groups.sort(key=lambda g: (g.items[0].activity.reviewed, g.name.casefold()))
    return groups


def _contact(organisation: Organisation | None, items: list[Due]) -> Contact | None:
    """The organisation's contact if they agreed to be named, else the first consented contact of an activity."""
    if organisation is not None and organisation.contact is not None and organisation.contact.publishable:
        return organisation.contact
    return next((c for d in items for c in d.activity.published_contacts), None)


def contact_text(contact: Contact | None, messages: Messages) -> str:
    if contact is None:
        return messages("review.no_contact")
    return contact_line(contact, messages)


def render(groups: list[OrganisationDue], fmt: str, messages: Messages, today: dt.date) -> str:
    if fmt == "csv":
        return _csv(groups, messages)
    if fmt == "markdown":
        return _markdown(groups, messages, today)
    return _text(groups, messages, today)


def _count_line(groups: list[OrganisationDue], messages: Messages, today: dt.date) -> str:
    activities = messages.count(sum(len(g.items) for g in groups), "activity")
    organisations = messages.count(len(groups), "organisation")
    date = date_in_words(today, messages)
    return messages("review.summary", activities=activities, organisations=organisations, date=date)


def _when(due: Due, messages: Messages) -> str:
    date = date_in_words(due.activity.reviewed, messages)
    return messages("review.confirmed", date=date, months=messages.count(due.months, "month"))


def _text(groups: list[OrganisationDue], messages: Messages, today: dt.date) -> str:
    if not groups:
        return messages("review.none") + "\n"
    lines = [_count_line(groups, messages, today), ""]
    for group in groups:
        lines.append(f"{group.name} – {messages('review.ask')}: {contact_text(group.contact, messages)}")
        for due in group.items:
            state = messages(f"review.state.{due.state}")
            lines.append(f"  {due.activity.file}: {due.activity.title}. {_when(due, messages)}. {state}")
        lines.append("")
    return "\n".join(lines)


def _markdown(groups: list[OrganisationDue], messages: Messages, today: dt.date) -> str:
    if not groups:
        return messages("review.none") + "\n"
    lines = [_count_line(groups, messages, today), "", messages("review.markdown_intro"), ""]
    for group in groups:
        lines.append(f"### {_md(group.name)}")
        lines.append("")
        lines.append(f"{messages('review.ask')}: {_md(contact_text(group.contact, messages))}")
        lines.append("")
        for due in group.items:
            state = messages(f"review.state.{due.state}")
            title = _md(due.activity.title)
            lines.append(f"- [ ] **{title}** (`{due.activity.file}`): {_when(due, messages)}. {state}")
        lines.append("")
    return "\n".join(lines)


#: What GitHub turns into a notice or a link in an issue: @mentions (a user or a team), #12 and
#: GH-12 references, owner/repo#12. A word joiner after the sign keeps the text and drops the link.
_GITHUB_REFERENCE = re.compile(r"([@#])(?=[\w-])|\b(GH)-(?=[0-9])", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def _md(text: str) -> str:
    """Text as Markdown shows it literally, on one line, notifying nobody: a record's words are data,
    also in an issue (a title could otherwise add headings, list items, links or mentions)."""
    text = _LINE_BREAKS.sub(" ", visible_text(text))
    text = _GITHUB_REFERENCE.sub(lambda m: (m.group(1) or m.group(2) + "-") + "\u2060", text)
    for char in "\\`*_[]<>#|~!()&=+-.:$":  # what can start markup, an autolink (https:) or maths ($)
        text = text.replace(char, "\\" + char)
    return text


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a record's words that start like a formula are not run."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(groups: list[OrganisationDue], messages: Messages) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ("organisation", "contact", "file", "title", "reviewed", "months", "state")
    writer.writerow([messages(f"review.column.{c}") for c in columns])
    for group in groups:
        contact = contact_text(group.contact, messages)
        for due in group.items:
            a, state = due.activity, messages(f"review.state.{due.state}")
            row = [group.name, contact, a.file, a.title, a.reviewed.isoformat(), due.months, state]
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()
