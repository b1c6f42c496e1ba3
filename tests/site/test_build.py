"""`vejviser build`: validates, builds with MkDocs, and swaps the site in only on success."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from vejviser.cli import main

REPO = Path(__file__).parent.parent.parent


@pytest.fixture
def project(world):
    shutil.copy(REPO / "mkdocs.yml", world / "mkdocs.yml")
    text = (world / "mkdocs.yml").read_text(encoding="utf-8")
    (world / "mkdocs.yml").write_text(text.split("\nnav:")[0] + "\n", encoding="utf-8")
    (world / "docs").mkdir()
    (world / "docs" / "om.md").write_text("# Om\n", encoding="utf-8")
    return world


def build(project):
    return CliRunner().invoke(main, ["build", str(project)])


def test_build_makes_a_page_per_activity_and_organisation(project):
    result = build(project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    page = (site / "aktiviteter" / "strikkecafe" / "index.html").read_text(encoding="utf-8")
    assert "Strikkecafé i Måløv" in page
    assert (site / "foreninger" / "seniorklubben" / "index.html").is_file()
    assert "Hver tirsdag" in (site / "omraader" / "måløv" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "vejviser" / "search.js").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (project / "docs" / "aktiviteter").exists()
    for name in ("activity", "organisation", "settings"):  # published for editors and forms elsewhere
        bundled = REPO / "src" / "vejviser" / "schema" / f"{name}.schema.json"
        assert (site / "schema" / f"{name}.schema.json").read_bytes() == bundled.read_bytes()


def test_an_invalid_record_leaves_the_previous_site_untouched(project):
    assert build(project).exit_code == 0
    marker = project / "site" / "marker.txt"
    marker.write_text("published", encoding="utf-8")
    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    result = build(project)
    assert result.exit_code == 1
    assert "schedule.weekdays[0]" in result.output
    assert marker.read_text(encoding="utf-8") == "published"
    assert not list(project.glob(".site-*"))


def test_a_rebuild_replaces_the_site_and_the_old_one_is_removed_in_the_background(project):
    assert build(project).exit_code == 0
    (project / "site" / "marker.txt").write_text("old", encoding="utf-8")
    assert build(project).exit_code == 0
    assert not (project / "site" / "marker.txt").exists()
    assert (project / "site" / "index.html").is_file()
    for _ in range(100):  # the removal runs on after the build has returned
        if not list(project.glob(".site.old-*")):
            break
        time.sleep(0.1)
    assert not list(project.glob(".site.old-*")) and not list(project.glob(".site-*"))


def test_a_replaced_site_left_behind_is_removed_by_the_next_build(project):
    left = project / ".site.old-abc123" / "site"
    left.mkdir(parents=True)
    (left / "index.html").write_text("old", encoding="utf-8")
    assert build(project).exit_code == 0
    for _ in range(100):
        if not left.parent.exists():
            break
        time.sleep(0.1)
    assert not left.parent.exists()


def test_the_plugin_refuses_invalid_records_when_mkdocs_runs_alone(project, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "out"))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert "activities/strikkecafe.yaml:11:14: fejl: schedule.weekdays[0]: 'tirsdg'" in caplog.text
    assert not (project / "out" / "aktiviteter").exists()


def test_the_map_libraries_are_served_by_the_site_with_their_licences(project):
    assert build(project).exit_code == 0
    vendor = project / "site" / "assets" / "vendor"
    wanted = ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE", "leaflet/images/marker-icon.png",
              "leaflet.markercluster/leaflet.markercluster.js", "leaflet.markercluster/MIT-LICENCE.txt"]  # fmt: skip
    for path in wanted:
        assert (vendor / path).is_file(), path
    assert "BSD" in (vendor / "leaflet" / "LICENSE").read_text(encoding="utf-8")


def test_build_makes_the_book_and_area_sheets_linked_from_the_staff_page(project):
    result = build(project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    staff = (site / "medarbejdere" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./([^"]+\.pdf)"', staff)
    assert "netvaerksbogen.pdf" in links and "netvaerksbogen-stor-skrift.pdf" in links
    assert "omraadeark/m%C3%A5l%C3%B8v.pdf" in links
    for link in links:
        pdf = site / unquote(link)
        assert pdf.read_bytes().startswith(b"%PDF-"), link


def test_a_failed_print_fails_the_build_and_leaves_the_previous_site(project, tmp_path, monkeypatch, caplog):
    assert build(project).exit_code == 0
    marker = project / "site" / "marker.txt"
    marker.write_text("published", encoding="utf-8")
    broken = tmp_path / "templates"
    shutil.copytree(REPO / "src" / "vejviser" / "templates" / "print", broken)
    (broken / "book-style.typ").write_text('#let book = json("book.json")\n#book.no_such_field\n', encoding="utf-8")
    monkeypatch.setattr("vejviser.printed.typeset.TEMPLATES", broken)
    result = build(project)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert 'dictionary does not contain key "no_such_field"' in caplog.text
    assert marker.read_text(encoding="utf-8") == "published"
    assert not list(project.glob(".site-*"))
