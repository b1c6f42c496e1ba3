"""The search index's documents: written where it is cheap, when there is room."""

from __future__ import annotations

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
