"""The reporter: text for people, JSON for machines, workflow commands for GitHub."""

from __future__ import annotations

import json

from vejviser.i18n import Messages
from vejviser.problems import Problem
from vejviser.report import render_github, render_json, render_text

PROBLEM = Problem.error(
    "activities/strikkecafe.yaml", "schema.enum", line=8, column=14, field="schedule.weekdays[0]",
    value="mandg", allowed=["mandag", "tirsdag"], suggestion="mandag", title="Ugedag", help="En ugedag.",
)  # fmt: skip


def test_text_names_file_line_column_field_and_what_to_do():
    text = render_text([PROBLEM], Messages("da"))
    assert text == (
        "activities/strikkecafe.yaml:8:14: fejl: schedule.weekdays[0]: 'mandg' er ikke en gyldig værdi for Ugedag. "
        "Vælg mandag eller tirsdag. Mente du 'mandag'?"
    )


def test_english_on_request():
    assert "is not a valid value for Ugedag. Choose mandag or tirsdag. Did you mean 'mandag'?" in render_text(
        [PROBLEM], Messages("en")
    )


def test_json_carries_the_rendered_message_and_the_place():
    data = json.loads(render_json([PROBLEM], Messages("da"), {"errors": 1}))
    item = data["problems"][0]
    assert (item["file"], item["line"], item["column"], item["field"], item["code"]) == (
        "activities/strikkecafe.yaml", 8, 14, "schedule.weekdays[0]", "schema.enum",
    )  # fmt: skip
    assert "Mente du 'mandag'?" in item["message"]
    assert data["summary"] == {"errors": 1}


def test_github_annotations_escape_what_would_break_them():
    problem = Problem.error("activities/a,b.yaml", "schema.other", line=3, field="x:y", detail="100%\nnext")
    line = render_github([problem], Messages("da"))
    assert line.startswith("::error file=activities/a%2Cb.yaml,line=3,title=x%3Ay::")
    assert "100%25" in line and "\n" not in line  # a line break in a value is spelt out, never a new command
    assert "\n" not in line


def test_warnings_are_annotated_as_warnings():
    problem = Problem.warning("activities/a.yaml", "content.link_http", line=2, url="http://x.example")
    assert render_github([problem], Messages("da")).startswith("::warning ")


def test_control_characters_in_values_cannot_act_on_a_terminal():
    problem = Problem.error("activities/a.yaml", "schema.enum", line=1, value="\x1b[2Jja\u202e", allowed=["ja"],
                            title="Gratis")  # fmt: skip
    text = render_text([problem], Messages("da"))
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[2Jja\\u202e" in text


def test_a_file_name_with_a_line_break_cannot_forge_a_line_of_the_report():
    forged = "activities/x.yaml\nactivities/y.yaml:1:1: fejl: alt er i orden"
    problem = Problem.error(forged, "load.file_name", name=forged, suggestion="x")
    text = render_text([problem], Messages("da"))
    assert text.count("\n") == 0
    assert "activities/x.yaml\\x0aactivities/y.yaml" in text


def test_values_with_terminal_escapes_and_invisible_characters_are_spelt_out():
    problem = Problem.error("activities/a.yaml", "schema.enum", line=2, field="form\u202e",
                            value="\x1b[2J\u200bfremmøde", allowed=["fremmøde"], title="Form")  # fmt: skip
    for text in (render_text([problem], Messages("da")), render_github([problem], Messages("da"))):
        assert "\x1b" not in text and "\u200b" not in text and "\u202e" not in text
        assert "\\x1b[2J\\u200bfremmøde" in text


def test_github_annotations_spell_out_control_characters_in_the_file_name():
    name = "activities/ansi\x1b[31mRED\x1b]0;title\x07\u202e.yaml"
    line = render_github([Problem.error(name, "load.file_name", name="x", suggestion="x")], Messages("da"))
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line


def test_a_parameter_named_like_the_problems_own_field_or_line_never_breaks_the_message():
    from vejviser.i18n import Messages
    from vejviser.problems import Problem
    from vejviser.report import message

    problem = Problem.warning("activities/x.yaml", "content.weekdays_unused", field="schedule.weekdays", line=3)
    problem.params["frequency"] = "datoer"
    clashing = Problem(**{**vars(problem), "params": {"frequency": "datoer", "field": "other", "line": 99}})
    assert message(clashing, Messages()) == message(problem, Messages())
