"""Validate a whole directory: every file, then every relation, all problems at once.

What a file says on its own (its problems, its typed record) is kept in the build cache
(:mod:`vejviser.cache`), found by a hash of the file's bytes, its name, the settings file, the day and
the package's code: a file that has not changed since the last build is not read and checked again.
The relations between files (organisations named, ids clashing, venues and areas) are checked every
time, as they depend on the other files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import pickle
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vejviser import clock
from vejviser.cache import NO_CACHE, BuildCache, code_version, key_of, objects_of
from vejviser.enrich.geocode import CacheError, GeoCache
from vejviser.ids import FOLDERS, RECORD_SUFFIXES, RESERVED_IDS, SLUG, slugify
from vejviser.load.files import LIMITS, FileRefused, check_regular, read_limited
from vejviser.load.yamlfile import Loaded, load_bytes, load_file
from vejviser.model import (
    Activity,
    Answer,
    Organisation,
    Status,
    activity_from_data,
    applies,
    barrier_fields,
    organisation_from_data,
)
from vejviser.parallel import map_in_order
from vejviser.problems import Problem, RecordError
from vejviser.schema import effective_schema
from vejviser.schema.checker import RecordSchema
from vejviser.settings import SETTINGS_FILE, Settings
from vejviser.validate import content_rules, relations
from vejviser.validate.relations import Record, RecordFile

#: Files that may sit beside the records without being records.
IGNORED_FILES = frozenset({"README.md", ".gitkeep"})


@dataclass
class Result:
    """Everything validation found, and the typed records that passed."""

    problems: list[Problem] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    files: int = 0
    unknown_answers: Counter = field(default_factory=Counter)
    records_with_unknown: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def discover(folder: Path, root: Path) -> tuple[list[tuple[Path, str, str]], list[Problem]]:
    """The record files in ``folder`` as (path, display name, id), and the files that are not read.

    A record that is a symbolic link (it could point anywhere, also outside the repository),
    a device or a pipe is refused with its path, and so is a folder of records that is a link.
    """
    found: list[tuple[Path, str, str]] = []
    problems: list[Problem] = []
    display_folder = folder.relative_to(root).as_posix()
    if folder.is_symlink():
        return found, [Problem.error(display_folder, "load.symlink")]
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in IGNORED_FILES:
            continue
        display = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            problems.append(Problem.warning(display, "load.subfolder"))
            continue
        if path.suffix.lower() not in RECORD_SUFFIXES and not path.is_symlink():
            problems.append(Problem.warning(display, "load.not_a_record_file"))
            continue
        try:
            check_regular(path)
        except FileRefused as exc:
            problems.append(Problem.error(display, exc.code, **exc.params))
            continue
        found.append((path, display, unicodedata.normalize("NFC", path.stem)))
    return found, problems


class Validator:
    """Validates the records of one directory against its settings."""

    def __init__(self, settings: Settings, today: dt.date | None = None, cache: BuildCache = NO_CACHE):
        self.settings = settings
        self.today = today or clock.today()
        self.build_cache = cache
        vocabularies = settings.vocabularies()
        self.activity_schema = RecordSchema(effective_schema("activity", vocabularies))
        self.organisation_schema = RecordSchema(effective_schema("organisation", vocabularies))
        self.answer_fields = barrier_fields()
        try:
            self.cache, self.cache_problems = GeoCache.load(settings), []
        except CacheError as exc:
            self.cache, self.cache_problems = GeoCache(exc.path), [exc.problem]

    def run(self, named: frozenset[str] | None = None) -> Result:
        """Every record and relation, or only the records ``named`` (by their display names,
        ``activities/x.yaml``) with the relations they need of the others: the organisation an
        activity names, and an id another file has too. The others are listed, not read, so a
        likely copy of another activity (which needs every activity read) is not looked for."""
        result = Result(problems=list(self.cache_problems))
        root = self.settings.root
        organisations, organisation_ids = self._read(
            root / FOLDERS["organisation"], result, self._organisation, self._build_organisation, named
        )
        activities, _ = self._read(root / FOLDERS["activity"], result, self._activity, self._build_activity, named)
        clashes = relations.duplicate_ids(organisations) + relations.duplicate_ids(activities)
        result.problems += [p for p in clashes if named is None or p.file in named]
        if named is None:
            organisation_ids = {e.id for e in organisations if e.loaded is not None}
        loaded_activities = [e for e in activities if e.loaded is not None]
        result.problems += relations.check_activities(loaded_activities, organisation_ids, self.settings, self.cache)
        failed = {p.file for p in result.problems if p.is_error}
        result.organisations = [e.record for e in organisations if e.record is not None and e.display not in failed]
        result.activities = [
            _enriched(e, e.record) for e in activities if e.record is not None and e.display not in failed
        ]
        self._count_unknown(result)
        result.problems.sort(key=Problem.sort_key)
        return result

    def _read(
        self,
        folder: Path,
        result: Result,
        check: Callable[[RecordFile[Record], Loaded], list[Problem]],
        build: Callable[[RecordFile[Record], Loaded], Record],
        named: frozenset[str] | None = None,
    ) -> tuple[list[RecordFile[Record]], set[str]]:
        """Every record file of ``folder``, each read and checked on its own (on every core), or only
        those ``named``, the others listed unread. Returns the files, and the ids of all of them."""
        files, stray = discover(folder, self.settings.root)
        ids = {record_id for _, _, record_id in files}
        if named is not None:
            stray = [p for p in stray if p.file in named]
            listed = [RecordFile[Record](display, record_id) for _, display, record_id in files if display not in named]
            files = [file for file in files if file[1] in named]
        result.problems += stray
        result.files += len(files)
        entries: list[RecordFile[Record]] = []
        for entry, problems in self._read_all(folder.name, files, check, build):
            entries.append(entry)
            result.problems += problems
        if named is not None:
            entries += listed
        return entries, ids

    def _read_all(
        self,
        kind: str,
        files: list[tuple[Path, str, str]],
        check: Callable[[RecordFile[Record], Loaded], list[Problem]],
        build: Callable[[RecordFile[Record], Loaded], Record],
    ) -> list[tuple[RecordFile[Record], list[Problem]]]:
        """Each file read and checked on its own: from the build cache where it has the file's bytes
        checked by this code on this day, else on every core (and then kept in the cache)."""
        raws: list[bytes | None] = []
        for path, _, _ in files:
            try:
                raws.append(read_limited(path, "record"))
            except (FileRefused, OSError):  # read again by _read_one, which says what is wrong
                raws.append(None)
        made_by = self._made_by()
        keys = [
            None if raw is None else key_of(made_by, kind, display, raw)
            for (_, display, _), raw in zip(files, raws, strict=True)
        ]
        found = self.build_cache.get_many("validated", [key for key in keys if key is not None])
        done: dict[int, tuple[RecordFile[Record], list[Problem]]] = {}
        for index, key in enumerate(keys):
            if key in found:
                with contextlib.suppress(Exception):  # an entry that cannot be read is made again
                    done[index] = _checked_entry(objects_of(found[key], _ENTRY_MODULES))
        missing = [index for index in range(len(files)) if index not in done]
        read_one = functools.partial(self._read_one, check=check, build=build)
        made = map_in_order(read_one, [(files[index], raws[index]) for index in missing])
        self.build_cache.put_many(
            "validated",
            {key: pickle.dumps(outcome) for index, outcome in zip(missing, made, strict=True) if (key := keys[index])},
        )
        done.update(zip(missing, made, strict=True))
        return [done[index] for index in range(len(files))]

    def _made_by(self) -> str:
        """What a file's own problems depend on beside its bytes and name: the code, the settings
        (vocabularies, when a review is due) and the day (what has passed, what is due)."""
        try:
            settings = (self.settings.root / SETTINGS_FILE).read_bytes()
        except OSError:
            settings = b""
        return key_of(code_version(), settings, self.today.isoformat())

    @staticmethod
    def _read_one(
        file_and_raw: tuple[tuple[Path, str, str], bytes | None],
        check: Callable[[RecordFile[Record], Loaded], list[Problem]],
        build: Callable[[RecordFile[Record], Loaded], Record],
    ) -> tuple[RecordFile[Record], list[Problem]]:
        """Load one file (from ``raw``, its bytes, when they were read) and run the rules that need only
        that file."""
        (path, display, record_id), raw = file_and_raw
        entry: RecordFile[Record] = RecordFile(display, record_id)
        problems = []
        if record_id in RESERVED_IDS:
            problems.append(Problem.error(display, "load.reserved_id", name=path.name, id=record_id))
        elif not SLUG.fullmatch(record_id):
            problems.append(Problem.error(display, "load.file_name", name=path.name, suggestion=slugify(record_id)))
        try:
            entry.loaded = loaded = (
                load_file(path, display) if raw is None else load_bytes(raw, display, LIMITS["record"])
            )
        except RecordError as exc:
            return entry, [*problems, exc.problem]
        found = check(entry, loaded)
        problems += found
        if not any(p.is_error for p in problems):
            entry.record = build(entry, loaded)
        entry.facts = relations.Facts.of(loaded.data)
        entry.loaded = loaded.slim(relations.RELATION_PATHS)  # a 10,000-record run stays small
        return entry, problems

    def _organisation(self, entry: RecordFile[Organisation], loaded: Loaded) -> list[Problem]:
        problems = self.organisation_schema.problems(loaded, entry.display)
        return problems + content_rules.check_organisation(
            entry.id, loaded, entry.display, self.today, _too_long(problems)
        )

    def _activity(self, entry: RecordFile[Activity], loaded: Loaded) -> list[Problem]:
        problems = self.activity_schema.problems(loaded, entry.display)
        schema_ok = not any(p.is_error for p in problems)
        return problems + content_rules.check_activity(
            entry.id,
            loaded,
            entry.display,
            self.today,
            self.settings.stale_after_months,
            _too_long(problems),
            schema_ok,
        )

    @staticmethod
    def _build_organisation(entry: RecordFile[Organisation], loaded: Loaded) -> Organisation:
        return organisation_from_data(entry.id, entry.display, loaded.data)

    @staticmethod
    def _build_activity(entry: RecordFile[Activity], loaded: Loaded) -> Activity:
        return activity_from_data(entry.id, entry.display, loaded.data)

    def _count_unknown(self, result: Result) -> None:
        for activity in result.activities:
            if activity.status == Status.ENDED:
                continue
            unknown = [
                (group, name)
                for group, name in self.answer_fields
                if applies(activity, group, name) and getattr(getattr(activity, group), name) == Answer.UNKNOWN
            ]
            result.unknown_answers.update(unknown)
            result.records_with_unknown += bool(unknown)


#: The modules whose classes a cached file's entry is made of.
_ENTRY_MODULES = frozenset({"datetime", "vejviser.load.yamlfile", "vejviser.model", "vejviser.problems",
                            "vejviser.validate.relations"})  # fmt: skip


def _checked_entry(found: object) -> tuple[RecordFile[Record], list[Problem]]:
    """A cached entry, if it has the shape :meth:`Validator._read_one` gives."""
    if not isinstance(found, tuple) or len(found) != 2:
        raise TypeError("not a file's entry")
    entry, problems = found
    if not isinstance(entry, RecordFile) or not isinstance(problems, list):
        raise TypeError("not a file's entry")
    if not all(isinstance(problem, Problem) for problem in problems):
        raise TypeError("not a file's problems")
    return entry, problems


def _too_long(problems: list[Problem]) -> frozenset[str]:
    """The fields the schema refused as too long: the content rules leave them until they are shortened."""
    return frozenset(p.field for p in problems if p.code == "schema.too_long")


def _enriched(entry: RecordFile[Activity], record: Activity) -> Activity:
    """The file's typed record with what relations found: its area, and where its venue is."""
    venue = record.venue
    position = venue.coordinates or entry.position if venue is not None else None
    return dataclasses.replace(record, area=entry.area, position=position)


def validate_project(
    settings: Settings,
    today: dt.date | None = None,
    named: frozenset[str] | None = None,
    cache: BuildCache = NO_CACHE,
) -> Result:
    """Validate every record of the directory described by ``settings``, or only those ``named``
    (display names: ``activities/x.yaml``), with what they need of the others; what each file says on
    its own is taken from ``cache`` where it has it."""
    return Validator(settings, today, cache).run(named)
