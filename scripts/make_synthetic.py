"""Write a complete synthetic directory of N valid activities, for benchmarks.

    python scripts/make_synthetic.py --count 10000 --out /tmp/synthetic

The project's own settings are copied; organisations and activities are drawn from
a fixed seed, so the same N always gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
ANSWERS = ["ja", "nej", "ukendt"]
WORDS = [
    "strikkecafé",
    "gåtur",
    "fællesspisning",
    "sangkor",
    "stolegymnastik",
    "besøgsven",
    "kortspil",
    "billard",
    "petanque",
    "læsekreds",
    "mandecafé",
    "demenscafé",
    "IT-hjælp",
    "havehold",
    "madklub",
    "dans",
    "yoga",
    "svømning",
    "bingo",
]
STREETS = ["Måløv Hovedgade", "Skovlunde Byvej", "Banegårdspladsen", "Centrumgaden", "Egebjergvej", "Hedegårdsvej"]


def _organisation(index: int) -> dict:
    return {
        "name": f"Forening nummer {index}",
        "kind": "forening",
        "description": "En forening for ældre med **mange** aktiviteter og frivillige.",
        "website": f"https://forening-{index}.example",
    }


def _in_area(rng: random.Random, settings: dict, area: dict) -> tuple[float, float]:
    """A point in the area's polygon when the settings give polygons, else near its postcode."""
    shapes = settings.get("_shapes")
    if shapes is None:
        return _near_postcode(rng, settings, area["postcodes"][0])
    from shapely.geometry import Point

    polygon = shapes.shapes[area["id"]]
    west, south, east, north = polygon.bounds
    while True:
        lon, lat = round(rng.uniform(west, east), 5), round(rng.uniform(south, north), 5)
        if polygon.covers(Point(lon, lat)):
            return lat, lon


def _near_postcode(rng: random.Random, settings: dict, postcode: str) -> tuple[float, float]:
    """A point within about 2 km of the postcode's centre (anywhere in the bounds without centres)."""
    b = settings["bounds"]
    centre = next((p for p in settings.get("postcodes", []) if p["postcode"] == postcode), None)
    if centre is None:
        return round(rng.uniform(b["south"], b["north"]), 5), round(rng.uniform(b["west"], b["east"]), 5)
    lat = min(max(centre["lat"] + rng.uniform(-0.018, 0.018), b["south"]), b["north"])
    lon = min(max(centre["lon"] + rng.uniform(-0.03, 0.03), b["west"]), b["east"])
    return round(lat, 5), round(lon, 5)


def _activity(index: int, rng: random.Random, settings: dict, taxonomy: dict, organisations: int) -> dict:
    area = rng.choice(settings["areas"])
    word = rng.choice(WORDS)
    start = rng.randint(8, 18)
    lat, lon = _in_area(rng, settings, area)
    return {
        "title": f"{word.capitalize()} {index}",
        "summary": f"Vi mødes til {word} og hygger os bagefter med kaffe. Alle er velkomne.",
        "description": f"Kom og vær med til **{word}**.\n\n- Kaffe og kage\n- Godt selskab\n\nRing gerne først.",
        "organisation": f"forening-{index % organisations}",
        "categories": rng.sample([t["id"] for t in taxonomy["categories"]], 2),
        "target_groups": [rng.choice(taxonomy["target_groups"])["id"]],
        "form": "fremmøde",
        "schedule": {
            "frequency": "ugentlig",
            "weekdays": [rng.choice(WEEKDAYS)],
            "start": f"{start:02d}:00",
            "end": f"{start + 2:02d}:00",
            "pause_months": ["juli"],
        },
        "venue": {
            "name": f"{area['name']} Kulturhus",
            "address": {"street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}", "postcode": area["postcodes"][0],
                        "town": area["name"]},
            "coordinates": {"lat": lat, "lon": lon},
        },  # fmt: skip
        "area": area["id"],
        "accessibility": {k: rng.choice(ANSWERS) for k in ("step_free", "rollator_wheelchair", "accessible_toilet",
                                                          "toilet_help", "hearing_loop", "parking")},
        "transport": {k: rng.choice(ANSWERS) for k in ("pickup", "escort", "public_transport")},
        "welcome": {"host": rng.choice(ANSWERS), "try_first": rng.choice(ANSWERS), "group_size": "lille"},
        "cost": {"free": "nej", "price_dkk": rng.choice([10, 20, 35]), "price_covers": "kaffe og kage",
                 "membership": rng.choice(ANSWERS)},
        "signup": {"required": "nej", "how": "Mød bare op"},
        "contacts": [{"name": "Hanne Jensen", "role": "Tovholder", "phone": "44 97 12 34",
                      "email": "hanne@forening.example", "consent": "ja", "consent_date": "2026-03-01"}],
        "links": [{"url": f"https://forening-{index}.example/aktivitet", "text": "Læs mere"}],
        "status": "aktiv",
        "reviewed": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
    }  # fmt: skip


def make(count: int, out: Path, seed: int = 2026) -> None:
    """Write settings, organisations and ``count`` activities into ``out``."""
    from vejviser.settings import default_taxonomy

    rng = random.Random(seed)
    settings = yaml.safe_load((ROOT / "vejviser.yaml").read_text(encoding="utf-8"))
    taxonomy = settings.get("taxonomy") or default_taxonomy()
    if out.exists():
        shutil.rmtree(out)
    (out / "activities").mkdir(parents=True)
    (out / "organisations").mkdir()
    (out / "docs").mkdir()
    shutil.copy(ROOT / "vejviser.yaml", out / "vejviser.yaml")
    if settings.get("area_polygons"):  # the project's polygons, and pins inside them
        from vejviser.settings import load_settings

        shutil.copy(ROOT / settings["area_polygons"], out / settings["area_polygons"])
        settings["_shapes"] = load_settings(ROOT).area_shapes
    (out / "docs" / "om.md").write_text("# Om vejviseren\n", encoding="utf-8")
    organisations = max(1, count // 20)
    for index in range(organisations):
        text = yaml.safe_dump(_organisation(index), allow_unicode=True, sort_keys=False)
        (out / "organisations" / f"forening-{index}.yaml").write_text(text, encoding="utf-8")
    for index in range(count):
        record = _activity(index, rng, settings, taxonomy, organisations)
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (out / "activities" / f"aktivitet-{index:05d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="number of activities")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    make(args.count, args.out, args.seed)


if __name__ == "__main__":
    main()
