"""The map's data carries the search's facets (one definition), packed small, and the map page hands the
browser the same filters, names and words the search has."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.present.facets import WHEN, build_facets, values_of
from vejviser.settings import load_settings
from vejviser.site import mapdata
from vejviser.site.mapdata import (
    ANY,
    BITS,
    MAP_DISTANCES,
    NUMBER,
    ONE,
    SCALE,
    facet_values,
    fields,
    map_data,
    map_facets,
    numbers,
    pack,
    unpack,
    value_bits,
)
from vejviser.site.pages import PageMaker
from vejviser.validate.project import validate_project

MAP_JS = Path(mapdata.__file__).parent.parent / "assets" / "map.js"


@pytest.fixture(scope="module")
def directory() -> Directory:
    settings = load_settings(REPO)
    result = validate_project(settings, TODAY)
    assert result.ok, result.problems
    return Directory(settings, result, Messages(), TODAY)


@pytest.fixture(scope="module")
def data(directory):
    return map_data(directory.views, directory.settings, directory.messages)


def test_the_map_carries_every_facet_of_the_search_but_the_days_from_today(directory, data):
    search = [f.key for f in build_facets(directory.settings, directory.messages)]
    carried = [name for name, kind, _ in data.index["fields"] if kind != NUMBER]
    assert [name for name, _, _ in data.index["fields"][:2]] == ["y", "x"]
    assert carried == [key for key in search if key != WHEN]
    assert {"omraade", "kategori", "maalgruppe", "ugedag", "tidspunkt", "form", "gratis", "group_size"} <= set(carried)
    assert "step_free" in carried and "required" in carried  # the barrier answers, by the search's names
    kinds = {name: kind for name, kind, _ in data.index["fields"]}
    assert kinds["step_free"] == kinds["form"] == ONE and kinds["kategori"] == ANY  # activities with several interests


def _rows(directory, data) -> list[dict]:
    facets = {f.key: f for f in map_facets(directory.settings, directory.messages)}
    names = [name for name, _, _ in data.index["fields"]]
    out = []
    for text in data.index["rows"]:
        numbers = dict(zip(names, unpack(data.index["fields"], text), strict=True))
        out.append({n: facet_values(facets[n], v) if n in facets else v for n, v in numbers.items()})
    return out


def test_each_row_holds_its_place_and_the_values_the_search_indexes_for_its_activity(directory, data):
    placed = [v for v in directory.views if v.listed and v.activity.position is not None]
    assert data.ids == [v.id for v in placed] and len(data.index["rows"]) == len(placed) >= 40
    facets = map_facets(directory.settings, directory.messages)
    south, west = data.index["origin"]
    for view, row in zip(placed, _rows(directory, data), strict=True):
        position = view.activity.position
        assert (
            abs(south + row["y"] / SCALE - position.lat) < 1e-5 and abs(west + row["x"] / SCALE - position.lon) < 1e-5
        )
        expected = values_of(view.activity, directory.settings)
        for facet in facets:
            offered = {value for value, _ in facet.values}
            assert set(row[facet.key]) == {str(v) for v in expected.get(facet.key, ())} & offered, (view.id, facet.key)


def test_the_ids_and_words_are_in_the_rows_order_and_a_row_is_one_short_string(data):
    assert [words[5] for chunk in data.chunks for words in chunk] == data.ids
    width = sum(bits for _, _, bits in data.index["fields"])
    assert all(isinstance(row, str) and len(row) == -(-width // BITS) for row in data.index["rows"])
    assert width < 100  # a place and 21 facets in at most 17 characters


def test_packing_reads_back_what_it_wrote_at_every_edge(directory):
    facets = map_facets(directory.settings, directory.messages)
    every = {f.key: tuple(v for v, _ in f.values) for f in facets}
    single = {f.key: (f.values[-1][0],) for f in facets}
    layout = fields(facets, [every, single, {}], (2**17 - 1, 5))
    assert layout[0] == ["y", NUMBER, 17] and layout[1] == ["x", NUMBER, 3]
    # a facet of several values in a row has a bit for each (one value, "gratis", its number plus one)
    assert [kind for _, kind, _ in layout[2:]] == [ANY if len(f.values) > 1 else ONE for f in facets]
    for values, y, x in ((every, 2**17 - 1, 5), (single, 0, 0), ({}, 1, 1)):
        numbers_ = numbers(value_bits(facets), values, y, x)
        assert unpack(layout, pack(layout, numbers_)) == numbers_
    layout = fields(facets, [single, {}], (3, 3))
    assert all(
        kind == ONE and bits == len(f.values).bit_length()
        for (_, kind, bits), f in zip(layout[2:], facets, strict=True)
    )
    for values in (single, {}):
        numbers_ = numbers(value_bits(facets), values, 3, 2)
        assert unpack(layout, pack(layout, numbers_)) == numbers_
        back = unpack(layout, pack(layout, numbers_))[2:]
        assert [facet_values(f, n) for f, n in zip(facets, back, strict=True)] == [
            values.get(f.key, ()) for f in facets
        ]


def test_the_script_reads_the_rows_as_the_build_writes_them():
    script = MAP_JS.read_text(encoding="utf-8")
    assert re.search(r'const DIGITS = "([^"]+)"', script).group(1) == mapdata.DIGITS
    assert int(re.search(r"const BITS = (\d+);", script).group(1)) == mapdata.BITS
    assert f'kind === "{ANY}"' in script and f'kind === "{ONE}"' in script and f'kind !== "{NUMBER}"' in script


def test_the_map_page_offers_the_searchs_filters_with_their_names_and_the_distances(directory, data):
    page = PageMaker(directory).map_page(data)
    body = page.body
    script = json.loads(re.search(r'<script type="application/json" id="vv-map-texts">(.*?)</script>', body, re.S)[1])
    facets = build_facets(directory.settings, directory.messages)
    assert [f["key"] for f in script["facets"]] == [f.key for f in facets]
    assert script["when"] == WHEN
    for facet in facets:
        assert f'<fieldset data-vv-facet="{facet.key}">' in body
        for index, (value, _) in enumerate(facet.values):
            assert f'id="vv-m-{facet.key}-{index}" name="{facet.key}" value="{value}"' in body
    groups = re.findall(r'<details class="vv-map__group" data-group="([^"]+)">', body)
    assert groups == list(dict.fromkeys(f.group for f in facets))  # grouped as the search groups them
    assert re.findall(r'<option value="(\d+)">Højst \d+ km</option>', body) == [str(km) for km in MAP_DISTANCES]
    assert 'name="afstand"' in body and 'name="postnummer"' in body
    assert all(key.startswith("map.") for key in script["texts"])
