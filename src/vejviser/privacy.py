"""What must never be published, found however it is written: CPR numbers, a refused contact's
phone, e-mail or name, and characters that hide text.

A record's text is read the way a reader would see it before anything is matched: HTML
entities and percent-encoding decoded (a description is Markdown, a link is a URL), Unicode
compatibility forms folded (NFKC: full-width digits, non-breaking spaces), every dash one
``-``, every space one `` ``, every digit an ASCII digit, and invisible format characters
(zero-width spaces, soft hyphens, word joiners) dropped. Every pattern here runs in linear
time: no nested quantifiers over the same characters.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from urllib.parse import unquote

# --- hidden characters ---------------------------------------------------------------------


def _code_points(categories: frozenset[str]) -> list[int]:
    """Every code point of ``categories`` in the Basic and Supplementary planes, and the tags."""
    ranges = (range(0x10000), range(0x1D000, 0x1D200), range(0xE0000, 0xE0080), range(0x11000, 0x11100),
              range(0x13430, 0x13440), range(0x1BCA0, 0x1BCA4))  # fmt: skip
    return [c for r in ranges for c in r if unicodedata.category(chr(c)) in categories]


def _char_class(points: list[int]) -> str:
    return "".join(re.escape(chr(c)) for c in points)


#: Unicode format characters (category Cf): zero-width spaces and joiners, soft hyphen, bidi controls, tags.
FORMAT_CHARACTERS = frozenset(_code_points(frozenset({"Cf"})))
#: The C0 and C1 controls that are hidden (all but tab and line feed), as a character class's ranges:
#: the web form's script reads them from the page, with every format character (``\p{Cf}``) beside them.
HIDDEN_CONTROLS = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
#: What does nothing visible but can hide, join or reorder text: those controls and every format character.
HIDDEN = re.compile("[" + HIDDEN_CONTROLS + _char_class(sorted(FORMAT_CHARACTERS)) + "]")
_ASCII_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ZWJ = "\u200d"


def _emoji_join(text: str, index: int) -> bool:
    """A zero-width joiner between two pictographs is part of an emoji (👩‍👩‍👧), not hidden text."""
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    return bool(before and after) and all(
        unicodedata.category(c) in ("So", "Sk") or ord(c) >= 0x1F000 or c == "\ufe0f" for c in (before, after)
    )


def hidden_character(text: str) -> tuple[str, int] | None:
    """The first hidden character in ``text`` and where it stands, or None."""
    first = (_ASCII_HIDDEN if text.isascii() else HIDDEN).search(text)  # the small class first: most text
    if first is None:
        return None
    for match in HIDDEN.finditer(text, first.start()):
        if match.group() == _ZWJ and _emoji_join(text, match.start()):
            continue
        return match.group(), match.start()
    return None


#: For showing text on a terminal or in a report: controls, format characters, line and
#: paragraph separators as escapes (``\\x0a``, ``\\u200b``), so that a value cannot forge a line.
_ESCAPED = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F]}
_ESCAPED.update({c: f"\\u{c:04x}" for c in [*range(0x80, 0xA0), 0x2028, 0x2029]})
_ESCAPED.update({c: (f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}") for c in FORMAT_CHARACTERS})


def visible(text: str) -> str:
    """``text`` with every control and invisible character spelt out as an escape."""
    return text.translate(_ESCAPED)


# --- reading text as it is seen ---------------------------------------------------------------

_DASHES = {c for c in range(0x10000) if unicodedata.category(chr(c)) == "Pd"} | {0x2212}  # and the minus sign
#: Variation selectors (an emoji's look, U+FE0F) say nothing a reader reads: dropped before matching.
_VARIATION_SELECTORS = frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
#: A character that folding changes (a dash but -, a space but " ", a format character, a
#: variation selector, a digit of another script) or white space that is not one space.
_NEEDS_FOLDING = re.compile(
    "[" + _char_class(sorted((_DASHES - {0x2D}) | FORMAT_CHARACTERS | _VARIATION_SELECTORS)) + r"]"
    r"|(?![0-9])\d"
)
#: White space that folding changes: anything but one space.
_UNUSUAL_SPACE = re.compile(r"[^\S ]| {2}")
_SPACES = re.compile(r"\s+")
#: Characters that are digits once folded: superscripts, circled and parenthesised numbers.
_DIGIT_LIKE = [
    c for r in (range(0x80, 0x10000), range(0x1F100, 0x1F110)) for c in r
    if unicodedata.category(chr(c)) in ("No", "Nl") and any(d.isdigit() for d in unicodedata.normalize("NFKC", chr(c)))
]  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as a reader sees it: '' for a format character, ASCII for a digit, '-' for a dash."""
    if ord(char) in FORMAT_CHARACTERS or ord(char) in _VARIATION_SELECTORS:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        if ord(c) in _DASHES:
            out.append("-")
        elif c.isspace():
            out.append(" ")
        elif not c.isascii() and unicodedata.decimal(c, None) is not None:
            out.append(str(unicodedata.decimal(c)))
        else:
            out.append(c)
    return "".join(out)


def fold(text: str) -> tuple[str, Sequence[int]]:
    """``text`` as a reader sees it, with each run of white space as one space, and for each
    character of the result the offset in ``text`` it came from (worked out when asked for)."""
    if not _NEEDS_FOLDING.search(text) and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        if not _UNUSUAL_SPACE.search(text):
            return text, range(len(text))  # most text: Danish letters and ASCII, nothing to fold
        return _SPACES.sub(" ", text), _Offsets(text)  # only line breaks and double spaces
    return _fold_slowly(text)


def _fold_slowly(text: str) -> tuple[str, list[int]]:
    pieces: Iterator[tuple[int, str]] = (
        enumerate(text) if text.isascii() else ((i, piece) for i, ch in enumerate(text) for piece in _fold_char(ch))
    )
    out: list[str] = []
    offsets: list[int] = []
    for index, ch in pieces:
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        offsets.append(index)
    return "".join(out), offsets


class _Offsets(Sequence):
    """The offsets of a folded text, worked out only when a finding needs its place."""

    def __init__(self, text: str):
        self.text = text
        self._offsets: list[int] | None = None

    def _all(self) -> list[int]:
        if self._offsets is None:
            self._offsets = _fold_slowly(self.text)[1]
        return self._offsets

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def readings(text: str) -> Iterator[str]:
    """The text and what it shows once decoded: HTML entities (Markdown renders them),
    percent-encoding (a link's target), each decoded again while that changes it, and each of
    these without Markdown's and HTML's markup (a backslash escape, an HTML comment or tag,
    emphasis or a link's brackets can split a number that the reader sees whole)."""
    seen = {text}
    todo = [text]
    yield text
    while todo:
        current = todo.pop()
        decoded = [html.unescape(current) if "&" in current else current,
                   unquote(current) if "%" in current else current,
                   _without_markup(current) if _MARKUP_HINT.search(current) else current]  # fmt: skip
        for reading in decoded:
            if reading not in seen and len(seen) < 12:
                seen.add(reading)
                todo.append(reading)
                yield reading


_MARKUP_HINT = re.compile(r"[\\<*_`~\[]")
#: What Markdown and HTML take away before a reader sees the text: comments, tags, a link's
#: target after its text, backslashes before punctuation, emphasis and code marks. Bounded per
#: match, so a long text is read in linear time.
_MARKUP = re.compile(
    r"<!--(?:(?!-->).){0,2000}(?:-->|$)|<[^<>]{0,300}>|\]\([^()\s]{0,500}\)|\\(?=[!-/:-@\[-`{-~])|[*_`~\[\]]",
    re.DOTALL,
)


def _without_markup(text: str) -> str:
    return _MARKUP.sub("", text)


# --- CPR numbers ----------------------------------------------------------------------------

#: Ten digits whose first six may be a date (DDMMYY), separated only after the day, month and year.
#: The digits and separators alone, in the syntax Python and JavaScript share: the web form's script
#: reads it from the page and puts its own guard before it (older Safari has no lookbehind).
CPR_DIGITS = r"([0-9]{2})[./ ,:_-]?([0-9]{2})[./ ,:_-]?([0-9]{2}) ?[./:,_-]{0,2} ?([0-9]{4})"
CPR = re.compile(r"(?<![0-9])" + CPR_DIGITS + r"(?![0-9])")


_ASCII_NUMBER = re.compile(r"[0-9&%]")
_MAY_HOLD_A_NUMBER = re.compile(r"[\d&%" + _char_class(_DIGIT_LIKE) + "]")


def _cpr_in(folded: str) -> re.Match | None:
    for match in CPR.finditer(folded):
        day, month, year = (int(g) for g in match.groups()[:3])
        for century in (1900, 2000):
            try:
                dt.date(century + year, month, day)
            except ValueError:
                continue
            return match
    return None


def find_cpr(text: str) -> tuple[str, int] | None:
    """A CPR-like number in ``text`` however it is written, masked (``010203-XXXX``), and the
    offset in ``text`` near which it stands; or None."""
    if not (_ASCII_NUMBER if text.isascii() else _MAY_HOLD_A_NUMBER).search(text):  # no digit, entity or %
        return None
    if "&" not in text and "%" not in text and not _MARKUP_HINT.search(text):  # nothing to decode
        folded, offsets = fold(text)
        match = _cpr_in(folded)
        return (f"{match.group(1)}{match.group(2)}{match.group(3)}-XXXX", offsets[match.start()]) if match else None
    for index, reading in enumerate(readings(text)):
        folded, offsets = fold(reading)
        match = _cpr_in(folded)
        if match:
            offset = offsets[match.start()] if index == 0 else 0
            return f"{match.group(1)}{match.group(2)}{match.group(3)}-XXXX", offset
    return None


def looks_like_cpr(text: str) -> str | None:
    """The masked CPR-like number in ``text``, or None."""
    found = find_cpr(text)
    return found[0] if found else None


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-like number masked, for anything shown back to a person.

    Text that holds one is shown as read (decoded and folded), so that the number is masked
    however it was written."""
    if find_cpr(text) is None:
        return text
    for reading in readings(text):
        masked = CPR.sub(_masked, fold(reading)[0])
        if find_cpr(masked) is None:
            return masked
    return "XXXXXX-XXXX"


def _masked(match: re.Match) -> str:
    """A CPR-like match masked, or left as it is when its first six digits are no date."""
    return looks_like_cpr(match.group()) or match.group()


# --- a refused contact's phone, e-mail and name ------------------------------------------------

#: Runs of digits with at most three separators between two digits: "44 77 00 00", "+45 4477-0000".
_DIGIT_RUN = re.compile(r"[0-9](?:[ ./()_:,-]{0,4}[0-9])*")
_OBFUSCATED_AT = re.compile(r" ?[(\[{<] ?(?:at|snabel-?a|@) ?[)\]}>] ?| ?\bsnabel-?a\b ?| at | @ ?|@ ")
_OBFUSCATED_DOT = re.compile(r" ?[(\[{<] ?(?:dot|punktum|prik) ?[)\]}>] ?| (?:dot|punktum|prik) | \. ?|\. (?=[a-z0-9])")
_NAME_SEPARATORS = re.compile(r"[\s,-]+")


def phone_digits(phone: str) -> str:
    """A Danish phone number's eight digits, without +45 or 0045."""
    digits = "".join(c for c in fold(phone)[0] if c.isdigit())
    return digits[-8:]


class Refused:
    """The phone numbers, e-mails and names of contacts who did not agree to be published,
    and where any of them stands in a text."""

    def __init__(self) -> None:
        self.phones: dict[str, object] = {}
        self.emails: dict[str, object] = {}
        self.names: dict[str, object] = {}

    def add(self, owner: object, phone: str = "", email: str = "", name: str = "") -> None:
        if len(digits := phone_digits(phone)) == 8:
            self.phones.setdefault(digits, owner)
        if email := fold(email)[0].strip().casefold():
            self.emails.setdefault(email, owner)
        words = fold(name)[0].casefold().split()
        if len(words) >= 2 and len(" ".join(words)) >= 5:  # a full name; "Lone" alone is too common
            self.names.setdefault(" ".join(words), owner)

    def __bool__(self) -> bool:
        return bool(self.phones or self.emails or self.names)

    def find(self, text: str) -> tuple[str, object, int] | None:
        """(what was found as written, its owner, offset in ``text``) for the first refused value."""
        for index, reading in enumerate(readings(text)):
            folded, offsets = fold(reading)
            found = self._find_folded(folded)
            if found:
                value, owner, start, end = found
                if index == 0 and 0 <= start < end <= len(offsets):  # as it was written, and where
                    return text[offsets[start] : offsets[end - 1] + 1], owner, offsets[start]
                return value, owner, 0
        return None

    def _find_folded(self, folded: str) -> tuple[str, object, int, int] | None:
        """(value, owner, start, end) in ``folded``; start and end are -1 where the text had to be rewritten."""
        if self.phones:
            for match in _DIGIT_RUN.finditer(folded):
                digits = "".join(c for c in match.group() if c.isdigit())
                if len(digits) >= 8:
                    for phone, owner in self.phones.items():
                        if phone in digits:
                            return phone, owner, match.start(), match.end()
        lowered = folded.casefold()
        same = len(lowered) == len(folded)  # "ß" folds to "ss": then the place is not known, the finding is
        if self.emails and ("@" in lowered or "at" in lowered or "snabel" in lowered):
            plain = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", lowered))
            squeezed = plain.replace(" ", "")
            for email, owner in self.emails.items():
                at = plain.find(email)
                if at >= 0 and same and plain == lowered:
                    return email, owner, at, at + len(email)
                if at >= 0 or email in squeezed:
                    return email, owner, -1, -1
        names = _NAME_SEPARATORS.sub(" ", lowered)  # "Hanne-Jensen", "Jensen, Hanne"
        for name, owner in self.names.items():
            at = _whole_words(lowered, name) if same else -1
            if at >= 0:
                return name, owner, at, at + len(name)
            words = name.split()
            if _whole_words(names, name) >= 0 or _whole_words(names, " ".join(words[1:] + words[:1])) >= 0:
                return name, owner, -1, -1
        return None


def _whole_words(text: str, words: str) -> int:
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return start
        start = text.find(words, start + 1)
    return -1
