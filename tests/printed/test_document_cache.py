"""Sheets, invitations and posters typeset once per content and kept in the build cache: a print
after a change typesets what the change touched and nothing else, and its files are byte for byte
those of a print without a cache."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from tests.printed.conftest import TODAY
from vejviser.cache import CACHE_FILE
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.printed import typeset
from vejviser.printed.content import PrintedDirectory
from vejviser.printed.invitation import make_invitations
from vejviser.printed.make import make_sheets
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

KNITTING = "activities/strikkecafe-i-måløv.yaml"  # in Måløv


@pytest.fixture
def typeset_now(monkeypatch) -> list[tuple[str, str]]:
    """What is typeset by Typst (not taken from the cache): (template, sheet title or activity id)."""
    done: list[tuple[str, str]] = []
    apart, batch = typeset.typeset_apart, typeset._typeset_apart

    def one(work, template, inputs):
        if template == "sheet.typ":
            done.append((template, json.loads((work.folder / "data.json").read_text("utf-8"))["title"]))
        return apart(work, template, inputs)

    def many(work, chunk, cache):
        done.extend((job.template, job.target.stem.removesuffix("-plakat")) for job, _ in chunk)
        return batch(work, chunk, cache)

    monkeypatch.setattr(typeset, "typeset_apart", one)
    monkeypatch.setattr(typeset, "_typeset_apart", many)
    return done


def _print(project, out, today=TODAY, only=None):
    """The area sheets, and every activity's invitation and poster (or ``only`` those of one), as a build
    makes them: a dict of their bytes by name."""
    settings = load_settings(project)
    directory = Directory(settings, validate_project(settings, today), Messages(), today)
    printed = PrintedDirectory(directory)
    if only is None:
        make_sheets(printed, out)
    make_invitations(printed, out, [view for view in directory.current if only in (None, view.id)])
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*.pdf"))}


def _clean(project, tmp_path, name):
    """A print of a copy of ``project`` that has no cache."""
    copy = tmp_path / f"{name}-project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    return _print(copy, tmp_path / name)


def test_a_second_print_typesets_no_sheet_invitation_or_poster_and_makes_the_same_files(example, tmp_path, typeset_now):
    cold = _print(example, tmp_path / "cold")
    assert {template for template, _ in typeset_now} == {"sheet.typ", "invitation.typ", "poster.typ"}
    typeset_now.clear()
    warm = _print(example, tmp_path / "warm")
    assert typeset_now == []
    assert len(warm) > 100 and warm.keys() == cold.keys()
    assert [name for name in cold if warm[name] != cold[name]] == []


def test_a_changed_record_typesets_its_own_invitation_poster_and_area_sheet_only(example, tmp_path, typeset_now):
    _print(example, tmp_path / "before")
    record = example / KNITTING
    record.write_text(record.read_text("utf-8").replace("title: ", "title: Ny ", 1), "utf-8")
    typeset_now.clear()
    after = _print(example, tmp_path / "after")
    invitations = sorted((template, name) for template, name in typeset_now if template != "sheet.typ")
    sheets = {name for template, name in typeset_now if template == "sheet.typ"}
    assert invitations == [("invitation.typ", "strikkecafe-i-måløv"), ("poster.typ", "strikkecafe-i-måløv")]
    # the area's own sheet, and those whose "just outside" may list it (tried with all near ones first)
    settings = load_settings(example)
    printed = PrintedDirectory(Directory(settings, validate_project(settings, TODAY), Messages(), TODAY))
    near = {f"Aktiviteter i {area.name}" for area in settings.areas
            if any(view.id == "strikkecafe-i-måløv" for _, view in printed.near(area))}  # fmt: skip
    assert sheets == {"Aktiviteter i Måløv"} | near, (sheets, near)
    assert len(sheets) < len(settings.areas)
    clean = _clean(example, tmp_path, "clean")
    assert after.keys() == clean.keys()
    assert [name for name in clean if after[name] != clean[name]] == []


def test_another_day_typesets_again(example, tmp_path, typeset_now):
    _print(example, tmp_path / "today", only="strikkecafe-i-måløv")
    typeset_now.clear()
    _print(example, tmp_path / "tomorrow", TODAY + dt.timedelta(days=1), "strikkecafe-i-måløv")
    assert sorted(typeset_now) == [("invitation.typ", "strikkecafe-i-måløv"), ("poster.typ", "strikkecafe-i-måløv")]


def test_a_damaged_cache_typesets_everything_again_to_the_same_files(example, tmp_path, typeset_now):
    cold = _print(example, tmp_path / "cold", only="strikkecafe-i-måløv")
    (example / CACHE_FILE).write_bytes(b"\0damaged" * 1000)
    typeset_now.clear()
    assert _print(example, tmp_path / "damaged", only="strikkecafe-i-måløv") == cold
    assert len(typeset_now) == 2


def test_an_edited_template_typesets_what_uses_it_again(example, tmp_path, typeset_now, monkeypatch):
    _print(example, tmp_path / "before", only="strikkecafe-i-måløv")
    templates = tmp_path / "templates"
    shutil.copytree(typeset.TEMPLATES, templates)
    with (templates / "poster.typ").open("a", encoding="utf-8") as poster:
        poster.write("\n// edited\n")
    monkeypatch.setattr(typeset, "TEMPLATES", templates)
    typeset_now.clear()
    _print(example, tmp_path / "after", only="strikkecafe-i-måløv")
    assert sorted(typeset_now) == [("invitation.typ", "strikkecafe-i-måløv"), ("poster.typ", "strikkecafe-i-måløv")]
