"""schema.org structured data (JSON-LD) for activity and organisation pages."""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from vejviser.model import Activity, Answer, Form, Frequency, Organisation, Status
from vejviser.present.facets import WEEKDAYS

_DAYS = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
_REPEAT = {Frequency.WEEKLY: "P1W", Frequency.FORTNIGHTLY: "P2W", Frequency.MONTHLY: "P1M"}
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


def activity_data(activity: Activity, organisation: Organisation | None, page_url: str, today: dt.date) -> dict:
    schedule = activity.schedule
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
    if schedule.frequency in _REPEAT and schedule.weekdays:
        rule = {"@type": "Schedule", "repeatFrequency": _REPEAT[schedule.frequency],
                "byDay": [f"https://schema.org/{_DAYS[d]}" for d in schedule.weekdays],
                "scheduleTimezone": "Europe/Copenhagen"}  # fmt: skip
        if schedule.start:
            rule["startTime"] = schedule.start
        if schedule.end:
            rule["endTime"] = schedule.end
        data["eventSchedule"] = rule
    upcoming = [d for d in schedule.dates if d >= today]
    if upcoming:
        data["startDate"] = f"{upcoming[0].isoformat()}T{schedule.start}" if schedule.start else upcoming[0].isoformat()
    if activity.cost.free == Answer.YES:
        data["isAccessibleForFree"] = True
    elif activity.cost.price_dkk:
        data["isAccessibleForFree"] = False
        data["offers"] = {"@type": "Offer", "price": activity.cost.price_dkk, "priceCurrency": "DKK"}
    return data
