"""The print job beside a site build: it may wait for the search index, and a failed build cancels it."""

from __future__ import annotations

import threading

from tests.printed.conftest import REPO, TODAY
from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.printed.make import PrintJob
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project


def _directory():
    settings = load_settings(REPO)
    checked = validate_project(settings, TODAY)
    return Directory(settings, checked, Messages(), TODAY)


def test_a_job_that_waits_makes_nothing_until_it_may_and_then_everything(tmp_path):
    directory = _directory()
    go, job = threading.Event(), PrintJob()
    job.start(directory, tmp_path, wait_for=go)
    job.thread.join(timeout=1.0)
    assert job.thread.is_alive() and not list(tmp_path.rglob("*.pdf"))
    go.set()
    made = job.finish()
    assert {path.name for path in made} >= {"netvaerksbogen.pdf", "netvaerksbogen-stor-skrift.pdf", "måløv.pdf"}
    assert all(path.stat().st_size > 10_000 for path in made)


def test_a_cancelled_job_makes_nothing(tmp_path):
    directory = _directory()
    go, job = threading.Event(), PrintJob()
    job.start(directory, tmp_path, wait_for=go)
    job.cancel()
    go.set()
    assert job.finish() == [] and not list(tmp_path.rglob("*.pdf"))
