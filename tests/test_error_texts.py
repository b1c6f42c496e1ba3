"""A change, a print or a build that fails says why in the catalogue's words, never in English or as an id."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import PluginError

from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.printed import typeset
from vejviser.printed.make import PrintJob
from vejviser.printed.typeset import PrintError
from vejviser.site.plugin import VejviserPlugin
from vejviser.site.search import SearchIndexError

TODAY = "2026-11-23"


def _without_reviewed(world) -> None:
    record = world / "activities" / "strikkecafe.yaml"
    text = "\n".join(line for line in record.read_text(encoding="utf-8").splitlines() if "reviewed" not in line)
    record.write_text(text + "\n", encoding="utf-8")


def test_a_change_that_cannot_be_made_is_told_in_danish(world):
    _without_reviewed(world)
    result = CliRunner().invoke(main, ["confirm", "strikkecafe", "--project", str(world)])
    assert result.exit_code == 1
    assert (
        "Kunne ikke skrive i activities/strikkecafe.yaml: Filen har ikke feltet reviewed. "
        "Tilføj en linje som 'reviewed: 2026-11-23', og prøv igen." in result.output
    )
    assert "edit." not in result.output and "no reviewed" not in result.output


def test_a_change_that_cannot_be_made_is_told_in_english_when_asked(world):
    _without_reviewed(world)
    result = CliRunner().invoke(main, ["confirm", "strikkecafe", "--project", str(world), "--lang", "en"])
    assert result.exit_code == 1
    assert "The file has no reviewed field." in result.output


def test_a_record_the_reader_refuses_is_told_as_the_reader_says_it(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_bytes(record.read_bytes().replace(b"Strikkecaf\xc3\xa9", b"Strikkecaf\xe9", 1))
    result = CliRunner().invoke(main, ["confirm", "strikkecafe", "--project", str(world)])
    assert result.exit_code == 1
    assert "Filen er ikke gemt som UTF-8 (første fejl på linje" in result.output
    assert "load.not_utf8" not in result.output


@pytest.fixture
def broken_sheet(tmp_path, monkeypatch):
    """The print templates, with the area sheet's broken as a changed template could be."""
    templates = tmp_path / "templates"
    templates.mkdir()
    for template in typeset.TEMPLATES.iterdir():
        if template.name.endswith(".typ"):
            (templates / template.name).write_bytes(template.read_bytes())
    sheet = templates / "sheet.typ"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n#nowhere_defined\n", encoding="utf-8")
    monkeypatch.setattr(typeset, "TEMPLATES", templates)


def test_a_broken_print_template_is_told_in_danish_with_what_typst_said(world, tmp_path, broken_sheet):
    out = tmp_path / "tryk"
    command = ["print", str(world), "--out", str(out), "--area", "Centrum", "--today", TODAY]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1, result.output
    assert "Trykket stoppede ved sheet.typ. Det skyldes ikke aktiviteterne" in result.output
    assert "nowhere_defined" in result.output  # Typst's own diagnostic, as the parameter detail
    assert "typeset." not in result.output and "Traceback" not in result.output
    assert not list(out.rglob("*.pdf"))


def test_an_unexpected_error_of_the_print_job_is_a_print_error_with_its_id(monkeypatch, tmp_path):
    def broken(directory):
        raise ValueError("noget gik galt")

    monkeypatch.setattr("vejviser.printed.make.PrintedDirectory", broken)
    job = PrintJob()
    job.start(None, tmp_path)
    with pytest.raises(PrintError) as caught:
        job.finish()
    error = caught.value
    assert (error.code, error.params) == ("typeset.unexpected", {"kind": "ValueError", "detail": "noget gik galt"})
    assert "uventet fejl (ValueError: noget gik galt)" in Messages("da", strict=True)(error.code, **error.params)


class _Finished:
    def __init__(self, error: Exception | None = None):
        self.error = error

    def finish(self):
        if self.error is not None:
            raise self.error
        return []

    def cancel(self) -> None:
        pass


def _plugin(indexer, printer) -> VejviserPlugin:
    plugin = VejviserPlugin()
    plugin.messages = Messages("da", strict=True)
    plugin.indexer, plugin.printer, plugin.search_done = indexer, printer, threading.Event()
    return plugin


def test_the_build_tells_a_failed_print_in_danish():
    failed = PrintError("typeset.failed", step="book-part.typ", detail="error: unknown variable: x")
    plugin = _plugin(_Finished(), _Finished(failed))
    with pytest.raises(PluginError) as caught:
        plugin.on_post_build(config=None)
    text = str(caught.value)
    assert text.startswith("Det trykte materiale (PDF'erne) kunne ikke laves:\nTrykket stoppede ved book-part.typ.")
    assert text.endswith("Programmet sagde:\nerror: unknown variable: x")
    assert "Tryk:" not in text


def test_the_build_tells_a_failed_search_index_in_danish():
    plugin = _plugin(_Finished(SearchIndexError("Error: no pages")), _Finished())
    with pytest.raises(PluginError) as caught:
        plugin.on_post_build(config=None)
    text = str(caught.value)
    assert text.startswith("Søgningen kunne ikke laves: Pagefind, der bygger søgeindekset, stoppede.")
    assert text.endswith("Det sagde:\nError: no pages")
    assert plugin.search_done.is_set()


def test_every_print_error_id_is_in_both_catalogues():
    for lang in ("da", "en"):
        messages = Messages(lang, strict=True)
        for code in ("typeset.failed", "typeset.stopped", "typeset.front_pages", "typeset.unexpected"):
            assert "{" not in messages(code, step="x", detail="y", returncode=1, numbered=3, unnumbered=2,
                                       kind="ValueError")  # fmt: skip
