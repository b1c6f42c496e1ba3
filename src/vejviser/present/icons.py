"""Icons beside barrier answers: Material Design icons from Material for MkDocs, served by the site.

The icon and its colour follow the answer's verdict for the reader (:mod:`vejviser.present.answers`),
not the bare ja or nej: a check for good news, an exclamation mark for a barrier, a question
mark for not known. The stylesheet shows them as CSS masks and print as marks beside each
question's icon, so a page carries no icon markup and the answer is always also said in words.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from vejviser.present.answers import Verdict

#: The icon for each verdict, by the name of its SVG in Material's bundled icon set.
VERDICT_ICONS = {Verdict.GOOD: "check-circle", Verdict.BAD: "alert-circle", Verdict.UNKNOWN: "help-circle-outline"}
#: The colour of each verdict's icon, on the site (``--vv-<verdict>`` in vejviser.css, a test keeps
#: them equal) and in print: each at least 3:1 against white, as WCAG asks of graphics; the
#: barrier's an amber, not an alarm's red.
VERDICT_COLOURS = {Verdict.GOOD: "#1b6b2a", Verdict.BAD: "#a15c00", Verdict.UNKNOWN: "#4a4a4a"}


def icon_files() -> dict[str, Path]:
    """Site path (under assets/vejviser/) -> the SVG file in the installed Material package."""
    folder = resources.files("material").joinpath("templates/.icons/material")
    return {f"assets/vejviser/icons/{name}.svg": Path(str(folder / f"{name}.svg")) for name in VERDICT_ICONS.values()}
