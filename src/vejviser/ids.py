"""Record ids: the file name, a lowercase slug in which Danish letters are welcome."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from vejviser.schema import raw_schema

#: The id rule, as the schema states it.
SLUG_PATTERN = raw_schema("activity")["definitions"]["slug"]["pattern"]
SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """A valid id made from a name: ``Strikke Klub`` -> ``strikke-klub``, ``Café`` -> ``cafe``."""
    text = unicodedata.normalize("NFC", text).lower()
    # Letters with accents other than æ, ø and å lose the accent: é -> e.
    text = "".join(
        c if c in "æøå" else unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or c for c in text
    )
    text = re.sub(r"[^a-z0-9æøå]+", "-", text)
    return text.strip("-") or "aktivitet"


def id_key(record_id: str) -> str:
    """Ids that differ only in case or Unicode normalisation are the same id."""
    return unicodedata.normalize("NFC", record_id).casefold()


def new_record_id(title: str, folder: Path) -> str:
    """An id for a new record in ``folder`` from its title, with -2, -3 ... when the name is taken."""
    stem = slugify(title)
    record_id, n = stem, 1
    taken = {id_key(path.stem) for path in folder.glob("*.yaml")}
    while id_key(record_id) in taken:
        n += 1
        record_id = f"{stem}-{n}"
    return record_id
