"""A build that finds the last build's cache makes the same site as a clean build, byte for byte,
after each kind of change: a record's title, its area, an organisation, the settings, a deleted
record, a new record, a hand-written page, and a damaged cache.

The example municipality is built once (printed editions on) and copied, cache and site with it, for
each change; the clean build is of a copy of the changed project without either. Pagefind writes its
index and filter files in an order of its own (two clean builds differ there), so those are compared
by their number and the pages they count; every other file, the search fragments among them, byte
for byte.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, TODAY, copy_example
from vejviser.cache import CACHE_FILE, BuildCache
from vejviser.cli import main

KNITTING = "activities/strikkecafe-i-måløv.yaml"
#: Pagefind's files whose names and bytes depend on the order it read the documents in.
UNORDERED = ("pagefind/index/", "pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.")


def _unordered(name: str) -> bool:
    return name.startswith(UNORDERED) and not name.endswith((".js", ".css"))


def _project(root: Path) -> Path:
    copy_example(root)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.split("\nnav:")[0] + "\n", encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("images"))
    return root


def _build(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 0, result.output


def _site(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _same(incremental: dict[str, bytes], clean: dict[str, bytes]) -> None:
    def ordered(files):
        return {name: data for name, data in files.items() if not _unordered(name)}

    def unordered(files):
        entry = json.loads(files["pagefind/pagefind-entry.json"])
        counts = {lang: found["page_count"] for lang, found in entry["languages"].items()}
        return counts, sum(_unordered(name) for name in files)

    assert ordered(incremental).keys() == ordered(clean).keys()
    assert [name for name, data in ordered(clean).items() if incremental[name] != data] == []
    assert unordered(incremental) == unordered(clean)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example built once, its cache filled."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VEJVISER_TODAY", TODAY.isoformat())
        project = _project(tmp_path_factory.mktemp("built") / "kommune")
        _build(project)
    assert (project / CACHE_FILE).is_file()
    return project


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _new_record(project: Path) -> None:
    text = (project / KNITTING).read_text(encoding="utf-8")
    (project / "activities" / "strikkecafe-om-aftenen.yaml").write_text(
        text.replace("title: Strikkecafé i Måløv", "title: Strikkecafé om aftenen"), encoding="utf-8"
    )


def _damage(project: Path) -> None:
    (project / CACHE_FILE).write_bytes(b"\0not a database" * 4000)


CHANGES = {
    "a record's title": lambda p: _edit(p, KNITTING, "title: Strikkecafé i Måløv", "title: Strik og kaffe i Måløv"),
    "a record's area": lambda p: [
        _edit(p, KNITTING, 'postcode: "2760"\n    town: Måløv', 'postcode: "2750"\n    town: Ballerup'),
        _edit(p, KNITTING, "{lat: 55.7471, lon: 12.3191}", "{lat: 55.7305, lon: 12.3630}"),
    ],
    "an organisation": lambda p: _edit(p, "organisations/måløv-frivilligcenter.yaml", "name: ", "name: Nyt navn – "),
    "the settings": lambda p: _edit(p, "vejviser.yaml", "phone: 44 77 00 00", "phone: 44 77 11 11"),
    "a deleted record": lambda p: (p / KNITTING).unlink(),
    "a new record": _new_record,
    "a hand-written page": lambda p: _edit(p, "docs/koordinator.md", "\n", "\nEn ny linje.\n"),
    "a damaged cache": _damage,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_build_after_a_change_is_the_clean_build_of_the_changed_records(built, tmp_path, monkeypatch, change):
    monkeypatch.setenv("VEJVISER_TODAY", TODAY.isoformat())
    project = tmp_path / "kommune"
    shutil.copytree(built, project, symlinks=True)
    CHANGES[change](project)
    _build(project)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns(".cache", "site", ".site*"))
    _build(clean)
    _same(_site(project), _site(clean))


def test_the_comparison_sees_a_changed_page(built, tmp_path, monkeypatch):
    """The comparison itself: a site built from other records is told apart."""
    monkeypatch.setenv("VEJVISER_TODAY", TODAY.isoformat())
    project = tmp_path / "kommune"
    shutil.copytree(built, project, symlinks=True)
    CHANGES["a record's title"](project)
    _build(project)
    with pytest.raises(AssertionError):
        _same(_site(project), _site(built))


@pytest.fixture
def made(monkeypatch) -> dict[str, int]:
    """How many entries of each kind a build made itself (rather than found in the cache)."""
    counts: dict[str, int] = {}
    real = BuildCache.put_many

    def put_many(cache, kind, entries):
        if cache.path is not None:
            counts[kind] = counts.get(kind, 0) + len(entries)
        return real(cache, kind, entries)

    monkeypatch.setattr(BuildCache, "put_many", put_many)
    return counts


def test_a_build_without_a_change_makes_nothing_the_cache_has(built, tmp_path, monkeypatch, made):
    monkeypatch.setenv("VEJVISER_TODAY", TODAY.isoformat())
    project = tmp_path / "kommune"
    shutil.copytree(built, project, symlinks=True)
    _build(project)
    assert {kind: count for kind, count in made.items() if count} == {}


def test_a_changed_title_redraws_its_page_and_those_that_show_it_only(built, tmp_path, monkeypatch, made):
    monkeypatch.setenv("VEJVISER_TODAY", TODAY.isoformat())
    project = tmp_path / "kommune"
    shutil.copytree(built, project, symlinks=True)
    CHANGES["a record's title"](project)
    _build(project)
    site = _site(project)
    showing = [name for name, data in site.items()
               if name.startswith("aktiviteter/") and "Strik og kaffe i Måløv".encode() in data]  # fmt: skip
    assert made["validated"] == 1
    assert 1 <= made["page"] <= len(showing)  # its own page and those that list it as similar
    assert made["ics"] == 1
    invitations = sum(name.startswith("invitationer/") for name in site)
    assert 2 <= made["pdf"] < invitations / 4  # its invitation and poster, and the sheets that may list it
    assert made.get("qr", 0) == 0  # its address is the same
