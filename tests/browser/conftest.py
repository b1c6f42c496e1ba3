"""The example directory built once, served on loopback, and looked at in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.support import CHROMIUM, TILE, TILE_HOST, browser, serve
from vejviser.site.build import build_site

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="package")
def site(tmp_path_factory) -> Path:
    """The repository's example municipality, built with the real plugin and search index."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "vejviser.yaml", "geocache.yaml", "omraader.geojson"):
        shutil.copy(REPO / name, project / name)
    for folder in ("activities", "organisations", "docs"):
        shutil.copytree(REPO / folder, project / folder)
    build_site(project, project / "site")
    return project / "site"


@pytest.fixture(scope="package")
def base_url(site) -> str:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="package")
def chromium():
    with browser() as instance:
        yield instance


@pytest.fixture
def page(chromium, base_url):
    """A fresh page that records every request it makes."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    # Map tiles are the one thing fetched from elsewhere; tests answer for the tile host, offline.
    context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()
