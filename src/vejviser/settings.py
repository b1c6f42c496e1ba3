"""The municipality's settings (``vejviser.yaml``), read once into a typed object.

The CLI and the MkDocs plugin both start here. A settings mistake is the coordinator's,
not a volunteer's: it stops everything (exit code 2) with located messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from vejviser.geo import AreaShapes, AreaShapesError
from vejviser.ids import RESERVED_IDS
from vejviser.load.files import inside
from vejviser.load.yamlfile import load_file
from vejviser.problems import Problem, RecordError, format_path
from vejviser.schema import WHOLE_MUNICIPALITY, raw_schema, with_defaults
from vejviser.schema.checker import RecordSchema

SETTINGS_FILE = "vejviser.yaml"


class SettingsError(Exception):
    """The settings file is missing or wrong; carries the problems to show."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].code if problems else "settings")
        self.problems = problems


@dataclass(frozen=True)
class Term:
    """One entry of the taxonomy: an id records write and a label readers see."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Area:
    """A local area (lokalområde) and the postcodes it covers."""

    id: str
    name: str
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class Bounds:
    """A rectangle around the municipality, in degrees."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class Geocoding:
    """How ``vejviser geocode`` looks addresses up; builds read only the cache file."""

    service: str
    user_agent: str
    country: str
    min_delay_seconds: float
    cache: str


@dataclass(frozen=True)
class MapSettings:
    """The background map: tiles fetched by the reader's browser, with the provider's attribution."""

    tiles: str
    attribution: str
    max_zoom: int


@dataclass(frozen=True)
class Postcode:
    """A postcode's town and centre, from which "near me" measures."""

    postcode: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MunicipalityContact:
    """Who citizens and associations contact about the directory."""

    name: str
    email: str
    phone: str
    hours: str


@dataclass(frozen=True)
class Settings:
    """Everything a municipality configures."""

    root: Path
    municipality: str
    municipality_website: str
    example_data: bool
    language: str
    contact: MunicipalityContact
    site_url: str
    accessibility_statement: str
    stale_after_months: int
    hide_after_months: int
    bounds: Bounds
    geocoding: Geocoding
    map: MapSettings
    postcodes: tuple[Postcode, ...]
    areas: tuple[Area, ...]
    categories: tuple[Term, ...]
    target_groups: tuple[Term, ...]
    #: The areas' polygons, when the settings name a GeoJSON file (``area_polygons``; "" when none).
    area_shapes: AreaShapes | None
    area_polygons: str
    #: The repository on GitHub (https://github.com/owner/name; "" when none): the web form links to its issue form.
    repository: str
    #: The book's paper, ``a5`` or ``a4``, and the year on its cover (0: the year it is made).
    print_paper: str
    print_year: int
    #: How far outside an area (km) an activity may lie and still be on the area's sheet.
    print_near_km: float
    #: The search's synonym groups (``search.synonyms``, with the default list unless left out): each a
    #: tuple of words that mean the same to the one searching; groups sharing a word are one.
    synonyms: tuple[tuple[str, ...], ...] = ()
    #: Whether the printed editions split words at line ends (clear-print guidance: not by default),
    #: and the large print's body size in points (16 to 18).
    print_hyphenate: bool = False
    print_large_pt: float = 16

    def areas_for_postcode(self, postcode: str) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if postcode in area.postcodes)

    def postcode(self, code: str) -> Postcode | None:
        return next((p for p in self.postcodes if p.postcode == code), None)

    def area(self, area_id: str) -> Area | None:
        return next((area for area in self.areas if area.id == area_id), None)

    def vocabularies(self) -> dict[str, list[str]]:
        """The allowed ids for each ``x-taxonomy`` field of the schema."""
        area_ids = [area.id for area in self.areas]
        return {
            "categories": [term.id for term in self.categories],
            "target_groups": [term.id for term in self.target_groups],
            "areas": area_ids,
            "service_areas": area_ids + [WHOLE_MUNICIPALITY],
        }


def _term(entry: dict, language: str) -> Term:
    """A taxonomy entry with its label in the settings' language (``labels: {en: ...}``), else as written."""
    label = (entry.get("labels") or {}).get(language, entry["label"])
    return Term(entry["id"], label, entry.get("description", ""))


def default_taxonomy() -> dict:
    text = resources.files("vejviser").joinpath("defaults/taxonomy.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def default_synonyms() -> list[list[str]]:
    """The default Danish synonym groups (``defaults/synonyms.yaml``)."""
    text = resources.files("vejviser").joinpath("defaults/synonyms.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["synonyms"]


def merge_synonyms(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The groups with those that share a word joined into one, in the order first met.

    A municipality's ``[bingo, banko, banco]`` beside the default ``[banko, bingo]`` extends it
    rather than making two groups that each know half.
    """
    merged: list[list[str]] = []
    for group in groups:
        words = list(dict.fromkeys(word.strip() for word in group))
        touching = [m for m in merged if set(m) & set(words)]
        target = touching[0] if touching else []
        for other in touching[1:]:
            target += [w for w in other if w not in target]
            merged.remove(other)
        target += [w for w in words if w not in target]
        if not touching:
            merged.append(target)
    return tuple(tuple(group) for group in merged if len(group) > 1)


def _geocoding(data: dict) -> Geocoding:
    given = dict(data)
    if "min_delay_seconds" in given:
        given["min_delay_seconds"] = float(given["min_delay_seconds"])
    return Geocoding(**given)


def _consistency(loaded) -> list[Problem]:
    """What the schema cannot say: unique area ids and postcodes, a centre for every area's postcode
    (when centres are given), and a bounding box the right way round."""
    data, problems = loaded.data, []

    def add(code: str, path: tuple, **params) -> None:
        line, column = loaded.position(path)
        problems.append(Problem.error(SETTINGS_FILE, code, line=line, column=column, field=format_path(path), **params))

    ids = [area["id"] for area in data["areas"]]
    for index, area_id in enumerate(ids):
        if area_id in ids[:index]:
            add("settings.duplicate_area", ("areas", index, "id"), id=area_id)
    # Area and taxonomy ids name pages (omraader/<id>/), so the site's own names are refused here too.
    named: list[tuple[tuple, object]] = [(("areas", i, "id"), area_id) for i, area_id in enumerate(ids)]
    for group in ("categories", "target_groups"):
        terms = (data.get("taxonomy") or {}).get(group) or []
        named += [(("taxonomy", group, i, "id"), term.get("id")) for i, term in enumerate(terms)]
    for path, term_id in named:
        if term_id in RESERVED_IDS:
            add("settings.reserved_id", path, id=term_id)
    centres = [p["postcode"] for p in data.get("postcodes", [])]
    for index, code in enumerate(centres):
        if code in centres[:index]:
            add("settings.duplicate_postcode", ("postcodes", index, "postcode"), postcode=code)
    for index, area in enumerate(data["areas"] if centres else []):
        for missing in [code for code in area["postcodes"] if code not in centres]:
            add("settings.postcode_without_centre", ("areas", index, "postcodes"), postcode=missing)
    b = data["bounds"]
    if not (b["south"] < b["north"] and b["west"] < b["east"]):
        add("settings.bounds_order", ("bounds",))
    return problems


def _paths_inside(root: Path, loaded) -> list[Problem]:
    """The files the settings name (the geocoding cache, the areas' polygons) lie inside the project."""
    problems = []
    for path in (("geocoding", "cache"), ("area_polygons",)):
        node = loaded.data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and inside(root, node) is None:
            line, column = loaded.position(path)
            problems.append(Problem.error(SETTINGS_FILE, "settings.path_outside", line=line, column=column,
                                          field=format_path(path), path=node))  # fmt: skip
    return problems


def _area_shapes(root: Path, loaded) -> AreaShapes:
    """The polygons file the settings name, read; a mistake in it stops everything, like any settings mistake."""
    name = loaded.data["area_polygons"]
    path = root / name
    if not os.path.lexists(path):
        line, column = loaded.position(("area_polygons",))
        raise SettingsError([Problem.error(SETTINGS_FILE, "settings.polygons_missing_file", line=line, column=column,
                                           field="area_polygons", path=name)])  # fmt: skip
    try:
        return AreaShapes.read(path, [area["id"] for area in loaded.data["areas"]])
    except AreaShapesError as exc:
        raise SettingsError([Problem.error(name, exc.code, **exc.params)]) from None


def load_settings(root: Path) -> Settings:
    """Read and check ``vejviser.yaml`` in ``root``; raise :class:`SettingsError` if wrong."""
    root = Path(root)
    path = root / SETTINGS_FILE
    if not os.path.lexists(path):
        raise SettingsError([Problem.error(SETTINGS_FILE, "settings.missing", path=str(path))])
    try:
        loaded = load_file(path, SETTINGS_FILE, "settings")
    except RecordError as exc:
        raise SettingsError([exc.problem]) from None
    problems = RecordSchema(raw_schema("settings")).problems(loaded, SETTINGS_FILE)
    if problems:
        raise SettingsError(problems)
    problems = _consistency(loaded) + _paths_inside(root, loaded)
    if problems:
        raise SettingsError(problems)
    data = with_defaults(raw_schema("settings"), loaded.data)  # every default is the schema's
    area_shapes = None
    if data.get("area_polygons"):
        area_shapes = _area_shapes(root, loaded)
    taxonomy = data.get("taxonomy") or default_taxonomy()
    site, freshness, printing = data.get("site", {}), data["freshness"], data["print"]
    return Settings(
        root=root,
        municipality=data["municipality"]["name"],
        municipality_website=data["municipality"].get("website", ""),
        example_data=bool(data["example_data"]),
        language=data["language"],
        contact=MunicipalityContact(**data["contact"]),
        site_url=site.get("url", ""),
        accessibility_statement=site.get("accessibility_statement", ""),
        repository=site.get("repository", ""),
        stale_after_months=freshness["stale_after_months"],
        hide_after_months=freshness["hide_after_months"],
        bounds=Bounds(**{k: float(v) for k, v in data["bounds"].items()}),
        geocoding=_geocoding(data["geocoding"]),
        map=MapSettings(**data["map"]),
        postcodes=tuple(
            Postcode(p["postcode"], p["name"], float(p["lat"]), float(p["lon"])) for p in data["postcodes"]
        ),  # fmt: skip
        areas=tuple(Area(a["id"], a["name"], tuple(a["postcodes"])) for a in data["areas"]),
        categories=tuple(_term(t, data["language"]) for t in taxonomy["categories"]),
        target_groups=tuple(_term(t, data["language"]) for t in taxonomy["target_groups"]),
        area_shapes=area_shapes,
        area_polygons=data.get("area_polygons", ""),
        print_paper=printing["paper"],
        print_year=printing.get("year", 0),  # absent: the year the book is made
        print_near_km=float(printing["near_km"]),
        print_hyphenate=bool(printing["hyphenate"]),
        print_large_pt=float(printing["large_print_pt"]),
        synonyms=merge_synonyms(
            (default_synonyms() if data["search"]["default_synonyms"] else []) + data["search"]["synonyms"]
        ),  # fmt: skip
    )
