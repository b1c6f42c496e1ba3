"""Every address of the directory, in one place, so that links, the nav, QR codes, scripts and tests agree.

Paths are the Markdown files handed to MkDocs (``aktiviteter/strikkecafe.md``); URLs
are what a browser sees with directory URLs (``aktiviteter/strikkecafe/``), relative
to the site root. The site's other files (the map's data, the web form's list of ids, the
printed editions) have their site paths here too; the pages hand them to their scripts, so
no script or template writes an address by hand.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin

ACTIVITIES = "aktiviteter"
ORGANISATIONS = "foreninger"
AREAS = "omraader"
CATEGORIES = "interesser"
TARGET_GROUPS = "maalgrupper"
WEEKDAYS = "ugedage"
AT_HOME = "hjemme-hos-dig"
TODAY = "i-dag"
WEEK = "denne-uge"
STAFF = "medarbejdere"
MAP = "kort"
#: "Min liste", the list to leave behind: its ids ride in the query (``min-liste/?id=a&id=b``).
SHORTLIST = "min-liste"
#: The web form "Tilføj en aktivitet", and the associations' guide beside it (docs/tilfoej-aktivitet.md).
ADD = "ny-aktivitet"
GUIDE = "tilfoej-aktivitet"

#: The map's index of pins, and its details in chunks (``{number}`` is the chunk's number).
MAP_DATA = f"{MAP}/data.json"
MAP_DETAILS = f"{MAP}/detaljer-{{number}}.json"
#: The map's rows' ids, fetched only to match a free-text search to the pins.
MAP_IDS = f"{MAP}/ids.json"
#: The search index (Pagefind's files), and the script the search box loads from it.
SEARCH_INDEX = "pagefind"
SEARCH_SCRIPT = f"{SEARCH_INDEX}/pagefind.js"
#: The ids taken already, which the web form checks a new id against.
ACTIVITY_IDS = f"{ADD}/aktiviteter.json"
#: The meetings of the coming weeks, for "I dag", "Denne uge" and "Næste gang" on the reader's own day,
#: and the words of the lists' entries in chunks (``{number}`` is the chunk's number).
MEETINGS = f"{TODAY}/moeder.json"
MEETING_CARDS = f"{TODAY}/kort-{{number}}.json"
#: The printed editions: the network book, its large print, and one area sheet per area.
BOOK = "netvaerksbogen.pdf"
LARGE_PRINT = "netvaerksbogen-stor-skrift.pdf"
SHEETS = "omraadeark"


def path(section: str, slug: str | None = None) -> str:
    """The Markdown path of a page: ``path("omraader", "måløv")`` -> ``omraader/måløv.md``."""
    return f"{section}/{slug}.md" if slug else f"{section}/index.md"


def url(section: str, slug: str | None = None) -> str:
    """The URL of a page relative to the site root, percent-encoded."""
    return f"{section}/{quote(slug)}/" if slug else f"{section}/"


def path_to_url(page_path: str) -> str:
    """``omraader/måløv.md`` -> ``omraader/m%C3%A5l%C3%B8v/``; ``index.md`` -> ``""``."""
    stem = page_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem.removesuffix("/index")
    return quote(stem) + "/"


def map_details(number: int) -> str:
    """The site path of the map's details chunk ``number``."""
    return MAP_DETAILS.format(number=number)


def meeting_cards(number: int) -> str:
    """The site path of the lists' words, chunk ``number``."""
    return MEETING_CARDS.format(number=number)


def sheet(area_id: str) -> str:
    """The site path of an area's sheet (not percent-encoded: a file's path)."""
    return f"{SHEETS}/{area_id}.pdf"


#: An activity's invitation (A5) and poster (A4), made by ``vejviser print --invitation ID``.
INVITATIONS = "invitationer"


def invitation(activity_id: str) -> str:
    """The path of an activity's invitation (not percent-encoded: a file's path)."""
    return f"{INVITATIONS}/{activity_id}.pdf"


def poster(activity_id: str) -> str:
    """The path of an activity's poster with tear-off strips."""
    return f"{INVITATIONS}/{activity_id}-plakat.pdf"


def absolute(site_url: str, url: str) -> str:
    """The page's address on the published site, or its site-relative URL when none is set."""
    return urljoin(site_url, url) if site_url else "/" + url


# --- the calendars (.ics): one per activity, and the feeds to subscribe to --------------------

#: The calendars' folder; the whole directory's feed, and a folder of feeds per area and per interest.
CALENDARS = "kalender"
CALENDAR_ALL = f"{CALENDARS}/alle.ics"


def calendar_activity(activity_id: str) -> str:
    """The site path of an activity's calendar file (not percent-encoded: a file's path)."""
    return f"{CALENDARS}/{ACTIVITIES}/{activity_id}.ics"


def calendar_area(area_id: str) -> str:
    return f"{CALENDARS}/{AREAS}/{area_id}.ics"


def calendar_category(category_id: str) -> str:
    return f"{CALENDARS}/{CATEGORIES}/{category_id}.ics"


def webcal(site_url: str, path: str) -> str:
    """A calendar's subscription address (``webcal://``), which calendar programs open as a
    subscription; ``""`` when the site's address is not set."""
    if not site_url:
        return ""
    return "webcal://" + absolute(site_url, quote(path)).split("://", 1)[1]
