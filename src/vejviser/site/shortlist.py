"""The list to leave behind, "Min liste": what it prints of each activity, and what its page needs.

Each activity's page carries its entry (:func:`entry`) as JSON, worded from the same view as the
page; the list page (``assets/shortlist.js``) fetches the pages of the ids on its list and prints
their entries, so that the list costs a request per activity on it, whatever the directory's size.
"""

from __future__ import annotations

from functools import cache

from vejviser import ids
from vejviser.i18n import Messages
from vejviser.model import Answer, Contact, Status
from vejviser.present import urls
from vejviser.present.views import ActivityView
from vejviser.schema import SchemaIndex, bundled_schema
from vejviser.settings import MunicipalityContact, Settings

#: The most activities a list holds (and a link to it carries): a list to leave behind is short,
#: and a link with thousands of ids must not make the page fetch thousands of pages.
MAX_ENTRIES = 30
#: The barrier groups that tell how to get there; the others are the answers about the visit itself.
TRANSPORT_GROUP = "transport"


def status_of(view: ActivityView) -> str:
    """``ended``, ``hidden`` (out of the lists: unconfirmed too long, its dates over), ``pause`` or ``active``."""
    if view.activity.status == Status.ENDED:
        return "ended"
    if not view.listed:
        return "hidden"
    return "pause" if view.activity.status == Status.PAUSED else "active"


def _contact(contact: Contact, m: Messages) -> str:
    """``Hanne Jensen (tovholder), telefon 44 97 12 34, hanne@example.dk``: what the page shows of a contact."""
    text = contact.name + (f" ({contact.role})" if contact.role else "")
    if contact.phone:
        text += f", {m('page.phone')} {_unbroken(contact.phone)}"
    if contact.email:
        text += f", {contact.email}"
    return text


def _unbroken(phone: str) -> str:
    """A phone number that no line end splits (``44 97 12 34`` with no-break spaces)."""
    return phone.replace(" ", "\u00a0")


def _coordinator(contact: MunicipalityContact, m: Messages) -> str:
    parts = [contact.name]
    if contact.phone:
        parts.append(f"{m('page.phone')} {_unbroken(contact.phone)}")
    if contact.email:
        parts.append(contact.email)
    text = ", ".join(parts)
    return f"{text} ({contact.hours})" if contact.hours else text


def _answers(group) -> str:
    return " · ".join(f"{answer.title}: {answer.label}" for answer in group.answers)


def entry(view: ActivityView, settings: Settings, m: Messages) -> dict:
    """The activity as the list prints it: title, address, status and its lines as (label, text), in the
    page's words. Contacts are those the page publishes; without one, the municipality's coordinator."""
    a = view.activity
    status = status_of(view)
    data: dict[str, object] = {
        "id": a.id,
        "title": a.title,
        "url": urls.absolute(settings.site_url, view.url),
        "status": status,
    }
    if status in ("ended", "hidden"):
        return data  # the list names it as such, and prints nothing else of it
    notices = []
    if status == "pause" and view.paused_until:
        notices.append(m("page.status.pause", date=view.paused_until))
    if view.stale:
        notices.append(m("page.stale", date=view.reviewed))
    rows: dict[str, list[str]] = {}  # by label: the page's answers about the price join the price, and so on

    def add(label: str, text: str) -> None:
        if text:
            rows.setdefault(label, []).append(text)

    add(m("page.when"), _sentences([_capfirst(view.when), a.schedule.note]))
    if a.venue:
        add(m("page.where"), view.where + (f" ({view.area_name})" if view.area_name else ""))
    else:  # at home, by phone, online: the views' sentence says which, and where it is offered
        add(m("page.where"), view.serves or m("form.online"))
    transport = _group_title(TRANSPORT_GROUP, m)
    rows[m("shortlist.getting_there")] = [a.venue.directions] if a.venue and a.venue.directions else []
    # the answers below say "Gratis: Nej – 65 kr. (maden)" and "Kræver tilmelding: Ja": how to sign up adds to them,
    # and the price to an answer that does not say it
    if a.cost.free not in (Answer.YES, Answer.NO):
        add(m("page.price"), view.price)
    add(m("page.signup"), a.signup.how)
    for group in view.answers:
        add(m("shortlist.getting_there") if group.title == transport else group.title, _answers(group))
    for contact in view.contacts:  # only those who agreed to be published
        add(m("page.contact"), _contact(contact, m))
    if view.ask is not None:  # none named, or not confirmed for long: the coordinator knows
        add(m("shortlist.ask"), _coordinator(settings.contact, m))
    shown = [(label, _sentences(texts)) for label, texts in rows.items() if texts]
    data.update(notices=notices, next=view.upcoming.line, rows=shown)
    return data


def _group_title(group: str, m: Messages) -> str:
    """The schema's title of a group of barrier answers in the page's language, as the views name it."""
    return _titles(m).get(group, group)


@cache  # one catalogue per build: by the Messages object itself
def _titles(m: Messages) -> dict[str, str]:
    index = SchemaIndex(bundled_schema("activity", m.texts))
    return {name: index.info((name,)).title for name in index.property_names(())}


def _sentences(parts: list[str]) -> str:
    """Texts as one: ``Caféen i stueetagen. Offentlig transport: Ja`` (no stop doubled, none left out)."""
    text = ""
    for part in (p.strip() for p in parts):
        if part:
            text += ("" if not text else " " if text[-1] in ".!?:" else ". ") + part
    return text


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


#: The words the save button and the link to the list say on every page (the list page has them all).
BUTTON_TEXTS = ("save", "remove", "saved", "removed", "link", "full")


def head(m: Messages) -> dict:
    """What every page hands ``shortlist.js`` for its save buttons: their words (by catalogue id, as
    ``shortlist.save``), the id rule (the schema's, as :mod:`vejviser.ids` reads it) and the most entries."""
    return {
        "texts": {f"shortlist.{key}": m(f"shortlist.{key}", max=MAX_ENTRIES) for key in BUTTON_TEXTS},
        "id": {"pattern": ids.SLUG_PATTERN, "max_length": ids.MAX_ID_LENGTH, "reserved": sorted(ids.RESERVED_IDS)},
        "max_entries": MAX_ENTRIES,
    }


def page_data(settings: Settings, m: Messages) -> dict:
    """What the list page's script needs besides: the address to share (the published site's; empty:
    the page's own) and all its words."""
    data = head(m)
    words = {key: m(key) for key in m.texts if key.startswith("shortlist.")}
    share = urls.absolute(settings.site_url, urls.url(urls.SHORTLIST)) if settings.site_url else ""
    return data | {"texts": words | data["texts"], "share": share}
