"""`vejviser from-issue`: a submitted "Ny aktivitet" issue becomes a valid record, or problems named by
the form's own labels in Danish, and then nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vejviser.cli import main
from vejviser.load.yamlfile import load_text

REPO = Path(__file__).parent.parent.parent
ISSUES = Path(__file__).parent / "issues"
TODAY = "2026-12-01"


@pytest.fixture
def project(example) -> Path:
    return example


def run(project: Path, body: str):
    return CliRunner().invoke(main, ["from-issue", "-", "--project", str(project), "--today", TODAY], input=body)


def _files(project: Path) -> set[str]:
    return {p.name for p in (project / "activities").glob("*.yaml")}


def test_a_complete_issue_becomes_a_valid_record_in_the_volunteers_style(project):
    before = _files(project)
    result = run(project, (ISSUES / "good.md").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "activities/strikkecafe-i-hedegården.yaml"
    assert _files(project) - before == {"strikkecafe-i-hedegården.yaml"}
    text = (project / "activities" / "strikkecafe-i-hedegården.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../src/vejviser/schema/activity.schema.json\n")
    assert "categories: [kreativ, mødested]\n" in text and "description: |" in text
    data = load_text(text, "x.yaml").data
    assert data["form"] == "fremmøde" and data["area"] == "hedegården"  # the readers' words back to values
    assert data["schedule"] == {"frequency": "ugentlig", "weekdays": ["onsdag"], "start": "14:00", "end": "16:00",
                                "pause_months": ["juli"]}  # fmt: skip
    assert data["cost"]["price_dkk"] == 20  # "20 kr."
    assert data["accessibility"] == {"step_free": "ja", "accessible_toilet": "ukendt"}
    assert data["reviewed"] == TODAY
    assert data["contacts"] == [{"name": "Birthe Holm", "role": "tovholder", "phone": "40 11 22 33", "consent": "ja",
                                 "consent_date": TODAY}]  # fmt: skip
    validated = CliRunner().invoke(main, ["validate", str(project), "--today", TODAY])
    assert validated.exit_code == 0, validated.output


def _schedule(project: Path) -> dict:
    return load_text((project / "activities" / "strikkecafe-i-hedegården.yaml").read_text(encoding="utf-8"), "x").data[
        "schedule"
    ]


def test_several_times_a_season_cancelled_days_and_the_weeks_become_a_valid_record(project):
    result = run(project, (ISSUES / "several-times.md").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert _schedule(project) == {
        "frequency": "hver-anden-uge",
        "times": [{"weekday": "mandag", "start": "10:00", "end": "12:00"},  # "Mandag ; 10:00 ; 12:00"
                  {"weekday": "torsdag", "start": "14.00", "end": "16:00"}],
        "pause_months": ["juli"],
        "week_parity": "ulige",  # "Ulige uger"
        "cancelled": ["2027-01-04", "2027-01-07"],  # one a line
        "holidays_off": "ja",  # "Ja, holder fri"
        "season_start": "2026-09-01",
        "season_end": "2027-06-30",
    }  # fmt: skip
    validated = CliRunner().invoke(main, ["validate", str(project), "--today", TODAY])
    assert validated.exit_code == 0, validated.output
    assert "strikkecafe-i-hedegården" not in validated.output  # not even a warning


def test_a_choice_inside_a_line_is_read_as_a_dropdowns_choice_is(project):
    body = (ISSUES / "several-times.md").read_text(encoding="utf-8")
    body = body.replace("Mandag ; 10:00", "MANDAG ; 10:00").replace("torsdag; 14.00", " Torsdag ;14.00")
    body = body.replace("40 11 22 33; ; ja", "40 11 22 33; ; Ja")  # a contact's consent
    result = run(project, body)
    assert result.exit_code == 0, result.output
    assert [slot["weekday"] for slot in _schedule(project)["times"]] == ["mandag", "torsdag"]
    data = load_text((project / "activities" / "strikkecafe-i-hedegården.yaml").read_text(encoding="utf-8"), "x").data
    assert data["contacts"][0]["consent"] == "ja" and data["contacts"][0]["consent_date"] == TODAY


def test_a_weekday_that_is_no_choice_is_named_by_the_validator_with_the_forms_label(project):
    body = (ISSUES / "several-times.md").read_text(encoding="utf-8").replace("Mandag ; 10:00", "mandg ; 10:00")
    result = run(project, body)
    assert result.exit_code == 1
    assert "- **Hvornår: Flere tidspunkter**: 'mandg' er ikke en gyldig værdi for Ugedag." in result.output
    assert "Mente du 'mandag'?" in result.output


def test_weekdays_and_a_time_beside_several_times_get_the_validators_message_at_each_and_nothing_is_written(project):
    before = _files(project)
    body = (ISSUES / "several-times.md").read_text(encoding="utf-8")
    body = body.replace("### Hvornår: Ugedage\n\n_No response_", "### Hvornår: Ugedage\n\nmandag, torsdag")
    body = body.replace("### Hvornår: Starttid\n\n_No response_", "### Hvornår: Starttid\n\n10:00")
    result = run(project, body)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)  # said, not crashed
    lines = [line for line in result.output.splitlines() if line.startswith("- **")]
    assert [line.split("**")[1] for line in lines] == ["Hvornår: Ugedage", "Hvornår: Starttid"]
    assert all("Skriv enten ugedage og tid én gang" in line for line in lines)
    assert _files(project) == before


def test_a_heading_inside_a_description_stays_part_of_it(project):
    good = (ISSUES / "good.md").read_text(encoding="utf-8")
    body = good.replace(
        "Tag gerne dit eget garn med.", "Tag gerne dit eget garn med.\n\n### Program\n\n- kaffe\n- strik"
    )
    result = run(project, body)
    assert result.exit_code == 0, result.output
    assert "Program" not in result.output  # not reported as a field the form does not have
    data = load_text((project / "activities" / "strikkecafe-i-hedegården.yaml").read_text(encoding="utf-8"), "x").data
    assert data["description"].endswith("Tag gerne dit eget garn med.\n\n### Program\n\n- kaffe\n- strik")
    assert data["organisation"] == "frivillighuset-ballerup"  # the next field is read as before


def test_an_incomplete_issue_gets_its_problems_by_the_forms_labels_and_nothing_is_written(project):
    before = _files(project)
    result = run(project, (ISSUES / "incomplete.md").read_text(encoding="utf-8"))
    assert result.exit_code == 1
    assert "Aktiviteten kan ikke komme med endnu." in result.output
    assert "- **Titel**: Feltet 'title' (Titel) mangler." in result.output
    assert "- **Hvornår: Starttid**: 'kl. 10' har ikke den rigtige form for Starttid." in result.output
    assert "**Mødested: Adresse: Postnummer**" in result.output
    assert "Traceback" not in result.output
    assert _files(project) == before


def test_a_hostile_issue_is_refused_with_reasons_and_its_text_never_runs(project):
    before = _files(project)
    result = run(project, (ISSUES / "hostile.md").read_text(encoding="utf-8"))
    assert result.exit_code == 1
    assert "CPR-nummer (010203-XXXX)" in result.output and "010203-1234" not in result.output
    assert "begynder med 'javascript:'" in result.output
    assert 'Feltet "Et felt vi ikke kender" findes ikke i formularen' in result.output
    assert _files(project) == before


def test_yaml_in_an_answer_is_written_as_text(project):
    hostile = 'Kaffe\' !!python/object/apply:os.system ["echo x"] # status: ophørt'
    body = (ISSUES / "good.md").read_text(encoding="utf-8").replace("Strikkecafé i Hedegården", hostile)
    result = run(project, body)
    assert result.exit_code == 0, result.output
    (written,) = _files(project) - {p.name for p in (REPO / "activities").glob("*.yaml")}
    data = load_text((project / "activities" / written).read_text(encoding="utf-8"), written).data
    assert data["title"] == hostile
    assert "status" not in data


def test_without_the_consent_box_ticked_nobody_is_published(project):
    body = (ISSUES / "good.md").read_text(encoding="utf-8").replace("- [X] De kontakt", "- [ ] De kontakt")
    assert run(project, body).exit_code == 0
    data = load_text((project / "activities" / "strikkecafe-i-hedegården.yaml").read_text(encoding="utf-8"), "x").data
    assert data["contacts"][0]["consent"] == "nej" and "consent_date" not in data["contacts"][0]


def test_a_second_activity_of_the_same_name_gets_its_own_file(project):
    body = (ISSUES / "good.md").read_text(encoding="utf-8")
    assert run(project, body).exit_code == 0
    second = run(project, body)
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "activities/strikkecafe-i-hedegården-2.yaml"


def test_text_that_is_not_a_form_exits_2(project):
    result = run(project, "Hej, vi har en ny strikkeklub. Mvh Birthe")
    assert result.exit_code == 2
    assert "ikke en udfyldt formular" in result.output


def _change(project: Path, body: str, form: str = "ret-aktivitet"):
    command = ["from-issue", "-", "--form", form, "--project", str(project), "--today", TODAY]
    return CliRunner().invoke(main, command, input=body)


RECORD = "activities/strikkecafe-i-måløv.yaml"


def test_a_change_sets_only_the_fields_asked_and_keeps_the_rest_of_the_file(project):
    before = (project / RECORD).read_text(encoding="utf-8")
    result = _change(project, (ISSUES / "change.md").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == RECORD
    after = (project / RECORD).read_text(encoding="utf-8")
    data = load_text(after, "x").data
    assert data["schedule"]["start"] == "13:00" and data["schedule"]["end"] == "15:00"
    assert data["cost"]["free"] == "nej" and data["cost"]["price_dkk"] == 25
    assert data["reviewed"] == TODAY and data["contacts"][0]["consent_date"] == TODAY
    old = load_text(before, "x").data
    assert data["title"] == old["title"] and data["venue"] == old["venue"]  # not asked: unchanged
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert CliRunner().invoke(main, ["validate", str(project), "--today", TODAY]).exit_code == 0


def test_a_change_that_would_make_the_record_invalid_leaves_the_file_as_it_was(project):
    before = (project / RECORD).read_bytes()
    body = (ISSUES / "change.md").read_text(encoding="utf-8").replace("### Pris: Gratis\n\nNej\n\n", "")
    result = _change(project, body)
    assert result.exit_code == 1
    assert "- **Pris: Pris i kroner**: Aktiviteten står som gratis, men har en pris (25 kr.)." in result.output
    assert (project / RECORD).read_bytes() == before


def test_a_change_to_an_unknown_activity_says_so(project):
    body = (ISSUES / "change.md").read_text(encoding="utf-8").replace("strikkecafe-i-måløv", "strikkecafe-i-atlantis")
    result = _change(project, body)
    assert result.exit_code == 1
    assert 'Der er ingen fil med id\'et "strikkecafe-i-atlantis" i mappen activities/' in result.output


def test_a_stopped_activity_is_marked_ended_and_kept(project):
    result = _change(project, (ISSUES / "stopped.md").read_text(encoding="utf-8"), form="aktivitet-stoppet")
    assert result.exit_code == 0, result.output
    data = load_text((project / RECORD).read_text(encoding="utf-8"), "x").data
    assert data["status"] == "ophørt" and data["reviewed"] == TODAY
    assert data["title"] == "Strikkecafé i Måløv"


@pytest.mark.parametrize(
    ("encoding", "ok"), [("utf-8", True), ("utf-8-sig", True), ("utf-16", True), ("latin-1", False), ("cp1252", False)]
)
def test_an_issue_saved_in_another_encoding_is_read_or_refused_in_danish(project, tmp_path, encoding, ok):
    body = tmp_path / "issue.md"
    body.write_bytes((ISSUES / "good.md").read_text(encoding="utf-8").encode(encoding))
    result = CliRunner().invoke(main, ["from-issue", str(body), "--project", str(project), "--today", TODAY])
    assert "Traceback" not in result.output and not isinstance(result.exception, UnicodeError)
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2
        assert "Teksten er ikke gemt som UTF-8" in result.output
        assert _files(project) == {p.name for p in (REPO / "activities").glob("*.yaml")}


def test_an_issue_larger_than_github_allows_is_refused(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text("### Titel\n\n" + "x" * 2_000_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["from-issue", str(body), "--project", str(project)])
    assert result.exit_code == 2 and "et issue må højst fylde" in result.output


def test_an_issue_that_is_a_link_or_a_device_is_refused(project, tmp_path):
    import os

    os.symlink("/dev/zero", tmp_path / "issue.md")
    result = CliRunner().invoke(main, ["from-issue", str(tmp_path / "issue.md"), "--project", str(project)])
    assert result.exit_code == 2 and "symbolsk link" in result.output


def test_a_change_to_several_times_replaces_the_one_time_and_the_record_stays_valid(project):
    """ "Ret en aktivitet" can only set fields; several times take the place of weekdays, start and end."""
    body = (
        "### Aktivitetens id\n\nstrikkecafe-i-måløv\n\n"
        "### Hvornår: Flere tidspunkter\n\nMandag ; 10:00 ; 12:00\ntorsdag ; 14:00 ; 16:00\n\n"
        "### Samtykke\n\n- [X] De kontaktpersoner, der står med samtykke: ja, har sagt ja.\n"
    )
    result = _change(project, body)
    assert result.exit_code == 0, result.output
    schedule = load_text((project / RECORD).read_text(encoding="utf-8"), "x").data["schedule"]
    assert "weekdays" not in schedule and "start" not in schedule and "end" not in schedule
    assert schedule["times"] == [
        {"weekday": "mandag", "start": "10:00", "end": "12:00"},
        {"weekday": "torsdag", "start": "14:00", "end": "16:00"},
    ]
    assert CliRunner().invoke(main, ["validate", str(project), "--today", TODAY]).exit_code == 0
