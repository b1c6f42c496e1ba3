"""`vejviser validate`: exit 0 without errors, 1 with an invalid record, 2 for settings and usage."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import TODAY, edit_record
from vejviser.cli import main


def run(*args):
    return CliRunner().invoke(main, ["validate", *args])


def test_a_valid_world_exits_0(world):
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "Alt er i orden." in result.output


def test_warnings_alone_exit_0(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("reviewed: 2026-09-01", "reviewed: 2025-01-02"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 0
    assert "advarsel: reviewed: Ikke bekræftet siden 2025-01-02 (22 måneder)" in result.output


def test_an_invalid_record_exits_1_and_names_file_line_and_field(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "activities/strikkecafe.yaml:11:14: fejl: schedule.weekdays[0]: 'tirsdg'" in result.output
    assert "Mente du 'tirsdag'?" in result.output


def test_every_problem_is_reported_at_once(world):
    """Schema, content and relation problems of one file, and of another file, in one run."""
    record = world / "activities" / "strikkecafe.yaml"
    text = record.read_text(encoding="utf-8")
    mistakes = [
        ("[tirsdag]", "[tirsdg]"),
        ('end: "12:00"', 'end: "09:00"'),
        ("step_free: ja", "step_free: yes"),
        ("organisation: frivilligcenter", "organisation: frivilligcentret"),
        ("reviewed: 2026-09-01", "reviewed: 2027-09-01"),
        ("consent_date: 2026-03-01", "consent_date: 2027-03-01"),
    ]
    for old, new in mistakes:
        assert old in text
        text = text.replace(old, new)
    record.write_text(text, encoding="utf-8")
    (world / "activities" / "gåtur.yaml").write_text("title: Gåtur\ntitle: igen\n", encoding="utf-8")
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    found = sorted((p["file"].split("/")[1], p["code"], p["field"]) for p in json.loads(result.output)["problems"])
    assert found == [
        ("gåtur.yaml", "load.duplicate_key", None),
        ("strikkecafe.yaml", "content.consent_date_future", "contacts[0].consent_date"),
        ("strikkecafe.yaml", "content.end_before_start", "schedule.end"),
        ("strikkecafe.yaml", "content.reviewed_future", "reviewed"),
        ("strikkecafe.yaml", "relation.unknown_organisation", "organisation"),
        ("strikkecafe.yaml", "schema.enum", "accessibility.step_free"),
        ("strikkecafe.yaml", "schema.enum", "schedule.weekdays[0]"),
    ]


def test_relation_errors_appear_once_the_records_themselves_are_valid(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("organisation: frivilligcenter", "organisation: x"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "Foreningen 'x' findes ikke i mappen organisations/." in result.output


def test_missing_settings_exit_2(tmp_path):
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "Fandt ingen indstillingsfil" in result.output


def test_a_broken_settings_file_exits_2_with_its_line(world):
    (world / "vejviser.yaml").write_text("municipality:\n  name: X\n  name: Y\n", encoding="utf-8")
    result = run(str(world))
    assert result.exit_code == 2
    assert "vejviser.yaml:3:3: fejl: Feltet 'name' står to gange" in result.output


def test_a_usage_mistake_exits_2(world):
    result = run(str(world), "--format", "xml")
    assert result.exit_code == 2


def test_english_messages_with_lang_en(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--lang", "en", "--today", TODAY.isoformat())
    assert "error: schedule.weekdays[0]: 'tirsdg' is not a valid value" in result.output
    assert "Did you mean 'tirsdag'?" in result.output


def test_github_format_annotates_the_line(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--format", "github", "--today", TODAY.isoformat())
    assert "::error file=activities/strikkecafe.yaml,line=11,col=14,title=schedule.weekdays[0]::" in result.output


def test_unknown_answers_are_counted_in_a_summary_line(world):
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    summary = json.loads(result.output)["summary"]
    assert summary["records_with_unknown_answers"] == 1
    assert "accessibility.step_free" not in summary["unknown_answers"]  # answered ja in the world record
    assert summary["unknown_answers"]["transport.pickup"] == 1


def _problems(world):
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    return json.loads(result.output)["problems"]


def test_a_phone_number_in_free_text_without_consent_is_a_warning(world):
    edit_record(world, "  Vi mødes hver tirsdag", "  Ring til Ole på 22 33 44 55. Vi mødes hver tirsdag")
    [problem] = _problems(world)
    assert (problem["code"], problem["severity"], problem["line"]) == ("content.contact_in_text", "warning", 5)


def test_the_consented_contacts_number_in_free_text_is_fine(world):
    edit_record(world, "  Vi mødes hver tirsdag", "  Ring til Hanne på 44971234. Vi mødes hver tirsdag")
    assert _problems(world) == []


def test_ended_activities_are_not_nagged_about_freshness(world):
    edit_record(world, "reviewed: 2026-09-01", "status: ophørt\nreviewed: 2024-01-01")
    assert _problems(world) == []


def test_venue_barriers_are_not_counted_as_unknown_for_phone_offers(world):
    edit_record(world, "form: fremmøde", "form: telefon\nservice_area: [centrum]")
    record = world / "activities" / "strikkecafe.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text[: text.index("venue:")] + text[text.index("accessibility:") :], encoding="utf-8")
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    summary = json.loads(result.output)["summary"]
    assert result.exit_code == 0, result.output
    # a phone friend is not asked about the venue, nor about a host or trying first (model.applies)
    assert not any(key.startswith(("accessibility.", "transport.", "welcome.")) for key in summary["unknown_answers"])


def test_a_settings_error_is_reported_in_the_asked_format(tmp_path):
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.output)["problems"][0]["code"] == "settings.missing"


def test_a_subfolder_of_records_is_a_warning_not_silence(world):
    (world / "activities" / "2026").mkdir()
    (world / "activities" / "2026" / "gåtur.yaml").write_text("title: Gåtur\n", encoding="utf-8")
    codes = [(p["file"], p["code"]) for p in _problems(world)]
    assert codes == [("activities/2026", "load.subfolder")]


def test_dates_all_past_and_unused_weekdays_are_warnings(world):
    edit_record(world, "  frequency: ugentlig\n", "  frequency: datoer\n  dates: [2026-10-01]\n")
    codes = sorted(p["code"] for p in _problems(world))
    assert codes == ["content.dates_past", "content.weekdays_unused"]


def test_the_summary_uses_danish_titles_and_plurals(world):
    result = run(str(world), "--today", TODAY.isoformat())
    assert "1 aktivitet og 2 foreninger tjekket: 0 fejl og 0 advarsler i 3 filer." in result.output
    assert "Flest mangler: " in result.output and "transport." not in result.output


def test_every_other_week_without_its_weeks_is_a_warning_that_names_the_fix(world):
    edit_record(world, "  frequency: ugentlig\n", "  frequency: hver-anden-uge\n")
    problems = [p for p in _problems(world) if p["code"].startswith("content.fortnight")]
    assert [(p["code"], p["field"], p["severity"]) for p in problems] == [
        ("content.fortnight_weeks_missing", "schedule.frequency", "warning")
    ]
    assert "week_parity: lige eller ulige" in problems[0]["message"]


def test_the_weeks_of_every_other_week_are_pointed_out_with_another_frequency(world):
    edit_record(world, "  frequency: ugentlig\n", "  frequency: ugentlig\n  week_parity: lige\n")
    codes = [(p["code"], p["field"]) for p in _problems(world)]
    assert codes == [("content.fortnight_weeks_unused", "schedule.week_parity")]
    edit_record(world, "  week_parity: lige\n", "  week_parity: hver anden\n")
    assert ("schema.enum", "schedule.week_parity") in [(p["code"], p["field"]) for p in _problems(world)]


# --- schedules that cannot meet, or say two things at once -----------------------------------

SCHEDULE = '  frequency: ugentlig\n  weekdays: [tirsdag]\n  start: "10:00"\n  end: "12:00"\n'


def _schedule_problems(world, schedule: str):
    edit_record(world, SCHEDULE, schedule)
    return [(p["code"], p["field"], p["severity"], p["line"]) for p in _problems(world)]


def test_several_times_each_with_its_weekday_are_valid_and_each_is_checked_for_its_end(world):
    times = (
        "  frequency: ugentlig\n  times:\n"
        '    - {weekday: mandag, start: "10:00", end: "12:00"}\n'
        '    - {weekday: torsdag, start: "14:00", end: "13:00"}\n'
    )
    assert _schedule_problems(world, times) == [("content.end_before_start", "schedule.times[1].end", "error", 13)]


def test_times_beside_one_time_is_refused_at_each_line_that_should_go(world):
    both = SCHEDULE + '  times:\n    - {weekday: mandag, start: "10:00"}\n    - {weekday: fredag, start: "10:00"}\n'
    said = [p["message"] for p in (edit_record(world, SCHEDULE, both), _problems(world))[1]]
    assert "Fjern weekdays," in said[0] and "Fjern start," in said[1] and "{" not in " ".join(said)
    edit_record(world, both, SCHEDULE)
    assert _schedule_problems(world, both) == [
        ("content.times_and_one_time", "schedule.weekdays", "error", 11),
        ("content.times_and_one_time", "schedule.start", "error", 12),
        ("content.times_and_one_time", "schedule.end", "error", 13),
    ]


def test_weeks_of_the_month_with_a_weekly_rule_is_refused_it_would_send_people_every_week(world):
    found = _schedule_problems(world, SCHEDULE + "  weeks_of_month: [1, 3]\n")
    assert found == [("content.weeks_of_month_unused", "schedule.weeks_of_month", "error", 14)]
    message = next(p["message"] for p in _problems(world) if p["code"] == "content.weeks_of_month_unused")
    assert "månedlig" in message and "ugentlig" in message


def test_a_season_that_ends_before_it_begins_is_refused_and_one_that_has_ended_is_pointed_out(world):
    backwards = SCHEDULE + "  season_start: 2027-05-01\n  season_end: 2027-03-01\n"
    assert _schedule_problems(world, backwards) == [("content.season_backwards", "schedule.season_end", "error", 15)]
    edit_record(world, "  season_start: 2027-05-01\n  season_end: 2027-03-01\n", "  season_end: 2026-06-30\n")
    found = [(p["code"], p["severity"]) for p in _problems(world)]
    assert found == [("content.season_past", "warning")]


def test_a_season_from_the_last_year_the_calendar_has_is_checked_without_a_traceback(world):
    """The rules look a year ahead of a season's start: from 9999 that runs past the calendar's last day."""
    found = _schedule_problems(world, SCHEDULE + "  season_start: 9999-06-01\n")
    assert found == []
    edit_record(world, "  season_start: 9999-06-01\n", "  season_start: 9999-12-29\n  season_end: 9999-12-30\n")
    assert [(p["code"], p["field"]) for p in _problems(world)] == [("content.never_meets", "schedule.frequency")]


def test_a_season_whose_last_meetings_have_passed_is_not_refused_before_it_ends(world):
    """A winter season that pauses in June: on 1 June its meetings are over, but the record is as right as
    it was in May, and refusing it would stop every build (the nightly one too) until 30 June."""
    for season in ("  season_start: 2026-09-01\n  season_end: 2027-06-30\n", "  season_end: 2027-06-30\n"):
        edit_record(world, SCHEDULE, SCHEDULE + season + "  pause_months: [juni]\n")
        for today in ("2026-11-23", "2027-05-31", "2027-06-15"):
            result = run(str(world), "--today", today, "--format", "json")
            codes = [p["code"] for p in json.loads(result.output)["problems"] if p["severity"] == "error"]
            assert (result.exit_code, codes) == (0, []), (season, today)
        edit_record(world, SCHEDULE + season + "  pause_months: [juni]\n", SCHEDULE)


def test_every_month_paused_never_meets_and_is_refused(world):
    months = "[januar, februar, marts, april, maj, juni, juli, august, september, oktober, november, december]"
    found = _schedule_problems(world, SCHEDULE + f"  pause_months: {months}\n")
    assert found == [("content.always_paused", "schedule.pause_months", "error", 14)]


def test_a_rule_whose_every_day_is_paused_or_outside_its_season_is_refused(world):
    # Tuesdays in a season of July, with July paused
    never = SCHEDULE + "  pause_months: [juli]\n  season_start: 2027-07-01\n  season_end: 2027-07-31\n"
    assert _schedule_problems(world, never) == [("content.never_meets", "schedule.frequency", "error", 10)]
    # dates that all fall in a pause month
    dates = '  frequency: datoer\n  dates: [2027-07-06, 2027-07-13]\n  start: "10:00"\n  pause_months: [juli]\n'
    edit_record(world, never, dates)
    assert [(p["code"], p["field"]) for p in _problems(world)] == [("content.never_meets", "schedule.frequency")]


def test_a_cancelled_day_that_is_not_a_meeting_day_is_pointed_out_a_holiday_meeting_may_be_cancelled(world):
    # 2026-12-01 is a Tuesday, 2026-12-02 a Wednesday; 2026-12-29 a Tuesday
    cancelled = SCHEDULE + "  cancelled: [2026-12-01, 2026-12-02, 2026-12-29]\n"
    found = _schedule_problems(world, cancelled)
    assert found == [("content.cancelled_not_a_meeting", "schedule.cancelled[1]", "warning", 14)]
    # a Tuesday that is a public holiday (2. juledag 2025 is a Friday; 2028-12-26 is a Tuesday)
    edit_record(world, "[2026-12-01, 2026-12-02, 2026-12-29]", "[2028-12-26]")
    assert _problems(world) == []


def test_a_schedule_the_schema_refuses_is_not_read_by_the_rules_that_work_out_days(world):
    # a misspelt weekday: the schema says so, and no rule trips over it
    found = _schedule_problems(world, SCHEDULE.replace("[tirsdag]", "[tirsdg]") + "  cancelled: [2026-12-02]\n")
    assert [code for code, *_ in found] == ["schema.enum"]


def test_a_first_date_off_the_rules_weekdays_or_beside_the_week_parity_is_pointed_out(world):
    fortnight = '  frequency: hver-anden-uge\n  weekdays: [tirsdag]\n  start: "10:00"\n  end: "12:00"\n'
    # 2027-01-13 is a Wednesday
    found = _schedule_problems(world, fortnight + "  first_date: 2027-01-13\n")
    assert found == [("content.first_date_weekday", "schedule.first_date", "warning", 14)]
    assert "er en onsdag, men aktiviteten er om tirsdag" in _problems(world)[0]["message"]
    edit_record(world, "  first_date: 2027-01-13\n", "  first_date: 2027-01-12\n  week_parity: lige\n")
    assert [(p["code"], p["field"]) for p in _problems(world)] == [
        ("content.fortnight_weeks_twice", "schedule.first_date")
    ]
