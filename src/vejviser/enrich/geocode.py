"""Coordinates for venues from their addresses, through a cache committed with the records.

Builds and tests read only the cache: they never go on the network. ``vejviser geocode``
fills it, looking up each venue address that has no coordinates and is not cached yet
through geopy (Nominatim by default, at most one request a second through geopy's
RateLimiter). The cache is a YAML file keyed by the normalised address, so that a
coordinator can read it, correct it by hand and review it in a pull request.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import yaml

from vejviser.load.yamlfile import load_file
from vejviser.model import Activity, Address, Coordinates
from vejviser.problems import Problem, RecordError
from vejviser.settings import Geocoding, Settings

#: A lookup: an address as one line of text in, coordinates (or None) out.
Lookup = Callable[[str], Coordinates | None]

_SPACE = re.compile(r"\s+")
_HEADER = """\
# Coordinates of venue addresses, found by `vejviser geocode` (or written by hand).
# Keys are normalised addresses ("street, postcode town" in lower case). Builds read
# only this file. A wrong pin is fixed here, or with coordinates in the record.
"""


def address_key(address: Address) -> str:
    """The cache key of an address: ``Måløv Hovedgade 55`` + 2760 Måløv -> ``måløv hovedgade 55, 2760 måløv``."""
    text = f"{address.street}, {address.postcode} {address.town}"
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", text.replace(" ,", ",")).strip()


def address_query(address: Address, country: str) -> str:
    """The text a geocoder is asked: ``Måløv Hovedgade 55, 2760 Måløv, Danmark``."""
    return ", ".join(part for part in (address.street, f"{address.postcode} {address.town}", country) if part)


@dataclass
class GeoCache:
    """The committed cache file: normalised address -> coordinates."""

    path: Path
    entries: dict[str, Coordinates] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> GeoCache:
        """Read the cache named in the settings; a missing file is an empty cache.

        It is read as the records are (a regular file within its size, no anchors, aliases,
        tags or duplicate keys, bounded nesting). Raises :class:`CacheError` with a located
        problem if it is not a mapping of addresses to lat and lon.
        """
        name = settings.geocoding.cache
        path = settings.root / name
        if not os.path.lexists(path):
            return cls(path)
        try:
            loaded = load_file(path, name, "geocache")
        except RecordError as exc:
            if exc.problem.code == "load.empty":  # only the header's comments
                return cls(path)
            cause = exc.problem
            code = "load.geocache_shape" if cause.code == "load.not_mapping" else cause.code
            problem = Problem.error(name, "load.geocache", line=cause.line, column=cause.column, cause=code,
                                    **cause.params)  # fmt: skip
            raise CacheError(path, problem) from None
        entries = {}
        for key, value in loaded.data.items():
            point = value if isinstance(value, dict) else {}
            lat, lon = point.get("lat"), point.get("lon")
            if not (_is_number(lat) and _is_number(lon)):
                line, column = loaded.position((key,), key=True)
                raise CacheError(path, Problem.error(name, "load.geocache_entry", line=line, column=column,
                                                     address=str(key)))  # fmt: skip
            entries[str(key)] = Coordinates(float(lat), float(lon))
        return cls(path, entries)

    def get(self, address: Address) -> Coordinates | None:
        return self.entries.get(address_key(address))

    def put(self, address: Address, point: Coordinates) -> None:
        self.entries[address_key(address)] = point

    def save(self) -> None:
        """Write the cache sorted by address, all at once (a reader never sees half a file)."""
        data = {key: {"lat": round(p.lat, 6), "lon": round(p.lon, 6)} for key, p in sorted(self.entries.items())}
        text = _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
        handle, temporary = tempfile.mkstemp(prefix=".geocache-", dir=self.path.parent)
        try:  # readable as the file it replaces was (mkstemp makes it private)
            umask = os.umask(0)
            os.umask(umask)
            mode = os.stat(self.path).st_mode & 0o777 if self.path.exists() else 0o666 & ~umask
            os.chmod(temporary, mode)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class CacheError(Exception):
    """The cache file cannot be read: where, and the located problem (``load.geocache`` with its
    ``cause``, or ``load.geocache_entry``), which a person reads through the catalogue
    (:func:`vejviser.report.render_text`); ``str()`` is the path and the id, for debugging."""

    def __init__(self, path: Path, problem: Problem):
        super().__init__(f"{path}: {problem.code}")
        self.path = path
        self.problem = problem


def geopy_lookup(config: Geocoding) -> Lookup:
    """A lookup through geopy's geocoder for ``config.service``, rate-limited."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import get_geocoder_for_service

    geocoder = get_geocoder_for_service(config.service)(user_agent=config.user_agent)
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=config.min_delay_seconds, max_retries=2)

    def lookup(query: str) -> Coordinates | None:
        location = limited(query, exactly_one=True)
        return Coordinates(location.latitude, location.longitude) if location is not None else None

    return lookup


@dataclass
class GeocodeReport:
    """What a geocoding run did: record files by outcome."""

    found: list[tuple[str, str]] = field(default_factory=list)  # (file, address)
    cached: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, address, why)


def geocode_missing(activities: Iterable[Activity], cache: GeoCache, lookup: Lookup, country: str) -> GeocodeReport:
    """Look up every venue without coordinates that the cache lacks; put what is found in the cache.

    An address is looked up once, however many records share it. A geocoder's error
    (a timeout, a refusal) is reported for the records at that address, not raised.
    """
    report = GeocodeReport()
    answers: dict[str, Coordinates | str | None] = {}  # per address: found, not found, or why it failed
    for activity in activities:
        venue = activity.venue
        if venue is None or venue.coordinates is not None:
            continue
        key, line = address_key(venue.address), address_query(venue.address, "")
        if key not in answers and cache.get(venue.address) is not None:
            report.cached.append((activity.file, line))
            continue
        if key not in answers:
            answers[key] = asked = _ask(lookup, address_query(venue.address, country))
            if isinstance(asked, Coordinates):
                cache.put(venue.address, asked)
        answer = answers[key]
        if isinstance(answer, Coordinates):
            report.found.append((activity.file, line))
        elif answer is None:
            report.missing.append((activity.file, line))
        else:
            report.failed.append((activity.file, line, answer))
    return report


def _ask(lookup: Lookup, query: str) -> Coordinates | str | None:
    try:
        return lookup(query)
    except Exception as exc:  # geopy raises its own errors for timeouts, refusals and quotas
        return f"{type(exc).__name__}: {exc}"
