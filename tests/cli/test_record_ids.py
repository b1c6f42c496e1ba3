"""Every command that writes a record takes only plain record ids: any other form writes
nothing, anywhere, and says why (``confirm``, ``from-issue``'s three forms, ``new``, ``geocode --write``)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_ids import HOSTILE_IDS
from vejviser.cli import main

TODAY = "2026-12-01"
#: What the hostile ids aim at, besides the project itself: a file beside it.
BESIDE = "beside.yaml"


def _snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (the project and what lies beside it) by content."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "link"
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


@pytest.fixture
def project(example) -> Path:
    (example.parent / BESIDE).write_text("title: not a record of this project\n", encoding="utf-8")
    return example


def _issue(form: str, record_id: str) -> str:
    if form == "aktivitet-stoppet":
        return f"### Aktivitetens id\n\n{record_id}\n\n### Bemærkning\n\nVi stopper.\n"
    return f"### Aktivitetens id\n\n{record_id}\n\n### Titel\n\nEn ny titel\n"


FORMS_WITH_ID = ["ret-aktivitet", "aktivitet-stoppet"]
#: Forms that can be written on one line of an issue's answer (an answer is one block of text).
ISSUE_IDS = [(text, code) for text, code in HOSTILE_IDS if "\n" not in text and text.strip()]


@pytest.mark.parametrize("form", FORMS_WITH_ID)
@pytest.mark.parametrize(("record_id", "code"), ISSUE_IDS, ids=[repr(t) for t, _ in ISSUE_IDS])
def test_from_issue_writes_nothing_for_an_id_that_is_not_a_plain_record_id(project, form, record_id, code):
    before = _snapshot(project.parent)
    result = CliRunner().invoke(
        main, ["from-issue", "-", "--form", form, "--project", str(project), "--today", TODAY],
        input=_issue(form, record_id),
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _snapshot(project.parent) == before
    said = result.output
    assert any(word in said for word in ("ikke et id", "ikke et gyldigt id", "usynlige tegn", "højst være 80 tegn",
                                          "kan ikke bruges som id", "ingen fil med id"))  # fmt: skip


@pytest.mark.parametrize("form", FORMS_WITH_ID)
def test_from_issue_cannot_reach_an_organisation_through_an_activity_id(project, form):
    before = _snapshot(project.parent)
    organisation = next((project / "organisations").glob("*.yaml")).stem
    result = CliRunner().invoke(
        main, ["from-issue", "-", "--form", form, "--project", str(project), "--today", TODAY],
        input=_issue(form, f"../organisations/{organisation}"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert _snapshot(project.parent) == before


@pytest.mark.parametrize(("record_id", "code"), HOSTILE_IDS, ids=[repr(t) for t, _ in HOSTILE_IDS])
def test_confirm_writes_nothing_for_an_id_that_is_not_a_plain_record_id(project, record_id, code):
    before = _snapshot(project.parent)
    result = CliRunner().invoke(main, ["confirm", "strikkecafe-i-måløv", record_id, "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert _snapshot(project.parent) == before  # not even the valid id before it


def test_confirm_finds_a_yml_record_and_keeps_its_ending(project):
    old = project / "activities" / "strikkecafe-i-måløv.yaml"
    old.rename(old.with_suffix(".yml"))
    result = CliRunner().invoke(main, ["confirm", "strikkecafe-i-måløv", "--project", str(project), "--date", TODAY])
    assert result.exit_code == 0, result.output
    assert "activities/strikkecafe-i-måløv.yml" in result.output
    assert f"reviewed: {TODAY}" in old.with_suffix(".yml").read_text(encoding="utf-8")


def test_confirm_refuses_a_record_that_is_a_link_out_of_the_project(project):
    os.symlink(project.parent / BESIDE, project / "activities" / "udenfor.yaml")
    before = _snapshot(project.parent)
    result = CliRunner().invoke(main, ["confirm", "udenfor", "--project", str(project)])
    assert result.exit_code == 2
    assert "ikke en almindelig fil" in result.output
    assert _snapshot(project.parent) == before


@pytest.mark.parametrize("title", ["../vejviser", "/etc/passwd", "..\\..\\x", "index", "con", "../organisations/x"])
def test_new_and_from_issue_make_the_new_id_themselves_inside_activities(project, title):
    from vejviser.ids import new_record_path

    target = new_record_path(project, "activity", title)
    assert target.parent == project / "activities"
    assert target.stem not in ("index", "con") and "/" not in target.stem and ".." not in target.stem


def test_geocode_write_goes_through_the_same_ids(project, monkeypatch):
    """A record read by validation is written back by its id, never by a path taken from elsewhere."""
    import sys

    from vejviser import ids

    command = sys.modules["vejviser.cli.geocode"]
    seen = []
    real = ids.record_path
    monkeypatch.setattr(command, "record_path", lambda *a: seen.append(a[2]) or real(*a))
    monkeypatch.setattr(command, "geopy_lookup", lambda config: lambda query: None)
    result = CliRunner().invoke(main, ["geocode", str(project), "--write"])
    assert "Traceback" not in result.output
    assert seen and all(ids.check_id(record_id) == record_id for record_id in seen)


@pytest.mark.parametrize(
    "trap", ["x: !custom {a: 1}\n", "x: &a [1]\ny: *a\n", "title: igen\n", "x: " + "[" * 3000 + "]" * 3000 + "\n",
             "".join(f"felt{i}: {i}\n" for i in range(300))],
    ids=["tag", "anchor", "duplicate-key", "deep", "many-fields"],
)  # fmt: skip
def test_a_record_the_loader_refuses_is_not_edited_and_the_command_says_why(project, trap):
    record = project / "activities" / "strikkecafe-i-måløv.yaml"
    record.write_text(record.read_text(encoding="utf-8") + trap, encoding="utf-8")
    before = _snapshot(project.parent)
    for args, body in ((["confirm", "strikkecafe-i-måløv"], None),
                       (["from-issue", "-", "--form", "aktivitet-stoppet", "--today", TODAY],
                        _issue("aktivitet-stoppet", "strikkecafe-i-måløv"))):  # fmt: skip
        result = CliRunner().invoke(main, [*args, "--project", str(project)], input=body)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        assert "Kunne ikke skrive i activities/strikkecafe-i-måløv.yaml" in result.output
    assert _snapshot(project.parent) == before


def test_confirm_keeps_who_may_read_the_record(project):
    record = project / "activities" / "strikkecafe-i-måløv.yaml"
    record.chmod(0o644)
    assert CliRunner().invoke(main, ["confirm", "strikkecafe-i-måløv", "--project", str(project)]).exit_code == 0
    assert record.stat().st_mode & 0o777 == 0o644
