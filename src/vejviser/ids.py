"""Record ids: the file name, a lowercase slug in which Danish letters are welcome.

An id that comes from outside (a command's argument, an issue's answer, a file name) is a
plain record id and never a path: :func:`record_path` is the one way from an id to a file,
and it refuses every other form before anything is read or written.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path

from vejviser.load.files import FileRefused, check_regular
from vejviser.privacy import hidden_character, visible
from vejviser.schema import raw_schema

_DEFINITIONS = raw_schema("activity")["definitions"]
#: The id rule, as the schema states it.
SLUG_PATTERN = _DEFINITIONS["slug"]["pattern"]
SLUG = re.compile(SLUG_PATTERN)
MAX_ID_LENGTH = _DEFINITIONS["slug"]["maxLength"]
#: Names the site uses for its own pages and folders, and that Windows refuses as file names
#: (the schema's list, so that the web form refuses them too).
RESERVED_IDS = frozenset(_DEFINITIONS["reserved_id"]["enum"])
#: Where each kind of record lives, and the endings a record file may have.
FOLDERS = {"activity": "activities", "organisation": "organisations"}
RECORD_SUFFIXES = (".yaml", ".yml")


class RecordIdError(Exception):
    """The id is refused or unknown: a message id (``id.…``) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def slugify(text: str) -> str:
    """A valid id made from a name: ``Strikke Klub`` -> ``strikke-klub``, ``Café`` -> ``cafe``."""
    text = unicodedata.normalize("NFC", text).lower()
    # Letters with accents other than æ, ø and å lose the accent: é -> e.
    text = "".join(
        c if c in "æøå" else unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or c for c in text
    )
    text = re.sub(r"[^a-z0-9æøå]+", "-", text)
    text = text.strip("-") or "aktivitet"
    return f"{text}-1" if text in RESERVED_IDS else text


def id_key(record_id: str) -> str:
    """Ids that differ only in case or Unicode normalisation are the same id."""
    return unicodedata.normalize("NFC", record_id).casefold()


def check_id(text: object) -> str:
    """``text`` as a record id (NFC), or :class:`RecordIdError` saying why it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise RecordIdError("id.empty")
    if hidden_character(text):  # before anything is trimmed: a control character is refused, not cut off
        raise RecordIdError("id.control_character", id=visible(text))
    record_id = unicodedata.normalize("NFC", text.strip(" \t\r\n"))  # the spaces around a typed answer
    shown = visible(record_id)
    if len(record_id) > MAX_ID_LENGTH:
        raise RecordIdError("id.too_long", length=len(record_id), limit=MAX_ID_LENGTH)
    if hidden_character(record_id) or any(c in record_id for c in "\n\r\t"):
        raise RecordIdError("id.control_character", id=shown)
    if "/" in record_id or "\\" in record_id or ".." in record_id or re.match(r"[A-Za-z]:", record_id):
        raise RecordIdError("id.path", id=shown)
    for suffix in RECORD_SUFFIXES:  # the file's name was given: "strikkecafe.yaml" means strikkecafe
        if record_id.lower().endswith(suffix) and SLUG.fullmatch(record_id[: -len(suffix)]):
            record_id = record_id[: -len(suffix)]
    if record_id in RESERVED_IDS:
        raise RecordIdError("id.reserved", id=record_id)
    if not SLUG.fullmatch(record_id):
        raise RecordIdError("id.not_slug", id=shown, suggestion=slugify(record_id))
    return record_id


def record_files(folder: Path) -> dict[str, Path]:
    """The record files of ``folder`` by id (file names that are ids, with either ending)."""
    if not folder.is_dir() or folder.is_symlink():
        return {}
    found: dict[str, Path] = {}
    for path in folder.iterdir():
        if path.suffix.lower() in RECORD_SUFFIXES:
            found.setdefault(unicodedata.normalize("NFC", path.stem), path)
    return found


def shown_path(kind: str, path: Path) -> str:
    """A record's file as every message names it: ``activities/strikkecafe.yaml``."""
    return f"{FOLDERS[kind]}/{path.name}"


def _in_own_folder(kind: str, text: object) -> object:
    """``activities/x.yaml``, the way ``review`` and ``validate`` name a record's file, is the id ``x``
    of an activity: its own folder may stand before it, and nothing else (``../``, another folder)."""
    if isinstance(text, str):
        for separator in ("/", "\\"):
            for prefix in (f"{FOLDERS[kind]}{separator}", f".{separator}{FOLDERS[kind]}{separator}"):
                if text.startswith(prefix):
                    return text[len(prefix) :]
    return text


def record_path(root: Path, kind: str, text: object) -> Path:
    """The file of the existing record ``text`` of ``kind`` (``activity`` or ``organisation``),
    inside its folder of ``root``: a regular file, not a link. Anything else is refused.

    ``text`` is an id, its file's name (``x.yaml``) or the file's name in its folder
    (``activities/x.yaml``, as the other commands print it)."""
    record_id = check_id(_in_own_folder(kind, text))
    folder = Path(root) / FOLDERS[kind]
    if folder.is_symlink():
        raise RecordIdError("id.folder_link", folder=FOLDERS[kind])
    files = record_files(folder)
    path = files.get(record_id)
    if path is None:
        close = difflib.get_close_matches(record_id, sorted(files), n=1)
        raise RecordIdError("id.unknown", id=record_id, folder=FOLDERS[kind], suggestion=close[0] if close else "")
    try:
        check_regular(path)
    except FileRefused as exc:
        raise RecordIdError("id.not_a_file", file=shown_path(kind, path), reason=exc.code) from None
    if os.path.realpath(path.parent) != os.path.realpath(folder):
        raise RecordIdError("id.path", id=record_id)
    return path


def new_record_id(title: str, folder: Path) -> str:
    """An id for a new record in ``folder`` from its title, with -2, -3 ... when the name is taken."""
    stem = slugify(title)[: MAX_ID_LENGTH - 4].strip("-") or "aktivitet"
    record_id, n = stem, 1
    taken = {id_key(record_id) for record_id in record_files(folder)}
    while id_key(record_id) in taken:
        n += 1
        record_id = f"{stem}-{n}"
    return record_id


def new_record_path(root: Path, kind: str, title: str) -> Path:
    """Where a new record of ``kind`` with ``title`` is written: a fresh id the tool makes, in its folder."""
    folder = Path(root) / FOLDERS[kind]
    if folder.is_symlink():
        raise RecordIdError("id.folder_link", folder=FOLDERS[kind])
    folder.mkdir(exist_ok=True)
    return folder / f"{check_id(new_record_id(title, folder))}.yaml"
