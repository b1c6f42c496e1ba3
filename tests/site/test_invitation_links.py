"""Each listed activity's page links its invitation (A5) and poster (A4), which a build with the
printed editions makes; a build without them neither makes nor links them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin

import pikepdf
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, TODAY
from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project

REPO = Path(__file__).resolve().parent.parent.parent
LINE = re.compile(r'<p class="vv-print-links">(.*?)</p>')
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


def _build(root: Path, print_on: bool) -> Path:
    shutil.copytree(EXAMPLES / "world", root)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n"
    assert "  - vejviser\n" in config  # the plugin's print is on by default
    if not print_on:
        config = config.replace("  - vejviser\n", "  - vejviser:\n      print: false\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "om.md").write_text("# Om\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The world (one activity) built as `make site` builds it, with the printed editions."""
    return _build(tmp_path_factory.mktemp("built") / "world", print_on=True)


def _links(body: str) -> list[tuple[str, str]]:
    lines = LINE.findall(body)
    assert len(lines) <= 1
    return LINK.findall(lines[0]) if lines else []


def test_an_activity_page_links_its_invitation_and_poster_and_says_they_are_pdfs(site):
    page = site / "aktiviteter" / "strikkecafe" / "index.html"
    body = page.read_text(encoding="utf-8")
    links = _links(body)
    assert [text for _, text in links] == ["en invitation (PDF, A5)", "en plakat med afrivningssedler (PDF, A4)"]
    assert "Udskriv: " in LINE.search(body).group(1)
    targets = [unquote(urljoin("aktiviteter/strikkecafe/", href)) for href, _ in links]  # relative to the page
    assert targets == ["invitationer/strikkecafe.pdf", "invitationer/strikkecafe-plakat.pdf"]
    for target, size in zip(targets, [(420, 595), (595, 842)], strict=True):
        with pikepdf.open(site / target) as pdf:
            box = pdf.pages[0].mediabox
            assert len(pdf.pages) == 1
            assert (round(float(box[2] - box[0])), round(float(box[3] - box[1]))) == size
            assert str(pdf.docinfo["/Title"]) == "Invitation: Strikkecafé i Måløv"


def test_the_build_makes_an_invitation_and_a_poster_for_every_listed_activity_and_nothing_else(site):
    made = sorted(path.name for path in (site / "invitationer").iterdir())
    assert made == ["strikkecafe-plakat.pdf", "strikkecafe.pdf"]


def _example_pages(invitations: bool) -> tuple[Directory, dict[str, str]]:
    settings = load_settings(REPO)  # the example municipality, read only
    directory = Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)
    pages = generate_pages(directory, invitations=invitations).pages
    return directory, {page.path: page.body for page in pages}


def test_only_listed_activities_link_an_invitation():
    directory, pages = _example_pages(invitations=True)
    left_out = [view for view in directory.views if not view.listed]
    assert left_out and directory.current
    for view in directory.views:
        links = _links(pages[f"aktiviteter/{view.id}.md"])
        assert bool(links) == view.listed, view.id
        if view.listed:
            assert [unquote(href) for href, _ in links] == [
                f"../../invitationer/{view.id}.pdf",
                f"../../invitationer/{view.id}-plakat.pdf",
            ]


def test_without_the_printed_editions_no_page_links_an_invitation():
    _, pages = _example_pages(invitations=False)
    assert not any(LINE.search(body) for body in pages.values())


def test_a_build_without_the_printed_editions_makes_and_links_no_invitation(tmp_path):
    site = _build(tmp_path / "world", print_on=False)
    assert not _links((site / "aktiviteter" / "strikkecafe" / "index.html").read_text(encoding="utf-8"))
    assert not (site / "invitationer").exists()
