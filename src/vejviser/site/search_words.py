"""The citizens' words for the search: what each index document says beside its text, and what the
browser needs to understand a typed query (areas, postcodes, a vocabulary for "Mente du ...?").

A citizen types "gratis", "rollator" or "weekend", not a field name; so every activity's document
says its facets in the reader's words (the facet labels of :func:`~vejviser.present.facets.build_facets`)
and, for each barrier answer the catalogue has words for (``index.answer.<group>.<field>.<answer>``,
written for the answers that are good news: ``step_free: ja`` is "rollator kørestol uden trin"), those
words. What a record says is then found by the filter and by the word alike.

Synonyms are applied here, when the index is built, and not in the browser: Pagefind finds the pages
that hold *every* word of a query, so a query widened to "bingo banko" would find only pages with
both; one search per synonym, merged in the browser, would cost a round of index chunks each and lose
Pagefind's ranking. Written into the document, the other words of a group are stemmed and indexed
by Pagefind like any other text, so "bingo" finds "Banko i caféen" with one ordinary search, also
beside other words ("bingo gratis") and filters. The groups are looked for in what the record says
itself (title, summary, description), not in its facets' labels, which speak of a whole interest
("Kultur og udflugter" is not a bus trip). A word of a group is found in a record the way
Pagefind finds a typed word (at a word's start, so "motion" also finds "motionen") and also at a
word's end, as Danish compounds end in their head word ("stolemotion" is motion, "seniorbio" is bio).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from vejviser.i18n import Messages
from vejviser.model import barrier_fields
from vejviser.present.facets import DATE_FILTER, WHEN, build_facets
from vejviser.present.views import ActivityView
from vejviser.settings import Settings

#: Facets whose value labels are written into the document as they are shown.
LABELLED_FACETS = ("omraade", "kategori", "maalgruppe", "ugedag", "tidspunkt", "form")
#: The weekdays that make an activity a weekend one.
WEEKEND = ("lørdag", "søndag")
#: How much a document's words weigh beside its text (1) and title (7): enough to be found, never
#: enough to rank a page above one whose title or summary says the word (Pagefind weighs quadratically).
WEIGHT = 0.5
#: Shorter words are left out of the browser's vocabulary ("og", "for", "med" are no one's typo).
MIN_WORD = 4
#: At most this many words of the titles join the vocabulary, the commonest first: the example's 65
#: activities have 124 (75 beyond the fixed words); 10,000 would have some 1,500-2,500 (Heaps' law).
MAX_TITLE_WORDS = 1500
#: A word's start or end must be at least this long to find a longer word of a record.
MIN_PREFIX = 4
MIN_SUFFIX = 3

_WORD = re.compile(r"[^\W\d_]+|\d+")
_TAG = re.compile(r"<[^>]*>")
#: Danish letters as someone types them without them: æ ae, ø oe, å aa (and å a, ø o).
_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
_DOUBLED = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def fold(text: str) -> str:
    """A word as it may be typed on a keyboard without Danish letters: ``Måløv``, ``maaloev`` and
    ``malov`` all give ``malov``. The browser folds the same way (``assets/query.js``)."""
    text = text.casefold()
    for pair, single in _DOUBLED:
        text = text.replace(pair, single)
    text = text.translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text


def words_in(text: str) -> list[str]:
    """The words of a text (HTML tags left out), in lower case."""
    return _WORD.findall(_TAG.sub(" ", text).casefold())


#: Danish endings of a word's own forms: "dansen", "motionens", "biografer".
ENDINGS = ("erne", "ene", "ens", "ers", "en", "er", "et", "es", "e", "n", "r", "s")
#: The least a compound's other part has: "line|dans", "stole|motion", "senior|bio". Shorter, and
#: the word is likely another one that begins or ends the same: "dans|k", "enke|lt", "om|sorg", "de|kor".
COMPOUND_PART = 4
#: How a word that begins with another goes on when it is derived from it, not a compound: "dans|kere".
DERIVED = ("k", "lig", "isk", "ning", "else", "hed")


def _finds(word: str, token: str) -> bool:
    """Whether a synonym's ``word`` is found in a record's ``token``: as itself or one of its forms
    (:data:`ENDINGS`), as the first part of a compound (as Pagefind finds a typed word's start), or
    as its last part, a Danish compound's head ("seniordans", "stolemotion"), also with an ending.

    A few letters more or less do not make a compound: "dans" is not found in "dansk" nor "sorg" in
    "omsorg", or the search for a dance would bring the Danish lessons."""
    if token == word:
        return True
    if token.startswith(word):
        rest = token[len(word) :]
        if rest in ENDINGS:
            return True
        if len(word) >= MIN_PREFIX and len(rest) >= COMPOUND_PART and not rest.startswith(DERIVED):
            return True
    if len(word) < MIN_SUFFIX:
        return False
    stems = [token] + [token[: -len(e)] for e in ENDINGS if token.endswith(e) and len(token) > len(e)]
    return any(stem.endswith(word) and len(stem) - len(word) >= COMPOUND_PART for stem in stems)


class _Synonyms:
    """The synonym groups, looked up by a record's words. What a word brings is worked out once per
    distinct word and kept (records share most of their words), so 10,000 records with long
    descriptions cost a dictionary lookup a word."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.groups = groups
        self.words = [(word, number) for number, group in enumerate(groups) for word in group if " " not in word]
        # a phrase ("spis sammen"): its words in a row, the last one also as a word's start
        self.phrases = [
            (re.compile(r"(?:^| )" + re.escape(word)), number)
            for number, group in enumerate(groups)
            for word in group
            if " " in word
        ]  # fmt: skip
        self.known: dict[str, frozenset[int]] = {}

    def _of_token(self, token: str) -> frozenset[int]:
        found = self.known.get(token)
        if found is None:
            found = self.known[token] = frozenset(n for word, n in self.words if _finds(word, token))
        return found

    def of(self, tokens: list[str]) -> list[str]:
        found: set[int] = set()
        for token in tokens:
            found |= self._of_token(token)
        if self.phrases:
            text = " ".join(tokens)
            found |= {number for pattern, number in self.phrases if number not in found and pattern.search(text)}
        words: list[str] = []
        for number in sorted(found):
            words += [w for w in self.groups[number] if w not in words]
        return words


class SearchWords:
    """The search's words for one settings and language: a document's words, the synonyms a text
    brings, and the browser's data."""

    def __init__(self, settings: Settings, messages: Messages):
        self.settings = settings
        self.messages = messages
        self.facets = build_facets(settings, messages)
        self.labels = {f.key: dict(f.values) for f in self.facets}
        self.groups = {name: group for group, name in barrier_fields()}
        self.synonyms = _Synonyms(settings.synonyms)
        self.said: dict[tuple[str, str], str] = {}

    def answer_words(self, key: str, value: str) -> str:
        """The catalogue's words for one facet value of a barrier answer ("" when it has none)."""
        said = self.said.get((key, value))
        if said is None:
            said = self.said[(key, value)] = self._answer_words(key, value)
        return said

    def _answer_words(self, key: str, value: str) -> str:
        if key == "gratis":
            code = f"index.answer.cost.free.{value}"
        elif key == "group_size":
            code = f"index.group_size.{value}"
        elif key in self.groups:
            code = f"index.answer.{self.groups[key]}.{key}.{value}"
        else:
            return ""
        return self.messages(code) if self.messages.has(code) else ""

    def facet_words(self, view: ActivityView) -> list[str]:
        """What the activity's facets say, in the reader's words."""
        out: list[str] = []
        weekend = False
        for key, value in view.filters:
            if key in (DATE_FILTER, WHEN):
                continue
            if key in LABELLED_FACETS:
                out.append(self.labels[key].get(value, value))
                weekend = weekend or (key == "ugedag" and value in WEEKEND)
            elif words := self.answer_words(key, value):
                out.append(words)
        if weekend:
            out.append(self.messages("index.weekend"))
        return list(dict.fromkeys(out))

    def synonyms_of(self, texts: Iterable[str]) -> list[str]:
        """The words of every synonym group one of whose words the texts use."""
        return self.synonyms.of([t for text in texts for t in words_in(text)])

    def document_words(self, view: ActivityView, description: str = "") -> str:
        """The line of words an activity's index document carries beside its text."""
        own = self.facet_words(view)
        activity = view.activity
        # the record's own words only: a facet label ("Kultur og udflugter") would give a cinema "bustur"
        return " ".join(own + self.synonyms_of([activity.title, activity.summary, description]))

    def browser(self, views: Iterable[ActivityView]) -> dict:
        """The ``words`` of the front page's facet data, read by ``assets/query.js``: the areas (by
        name), the postcodes and towns with their areas, and the vocabulary for "Mente du ...?"."""
        m, settings = self.messages, self.settings
        postcodes = {}
        for code in dict.fromkeys(
            [p.postcode for p in settings.postcodes] + [c for a in settings.areas for c in a.postcodes]
        ):
            areas = [a.id for a in settings.areas_for_postcode(code)]
            if areas:
                postcodes[code] = areas
        towns = {p.name: p.postcode for p in settings.postcodes if p.postcode in postcodes}
        return {
            "filter": "omraade",
            "areas": {a.id: a.name for a in settings.areas},
            "postcodes": postcodes,
            "towns": towns,
            "vocabulary": self.vocabulary(views),
            "texts": {
                "and": m("_and"),
                "or": m("_or"),
                "postcode": m("search.note.postcode"),
                "postcode_unknown": m("search.note.postcode_unknown"),
                "town": m("search.note.town"),
                "area": m("search.note.area"),
            },
        }

    def vocabulary(self, views: Iterable[ActivityView]) -> list[str]:
        """The words a typed word is compared with for "Mente du ...?", most telling first: the
        areas and towns, the facets' labels, the answers' words and synonyms, then the words of the
        current activities' titles, the commonest first. One spelling of each folded word."""
        fixed: list[str] = [a.name for a in self.settings.areas] + [p.name for p in self.settings.postcodes]
        for facet in self.facets:
            if facet.key in (*LABELLED_FACETS, "gratis"):  # not "Ja", "Nej", "Ikke oplyst"
                fixed += [label for _, label in facet.values]
        fixed += [t for code, t in self.messages.texts.items() if code.startswith("index.")]
        fixed += [w for group in self.settings.synonyms for w in group]
        titles = Counter(w for v in views for w in words_in(v.activity.title) if len(w) >= MIN_WORD)
        words = [w for text in fixed for w in words_in(text)] + [w for w, _ in titles.most_common(MAX_TITLE_WORDS)]
        seen: dict[str, str] = {}
        for word in words:
            if len(word) >= MIN_WORD and not word.isdigit():
                seen.setdefault(fold(word), word)
        return list(seen.values())
