"""The one place for words a person reads: message catalogues in ``locale/<lang>.yaml``.

Danish is the default. A municipality can replace any text with a catalogue file of
its own (same keys), so an English or a local wording is a file, not a code change.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

DEFAULT_LANGUAGE = "da"
LANGUAGES = ("da", "en")
#: The language associations write their records in, whatever the site's: their titles, descriptions
#: and notes stay as written, and a page in another language marks them (``lang``, WCAG 3.1.2).
RECORDS_LANGUAGE = "da"


#: Danish alphabetical order puts æ, ø and å after z, in that order (ä with æ, ö with ø): here as the
#: three characters after z, so that a plain comparison of the keys sorts as a Danish reader looks.
_DANISH_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def sort_key(text: str) -> str:
    """The key that sorts names as a Danish index or list does: case aside, æ ø å after z, and other
    accents aside (``Café`` beside ``Cafe``): ``Aktiv``, ``Zumba``, ``Æblehaven``, ``Øster``, ``Åbent hus``."""
    letters = text.casefold().translate(_DANISH_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(c))


@cache
def _builtin(lang: str) -> dict[str, str]:
    text = resources.files("vejviser").joinpath(f"locale/{lang}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


class Messages:
    """Renders message ids with parameters: ``messages("schema.required", field="title")``."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE, overrides: Path | None = None, *, strict: bool = False):
        """``strict`` (for tests): a message id the catalogue lacks raises :class:`KeyError`
        instead of being shown as it is."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.strict = strict
        self.texts = dict(_builtin(lang))
        if overrides is not None:
            self.texts.update(yaml.safe_load(overrides.read_text(encoding="utf-8")) or {})

    def join(self, items, conjunction: str = "_or") -> str:
        """``a, b eller c``: a list as a person would say it."""
        items = [str(i) for i in items]
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.texts[conjunction]} {items[-1]}"

    def __call__(self, code: str, /, **params) -> str:
        template = self.texts.get(code)
        if template is None:  # a bug in our code, not the volunteer's: show the id, never crash
            if self.strict:
                raise KeyError(f"message id {code!r} is not in the {self.lang} catalogue")
            return code + (f" {params}" if params else "")
        shown = {}
        for key, value in params.items():
            if isinstance(value, list | tuple):
                if key == "expected":
                    value = [self.texts.get(f"type.{v}", v) for v in value]
                value = self.join(value)
            elif key == "got":
                value = self.texts.get(f"type.{value}", value)
            shown[key] = "" if value is None else value
        try:
            return template.format(**shown)
        except (KeyError, IndexError, ValueError):
            return template

    def count(self, number: int, noun: str) -> str:
        """``1 aktivitet``, ``2 aktiviteter``: a number with its noun in the right form."""
        form = "one" if number == 1 else "other"
        code = f"noun.{noun}.{form}"
        if self.strict and code not in self.texts:
            raise KeyError(f"message id {code!r} is not in the {self.lang} catalogue")
        return self.texts.get(code, "{n} " + noun).format(n=number)

    def has(self, code: str) -> bool:
        return code in self.texts

    @property
    def records_lang(self) -> str:
        """The language to mark the records' own texts with: empty when they are in the reader's."""
        return "" if self.lang == RECORDS_LANGUAGE else RECORDS_LANGUAGE
