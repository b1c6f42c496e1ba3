"""Under `mkdocs serve` (`make serve`) a saved record does not wait for the printed editions: a
rebuild serves the last ones made, and new ones are made in the background when the records changed.

Driven as `mkdocs serve` drives a build: the plugins told the command once, then a fresh
configuration and a build for every save."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from vejviser.printed import make
from vejviser.printed.make import SERVED_EDITIONS

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture
def served(project, tmp_path):
    """A function that rebuilds the served site as a save does, and the plugin MkDocs keeps."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tmp_path / "served"

    def rebuild():
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        build(config, serve_url=SERVE_URL)
        return config.plugins["vejviser"]

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        yield rebuild, site_dir
    finally:
        config.plugins.on_shutdown()  # the plugin MkDocs keeps builds for the other tests again


def _book_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


#: The background print, held until the test opens the gate (a file): it says when it has started.
GATE = """
import pathlib, runpy, sys, time
gate = pathlib.Path(sys.argv[1])
gate.with_name(gate.name + ".started").touch()
deadline = time.time() + 60
while not gate.exists() and time.time() < deadline:
    time.sleep(0.05)
sys.argv = ["make", *sys.argv[2:]]
runpy.run_module("vejviser.printed.make", run_name="__main__")
"""


def _started(gate, seconds: float) -> bool:
    started = gate.with_name(gate.name + ".started")
    deadline = time.time() + seconds
    while time.time() < deadline:
        if started.exists():
            started.unlink()
            return True
        time.sleep(0.05)
    return False


def test_a_rebuild_does_not_wait_for_the_editions_and_serves_the_last_ones_made(served, project, monkeypatch, tmp_path):
    rebuild, site_dir = served
    gate = tmp_path / "gate"
    real = make.BackgroundEditions.command
    monkeypatch.setattr(
        make.BackgroundEditions,
        "command",
        lambda self, out, today: [sys.executable, "-c", GATE, str(gate), *real(self, out, today)[3:]],
    )
    plugin = rebuild()  # returns while the editions are still being made
    assert _started(gate, 60)
    assert (site_dir / "index.html").is_file() and not (site_dir / "netvaerksbogen.pdf").exists()
    gate.touch()
    plugin.background.wait()
    book = site_dir / "netvaerksbogen.pdf"
    assert book.is_file() and (project / SERVED_EDITIONS / "netvaerksbogen.pdf").is_file()
    assert "Strikkecafé" in _book_text(book)
    first = book.read_bytes()

    gate.unlink()
    rebuild()  # nothing changed: the last editions, and no print
    assert not _started(gate, 2)
    assert book.read_bytes() == first

    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Strikkecafé", "Hæklecafé"), encoding="utf-8")
    plugin = rebuild()  # a saved record: served at once, with the last editions
    assert _started(gate, 60)
    assert "Hæklecafé" in (site_dir / "aktiviteter" / "strikkecafe" / "index.html").read_text(encoding="utf-8")
    assert book.read_bytes() == first
    gate.touch()
    plugin.background.wait()
    assert "Hæklecafé" in _book_text(book)  # the new editions, in the site being served
    assert "Hæklecafé" in _book_text(project / SERVED_EDITIONS / "netvaerksbogen.pdf")


def test_a_print_that_fails_under_serve_keeps_the_site_and_the_last_editions(served, project, monkeypatch, caplog):
    rebuild, site_dir = served
    plugin = rebuild()
    plugin.background.wait()
    first = (site_dir / "netvaerksbogen.pdf").read_bytes()
    failing = "import sys; sys.stderr.write('Trykket stoppede ved book.typ.'); sys.exit(1)"
    monkeypatch.setattr(make.BackgroundEditions, "command", lambda self, out, today: [sys.executable, "-c", failing])
    record = project / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Strikkecafé", "Hæklecafé"), encoding="utf-8")
    plugin = rebuild()
    plugin.background.wait()
    assert "Hæklecafé" in (site_dir / "aktiviteter" / "strikkecafe" / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "netvaerksbogen.pdf").read_bytes() == first
    assert "Det trykte materiale (PDF'erne) kunne ikke laves; siden viser de sidste" in caplog.text
    assert "Trykket stoppede ved book.typ." in caplog.text


def test_the_background_print_makes_every_edition_the_site_links(project, tmp_path):
    """The process the server starts: the book, its large print, the sheets and the invitations."""
    out = tmp_path / "editions"
    done = subprocess.run([sys.executable, "-m", "vejviser.printed.make", str(project), str(out), "2026-12-01"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    made = {path.relative_to(out).as_posix() for path in out.rglob("*.pdf")}
    assert {"netvaerksbogen.pdf", "netvaerksbogen-stor-skrift.pdf"} <= made
    assert any(name.startswith("omraadeark/") for name in made) and any("invitation" in name for name in made)
    broken = subprocess.run([sys.executable, "-m", "vejviser.printed.make", str(tmp_path / "none"), str(out),
                             "2026-12-01"], capture_output=True, text=True)  # fmt: skip
    assert broken.returncode == 1 and "Traceback" not in broken.stderr and broken.stderr.strip()


def test_an_invalid_record_is_shown_on_every_served_page_and_the_site_comes_back_when_fixed(served, project, caplog):
    """Not the last site as if nothing were wrong: the valid records' site, each page saying what
    to fix, escaped (the message repeats what the record says); and the same in the terminal."""
    rebuild, site_dir = served
    record = project / "activities" / "strikkecafe.yaml"
    good = record.read_text(encoding="utf-8")
    other = project / "activities" / "strikkecafe-to.yaml"
    other.write_text(good.replace("Strikkecafé", "Hæklecafé"), encoding="utf-8")
    record.write_text(good.replace("[tirsdag]", '["<script>alert(1)</script>"]'), encoding="utf-8")
    rebuild()
    front = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "Fejl i posterne: 1" in front and "activities/strikkecafe.yaml:11:" in front
    assert "<script>alert(1)" not in front and "&lt;script&gt;alert(1)" in front
    assert 'role="alert"' in front
    assert "activities/strikkecafe.yaml:11:" in caplog.text  # in the terminal too
    assert not (site_dir / "aktiviteter" / "strikkecafe").exists()  # the invalid record is left out
    page = site_dir / "aktiviteter" / "strikkecafe-to" / "index.html"  # a framed page
    assert "Fejl i posterne: 1" in page.read_text(encoding="utf-8")
    record.write_text(good, encoding="utf-8")
    rebuild()
    assert "Fejl i posterne" not in (site_dir / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "aktiviteter" / "strikkecafe" / "index.html").is_file()
