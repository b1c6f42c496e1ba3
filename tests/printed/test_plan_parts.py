"""How a large book is cut into parts: whole category groups where they fit, in order, none lost."""

from __future__ import annotations

from vejviser.printed.book import plan_parts


def _sections(*areas: list[int]) -> list[dict]:
    """Areas, each a list of group sizes; entries are numbered through the book."""
    sections, n = [], 0
    for a, sizes in enumerate(areas):
        groups = []
        for g, size in enumerate(sizes):
            groups.append({"title": f"kategori {a}.{g}", "entries": [{"n": n + i} for i in range(size)]})
            n += size
        sections.append({"title": f"område {a}", "groups": groups})
    return sections


def _numbers(parts) -> list[int]:
    return [e["n"] for part in parts for group in part.groups for e in group["entries"]]


def test_every_entry_is_in_one_part_in_the_books_order():
    sections = _sections([5, 7, 3], [12], [1, 1, 9])
    parts = plan_parts(sections, limit=10)
    assert _numbers(parts) == list(range(38))
    assert all(0 < part.entries <= 10 for part in parts)
    assert [part.entries for part in parts] == [sum(len(g["entries"]) for g in p.groups) for p in parts]


def test_a_group_that_fits_in_a_part_is_not_split():
    parts = plan_parts(_sections([6, 6]), limit=10)
    assert [[len(g["entries"]) for g in part.groups] for part in parts] == [[6], [6]]


def test_a_group_larger_than_a_part_fills_parts_and_continues():
    parts = plan_parts(_sections([3, 25]), limit=10)
    assert [[len(g["entries"]) for g in part.groups] for part in parts] == [[3, 7], [10], [8]]
    # The group's heading goes with each piece; only its first piece opens the area.
    assert [g["title"] for part in parts for g in part.groups] == ["kategori 0.0"] + ["kategori 0.1"] * 3
    assert [g["section"] for part in parts for g in part.groups] == ["område 0", None, None, None]


def test_each_area_is_opened_once_by_its_first_group():
    parts = plan_parts(_sections([4, 4], [4], [4, 4]), limit=8)
    opened = [g["section"] for part in parts for g in part.groups if g["section"]]
    assert opened == ["område 0", "område 1", "område 2"]


def test_a_small_book_is_one_part():
    parts = plan_parts(_sections([2, 3], [4]), limit=800)
    assert len(parts) == 1 and parts[0].entries == 9
