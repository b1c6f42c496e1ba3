"""The citizens' words in the search index, the synonyms from the settings, and the browser's words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from vejviser.i18n import Messages
from vejviser.model import Answer, Form, barrier_fields
from vejviser.present.directory import Directory
from vejviser.schema import raw_schema
from vejviser.schema.checker import RecordSchema
from vejviser.settings import SettingsError, default_synonyms, load_settings, merge_synonyms
from vejviser.site import search
from vejviser.site.search_words import WEIGHT, SearchWords, _finds, fold
from vejviser.validate.project import validate_project

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def example():
    settings = load_settings(REPO)
    messages = Messages("da", strict=True)
    directory = Directory(settings, validate_project(settings), messages, TODAY)
    return directory, SearchWords(settings, messages)


def _view(directory: Directory, activity_id: str):
    return next(v for v in directory.views if v.id == activity_id)


def _retold(directory: Directory, activity):
    """The view of a changed activity, as the directory describes it."""
    from vejviser.present.views import Describer

    by_id = {o.id: o for o in directory.organisations}
    return Describer(directory.settings, directory.messages, by_id, TODAY).view(activity)


def test_a_step_free_free_activity_says_rollator_and_gratis_in_the_citizens_words(example):
    directory, words = example
    view = _view(directory, "stolemotion-stationsparken")
    assert view.activity.accessibility.step_free == Answer.YES and view.activity.cost.free == Answer.YES
    said = words.document_words(view)
    assert view.activity.accessibility.rollator_wheelchair == Answer.YES
    for word in ("rollator", "kørestol", "uden trin", "handicaptoilet", "gratis", "uden tilmelding", "Mandag",
                 "Formiddag", "Ballerup Centrum", "Motion og bevægelse"):  # fmt: skip
        assert word in said, word


def test_a_barrier_answer_that_is_bad_news_brings_no_words(example):
    directory, words = example
    activity = _view(directory, "seniorbio-skovlunde").activity
    closed = dataclasses.replace(
        activity,
        accessibility=dataclasses.replace(
            activity.accessibility, step_free=Answer.NO, rollator_wheelchair=Answer.UNKNOWN
        ),
        cost=dataclasses.replace(activity.cost, membership=Answer.YES),
        signup=dataclasses.replace(activity.signup, required=Answer.YES),
    )  # fmt: skip
    said = words.document_words(_retold(directory, closed))
    assert "rollator" not in said and "kørestol" not in said
    assert "uden medlemskab" not in said and "uden tilmelding" not in said.replace("prøv først uden tilmelding", "")
    assert "gratis" not in said  # it costs 40 kr.


def test_saturday_and_sunday_activities_are_weekend_ones(example):
    directory, words = example
    activity = _view(directory, "seniorbio-skovlunde").activity
    assert "weekend" not in words.document_words(_view(directory, "seniorbio-skovlunde"))
    sunday = dataclasses.replace(activity, schedule=dataclasses.replace(activity.schedule, weekdays=("søndag",)))
    said = words.document_words(_retold(directory, sunday))
    assert "weekend" in said and "Søndag" in said


def test_a_phone_service_has_no_words_about_a_venue(example):
    directory, words = example
    view = _view(directory, "telefonven")
    assert view.activity.form == Form.PHONE
    said = words.document_words(view)
    assert "rollator" not in said and "parkering" not in said
    assert "Over telefonen" in said and "Måløv" in said  # it serves the whole municipality


def test_every_answer_with_words_is_a_barrier_answer_in_both_catalogues():
    fields = {f"{group}.{name}" for group, name in barrier_fields()}
    da, en = Messages("da").texts, Messages("en").texts
    keys = {key for key in da if key.startswith("index.")}
    assert keys == {key for key in en if key.startswith("index.")}
    for key in keys:
        if key.startswith("index.answer."):
            field, _, answer = key.removeprefix("index.answer.").rpartition(".")
            assert field in fields and answer in {a.value for a in Answer}, key
    # the words the issue names are there
    assert "gratis" in da["index.answer.cost.free.ja"]
    assert "rollator" in da["index.answer.accessibility.rollator_wheelchair.ja"]
    assert "handicaptoilet" in da["index.answer.accessibility.accessible_toilet.ja"]


def test_a_synonym_is_written_into_a_record_that_uses_another_word_of_its_group(example):
    directory, words = example
    assert "bingo" in words.document_words(_view(directory, "banko-i-cafeen")).split()
    assert "biograf" in words.document_words(_view(directory, "seniorbio-skovlunde")).split()
    assert "gymnastik" in words.document_words(_view(directory, "motion-på-stol-rugvænget")).split()
    assert "bingo" not in words.document_words(_view(directory, "seniorbio-skovlunde")).split()


def test_a_facet_label_brings_no_synonyms(example):
    directory, words = example
    view = _view(directory, "seniorbio-skovlunde")  # "Kultur og udflugter", but a cinema
    assert "bustur" not in words.document_words(view)


def test_a_synonym_is_found_as_pagefind_finds_a_word_and_at_a_compounds_end():
    assert _finds("motion", "motion") and _finds("motion", "motionen") and _finds("motion", "stolemotion")
    assert _finds("bio", "seniorbio")
    assert not _finds("bio", "biologi")  # three letters are too few for a word's start
    assert not _finds("it", "kredit")


@pytest.mark.parametrize(
    ("word", "token"),
    [("dans", "linedans"), ("dans", "seniordans"), ("dans", "dansen"), ("dans", "danseaften"),
     ("dans", "linedansen"), ("motion", "motionshold"), ("bio", "seniorbioen"), ("banko", "bankospil")],
)  # fmt: skip
def test_a_synonym_is_found_in_its_forms_and_compounds(word, token):
    assert _finds(word, token)


@pytest.mark.parametrize(
    ("word", "token"),
    [("dans", "dansk"), ("dans", "danske"), ("dans", "danskere"), ("enke", "enkelt"), ("enke", "enkelte"),
     ("sorg", "omsorg"), ("kor", "dekor"), ("kor", "korrekt"), ("motion", "emotion")],
)  # fmt: skip
def test_a_word_that_only_begins_or_ends_like_a_synonym_does_not_bring_it(word, token):
    assert not _finds(word, token)


def test_fold_reads_danish_letters_typed_without_them():
    assert fold("Måløv") == fold("maaloev") == fold("malov") == fold("MALØV") == "malov"
    assert fold("Hedegården") == fold("hedegaarden") == fold("hedegarden")
    assert fold("Café") == fold("cafe")


def test_the_index_document_carries_the_id_and_the_words_at_a_low_weight(example):
    directory, words = example
    view = _view(directory, "banko-i-cafeen")
    template = search._environment().get_template("search/record.html")
    where = view.where or view.serves
    said = words.document_words(view)
    html = template.render(v=view, lang="da", where=where, topics="", words=said, weight=WEIGHT, description="")
    assert 'data-pagefind-meta="id:banko-i-cafeen"' in html
    assert f'<p data-pagefind-weight="{WEIGHT}">' in html and "bingo" in html
    assert 0 < WEIGHT < 1


# --- the browser's words --------------------------------------------------------------------


def test_the_browser_gets_postcodes_towns_and_areas(example):
    directory, words = example
    data = words.browser(directory.current)
    assert data["postcodes"]["2760"] == ["måløv"]
    assert data["postcodes"]["2750"] == ["ballerup-centrum", "hedegården", "egebjerg", "grantofte"]
    assert data["towns"]["Ballerup"] == "2750"
    assert data["areas"]["måløv"] == "Måløv" and data["filter"] == "omraade"
    assert data["texts"]["postcode"] == "Postnummer {postcode}: {areas}"


def test_the_vocabulary_is_small_has_one_spelling_a_word_and_knows_the_citizens_words(example):
    directory, words = example
    vocabulary = words.browser(directory.current)["vocabulary"]
    folded = [fold(w) for w in vocabulary]
    assert len(folded) == len(set(folded))
    for word in ("måløv", "gymnastik", "rollator", "banko", "bingo", "akvarelmaling"):
        assert word in vocabulary, word
    assert all(len(w) >= 4 for w in vocabulary)
    assert len(vocabulary) < 600  # measured 242 for the example's 65 current activities


# --- synonyms in the settings ---------------------------------------------------------------


def _settings(world: Path, text: str) -> Path:
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return world


def test_the_default_synonyms_are_used_when_the_settings_say_nothing(world):
    settings = load_settings(world)
    assert ("banko", "bingo") in settings.synonyms
    assert settings.synonyms == merge_synonyms(default_synonyms())


def test_a_municipalitys_synonyms_extend_the_default_and_join_groups_that_share_a_word(world):
    settings = load_settings(_settings(world, "search:\n  synonyms:\n    - [bingo, banco]\n    - [krolf, kroket]\n"))
    assert ("banko", "bingo", "banco") in settings.synonyms
    assert ("krolf", "kroket") in settings.synonyms
    assert ("motion", "gymnastik", "træning", "fitness") in settings.synonyms


def test_a_municipality_can_leave_the_default_synonyms_out(world):
    text = "search:\n  default_synonyms: false\n  synonyms:\n    - [krolf, kroket]\n"
    assert load_settings(_settings(world, text)).synonyms == (("krolf", "kroket"),)


def test_merging_joins_every_group_a_new_one_touches():
    assert merge_synonyms([["a1", "b1"], ["c1", "d1"], ["b1", "c1", "e1"]]) == (("a1", "b1", "c1", "d1", "e1"),)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("search:\n  synonyms:\n    - [bingo]\n", "search.synonyms[0]"),  # a group of one says nothing
        ("search:\n  synonyms:\n    - [Bingo, banko]\n", "search.synonyms[0][0]"),  # lowercase
        ("search:\n  synonyms: bingo\n", "search.synonyms"),
        ("search:\n  synonym:\n    - [bingo, banko]\n", "search"),
    ],
)
def test_wrong_synonyms_are_refused_with_their_place(world, text, field):
    with pytest.raises(SettingsError) as caught:
        load_settings(_settings(world, text))
    problem = caught.value.problems[0]
    assert problem.field.startswith(field) and problem.line > 0


def test_the_default_synonyms_file_is_valid_against_the_settings_schema(tmp_path):
    root = tmp_path / "w"
    shutil.copytree(REPO / "tests" / "examples" / "world", root)
    groups = yaml.safe_load((REPO / "src/vejviser/defaults/synonyms.yaml").read_text(encoding="utf-8"))["synonyms"]
    assert load_settings(_settings(root, "search:\n  default_synonyms: false\n  synonyms: " + yaml.safe_dump(groups,
                         allow_unicode=True, default_flow_style=True))).synonyms  # fmt: skip
    assert RecordSchema(raw_schema("settings"))  # the schema itself loads
