"""Contributor Markdown becomes safe HTML: nothing a contributor writes can run script."""

from __future__ import annotations

import pytest

from vejviser.site.sanitise import markdown_to_safe_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<img src="https://evil.example/pixel.png">',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">klik</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '<div onclick="alert(1)">tryk</div>',
    '<svg onload="alert(1)"></svg>',
    "<object data=https://evil.example/x.swf></object>",
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    "![billede](https://evil.example/pixel.png)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<!--<script>alert(1)</script>-->",
    '<a href="&#106;avascript:alert(1)">x</a>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_description_renders_without_anything_that_runs_or_loads(text):
    html = markdown_to_safe_html(text).lower()
    for forbidden in ("<script", "<iframe", "<style", "<form", "<img", "<svg", "<object", "<input", "javascript:",
                      "data:", " on", "style=", "<!--"):  # fmt: skip
        assert forbidden not in html, (forbidden, html)


def test_ordinary_markdown_survives():
    html = markdown_to_safe_html("Vi ses **tirsdag**.\n\n- kaffe\n- kage\n\n[Læs mere](https://forening.example)")
    assert "<strong>tirsdag</strong>" in html
    assert "<li>kaffe</li>" in html
    assert 'href="https://forening.example"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
