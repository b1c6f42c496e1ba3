"""The typed records' choices are the schema's: an enum in the code cannot drift from the schema."""

from __future__ import annotations

import pytest

from vejviser.model import FORMS_WITHOUT_VENUE, Answer, Form, Frequency, Status
from vejviser.schema import raw_schema

_ACTIVITY = raw_schema("activity")


@pytest.mark.parametrize(
    ("enum", "choices"),
    [
        (Answer, _ACTIVITY["definitions"]["answer"]["enum"]),
        (Status, _ACTIVITY["properties"]["status"]["enum"]),
        (Form, _ACTIVITY["properties"]["form"]["enum"]),
        (Frequency, _ACTIVITY["definitions"]["schedule"]["properties"]["frequency"]["enum"]),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_each_enum_has_the_schema_values_in_its_order(enum, choices):
    assert [member.value for member in enum] == choices


def test_every_form_but_in_person_is_without_a_venue():
    assert set(FORMS_WITHOUT_VENUE) == set(Form) - {Form.IN_PERSON}


def test_a_member_is_its_text_for_templates_and_data():
    assert Form.AT_HOME == "hjemme" and f"form.{Form.AT_HOME}.plural" == "form.hjemme.plural"
    assert "ophørt" in (Status.ENDED,) and {"datoer": 1}[Frequency.DATES] == 1
