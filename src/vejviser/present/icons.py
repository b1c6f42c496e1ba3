"""Icons beside barrier answers: Material Design icons from Material for MkDocs, served by the site.

The stylesheet shows them as CSS masks, so a page carries no icon markup and the
answer is always also said in words.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The icon for each answer, by the name of its SVG in Material's bundled icon set.
ANSWER_ICONS = {"ja": "check-circle", "nej": "close-circle", "ukendt": "help-circle-outline"}


def icon_files() -> dict[str, Path]:
    """Site path (under assets/vejviser/) -> the SVG file in the installed Material package."""
    folder = resources.files("material").joinpath("templates/.icons/material")
    return {f"assets/vejviser/icons/{name}.svg": Path(str(folder / f"{name}.svg")) for name in ANSWER_ICONS.values()}
