"""Record ids from outside are plain ids, never paths: one function maps them to files."""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vejviser.ids import RESERVED_IDS, RecordIdError, check_id, new_record_id, record_path, slugify

HOSTILE_IDS = [
    ("../vejviser", "id.path"),
    ("../organisations/frivilligcenter", "id.path"),
    ("/etc/passwd", "id.path"),
    ("activities/strikkecafe", "id.path"),
    ("..\\vejviser", "id.path"),
    ("C:\\Windows\\win.ini", "id.path"),
    ("c:strikkecafe", "id.path"),
    ("..", "id.path"),
    ("strikke\ncafe", "id.control_character"),
    ("strikke\x00cafe", "id.control_character"),
    ("strikke\u200bcafe", "id.control_character"),
    ("strikke\u202ecafe", "id.control_character"),
    ("strikkecafe\x1f", "id.control_character"),  # refused, not trimmed away
    ("strikkecafe\u0085", "id.control_character"),
    ("\u3000strikkecafe\u2029", "id.not_slug"),
    ("x" * 81, "id.too_long"),
    ("index", "id.reserved"),
    ("con", "id.reserved"),
    ("lpt1", "id.reserved"),
    ("Strikkecafe", "id.not_slug"),
    (".strikkecafe", "id.not_slug"),
    ("", "id.empty"),
    ("   ", "id.empty"),
]


@pytest.mark.parametrize(("text", "code"), HOSTILE_IDS)
def test_every_form_that_is_not_a_plain_id_is_refused_with_its_reason(text, code):
    with pytest.raises(RecordIdError) as refused:
        check_id(text)
    assert refused.value.code == code


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["..", ".", "strikkecafe", "activities", "", "~", "C:", "%2e%2e"]), min_size=1, max_size=5
    ),
    st.sampled_from(["/", "\\", "/./", "//"]),
    st.booleans(),
)
def test_no_path_of_parts_and_separators_is_taken_for_an_id(parts, separator, absolute):
    text = (separator if absolute else "") + separator.join(parts)
    try:
        record_id = check_id(text)
    except RecordIdError:
        return
    assert set(record_id) <= set(string.ascii_lowercase + string.digits + "-æøå")


def test_a_plain_id_and_a_file_name_are_the_same_id():
    assert check_id("strikkecafe-i-måløv") == "strikkecafe-i-måløv"
    assert check_id("strikkecafe.yaml") == check_id("strikkecafe.yml") == "strikkecafe"


def test_record_path_finds_a_yml_record(world):
    (world / "activities" / "strikkecafe.yaml").rename(world / "activities" / "strikkecafe.yml")
    assert record_path(world, "activity", "strikkecafe") == world / "activities" / "strikkecafe.yml"


def test_record_path_refuses_an_unknown_id_with_the_nearest(world):
    with pytest.raises(RecordIdError) as refused:
        record_path(world, "activity", "strikcafe")
    assert refused.value.code == "id.unknown" and refused.value.params["suggestion"] == "strikkecafe"


def test_record_path_refuses_a_record_that_is_a_link(world, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("title: hemmelig\n", encoding="utf-8")
    os.symlink(outside, world / "activities" / "hemmelig.yaml")
    with pytest.raises(RecordIdError) as refused:
        record_path(world, "activity", "hemmelig")
    assert refused.value.code == "id.not_a_file"


def test_record_path_refuses_a_records_folder_that_is_a_link(world, tmp_path):
    (world / "activities").rename(tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", world / "activities")
    with pytest.raises(RecordIdError) as refused:
        record_path(world, "activity", "strikkecafe")
    assert refused.value.code == "id.folder_link"


def test_an_id_of_an_organisation_is_looked_up_among_the_organisations_only(world):
    with pytest.raises(RecordIdError):
        record_path(world, "activity", "frivilligcenter")
    assert record_path(world, "organisation", "frivilligcenter").parent.name == "organisations"


def test_a_new_id_is_never_reserved_nor_taken_in_either_ending(world):
    assert slugify("Index") not in RESERVED_IDS
    (world / "activities" / "banko.yml").write_text("title: x\n", encoding="utf-8")
    assert new_record_id("Banko", world / "activities") == "banko-2"
    assert len(new_record_id("Strikke " * 40, world / "activities")) <= 80
