"""The repository's help for contributors: editors check records as they type, a pre-commit hook
stops an invalid record, the coordinator reviews what changes records, settings and workflows, and the
guides for associations lead to what is there."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def test_the_editor_settings_map_each_kind_of_record_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert set(schemas.values()) == {"activities/*.yaml", "organisations/*.yaml", "vejviser.yaml"}
    for schema, pattern in schemas.items():
        assert (REPO / schema).is_file(), schema
        assert json.loads((REPO / schema).read_text(encoding="utf-8"))["$schema"].startswith("http://json-schema.org/")
        assert list(REPO.glob(pattern)), pattern


@pytest.mark.parametrize("kind", ["activities", "organisations"])
def test_every_record_names_its_schema_for_the_yaml_language_server(kind):
    schema = {"activities": "activity", "organisations": "organisation"}[kind]
    for record in sorted((REPO / kind).glob("*.yaml")):
        first = record.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../src/vejviser/schema/{schema}.schema.json", record.name
        assert (record.parent / first.split("=", 1)[1]).resolve().is_file()


def _pre_commit(*args, cwd=REPO, env=None):
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_the_pre_commit_config_and_the_hook_offered_to_others_are_valid():
    assert _pre_commit("validate-config", ".pre-commit-config.yaml").returncode == 0
    assert _pre_commit("validate-manifest", ".pre-commit-hooks.yaml").returncode == 0


def test_the_pre_commit_hook_stops_a_commit_with_an_invalid_record(tmp_path):
    project = tmp_path / "kommune"
    shutil.copytree(EXAMPLES / "world", project)
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example"}  # fmt: skip
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    ok = _pre_commit("run", "--all-files", cwd=project, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    stopped = _pre_commit("run", "--all-files", cwd=project, env=env)
    assert stopped.returncode == 1
    assert "activities/strikkecafe.yaml:" in stopped.stdout and "Mente du 'tirsdag'?" in stopped.stdout


def test_the_pre_commit_hook_checks_the_records_it_is_given(tmp_path):
    """pre-commit passes the files a commit changes: a valid change goes through beside a broken
    record it does not touch (CI checks every record), and the broken one is stopped by name."""
    project = tmp_path / "kommune"
    shutil.copytree(EXAMPLES / "world", project)
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    (project / "activities" / "gåtur.yaml").write_text("title: Gåtur\ntitle: igen\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    passed = _pre_commit("run", "--files", "activities/strikkecafe.yaml", cwd=project, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    stopped = _pre_commit("run", "--files", "activities/gåtur.yaml", cwd=project, env=env)
    assert stopped.returncode == 1
    assert "activities/gåtur.yaml:" in stopped.stdout and "strikkecafe" not in stopped.stdout


def test_the_coordinator_owns_the_records_the_settings_and_the_workflows():
    owners = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, *who = line.split()
            owners[path] = who
    assert {"/activities/", "/organisations/", "/vejviser.yaml", "/.github/"} <= set(owners)
    for path, who in owners.items():
        assert who and all(w.startswith("@") for w in who), path
        assert (REPO / path.strip("/")).exists(), path


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md", "docs/tilfoej-aktivitet.md"])
def test_every_image_and_file_a_guide_links_to_is_in_the_repository(document):
    text = (REPO / document).read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if "://" not in t and not t.startswith(("mailto:", "../"))]
    assert local, document
    missing = [t for t in local if not (REPO / document).parent.joinpath(t).exists()]
    assert missing == []


def test_the_associations_guide_names_the_three_ways_in_and_shows_the_web_form():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[:3] == ["1. Formularen på hjemmesiden", "2. Formularen på GitHub", "3. Skriv filen selv"]
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):  # the table's links lead to the headings, as GitHub names them
        assert anchor in [re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings], anchor
    assert "docs/images/formular-fejl-820.png" in text
