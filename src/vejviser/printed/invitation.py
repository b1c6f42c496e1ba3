"""An activity's invitation (A5, to hand over "direkte i hånden") and its poster (A4, with tear-off
strips): what they say, made from the same entry as the book, and the PDFs.

Every text a contributor wrote goes to the templates as a JSON string (see
:mod:`vejviser.printed.content`): it is printed as written, never read as Typst markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from vejviser.present import urls
from vejviser.present.answers import Verdict
from vejviser.present.views import ActivityView
from vejviser.present.words import dates_in_words
from vejviser.printed.content import PrintedDirectory, _slot, _texts, _time, shown_url
from vejviser.printed.typeset import Job, Workspace, typeset_batches

#: How many coming meetings an invitation names.
NEXT_DATES = 4
#: Tear-off strips at the foot of a poster.
STRIPS = 7


def invitation(printed: PrintedDirectory, view: ActivityView, poster: bool = False) -> tuple[dict, list[str]]:
    """The invitation's (or poster's) document for its template, and the URL behind its QR code."""
    m, a = printed.messages, view.activity
    entry = printed.entry(0, view)
    days = list(dict.fromkeys(o.start.date() for o in view.upcoming.meetings))[:NEXT_DATES]
    venue = a.venue
    # What may keep the reader away first: a good answer is the first thing left off when space runs out.
    order = (Verdict.BAD, Verdict.UNKNOWN, Verdict.GOOD)
    by_verdict = {str(v): [x for x in entry["answers"] if x["verdict"] == str(v)] for v in order}
    first = next(iter(view.contacts), None)
    phone = first.phone if first and first.phone else (view.ask.phone if view.ask else "")
    url = entry["url"]
    document = {
        "lang": m.lang,
        "poster": poster,
        "title": m("print.invitation_doc_title", title=a.title),
        "activity": a.title,
        "organisation": entry["organisation"],
        "summary": entry["summary"],
        "when": entry["when"],
        "time": _time(_slot(a)),
        "next": dates_in_words(days, m) if days and venue else "",
        "paused": entry["paused"],
        "place": venue.name if venue else "",
        "street": venue.address.street if venue else "",
        "postcode": f"{venue.address.postcode} {venue.address.town}" if venue else "",
        "directions": entry["directions"],
        "serves": entry["serves"],
        "price": entry["price"],
        "signup": entry["signup"],
        "contacts": entry["contacts"],
        "phone": phone,
        "answers": [
            {"label": m(f"answer.verdict.{v}"), "good": v == Verdict.GOOD, "items": [_short(x) for x in items]}
            for v, items in by_verdict.items()
            if items
        ],
        "url": url,
        "shown_url": shown_url(url),
        "qr": 0,
        "strips": STRIPS if poster else 0,
        "municipality": printed.settings.municipality,
        "example": printed.settings.example_data,
        "texts": _texts(m),
    }
    return document, [url]


def _short(answer: dict) -> str:
    """A good answer is its question's title (``Handicaptoilet``); another one says its words too."""
    return answer["title"] if answer["verdict"] == str(Verdict.GOOD) else f"{answer['title']}: {answer['label']}"


def make_invitations(
    printed: PrintedDirectory,
    out_dir: Path,
    views: list[ActivityView],
    processes: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Each activity's invitation and poster into ``out_dir/invitationer/``, typeset in batches (a few
    hundred PDFs a Typst process, on ``processes`` processes at a time: default every core); what is made,
    or nothing once ``cancelled()`` says so before a batch starts."""
    Workspace.remove_abandoned()
    jobs = [
        Job("poster.typ" if poster else "invitation.typ", out_dir / target, partial(invitation, printed, view, poster))
        for view in views
        for poster, target in ((False, urls.invitation(view.id)), (True, urls.poster(view.id)))
    ]
    return typeset_batches(jobs, printed.today, processes, cancelled=cancelled, cache=printed.cache)
