"""Contributor Markdown to safe HTML: rendered with Python-Markdown, then cleaned by nh3.

Records come from outside. Whatever a description contains, the result holds no
script, style, iframe, form, event attribute, ``javascript:``/``data:`` link or remote
image: only the tags a description needs, and links with safe schemes.
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})


_RENDERER = markdown.Markdown(extensions=["sane_lists"], output_format="html")


def markdown_to_safe_html(text: str) -> str:
    """Render a description and keep only what is safe to show."""
    if not text:
        return ""
    html = _RENDERER.reset().convert(text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
