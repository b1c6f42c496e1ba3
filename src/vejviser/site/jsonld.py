"""schema.org structured data (JSON-LD) for activity and organisation pages.

An activity's meetings are its ``eventSchedule``: one ``Schedule`` for each series of
:mod:`vejviser.present.calendars`, the same series its ``.ics`` file holds.
"""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from vejviser.model import Activity, Answer, Form, Organisation, Status
from vejviser.present.calendars import ALL_MONTHS, ICAL_DAYS, TZID, Repeat, Series, series

#: schema.org's days of the week (``DayOfWeek``), Monday first.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_REPEAT = {Repeat.WEEKLY: "P1W", Repeat.FORTNIGHTLY: "P2W", Repeat.MONTHLY: "P1M"}
_STATUS = {Status.ACTIVE: "EventScheduled", Status.PAUSED: "EventPostponed", Status.ENDED: "EventCancelled"}


def script(data: dict) -> Markup:
    """A ``<script type="application/ld+json">`` that no text inside can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _address(address) -> dict:
    return {"@type": "PostalAddress", "streetAddress": address.street, "postalCode": address.postcode,
            "addressLocality": address.town, "addressCountry": "DK"}  # fmt: skip


def organisation_data(organisation: Organisation, page_url: str) -> dict:
    data: dict = {"@context": "https://schema.org", "@type": "Organization", "name": organisation.name, "url": page_url}
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.address:
        data["address"] = _address(organisation.address)
    contact = organisation.contact
    if contact and contact.publishable:
        point = {"@type": "ContactPoint", "name": contact.name}
        point.update({k: v for k, v in (("telephone", contact.phone), ("email", contact.email)) if v})
        data["contactPoint"] = point
    return data


def activity_data(
    activity: Activity,
    organisation: Organisation | None,
    page_url: str,
    today: dt.date,
    meets: tuple[Series, ...] | None = None,
) -> dict:
    """The activity as a schema.org ``Event``; ``meets``: its series from ``today`` (worked out when not given)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.summary,
        "url": page_url,
        "inLanguage": "da",
        "eventStatus": f"https://schema.org/{_STATUS.get(activity.status, 'EventScheduled')}",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if activity.form in (Form.ONLINE, Form.PHONE) else "OfflineEventAttendanceMode"),
    }
    if organisation is not None:
        data["organizer"] = {"@type": "Organization", "name": organisation.name}
        if organisation.website:
            data["organizer"]["url"] = organisation.website
    if activity.venue is not None:
        place = {"@type": "Place", "name": activity.venue.name, "address": _address(activity.venue.address)}
        if activity.position:  # the record's own coordinates, else the geocoding cache's
            place["geo"] = {"@type": "GeoCoordinates", "latitude": activity.position.lat,
                            "longitude": activity.position.lon}  # fmt: skip
        data["location"] = place
    # The meetings as schedules, and no startDate of the event: schema.org says the schedule holds them.
    schedules = [schedule_data(found) for found in (series(activity, today) if meets is None else meets)]
    if schedules:
        data["eventSchedule"] = schedules
    if activity.cost.free == Answer.YES:
        data["isAccessibleForFree"] = True
    elif activity.cost.price_dkk:
        data["isAccessibleForFree"] = False
        data["offers"] = {"@type": "Offer", "price": activity.cost.price_dkk, "priceCurrency": "DKK"}
    return data


def schedule_data(found: Series) -> dict:
    """One series of meetings as a schema.org ``Schedule``: how often (``repeatFrequency``), on which days
    (``byDay``, with ``byMonthWeek`` for weeks of the month), in which months (``byMonth``, when some are
    paused), the days left out (``exceptDate``: cancelled days and holidays), from and to which day
    (``startDate``, ``endDate``) and at which times, in Europe/Copenhagen."""
    rule: dict = {"@type": "Schedule", "startDate": found.start.date().isoformat()}
    if found.until is not None:
        rule["endDate"] = found.until.isoformat()
    rule["startTime"] = f"{found.start:%H:%M:%S}"
    if found.end is not None:
        rule["endTime"] = f"{found.end:%H:%M:%S}"
    rule["scheduleTimezone"] = TZID
    if found.repeat == Repeat.ONCE:
        return rule
    rule["repeatFrequency"] = _REPEAT[found.repeat]
    weeks = found.weeks_of_month
    if found.repeat == Repeat.MONTHLY and any(week < 0 for week in weeks):
        # byMonthWeek counts 1 to 5 from the start: "the last Friday" is byDay in iCalendar's words
        rule["byDay"] = [f"{week}{ICAL_DAYS[day]}" for day in found.weekdays for week in weeks]
    else:
        rule["byDay"] = [f"https://schema.org/{_DAYS[day]}" for day in found.weekdays]
        if found.repeat == Repeat.MONTHLY:
            rule["byMonthWeek"] = list(weeks)
    if found.months != ALL_MONTHS:
        rule["byMonth"] = list(found.months)
    if found.left_out:
        rule["exceptDate"] = [day.isoformat() for day in found.left_out]
    return rule
