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

import yaml

from vejviser.model import Activity, Address, Coordinates
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

        Raises :class:`CacheError` if the file is not a mapping of addresses to lat/lon.
        """
        path = settings.root / settings.geocoding.cache
        if not path.is_file():
            return cls(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            raise CacheError(path, f"{where}{getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(data, dict):
            raise CacheError(path, "not a mapping")
        entries = {}
        for key, value in data.items():
            try:
                entries[str(key)] = Coordinates(float(value["lat"]), float(value["lon"]))
            except (TypeError, KeyError, ValueError):
                raise CacheError(path, f"{key}: needs lat and lon") from None
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
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class CacheError(Exception):
    """The cache file cannot be read."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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
            answers[key] = _ask(lookup, address_query(venue.address, country))
            if isinstance(answers[key], Coordinates):
                cache.put(venue.address, answers[key])
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
