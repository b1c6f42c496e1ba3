"""The one rule for barrier answers: what each answer means for the citizen, and which questions an offer is asked."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pytest

from tests.enrich.test_occurrences import _activity
from vejviser.i18n import Messages
from vejviser.model import Activity, Answer, Cost, Form, Signup, applies, barrier_fields
from vejviser.present import answers as rule
from vejviser.present.answers import Answered, SchemaWithoutVerdict, Verdict, answer_words, answered, question, verdict
from vejviser.present.icons import VERDICT_COLOURS, VERDICT_ICONS, icon_files
from vejviser.schema import SchemaIndex, bundled_schema, raw_schema

CSS = Path(__file__).resolve().parents[2] / "src" / "vejviser" / "assets" / "vejviser.css"

#: The good answer of every barrier question, decided from what it means for the citizen. A new
#: field in the schema fails the first test below until it is decided here and in the schema.
GOOD = {
    ("accessibility", "step_free"): "ja",
    ("accessibility", "rollator_wheelchair"): "ja",
    ("accessibility", "accessible_toilet"): "ja",
    ("accessibility", "toilet_help"): "ja",
    ("accessibility", "hearing_loop"): "ja",
    ("accessibility", "parking"): "ja",
    ("transport", "pickup"): "ja",
    ("transport", "escort"): "ja",
    ("transport", "public_transport"): "ja",
    ("welcome", "host"): "ja",
    ("welcome", "try_first"): "ja",
    ("cost", "free"): "ja",
    ("cost", "membership"): "nej",  # having to be a member is a barrier
    ("signup", "required"): "nej",  # and so is having to sign up first
}
#: The questions that mean something only where people meet (at a venue, or online for the welcome).
VENUE_ONLY = {key for key in GOOD if key[0] in ("accessibility", "transport")}
WELCOME = {("welcome", "host"), ("welcome", "try_first")}

CASES = [(group, name, answer) for group, name in barrier_fields() for answer in Answer]


def test_every_barrier_field_of_the_schema_declares_its_good_answer():
    properties = raw_schema("activity")["properties"]
    declared = {(g, n): properties[g]["properties"][n].get("x-good") for g, n in barrier_fields()}
    assert declared == GOOD


@pytest.mark.parametrize(("group", "name", "answer"), CASES, ids=[f"{g}.{n}={a}" for g, n, a in CASES])
def test_the_verdict_of_every_answer_to_every_question(group, name, answer):
    expected = Verdict.GOOD if answer == GOOD[(group, name)] else Verdict.BAD
    if answer == Answer.UNKNOWN:
        expected = Verdict.UNKNOWN
    assert verdict(group, name, answer) == expected


def test_good_news_is_good_whether_it_is_a_ja_or_a_nej():
    assert verdict("cost", "membership", "nej") == Verdict.GOOD
    assert verdict("signup", "required", "nej") == Verdict.GOOD
    assert verdict("cost", "free", "ja") == Verdict.GOOD
    assert verdict("accessibility", "step_free", "ja") == Verdict.GOOD
    assert verdict("cost", "membership", "ja") == Verdict.BAD
    assert verdict("accessibility", "step_free", "nej") == Verdict.BAD
    assert verdict("cost", "free", "ukendt") == Verdict.UNKNOWN


def test_a_schema_field_without_a_good_answer_is_refused_by_name(monkeypatch):
    schema = copy.deepcopy(bundled_schema("activity"))
    del schema["properties"]["signup"]["properties"]["required"]["x-good"]
    monkeypatch.setattr(rule, "bundled_schema", lambda name: schema)
    rule.questions.cache_clear()
    try:
        with pytest.raises(SchemaWithoutVerdict, match=r"signup\.required"):
            rule.questions()
    finally:
        rule.questions.cache_clear()


def _offer(form: Form) -> Activity:
    return dataclasses.replace(_activity(frequency="ugentlig", weekdays=("tirsdag",)), form=form)


@pytest.mark.parametrize("form", list(Form))
def test_only_the_questions_that_apply_to_the_form_are_asked(form):
    asked = {(item.question.group, item.question.name) for item in answered(_offer(form))}
    expected = set(GOOD)
    if form != Form.IN_PERSON:
        expected -= VENUE_ONLY
    if form in (Form.AT_HOME, Form.PHONE):
        expected -= WELCOME  # nobody receives a phone friend at the door
    assert asked == expected
    for group, name in GOOD:
        assert applies(_offer(form), group, name) == ((group, name) in expected)


def test_a_phone_friend_is_asked_about_price_membership_and_sign_up_only():
    asked = [(i.question.group, i.question.name) for i in answered(_offer(Form.PHONE))]
    assert asked == [("cost", "free"), ("cost", "membership"), ("signup", "required")]


def test_answered_gives_each_answer_with_its_verdict():
    offer = dataclasses.replace(
        _offer(Form.PHONE), cost=Cost(free=Answer.YES, membership=Answer.NO), signup=Signup(required=Answer.YES)
    )
    got = {(i.question.name, i.answer, i.verdict) for i in answered(offer)}
    assert got == {("free", "ja", Verdict.GOOD), ("membership", "nej", Verdict.GOOD), ("required", "ja", Verdict.BAD)}


LABELS = SchemaIndex(bundled_schema("activity")).info(("accessibility", "step_free")).labels


def _words(group: str, name: str, answer: str, lang: str = "da", price: str = "") -> str:
    q = question(group, name)
    return answer_words(Answered(q, Answer(answer), q.verdict(answer)), LABELS, Messages(lang, strict=True), price)


def test_the_words_read_from_the_citizens_side_where_a_bare_nej_misleads():
    assert _words("cost", "membership", "nej") == "Nej – du behøver ikke være medlem"
    assert _words("signup", "required", "nej") == "Nej – du behøver ikke melde dig til"
    assert _words("cost", "membership", "ja") == "Ja – du skal være medlem"
    assert _words("accessibility", "step_free", "ja") == "Ja"
    assert _words("accessibility", "hearing_loop", "ukendt") == "Ikke oplyst"


def test_not_free_says_the_price_beside_it_when_there_is_one():
    assert _words("cost", "free", "nej", price="20 kr. (kaffe og kage)") == "Nej – 20 kr. (kaffe og kage)"
    assert _words("cost", "free", "nej") == "Nej"


def test_every_answer_text_of_the_danish_catalogue_is_in_the_english_one():
    danish, english = Messages("da").texts, Messages("en").texts
    keys = {key for key in danish if key.startswith(("answer.", "serves."))}
    assert keys and keys <= set(english)
    assert {f"answer.verdict.{v}" for v in Verdict} <= keys


def test_each_verdict_has_a_material_icon_the_site_serves():
    assert set(VERDICT_ICONS) == set(Verdict) == set(VERDICT_COLOURS)
    assert len(set(VERDICT_ICONS.values())) == len(Verdict)
    for path in icon_files().values():
        assert path.is_file(), path


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("verdict_", list(Verdict))
def test_each_verdicts_colour_meets_3_to_1_on_white_and_the_stylesheet_uses_it(verdict_):
    colour = VERDICT_COLOURS[verdict_]
    assert (1.05) / (_luminance(colour) + 0.05) >= 3
    css = CSS.read_text(encoding="utf-8")
    assert re.search(rf"--vv-{verdict_}:\s*{colour}\b", css), f"--vv-{verdict_} in vejviser.css is not {colour}"
    assert f'.vv-answer--{verdict_}::before {{ --vv-icon: url("icons/{VERDICT_ICONS[verdict_]}.svg")' in css


def test_a_barrier_is_not_drawn_in_an_alarms_red():
    red, green, blue = (int(VERDICT_COLOURS[Verdict.BAD][i : i + 2], 16) for i in (1, 3, 5))
    assert green > blue and green >= red * 0.5  # amber or brown, not red
