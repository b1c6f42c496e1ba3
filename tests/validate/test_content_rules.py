"""Content rules: CPR numbers never pass, links are checked for scheme."""

from __future__ import annotations

import pytest

from vejviser.validate.content_rules import link_problem, looks_like_cpr


@pytest.mark.parametrize(
    "text",
    ["010203-1234", "0102031234", "Mit nummer er 311299-4321.", "cpr: 290200 1234", "290296-1234"],
)
def test_text_that_looks_like_a_cpr_number_is_found_and_masked(text):
    masked = looks_like_cpr(text)
    assert masked is not None and masked.endswith("-XXXX")
    assert "1234" not in masked and "4321" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "44 97 12 34",  # a phone number
        "+45 44971234",
        "2760 Måløv",
        "320103-1234",  # no 32nd day
        "011303-1234",  # no 13th month
        "290201-1234",  # 29 February 1901 and 2001 do not exist
        "12345678901",  # eleven digits
        "kl. 10.00-12.00",
    ],
)
def test_other_numbers_are_not_cpr_numbers(text):
    assert looks_like_cpr(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://forening.example", None),
        ("mailto:hanne@forening.example", None),
        ("tel:+4544971234", None),
        ("http://forening.example", ("content.link_http", "warning")),
        ("javascript:alert(1)", ("content.link_scheme", "error")),
        ("JavaScript:alert(1)", ("content.link_scheme", "error")),
        ("data:text/html;base64,PHNjcmlwdD4=", ("content.link_scheme", "error")),
        ("vbscript:msgbox", ("content.link_scheme", "error")),
        ("www.forening.example", ("content.link_invalid", "error")),
        ("https://", ("content.link_invalid", "error")),
    ],
)
def test_links_are_checked_for_their_scheme(url, expected):
    assert link_problem(url) == expected
