"""`vejviser new`: the fields asked one by one with the schema's Danish help, a valid commented record."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.load.yamlfile import load_text
from vejviser.settings import load_settings
from vejviser.submit.issue_forms import form_fields

REPO = Path(__file__).parent.parent.parent
TODAY = "2026-12-01"
ANSWERS = {
    ("title",): "Sangcafé i Egebjerg",
    ("summary",): "Vi synger fra Højskolesangbogen og drikker kaffe bagefter.",
    ("organisation",): "egebjerg-sogn",
    ("categories",): ["Musik og sang", "Åbne mødesteder og caféer"],
    ("form",): ["På et mødested"],
    ("schedule", "frequency"): ["Hver uge"],
    ("schedule", "weekdays"): ["torsdag"],
    ("schedule", "start"): "14:00",
    ("schedule", "end"): "15:30",
    ("venue", "name"): "Egebjerg Kirke",
    ("venue", "address", "street"): "Egebjerg Bygade 2",
    ("venue", "address", "postcode"): "2750",
    ("venue", "address", "town"): "Ballerup",
    ("area",): ["Egebjerg"],  # 2750 is shared by several areas
    ("accessibility", "step_free"): ["Ja"],
    ("contacts",): "Ida Berg; kirkesanger; 44 11 22 33; ; ja",
}


@pytest.fixture
def project(example) -> Path:
    return example


def _lines(answers: dict, before: dict | None = None) -> list[str]:
    """What a person types, field by field: a choice by its number, Enter to skip."""
    lines = []
    for f in form_fields(load_settings(REPO), Messages()):
        lines += (before or {}).get(f.path, [])
        answer = answers.get(f.path)
        if answer is None:
            lines.append("")
        elif f.kind == "dropdown":
            words = [w for _, w in f.options]
            lines.append(",".join(str(words.index(a) + 1) for a in answer))
        else:
            lines.append(answer)
    return lines


def run(project: Path, lines: list[str]):
    command = ["new", "--project", str(project), "--today", TODAY]
    return CliRunner().invoke(main, command, input="\n".join(lines) + "\n")


def test_answering_the_questions_writes_a_valid_record_with_a_comment_on_every_field(project):
    result = run(project, _lines(ANSWERS))
    assert result.exit_code == 0, result.output
    assert "Titel *" in result.output and "Aktivitetens navn, som borgerne kender den" in result.output
    assert "1. Motion og bevægelse" in result.output  # choices in the readers' words, numbered
    assert "Skrev activities/sangcafe-i-egebjerg.yaml." in result.output
    text = (project / "activities" / "sangcafe-i-egebjerg.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# Titel: Aktivitetens navn" in text and "# Hvornår" in text
    data = load_text(text, "x").data
    assert data["categories"] == ["musik-og-sang", "mødested"] and data["form"] == "fremmøde"
    assert data["schedule"] == {"frequency": "ugentlig", "weekdays": ["torsdag"], "start": "14:00", "end": "15:30"}
    assert data["contacts"][0]["consent_date"] == TODAY and data["reviewed"] == TODAY
    assert CliRunner().invoke(main, ["validate", str(project), "--today", TODAY]).exit_code == 0


def test_a_required_field_and_a_wrong_number_are_asked_again(project):
    lines = _lines(ANSWERS, before={("title",): [""], ("form",): ["9"]})
    result = run(project, lines)
    assert result.exit_code == 0, result.output
    assert "Dette felt skal udfyldes." in result.output
    assert "Skriv et nummer fra 1 til 4." in result.output


def test_a_field_with_a_problem_is_asked_again_with_the_validators_words(project):
    answers = {**ANSWERS, ("venue", "address", "postcode"): "27500"}
    result = run(project, [*_lines(answers), "2750"])
    assert result.exit_code == 0, result.output
    assert "Der er lidt, der skal rettes:" in result.output
    assert "- Mødested: Adresse: Postnummer: '27500' har ikke den rigtige form for Postnummer." in result.output
    data = load_text((project / "activities" / "sangcafe-i-egebjerg.yaml").read_text(encoding="utf-8"), "x").data
    assert data["venue"]["address"]["postcode"] == "2750"


#: Several times and the rest of a schedule, typed in the terminal: ``\n`` between the lines of an answer.
SEVERAL_TIMES = {
    ("schedule", "frequency"): ["Hver anden uge"],
    ("schedule", "times"): "Mandag ; 10:00 ; 12:00\\ntorsdag ; 14:00 ; 16:00",
    ("schedule", "week_parity"): ["Lige uger"],
    ("schedule", "cancelled"): "2026-12-21\\n2026-12-28",
    ("schedule", "holidays_off"): ["Ja, holder fri"],
    ("schedule", "season_start"): "2026-09-01",
    ("schedule", "season_end"): "2027-06-30",
}
ONE_TIME = (("schedule", "weekdays"), ("schedule", "start"), ("schedule", "end"))


def test_several_times_and_cancelled_days_are_typed_one_a_line_and_give_a_valid_record(project):
    answers = {key: value for key, value in ANSWERS.items() if key not in ONE_TIME} | SEVERAL_TIMES
    result = run(project, _lines(answers))
    assert result.exit_code == 0, result.output
    assert "Svar (flere linjer: skriv \\n mellem linjerne)" in result.output  # how to give several lines
    data = load_text((project / "activities" / "sangcafe-i-egebjerg.yaml").read_text(encoding="utf-8"), "x").data
    assert data["schedule"] == {
        "frequency": "hver-anden-uge",
        "times": [{"weekday": "mandag", "start": "10:00", "end": "12:00"},
                  {"weekday": "torsdag", "start": "14:00", "end": "16:00"}],
        "week_parity": "lige",
        "cancelled": ["2026-12-21", "2026-12-28"],
        "holidays_off": "ja",
        "season_start": "2026-09-01",
        "season_end": "2027-06-30",
    }  # fmt: skip
    assert CliRunner().invoke(main, ["validate", str(project), "--today", TODAY]).exit_code == 0


def test_a_field_asked_again_and_left_empty_is_taken_out_of_the_record(project):
    # one time and several: the validator names weekdays, start and end; Enter on each takes it out
    answers = ANSWERS | {("schedule", "times"): SEVERAL_TIMES[("schedule", "times")]}
    result = run(project, [*_lines(answers), "", "", ""])
    assert result.exit_code == 0, result.output
    assert "- Hvornår: Ugedage: Skriv enten ugedage og tid én gang" in result.output
    assert "- Hvornår: Starttid: Skriv enten" in result.output and "- Hvornår: Sluttid: Skriv enten" in result.output
    data = load_text((project / "activities" / "sangcafe-i-egebjerg.yaml").read_text(encoding="utf-8"), "x").data
    times = [
        {"weekday": "mandag", "start": "10:00", "end": "12:00"},
        {"weekday": "torsdag", "start": "14:00", "end": "16:00"},
    ]
    assert data["schedule"] == {"frequency": "ugentlig", "times": times}
    assert CliRunner().invoke(main, ["validate", str(project), "--today", TODAY]).exit_code == 0
