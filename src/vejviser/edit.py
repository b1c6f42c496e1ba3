"""Changing a record file in place, keeping its comments, key order, quotes and layout.

Only when asked (``vejviser geocode --write``): a volunteer's file is theirs. The
change goes through ruamel.yaml's round trip, and the new text is read back with the
project's own loader before it is written: if anything but the asked change would
differ, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap

from vejviser.load.files import FileRefused, read_limited
from vejviser.load.yamlfile import load_text
from vejviser.model import Coordinates, Status
from vejviser.problems import Problem, RecordError
from vejviser.schema import SchemaIndex, bundled_schema

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A time of day as records write it, in quotes: ``"10:00"``.
CLOCK = re.compile(r"[0-9]{1,2}[:.][0-9]{2}")


class EditError(Exception):
    """The change could not be made safely; the file is as it was.

    ``code`` and ``params`` say why, as a message id (``edit.no_venue``, or the reader's own
    ``load.symlink`` …) for :class:`~vejviser.i18n.Messages`; ``problem``, when the record
    itself cannot be read, says it as the validator would. ``str()`` is the id, for debugging."""

    def __init__(self, code: str, problem: Problem | None = None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self.problem = problem


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line that was one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def update_record(path: Path, change: Callable[[CommentedMap], None], expect: Callable[[dict], None]) -> None:
    """Apply ``change`` to the document in ``path``; ``expect`` makes the same change to plain data.

    The file is rewritten only if reading the new text gives exactly the old data with
    ``expect`` applied, and it is replaced in one step.
    """
    try:
        raw = read_limited(path, "record")
    except FileRefused as exc:
        raise EditError(exc.code, **exc.params) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditError("load.not_utf8", line=raw[: exc.start].count(b"\n") + 1) from None
    display = f"{path.parent.name}/{path.name}"
    try:  # the project's own loader first: anchors, tags, duplicate keys and deep nesting are refused at once
        wanted = load_text(text, display).data
    except RecordError as exc:
        raise EditError(exc.problem.code, exc.problem, **exc.problem.params) from None
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except (YAMLError, RecursionError, ValueError):
        raise EditError("edit.round_trip") from None
    if not isinstance(document, CommentedMap):
        raise EditError("load.not_mapping")
    change(document)
    out = io.StringIO()
    yaml.dump(document, out)
    new_text = out.getvalue()
    expect(wanted)
    if load_text(new_text, path.name).data != wanted:
        raise EditError("edit.more_than_asked")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".yaml", dir=path.parent)
    try:
        os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))  # the file keeps who may read it
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(new_text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def set_coordinates(path: Path, point: Coordinates) -> None:
    """Give the record's venue ``coordinates: {lat: …, lon: …}``, after its address or directions."""
    lat, lon = round(point.lat, 6), round(point.lon, 6)

    def change(document: CommentedMap) -> None:
        venue = document.get("venue")
        if not isinstance(venue, CommentedMap):
            raise EditError("edit.no_venue")
        coordinates = CommentedMap([("lat", lat), ("lon", lon)])
        coordinates.fa.set_flow_style()
        keys = list(venue)
        after = "directions" if "directions" in keys else "address"
        venue.insert(keys.index(after) + 1 if after in keys else len(keys), "coordinates", coordinates)

    def expect(data: dict) -> None:
        data["venue"]["coordinates"] = {"lat": lat, "lon": lon}

    update_record(path, change, expect)


def set_reviewed(path: Path, day: dt.date) -> None:
    """Set the record's ``reviewed`` date (the last time the association confirmed it) to ``day``."""
    text = day.isoformat()

    def change(document: CommentedMap) -> None:
        if "reviewed" not in document:
            raise EditError("edit.no_reviewed")
        document["reviewed"] = day

    def expect(data: dict) -> None:
        data["reviewed"] = text

    update_record(path, change, expect)


def set_values(path: Path, values: list[tuple[tuple[str, ...], object]], reviewed: dt.date) -> None:
    """Give the record each (data path, value), as an association asked in a change, and the
    ``reviewed`` date; what was not asked about keeps its text, comments and place."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def as_yaml(value):
        if isinstance(value, list):
            items = CommentedSeq([as_yaml(v) for v in value])
            if all(not isinstance(v, (dict, list)) for v in value):
                items.fa.set_flow_style()
            return items
        if isinstance(value, dict):
            return CommentedMap([(k, as_yaml(v)) for k, v in value.items()])
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)  # written as the other dates are, without quotes
        if isinstance(value, str) and CLOCK.fullmatch(value):
            return DoubleQuotedScalarString(value)  # "10:00", as records write it: YAML 1.1 reads 10:00 as 600
        return value

    replaced = {keys: _replaces(keys) for keys, _ in values}

    def change(document: CommentedMap) -> None:
        for keys, value in values:
            node = document
            for key in keys[:-1]:
                if not isinstance(node.get(key), CommentedMap):
                    node[key] = CommentedMap()
                node = node[key]
            node[keys[-1]] = as_yaml(value)
            for sibling in replaced[keys]:
                node.pop(sibling, None)
        document["reviewed"] = reviewed

    def expect(data: dict) -> None:
        for keys, value in values:
            node = data
            for key in keys[:-1]:
                if not isinstance(node.get(key), dict):
                    node[key] = {}
                node = node[key]
            node[keys[-1]] = value
            for sibling in replaced[keys]:
                node.pop(sibling, None)
        data["reviewed"] = reviewed.isoformat()

    update_record(path, change, expect)


def _replaces(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The fields beside ``keys`` that a new value there takes the place of (the schema's ``x-replaces``:
    several times replace the one time, and the other way round)."""
    index = SchemaIndex(bundled_schema("activity"))
    return tuple(name for node in index.nodes(keys) for name in node.get("x-replaces", ()))


def set_ended(path: Path, reviewed: dt.date) -> None:
    """Mark the activity as ended (``status: ophørt``); the file stays, with its history."""
    set_values(path, [(("status",), Status.ENDED.value)], reviewed)
