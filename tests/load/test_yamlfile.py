"""The loader reads YAML the way a volunteer meant it, and turns every failure into a located problem."""

from __future__ import annotations

import pytest

from vejviser.load.yamlfile import MAX_BYTES, MAX_DEPTH, load_bytes, load_text, resolve_plain
from vejviser.problems import RecordError


def problem_of(text: str | bytes):
    with pytest.raises(RecordError) as caught:
        if isinstance(text, bytes):
            load_bytes(text, "activities/x.yaml")
        else:
            load_text(text, "activities/x.yaml")
    return caught.value.problem


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "on", "off", "y", "n", "Norway"])
def test_norway_words_stay_text(word):
    assert load_text(f"a: {word}\n", "x").data == {"a": word}


@pytest.mark.parametrize("text", ["8:30", "10:00", "1:02:03", "0612", "2026-02-30", "2026-03-01", "+45 44 97 12 34"])
def test_times_dates_and_leading_zeros_keep_their_text(text):
    loaded = load_text(f"a: {text}\n", "x")
    value = loaded.data["a"]
    assert value == text or loaded.source_text[("a",)] == text


def test_yaml_12_core_types_for_plain_scalars():
    assert resolve_plain("true") is True
    assert resolve_plain("False") is False
    assert resolve_plain("~") is None
    assert resolve_plain("") is None
    assert resolve_plain("20") == 20
    assert resolve_plain("55.7471") == 55.7471
    assert resolve_plain(".inf") == ".inf"
    assert resolve_plain("0x1F") == "0x1F"


def test_quoted_scalars_are_always_text():
    assert load_text("a: '20'\nb: \"true\"\nc: 'null'\n", "x").data == {"a": "20", "b": "true", "c": "null"}


def test_positions_of_keys_and_values_are_one_based():
    loaded = load_text("title: Café\nschedule:\n  weekdays: [tirsdag, torsdag]\n", "x")
    assert loaded.keys[("title",)] == (1, 1)
    assert loaded.values[("title",)] == (1, 8)
    assert loaded.values[("schedule", "weekdays", 1)] == (3, 23)
    assert loaded.position(("schedule", "missing")) == (2, 1)


def test_duplicate_key_is_reported_with_both_lines():
    problem = problem_of("title: A\nsummary: B\ntitle: C\n")
    assert problem.code == "load.duplicate_key"
    assert (problem.line, problem.params["first_line"], problem.params["second_line"]) == (3, 1, 3)


def test_duplicate_key_in_a_nested_mapping_is_reported():
    problem = problem_of("venue:\n  name: A\n  name: B\n")
    assert (problem.code, problem.line) == ("load.duplicate_key", 3)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x 1\nb: 2\n", "load.anchor", 1),
        ("a: 1\nb: *x\n", "load.alias", 2),
        ("a: &x [1]\nb: *x\n", "load.anchor", 1),
        ("a: !!str 1\n", "load.tag", 1),
        ("a: !!python/object:os.system x\n", "load.tag", 1),
        ("? [a, b]\n: 1\n", "load.complex_key", 1),
        ("a: 1\n---\nb: 2\n", "load.several_documents", 2),
        ("- a\n- b\n", "load.not_mapping", 0),
        ("just text\n", "load.not_mapping", 0),
        ("", "load.empty", 0),
        ("# only a comment\n", "load.empty", 0),
        ("---\n", "load.empty", 0),
        ("a:\n\tb: 1\n", "load.syntax_tab", 2),
        ("title: Café: åben dør\n", "load.syntax_colon", 1),
        ('a: "open\n', "load.syntax_unclosed_quote", 1),
        ("a: 1\n  b: 2\n", "load.syntax_indent", 2),
        ("a: \x07\n", "load.control_character", 1),
    ],
)
def test_yaml_features_and_mistakes_are_refused_with_a_line(text, code, line):
    problem = problem_of(text)
    assert problem.code == code
    assert problem.line == line


def test_alias_after_a_refused_anchor_never_gets_that_far():
    assert problem_of("a: &x 1\nb: *x\n").code == "load.anchor"


def test_nesting_deeper_than_the_limit_is_refused():
    problem = problem_of("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert problem.code == "load.too_deep"


def test_nesting_within_the_limit_loads():
    depth = MAX_DEPTH - 1
    assert load_text("a: " + "[" * depth + "]" * depth + "\n", "x").data["a"] is not None


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    problem = problem_of(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert problem.code == "load.too_large"


def test_nul_byte_is_refused_with_its_line():
    problem = problem_of(b"a: 1\nb: \x00\n")
    assert (problem.code, problem.line) == ("load.nul_byte", 2)


def test_latin1_file_is_refused_with_its_line():
    problem = problem_of("a: 1\ntitle: Æblekage\n".encode("latin-1"))
    assert (problem.code, problem.line) == ("load.not_utf8", 2)


def test_bom_and_crlf_are_fine():
    loaded = load_bytes("\ufefftitle: Gåtur\r\nsummary: Vi går\r\n".encode(), "x")
    assert loaded.data == {"title": "Gåtur", "summary": "Vi går"}
    assert loaded.values[("summary",)] == (2, 10)


def test_danish_letters_everywhere():
    assert load_text("æøå: Ærø Øster Åby\n", "x").data == {"æøå": "Ærø Øster Åby"}


def test_decomposed_danish_letters_are_composed():
    loaded = load_text("area: ma\u030al\u00f8v\nma\u030al: 1\n", "x")
    assert loaded.data == {"area": "måløv", "mål": 1}


def test_literal_blocks_place_text_problems_on_their_own_line():
    text = "a: 1\ndescription: |\n  første linje\n  anden linje med fejl\n"
    loaded = load_text(text, "x")
    value = loaded.data["description"]
    assert loaded.text_position(("description",), value.index("fejl"), value) == (4, 19)


def test_folded_blocks_place_text_problems_on_their_own_line_too():
    text = "description: >\n  første linje\n  anden linje med fejl\n"
    loaded = load_text(text, "x")
    value = loaded.data["description"]
    assert "\n" not in value.strip()
    assert loaded.text_position(("description",), value.index("fejl"), value) == (3, 19)


def test_tags_are_named_as_written():
    assert problem_of("a: !!str 1\n").params["tag"] == "!!str"
