"""What the site's tests share: the test world as a project MkDocs builds."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import REPO


@pytest.fixture
def project(world):
    """The test world with the repository's mkdocs.yml (without its nav) and one page of its own."""
    shutil.copy(REPO / "mkdocs.yml", world / "mkdocs.yml")
    text = (world / "mkdocs.yml").read_text(encoding="utf-8")
    (world / "mkdocs.yml").write_text(text.split("\nnav:")[0] + "\n", encoding="utf-8")
    (world / "docs").mkdir()
    (world / "docs" / "om.md").write_text("# Om\n", encoding="utf-8")
    return world
