"""The command as a process: its exit codes and all of its output, though it skips freeing its objects."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import edit_record


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "vejviser", *args], capture_output=True, text=True, cwd=cwd)


def test_a_valid_directory_exits_0_with_its_summary(world):
    done = _run("validate", str(world), "--today", "2026-11-23")
    assert done.returncode == 0, done.stderr
    assert "0 fejl" in done.stdout


def test_an_invalid_record_exits_1_and_every_line_of_the_report_is_written(world):
    edit_record(world, "[tirsdag]", "[tirsdg]")
    done = _run("validate", str(world), "--today", "2026-11-23")
    assert done.returncode == 1
    assert "activities/strikkecafe.yaml:" in done.stdout and "schedule.weekdays[0]" in done.stdout
    assert done.stdout.endswith("Vejviseren bliver ikke bygget, før fejlene er rettet.\n")  # all of it, to the end


def test_usage_errors_exit_2_and_the_version_exits_0():
    assert _run("no-such-command").returncode == 2
    done = _run("--version")
    assert done.returncode == 0 and "version" in done.stdout
