"""Where each page lives. One place, so that links, the nav, QR codes and tests agree.

Paths are the Markdown files handed to MkDocs (``aktiviteter/strikkecafe.md``); URLs
are what a browser sees with directory URLs (``aktiviteter/strikkecafe/``), relative
to the site root.
"""

from __future__ import annotations

from urllib.parse import quote

ACTIVITIES = "aktiviteter"
ORGANISATIONS = "foreninger"
AREAS = "omraader"
CATEGORIES = "interesser"
TARGET_GROUPS = "maalgrupper"
WEEKDAYS = "ugedage"
AT_HOME = "hjemme-hos-dig"
TODAY = "i-dag"
STAFF = "medarbejdere"
MAP = "kort"
#: The web form "Tilføj en aktivitet", and the associations' guide beside it (docs/tilfoej-aktivitet.md).
ADD = "ny-aktivitet"
GUIDE = "tilfoej-aktivitet"


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
