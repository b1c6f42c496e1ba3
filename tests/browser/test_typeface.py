"""The site's typeface in a real browser: the body is set in Andika (an open zero), served by the site itself."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_body_text_is_set_in_andika_loaded_from_the_site_itself(page, base_url):
    page.goto(base_url + "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert family.replace('"', "").startswith("Andika,"), family
    # The face is loaded, not a fallback named Andika: its file came from this site, not a third party.
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Andika' && f.status === 'loaded')"
        ".map(f => f.weight + ' ' + f.style)"
    )
    assert "400 normal" in loaded, loaded
    fonts = [url for url in page.requests if url.endswith(".woff2")]
    assert any(url.endswith("/Andika-Regular.woff2") for url in fonts), fonts
    assert fonts and all(url.startswith(base_url) for url in fonts), fonts
    # The licence is served beside the fonts.
    licence = page.request.get(base_url + "assets/vendor/andika/OFL.txt")
    assert licence.ok and 'Reserved Font Names "Andika" and "SIL"' in licence.text()
