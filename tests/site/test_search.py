"""The search index's documents: written where it is cheap, when there is room."""

from __future__ import annotations

import pytest

from vejviser.site import search


def test_documents_go_to_the_memory_file_system_when_it_has_room(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "MEMORY_FS", tmp_path)
    assert search._scratch(10) == str(tmp_path)


def test_documents_go_to_the_usual_temp_folder_when_memory_is_short(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "MEMORY_FS", tmp_path)
    assert search._scratch(10**12) is None


def test_documents_go_to_the_usual_temp_folder_without_a_memory_file_system(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "MEMORY_FS", tmp_path / "missing")
    assert search._scratch(10) is None


def test_pagefind_stopped_by_the_system_is_told_as_the_systems_error(tmp_path):
    said = 'called `Result::unwrap()` on an `Err` value: Os { code: 30, kind: ReadOnlyFilesystem, message: "…" }'
    with pytest.raises(OSError) as raised:
        search._raise_os_error(said, tmp_path / "pagefind")
    assert raised.value.errno == 30 and raised.value.filename == str(tmp_path / "pagefind")
    search._raise_os_error("Error: no HTML files found", tmp_path)  # not the system's: Pagefind's own words
