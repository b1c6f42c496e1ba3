"""The example built in English (``language: en``): every word a reader sees is English.

What the associations wrote (titles, descriptions, notes, names, addresses) stays as written and
is marked ``lang="da"`` where it stands alone; everything else, the catalogue's words and the
schema's titles and answers, weekdays, months and dates, must be English.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from vejviser.i18n import Messages
from vejviser.model import MONTHS, WEEKDAYS
from vejviser.schema import raw_schema, schema_texts
from vejviser.site.build import build_site

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "src" / "vejviser" / "locale"
TODAY = "2026-12-01"
#: A word of four letters or more (shorter ones are as often English: "for", "kl", "med").
WORD = re.compile(r"[^\W\d_]{4,}")
#: An address shown as text (``kalender/omraader/måløv.ics``): its words are names, not sentences.
ADDRESS = re.compile(r"\S*[/@]\S*")
#: Elements whose text no reader sees.
UNSEEN = {"script", "style", "template", "svg"}
#: Attributes a reader meets as text (a screen reader says them, a pointer shows them).
SAID = ("aria-label", "alt", "title", "placeholder")
#: Elements that never close, so that they never open a level either.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(re.sub(r"\{[^{}]*\}", " ", text))}


def danish_words() -> set[str]:
    """Distinctive Danish words: the catalogue's, the schemas' titles and answers, the weekdays and
    months; less every word that is also in the English catalogue (names, "Online", "Status")."""
    da = yaml.safe_load((LOCALE / "da.yaml").read_text(encoding="utf-8"))
    texts = list(da.values()) + list(WEEKDAYS) + list(MONTHS)
    texts += [text for name in ("activity", "organisation") for text in schema_texts(name).values()]
    english = set().union(*(_words(text) for text in Messages("en").texts.values()))
    en = Messages("en")
    said = _words(" ".join([en(f"weekday.{n}") for n in range(1, 8)] + [en(f"month.{n}") for n in range(1, 13)]))
    english -= _words(" ".join(WEEKDAYS + MONTHS)) - said  # data, quoted to volunteers ("[tirsdag, torsdag]")
    return set().union(*(_words(text) for text in texts)) - english


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _values(node) -> set[str]:
    """Every value a schema allows by name (``enum``): data such as ``tirsdag`` and ``ja``, not text."""
    if isinstance(node, dict):
        return {str(v) for v in node.get("enum", ())} | {v for child in node.values() for v in _values(child)}
    if isinstance(node, list):
        return {v for child in node for v in _values(child)}
    return set()


def written(project: Path) -> list[str]:
    """Every text the associations and the municipality wrote: records and settings, but not the
    values the schema names (weekdays, months, answers), longest first (so that a title is taken
    away before a word inside it)."""
    found = []
    for folder in ("activities", "organisations"):
        for path in sorted((project / folder).glob("*.yaml")):
            found += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    settings = yaml.safe_load((project / "vejviser.yaml").read_text(encoding="utf-8"))
    found += _strings({key: value for key, value in settings.items() if key not in ("taxonomy", "language")})
    data = _values([raw_schema("activity"), raw_schema("organisation")]) | set(WEEKDAYS) | set(MONTHS)
    return sorted({s.strip() for s in found if len(s.strip()) > 3} - data, key=len, reverse=True)


class Seen(HTMLParser):
    """The text a reader of the page meets, without what is marked as another language than the page's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.stack: list[bool] = []  # for each open element: is its text left out?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_lang = attributes.get("lang") or ""
        hidden = bool(self.stack and self.stack[-1]) or tag in UNSEEN
        lang = attributes.get("lang")
        hidden = hidden or bool(lang and self.page_lang and lang != self.page_lang)
        if not hidden:
            self.parts += [attributes[name] or "" for name in SAID if name in attributes]
        if tag not in VOID:
            self.stack.append(hidden)

    def handle_startendtag(self, tag, attrs):
        hidden = bool(self.stack and self.stack[-1])
        if not hidden:
            self.parts += [value or "" for name, value in attrs if name in SAID]

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def seen(html: str) -> tuple[str, str]:
    parser = Seen()
    parser.feed(html)
    return parser.page_lang, " ".join(parser.parts)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, Path, float]:
    """The repository's example with ``language: en``, built without the search index and the PDFs
    (neither has words of its own in the pages). The hand-written docs are Danish pages of the
    project, not of the directory, and stay out."""
    project = tmp_path_factory.mktemp("english")
    for name in ("vejviser.yaml", "geocache.yaml", "omraader.geojson"):
        shutil.copy(REPO / name, project / name)
    for folder in ("activities", "organisations"):
        shutil.copytree(REPO / folder, project / folder)
    (project / "docs").mkdir()
    settings = (project / "vejviser.yaml").read_text(encoding="utf-8")
    (project / "vejviser.yaml").write_text(f"language: en\n{settings}", encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config["site_description"] = "Communities and activities for older people"
    config["plugins"] = [{"vejviser": {"search": False, "print": False}}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    before = os.environ.get("VEJVISER_TODAY")
    os.environ["VEJVISER_TODAY"] = TODAY
    try:
        started = time.perf_counter()
        build_site(project, project / "site")
        took = time.perf_counter() - started
    finally:
        if before is None:
            del os.environ["VEJVISER_TODAY"]
        else:
            os.environ["VEJVISER_TODAY"] = before
    print(f"\nthe English build took {took:.1f} s")
    return project, project / "site", took


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_says_it_is_english(english):
    _, site, _ = english
    pages = _pages(site)
    assert len(pages) > 100
    assert {seen(p.read_text(encoding="utf-8"))[0] for p in pages} == {"en"}


def test_no_danish_word_of_the_catalogue_or_the_schema_is_on_any_page(english):
    project, site, _ = english
    danish = danish_words()
    assert {"tirsdag", "juli", "niveaufri", "teleslynge", "følgeven", "gratis"} <= danish, "the list is too short"
    own = written(project)
    found: dict[str, set[str]] = {}
    for path in _pages(site):
        _, text = seen(path.read_text(encoding="utf-8"))
        for s in own:  # what an association wrote may stand inside our sentences ("DKK 20 (kaffe)")
            text = text.replace(s, " ")
        text = ADDRESS.sub(" ", text)
        for word in _words(text) & danish:
            found.setdefault(word, set()).add(path.relative_to(site).as_posix())
    assert {word: sorted(pages)[:3] for word, pages in sorted(found.items())} == {}


def test_the_texts_the_scripts_get_are_english(english):
    """The search's and the map's words, and the meetings' weekdays and months, come with the page."""
    _, site, _ = english
    danish = danish_words()
    meetings = json.loads((site / "i-dag" / "moeder.json").read_text(encoding="utf-8"))
    assert meetings["weekdays"][:2] == ["Monday", "Tuesday"]
    assert meetings["months"][6] == "July"
    texts = " ".join(str(v) for v in meetings["texts"].values())
    for path in (site / "index.html", site / "kort" / "index.html"):
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r"<script[^>]*application/json[^>]*>(.*?)</script>", html, re.S):
            data = json.loads(block)
            texts += " " + " ".join(_strings(data.get("texts", {})) if isinstance(data, dict) else [])
    assert sorted(_words(texts) & danish) == []


def test_dates_and_weekdays_are_said_in_english(english):
    _, site, _ = english
    _, text = seen((site / "aktiviteter" / "banko-i-cafeen" / "index.html").read_text(encoding="utf-8"))
    assert "Friday" in text
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) 20\d\d\b", text)  # fmt: skip


def test_what_an_association_wrote_is_marked_as_danish(english):
    _, site, _ = english
    html = (site / "aktiviteter" / "banko-i-cafeen" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1 lang="da">Banko i caféen</h1>', html)
    assert re.search(r'<p class="vv-summary" lang="da">', html)
    assert re.search(r'<div class="vv-description" lang="da">', html)
