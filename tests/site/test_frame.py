"""The frame: activity pages drawn from one rendering of the theme's page are the pages the theme draws."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config

from vejviser.site.frame import Frame

REPO = Path(__file__).parent.parent.parent
TEMPLATE = jinja2.Environment().from_string(
    '<title>{{ page.meta.title }} - Site</title>\n<link rel=canonical href="{{ page.canonical_url }}">\n'
    '<a href="{{ page.url }}">{{ "nav" }}</a>{% if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}'
    "{{ page.content }}\n<footer>{{ page.meta.hide | join(',') }}</footer>"
)


def a_page(title: str, content: str, hide=("toc",), url="aktiviteter/a/") -> SimpleNamespace:
    return SimpleNamespace(
        title=title, meta={"title": title, "hide": list(hide)}, content=content, url=url,
        canonical_url=f"https://example.org/{url}", toc=[], previous_page=None, next_page=None, parent=None,
        edit_url=None,
    )  # fmt: skip


def context(page) -> dict:
    return {"page": page, "base_url": "../.."}


def test_a_frame_filled_with_another_page_gives_what_the_template_gives():
    frame = Frame.derive(TEMPLATE, context(a_page("Strikkecafé", "<h1>Strikkecafé</h1><p>Kaffe</p>")))
    assert frame is not None
    other = a_page("Kaffe &amp; kage", "<h1>Kaffe &amp; kage</h1>\n<p>{{ not a template }}</p>", url="aktiviteter/b/")
    assert frame.fits(other, context(other))
    assert frame.fill(other) == TEMPLATE.render(context(other))


def test_no_frame_when_the_template_does_more_than_print_a_value():
    template = jinja2.Environment().from_string("<title>{{ page.meta.title | upper }}</title>{{ page.content }}")
    page = a_page("Strikkecafé", "<h1>Strikkecafé</h1>")
    assert Frame.derive(template, context(page)) is None


def test_no_frame_for_a_page_without_a_heading_of_its_own():
    # Material adds a heading when the content has none; a frame can't know the difference.
    assert Frame.derive(TEMPLATE, context(a_page("Strikkecafé", "<p>Kaffe</p>"))) is None


def test_a_page_of_another_shape_does_not_fit():
    frame = Frame.derive(TEMPLATE, context(a_page("Strikkecafé", "<h1>Strikkecafé</h1>")))
    other = a_page("Gåtur", "<h1>Gåtur</h1>", hide=("toc", "navigation"))
    assert not frame.fits(other, context(other))
    deeper = a_page("Gåtur", "<h1>Gåtur</h1>")
    assert not frame.fits(deeper, {"page": deeper, "base_url": "../../.."})
    headless = a_page("Gåtur", "<p>Gåtur</p>")
    assert not frame.fits(headless, context(headless))


def _build_example(tmp_path: Path, frame: bool) -> tuple[Path, object]:
    project = tmp_path / "project"
    if not project.exists():
        for name in ("activities", "organisations", "docs"):
            shutil.copytree(REPO / name, project / name)
        for name in ("mkdocs.yml", "vejviser.yaml", "geocache.yaml", "omraader.geojson"):
            shutil.copy(REPO / name, project / name)
        # A title with characters HTML escapes, which the theme must print as the frame does.
        record = project / "activities" / "strikkecafe-i-måløv.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace("title: Strikkecafé i Måløv", "title: Strik & 'snak' <i> Måløv"), encoding="utf-8"
        )
    site = tmp_path / f"site-{frame}"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site),
                         plugins={"vejviser": {"frame": frame, "search": False}})  # fmt: skip
    build(config)
    return site, config.plugins["vejviser"]


def test_every_activity_page_of_the_example_is_the_page_the_theme_draws(tmp_path):
    framed, plugin = _build_example(tmp_path, frame=True)
    assert plugin.frame is not None  # the frame was made, and used below
    drawn, _ = _build_example(tmp_path, frame=False)
    pages = sorted(p.relative_to(framed) for p in (framed / "aktiviteter").glob("*/index.html"))
    assert len(pages) == len(list((REPO / "activities").glob("*.yaml")))
    for page in pages:
        assert (framed / page).read_bytes() == (drawn / page).read_bytes(), page
