"""The issue forms: made from the schema and the municipality's lists, valid for GitHub, in step."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.model import WEEKDAYS
from vejviser.schema import SchemaIndex, effective_schema
from vejviser.settings import load_settings
from vejviser.submit.issue_forms import form_fields

REPO = Path(__file__).parent.parent.parent
FORMS = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def _form(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / f"{name}.yml").read_text(encoding="utf-8"))


def test_the_three_forms_are_committed_and_in_step_with_the_schema():
    assert [f.name for f in FORMS] == ["aktivitet-stoppet.yml", "ny-aktivitet.yml", "ret-aktivitet.yml"]
    result = CliRunner().invoke(main, ["forms", str(REPO), "--check"])
    assert result.exit_code == 0, result.output


def test_a_changed_list_of_the_municipality_makes_the_check_fail_until_the_forms_are_made_again(tmp_path):
    project = tmp_path / "kommune"
    shutil.copytree(REPO / ".github", project / ".github")
    for name in ("vejviser.yaml", "omraader.geojson", "geocache.yaml"):
        shutil.copy(REPO / name, project / name)
    settings = project / "vejviser.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "    name: Skovlunde\n" in text
    settings.write_text(text.replace("    name: Skovlunde\n", "    name: Skovlunde By\n"), encoding="utf-8")
    stale = CliRunner().invoke(main, ["forms", str(project), "--check"])
    assert stale.exit_code == 1
    assert ".github/ISSUE_TEMPLATE/ny-aktivitet.yml passer ikke til skemaet" in stale.output
    assert CliRunner().invoke(main, ["forms", str(project)]).exit_code == 0
    assert "Skovlunde By" in (project / ".github" / "ISSUE_TEMPLATE" / "ny-aktivitet.yml").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["forms", str(project), "--check"]).exit_code == 0


def test_the_forms_are_valid_issue_forms_for_github():
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run([str(checker), "--builtin-schema", "vendor.github-issue-forms", *map(str, FORMS)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_field_has_one_element_with_a_unique_id_and_label():
    for form in (_form("ny-aktivitet"), _form("ret-aktivitet"), _form("aktivitet-stoppet")):
        elements = [e for e in form["body"] if e["type"] != "markdown"]
        ids = [e["id"] for e in elements]
        labels = [e["attributes"]["label"] for e in elements]
        assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))


def test_the_new_form_requires_what_the_schema_requires_and_asks_nothing_the_submission_sets():
    elements = {e["id"]: e for e in _form("ny-aktivitet")["body"] if "id" in e}
    required = {key for key, e in elements.items() if e.get("validations", {}).get("required")}
    assert required == {"activity-title", "summary", "organisation", "categories", "form", "schedule-frequency"}
    assert not {"id", "reviewed", "status", "paused_until", "venue-coordinates-lat"} & set(elements)
    assert elements["contacts"]["attributes"]["label"] == "Kontaktpersoner"
    assert (
        "Navn ; Rolle ; Telefon ; E-mail ; Samtykke til offentliggørelse"
        in elements["contacts"]["attributes"]["description"]
    )  # the consent date is set by the submission
    consent = elements["consent"]["attributes"]["options"]
    assert consent[0]["required"] is True


def test_choices_show_the_readers_words_for_every_value_of_the_schema():
    settings = load_settings(REPO)
    elements = {e["id"]: e for e in _form("ny-aktivitet")["body"] if "id" in e}
    assert elements["categories"]["attributes"]["options"] == [t.label for t in settings.categories]
    assert elements["categories"]["attributes"]["multiple"] is True
    assert elements["accessibility-step_free"]["attributes"]["options"] == ["Ja", "Nej", "Ikke oplyst"]
    assert elements["schedule-weekdays"]["attributes"]["options"][0] == "mandag"
    assert elements["service_area"]["attributes"]["options"][-1] == "Hele kommunen"
    index = SchemaIndex(effective_schema("activity", settings.vocabularies()))
    for field in form_fields(settings, Messages()):
        if field.kind == "dropdown":
            values = index.info(field.path + ((0,) if field.multiple else ())).enum
            assert [value for value, _ in field.options] == list(values), field.id


def test_the_change_form_asks_for_the_id_and_requires_nothing_else():
    elements = [e for e in _form("ret-aktivitet")["body"] if "id" in e]
    assert elements[0]["id"] == "id"
    required = {e["id"] for e in elements if e.get("validations", {}).get("required")}
    assert required == {"id"}
    consent = next(e for e in elements if e["id"] == "consent")
    assert consent["attributes"]["options"][0]["required"] is True
    assert "status" in {e["id"] for e in elements}  # a change may pause an activity


def test_several_times_are_a_text_area_of_lines_whose_weekday_is_a_choice_and_dates_are_one_a_line():
    fields = {f.path: f for f in form_fields(load_settings(REPO), Messages())}
    times = fields[("schedule", "times")]
    assert (times.kind, times.value, times.item_keys) == ("textarea", "items", ("weekday", "start", "end"))
    assert dict(times.item_options) == {"weekday": tuple((day, day) for day in WEEKDAYS)}  # read as a choice
    assert "Ugedag ; Starttid ; Sluttid" in times.description
    assert (fields[("schedule", "cancelled")].kind, fields[("schedule", "cancelled")].value) == ("textarea", "dates")
    assert dict(fields[("contacts",)].item_options) == {"consent": (("ja", "ja"), ("nej", "nej"))}
    choices = {path: [words for _, words in fields[path].options] for path in
               (("schedule", "week_parity"), ("schedule", "holidays_off"))}  # fmt: skip
    assert choices == {("schedule", "week_parity"): ["Lige uger", "Ulige uger"],
                       ("schedule", "holidays_off"): ["Ja, holder fri", "Nej"]}  # fmt: skip
    # the help says it in the words of the choices, not of the file
    assert "»Ja, holder fri«" in fields[("schedule", "holidays_off")].description
