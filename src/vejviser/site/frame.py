"""The theme's page around thousands of activity pages, rendered once and filled in.

Material's ``base.html`` is the dearest part of building an activity page, and for
activity pages it draws the same header, drawer, footer and scripts every time: they
sit at the same depth, are out of the navigation, and differ only in their title, URL
and content. A :class:`Frame` renders the theme's template once for
a stand-in page whose title, URL and content are unique marks, and cuts the output at
the marks; filling the holes with another page's values gives what the template would
have given for that page.

A frame is used only for pages of the same shape as the page it was made from (the same
depth, front matter apart from the title, no table of contents, no neighbours in the
navigation), and only after it has reproduced that page exactly; otherwise pages are
rendered by the template as usual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

_MARK = "vvframe-7c1e"


def shape(page, context: Mapping[str, Any]) -> str | None:
    """What must be equal for two pages to share a frame, or None if a page can't be framed."""
    if "title" not in page.meta or "<h1" not in (page.content or ""):
        return None
    if page.toc or page.previous_page or page.next_page or page.parent:
        return None
    meta = {key: value for key, value in page.meta.items() if key != "title"}
    return json.dumps([context.get("base_url"), page.edit_url, meta], sort_keys=True, default=str)


def _marks(page) -> dict[str, str]:
    """Per-page values the frame leaves holes for, with the mark that stands in for each."""
    folder, _, name = page.url.rstrip("/").rpartition("/")
    return {
        "title": f"{_MARK}-title",
        # As deep as the page's URL and of the same form, so that relative links come out the same.
        "url": (f"{folder}/" if folder else "")
        + f"{_MARK}-url"
        + ("/" if page.url.endswith("/") else PurePosixPath(name).suffix),
        "canonical_url": f"https://{_MARK}.invalid/canonical/",
        # "<h1" keeps Material from adding a heading of its own; pages without one are not framed.
        "content": f"<h1>{_MARK}-content</h1>",
    }


class _MarkedPage:
    """A page that answers with marks for the values a frame leaves open."""

    def __init__(self, page, marks: dict[str, str]):
        self._page = page
        self.title, self.url, self.canonical_url, self.content = (
            marks[key] for key in ("title", "url", "canonical_url", "content")
        )
        self.meta = {**page.meta, "title": marks["title"]}

    def __getattr__(self, name: str):
        return getattr(self._page, name)


class Frame:
    """The output of a theme template cut at the per-page values."""

    def __init__(self, pieces: list[str], holes: list[str], shape: str):
        self.pieces = pieces
        self.holes = holes
        self.shape = shape

    @classmethod
    def derive(cls, template, context: Mapping[str, Any]) -> Frame | None:
        """Render ``template`` for a stand-in of ``context['page']``; None if the page can't be framed.

        The frame must reproduce the real page exactly, or it is not used.
        """
        page = context["page"]
        page_shape = shape(page, context)
        if page_shape is None:
            return None
        marks = _marks(page)
        output = template.render({**context, "page": _MarkedPage(page, marks)})
        cut = re.compile("|".join(re.escape(mark) for mark in marks.values()))
        name_of = {mark: name for name, mark in marks.items()}
        pieces = cut.split(output)
        holes = [name_of[mark] for mark in cut.findall(output)]
        if not {"title", "content"} <= set(holes):
            return None
        frame = cls(pieces, holes, page_shape)
        if frame.fill(page) != template.render(context):
            return None
        return frame

    def fits(self, page, context: Mapping[str, Any]) -> bool:
        return shape(page, context) == self.shape

    def fill(self, page) -> str:
        values = {"title": page.meta["title"], "url": page.url, "canonical_url": page.canonical_url or "",
                  "content": page.content}  # fmt: skip
        parts = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            parts.append(values[hole])
            parts.append(piece)
        return "".join(parts)
