"""CPR numbers and a refused contact's details are found however they are written; hidden
characters are named; nothing here takes more than linear time."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from vejviser.privacy import Refused, find_cpr, fold, hidden_character, mask_cpr, visible

DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]
SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u3000", "  "]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u180e"]
DIGITS = {  # the same digit in other scripts and widths
    "ascii": "0123456789",
    "fullwidth": "０１２３４５６７８９",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
}


def _spell(number: str, script: str) -> str:
    return "".join(DIGITS[script][int(d)] for d in number)


birthdays = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    birthdays, st.integers(0, 9999), st.sampled_from(DASHES + SPACES + INVISIBLE + [""]),
    st.sampled_from(list(DIGITS)), st.sampled_from(["plain", "percent", "entity", "words"]),
)  # fmt: skip
def test_a_cpr_number_is_found_in_any_dash_space_digit_or_encoding(born, serial, separator, script, clothes):
    number = born.strftime("%d%m%y"), f"{serial:04d}"
    text = _spell(number[0], script) + separator + _spell(number[1], script)
    if clothes == "percent":
        text = "https://example.dk/?cpr=" + quote(text)
    elif clothes == "entity":
        text = "".join(f"&#{ord(c)};" for c in text)
    elif clothes == "words":
        text = f"Min far har cpr {text}, skriv gerne"
    found = find_cpr(text)
    assert found is not None, repr(text)
    assert found[0] == number[0] + "-XXXX"
    shown = "".join(c for c in fold(mask_cpr(text))[0] if c.isdigit())
    assert number[0] + number[1] not in shown and "XXXX" in mask_cpr(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .:-/", max_size=40))
def test_times_and_dates_in_ordinary_text_are_not_taken_for_cpr_numbers_unless_they_are_ten_digits(text):
    found = find_cpr(f"Vi mødes {text} i salen")
    if found is not None:
        digits = [c for c in text if c.isdigit()]
        assert len(digits) >= 10


def test_ordinary_times_and_dates_are_not_cpr_numbers():
    for text in ("kl. 10.00-12.00", "01.02.2026 10.00", "2026-12-01", "tlf. 44 77 00 00", "1. og 3. tirsdag"):
        assert find_cpr(text) is None, text


phones = st.from_regex(r"[2-9][0-9]{7}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(
    phones, st.sampled_from(["", "+45", "+45 ", "0045", "0045 ", "(+45) "]),
    st.lists(st.sampled_from(["", " ", "-", ".", "\u2011", "\u00a0", "/"]), min_size=7, max_size=7),
    st.sampled_from(["plain", "tel", "percent"]),
)  # fmt: skip
def test_a_refused_phone_is_found_however_it_is_spaced(phone, prefix, separators, where):
    refused = Refused()
    refused.add("Lone", phone=phone)
    written = prefix + "".join(d + s for d, s in zip(phone, separators + [""], strict=True))
    text = {"plain": f"Ring til {written} efter kl. 16", "tel": f"tel:{written}",
            "percent": "tel:" + quote(written)}[where]  # fmt: skip
    found = refused.find(text)
    assert found is not None and found[1] == "Lone", repr(text)


def test_another_phone_number_is_not_taken_for_the_refused_one():
    refused = Refused()
    refused.add("Lone", phone="44 77 00 00")
    assert refused.find("Ring til 44 77 00 01 eller kom forbi kl. 10.00-12.00") is None


def test_a_refused_email_is_found_in_its_usual_disguises():
    refused = Refused()
    refused.add("Lone", email="Lone.Hansen@example.dk")
    for text in ("skriv til lone.hansen@example.dk", "mailto:LONE.HANSEN%40example.dk",
                 "lone.hansen (at) example (dot) dk", "lone.hansen[snabel-a]example.dk",
                 "lone.hansen @ example . dk", "lone.hansen&#64;example.dk", "lone.hansen＠example.dk"):  # fmt: skip
        assert refused.find(text) is not None, text
    assert refused.find("skriv til lone@example.dk") is None


def test_a_refused_full_name_is_found_as_whole_words_only():
    refused = Refused()
    refused.add("x", name="Lone  Hansen")
    assert refused.find("Spørg efter LONE HANSEN ved døren")[0] == "LONE HANSEN"
    assert refused.find("Lone Hansens have") is None
    assert refused.find("Lone Hansen er fra Großenbrode") is not None  # ß folds to ss: still found
    sharp = Refused()
    sharp.add("x", name="Jürgen Groß")
    assert sharp.find("Spørg efter Jürgen Groß") is not None
    single = Refused()
    single.add("x", name="Lone")
    assert not single  # a first name alone is too common to refuse


def test_hidden_characters_are_named_but_an_emoji_joiner_is_not():
    for char in INVISIBLE + ["\u202e", "\x07", "\x85"]:
        assert hidden_character(f"Strikke{char}café") == (char, 7), repr(char)
    assert hidden_character("Familie 👩\u200d👩\u200d👧 velkommen") is None
    assert hidden_character("linje\nlinje\tmed tab") is None


def test_visible_spells_out_what_would_forge_a_line_or_hide_text():
    assert visible("a\nb\u2028c\u200bd\x1b[31m") == "a\\x0ab\\u2028c\\u200bd\\x1b[31m"


# Markup that a reader never sees can split what the reader sees whole (found by a review).
MARKUP_SPLIT_CPR = ["010203\\-1234", "0102<!-- -->031234", "010203-**1234**", "0102<b></b>031234",
                    "[010203](https://example.org/)-1234", "010203-`1234`", "010203_1234", "010203:1234",
                    "01,02,03-1234", "010203--1234"]  # fmt: skip
OTHER_DIGITS_CPR = ["⁰¹⁰²⁰³-¹²³⁴", "⓪①⓪②⓪③-①②③④", "0\ufe0f10203-1234", "𞥐𞥑𞥐𞥒𞥐𞥓-𞥑𞥒𞥓𞥔", "𝟎𝟏𝟎𝟐𝟎𝟑-𝟏𝟐𝟑𝟒"]


def test_a_cpr_number_split_by_markup_or_written_in_other_digits_is_found():
    for text in MARKUP_SPLIT_CPR + OTHER_DIGITS_CPR:
        assert find_cpr(f"Nummer {text} her") is not None, repr(text)
        assert find_cpr(text) is not None, repr(text)  # also on one line, where the fast path is taken


def test_a_refused_contact_split_by_markup_or_written_another_way_is_found():
    refused = Refused()
    refused.add("Hanne", phone="44 97 12 34", email="hanne.jensen@example.dk", name="Hanne Jensen")
    for text in ("Ring 44\\-97\\-12\\-34.", "Ring 4497<!-- -->1234.", "44 97 **12** 34", "4497<b></b>1234",
                 "44,97,12,34", "44:97:12:34", "44_97_12_34", "44 -- 97 -- 12 -- 34", "4\ufe0f4971234",
                 "hanne\\.jensen@example\\.dk", "hanne.jensen@exam<!-- -->ple.dk", "hanne.jensen@**example**.dk",
                 "hanne.jensen at example.dk", "hanne punktum jensen snabel-a example punktum dk",
                 "Kontakt Hanne<!-- --> Jensen.", "Hanne **Jensen**", "Han<b></b>ne Jensen", "Jensen, Hanne",
                 "Hanne-Jensen"):  # fmt: skip
        assert refused.find(text) is not None, repr(text)
