"""Records said in words a citizen reads: "hver tirsdag kl. 10.00–12.00, holder pause i juli"."""

from __future__ import annotations

import datetime as dt

from vejviser.i18n import Messages
from vejviser.model import MONTHS, WEEKDAYS, Activity, Answer, Contact, Frequency, Schedule, Slot


def clock(time: str) -> str:
    """``09:30`` -> ``9.30``, the Danish way of writing a time of day."""
    hours, minutes = time.split(":")
    return f"{int(hours)}.{minutes}"


def weekday_in_words(weekday: str, messages: Messages) -> str:
    """A weekday as a record writes it (``tirsdag``, data) in the reader's language, as within a
    sentence: ``tirsdag``, ``Tuesday``."""
    return messages(f"weekday.{WEEKDAYS.index(weekday) + 1}")


def weekday_label(weekday: str, messages: Messages) -> str:
    """A weekday as a heading or a filter names it: ``Tirsdag``, ``Tuesday``."""
    text = weekday_in_words(weekday, messages)
    return text[:1].upper() + text[1:]


def month_in_words(month: str, messages: Messages) -> str:
    """A month as a record writes it (``juli``, data) in the reader's language: ``juli``, ``July``."""
    return messages(f"month.{MONTHS.index(month) + 1}")


def day_of_month(day: int, messages: Messages) -> str:
    """``5.`` in Danish, ``5`` in English."""
    return messages("date.day", day=day)


def date_in_words(day: dt.date, messages: Messages) -> str:
    return messages("date.format", day=day.day, month=messages(f"month.{day.month}"), year=day.year)


def dates_in_words(days: list[dt.date], messages: Messages, short: bool = False) -> str:
    """Days grouped by month, as a person says them: ``3., 10. og 17. december og 7. januar``
    (``short``: ``3., 10., 17. dec., 7. jan.``, where a line must hold them)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for day in days:
        groups.setdefault((day.year, day.month), []).append(day.day)
    month = "month_short" if short else "month"
    joined = ", ".join if short else (lambda items: messages.join(list(items), "_and"))
    return joined(f"{joined(day_of_month(d, messages) for d in numbers)} {messages(f'{month}.{number}')}"
                  for (_, number), numbers in groups.items())  # fmt: skip


def when_in_words(schedule: Schedule, messages: Messages, times: bool = True) -> str:
    """The schedule's rule as one sentence fragment, without a capital or a full stop:
    ``hver anden tirsdag (ulige uger) kl. 10.00–12.00, ikke på helligdage, holder pause i juli``.
    ``times=False`` leaves the times of day out (a sheet prints them first on the line)."""
    if schedule.frequency == Frequency.DATES:
        parts = [messages.join([date_in_words(d, messages) for d in schedule.dates], "_and")]
        if times:
            parts.append(_time_of(schedule.slots[0], messages))
        text = " ".join(p for p in parts if p)
    elif schedule.frequency == Frequency.BY_APPOINTMENT:
        text = messages("when.by_arrangement")
    else:
        text = messages.join([_slot_in_words(schedule, slot, messages, times) for slot in schedule.slots], "_and")
        if schedule.frequency == Frequency.FORTNIGHTLY and schedule.week_parity:
            text += " " + messages(f"when.parity.{schedule.week_parity}")
        elif schedule.frequency == Frequency.FORTNIGHTLY and schedule.first_date:
            text += ", " + messages("when.counted_from", date=date_in_words(schedule.first_date, messages))
    if schedule.season_start and schedule.season_end:
        text += ", " + messages("when.season", start=date_in_words(schedule.season_start, messages),
                                end=date_in_words(schedule.season_end, messages))  # fmt: skip
    elif schedule.season_start:
        text += ", " + messages("when.season_from", start=date_in_words(schedule.season_start, messages))
    elif schedule.season_end:
        text += ", " + messages("when.season_until", end=date_in_words(schedule.season_end, messages))
    if schedule.holidays_off:
        text += ", " + messages("when.holidays_off")
    if schedule.pause_months:
        months = [month_in_words(month, messages) for month in schedule.pause_months]
        text += ", " + messages("when.pause", months=messages.join(months, "_and"))
    return text


def _slot_in_words(schedule: Schedule, slot: Slot, messages: Messages, times: bool) -> str:
    days = messages.join([weekday_in_words(day, messages) for day in slot.weekdays], "_and")
    if schedule.frequency == Frequency.FORTNIGHTLY:
        text = messages("when.fortnightly", days=days)
    elif schedule.frequency == Frequency.MONTHLY:
        weeks = messages.join([messages(f"when.week.{w}") for w in schedule.weeks_of_month], "_and")
        text = messages("when.monthly", weeks=weeks, days=days)
    else:
        text = messages("when.weekly", days=days)
    time = _time_of(slot, messages) if times else ""
    return f"{text} {time}" if time else text


def _time_of(slot: Slot, messages: Messages) -> str:
    if slot.start and slot.end:
        return messages("when.time_range", start=clock(slot.start), end=clock(slot.end))
    if slot.start:
        return messages("when.time_from", start=clock(slot.start))
    return ""


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
