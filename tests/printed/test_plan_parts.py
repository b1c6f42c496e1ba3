"""How a large book is cut into parts (whole category groups where they fit, in order, none lost), how
many of its documents are typeset side by side (as their memory allows, in order), and its indexes'
pages given as runs."""

from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner

from tests.printed.conftest import REPO, TODAY, pdf_text
from vejviser.cli import main
from vejviser.printed.book import _Memory, page_runs, plan_parts
from vejviser.printed.typeset import PrintError
from vejviser.settings import load_settings


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


def test_every_group_knows_its_area_for_a_part_that_goes_on_with_it():
    parts = plan_parts(_sections([3, 25], [2]), limit=10)
    assert [g["area"] for part in parts for g in part.groups] == ["område 0"] * 4 + ["område 1"]


def test_a_part_that_goes_on_with_a_section_starts_with_its_name_continued(tmp_path):
    """Parts of 5 begin inside an area and inside a category: each is a PDF/UA document of its own
    (whose first heading must be of level 1), and the joined book says where it goes on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("vejviser.printed.book.PART_ENTRIES", 5)
        command = ["print", str(REPO), "--out", str(tmp_path), "--today", TODAY.isoformat()]
        result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    pages = pdf_text(tmp_path / "netvaerksbogen.pdf")
    continued = [page for page in pages if "(fortsat)" in " ".join(page.split("\n")[:2])]
    assert continued and len(pages) % 4 == 0
    areas = {a.name for a in load_settings(REPO).areas} | {"Hjemme hos dig og i telefonen"}
    assert all(" ".join(page.split()).split(" (fortsat)")[0] in areas for page in continued)
    assert "(fortsat)" not in " ".join(pages[:5])  # not in the contents


def test_an_index_gives_consecutive_pages_as_a_run_from_the_first_to_the_last():
    assert page_runs({12, 13, 14, 20, 22, 23}) == [[12, 14], [20, 20], [22, 23]]
    assert page_runs({7}) == [[7, 7]]
    assert page_runs(set()) == []


def _typeset_side_by_side(needs: list[float], limit: float) -> list[tuple[str, int]]:
    """Documents with these ``needs`` typeset by two lanes under ``limit``: when each began and ended."""
    memory, said, lock = _Memory(limit), [], threading.Lock()

    def document(number: int) -> None:
        with memory.share(number, needs[number], "book-part.typ"):
            with lock:
                said.append(("begins", number))
            time.sleep(0.3)  # long enough for the other lane to begin, if it may
            with lock:
                said.append(("ends", number))

    lanes = [threading.Thread(target=lambda numbers=numbers: [document(n) for n in numbers]) for numbers in
             (range(0, len(needs), 2), range(1, len(needs), 2))]  # fmt: skip
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join(timeout=10)
    return said


def _side_by_side_at_most(said: list[tuple[str, int]], needs: list[float]) -> float:
    running, most = set(), 0.0
    for what, number in said:
        running = running | {number} if what == "begins" else running - {number}
        most = max(most, sum(needs[n] for n in running))
    return most


def test_documents_that_fit_together_are_typeset_side_by_side():
    needs = [280.0, 280.0, 280.0, 280.0]
    said = _typeset_side_by_side(needs, limit=600)
    assert said[:2] == [("begins", 0), ("begins", 1)]
    assert _side_by_side_at_most(said, needs) == 560


def test_a_document_that_does_not_fit_beside_the_one_running_waits_and_none_overtakes_it():
    # Two large indexes and two small ones: the second large one waits for the first, and the small one
    # after it, which would fit, does not begin before it (it may be waiting for its page numbers).
    needs = [430.0, 410.0, 100.0, 60.0]
    said = _typeset_side_by_side(needs, limit=600)
    assert said.index(("ends", 0)) < said.index(("begins", 1)) < said.index(("begins", 2))
    assert _side_by_side_at_most(said, needs) <= 600
    assert sorted(number for what, number in said if what == "ends") == [0, 1, 2, 3]


def test_a_document_larger_than_the_limit_is_typeset_alone():
    needs = [900.0, 50.0]
    said = _typeset_side_by_side(needs, limit=600)
    assert said == [("begins", 0), ("ends", 0), ("begins", 1), ("ends", 1)]


def test_documents_waiting_for_their_share_stop_when_the_book_stops():
    memory = _Memory(100)
    failed = []

    def waiting() -> None:
        try:
            with memory.share(1, 50, "book-index.typ"):  # its turn never comes: document 0 never began
                pass
        except PrintError as exc:
            failed.append(exc)

    thread = threading.Thread(target=waiting)
    thread.start()
    memory.stop()
    thread.join(timeout=10)
    assert not thread.is_alive() and len(failed) == 1
