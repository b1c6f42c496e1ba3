"""Records said in words a citizen reads: "hver tirsdag kl. 10.00–12.00, holder pause i juli"."""

from __future__ import annotations

import datetime as dt

from vejviser.i18n import Messages
from vejviser.model import Activity, Answer, Contact, Frequency, Schedule


def clock(time: str) -> str:
    """``09:30`` -> ``9.30``, the Danish way of writing a time of day."""
    hours, minutes = time.split(":")
    return f"{int(hours)}.{minutes}"


def date_in_words(day: dt.date, messages: Messages) -> str:
    return messages("date.format", day=day.day, month=messages(f"month.{day.month}"), year=day.year)


def when_in_words(schedule: Schedule, messages: Messages) -> str:
    """The schedule as one sentence fragment, without a capital or a full stop."""
    days = messages.join(schedule.weekdays, "_and")
    if schedule.frequency == Frequency.WEEKLY:
        parts = [messages("when.weekly", days=days)]
    elif schedule.frequency == Frequency.FORTNIGHTLY:
        parts = [messages("when.fortnightly", days=days)]
    elif schedule.frequency == Frequency.MONTHLY:
        weeks = messages.join([messages(f"when.week.{w}") for w in schedule.weeks_of_month], "_and")
        parts = [messages("when.monthly", weeks=weeks, days=days)]
    elif schedule.frequency == Frequency.DATES:
        dates = messages.join([date_in_words(d, messages) for d in schedule.dates], "_and")
        parts = [messages("when.dates", dates=dates)]
    else:
        parts = [messages("when.by_arrangement")]
    if schedule.start and schedule.end:
        parts.append(messages("when.time_range", start=clock(schedule.start), end=clock(schedule.end)))
    elif schedule.start:
        parts.append(messages("when.time_from", start=clock(schedule.start)))
    text = " ".join(parts)
    if schedule.pause_months:
        text += ", " + messages("when.pause", months=messages.join(schedule.pause_months, "_and"))
    return text


def price_in_words(activity: Activity, messages: Messages) -> str:
    cost = activity.cost
    if cost.free == Answer.YES:
        return messages("page.free")
    if cost.price_dkk:
        text = messages("page.price_dkk", price=cost.price_dkk)
        return f"{text} ({cost.price_covers})" if cost.price_covers else text
    return cost.price_covers


def contact_line(contact: Contact, messages: Messages) -> str:
    """A contact as one line: ``Lone Jensen (tovholder), tlf. 22 33 44 55, lone@example.dk``."""
    parts = [contact.name + (f" ({contact.role})" if contact.role else "")]
    if contact.phone:
        parts.append(messages("contact.phone", phone=contact.phone))
    if contact.email:
        parts.append(contact.email)
    return ", ".join(parts)
