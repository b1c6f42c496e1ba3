"""A folder that cannot be written, a full disk: a Danish message naming the path, exit 1, no traceback.

Each command is tried twice: with the error injected at its write (anywhere), and with a real
read-only folder (where mounting is allowed; see :mod:`tests.mounts`). ``vejviser build`` is
tried in tests/site/test_build.py.
"""

from __future__ import annotations

import errno
import importlib
import os
import pathlib

import pytest
from click.testing import CliRunner

from tests.conftest import edit_record
from tests.mounts import read_only, vejviser_with_mounts
from vejviser.cli import main
from vejviser.model import Coordinates

COORDINATES_LINE = "  coordinates: {lat: 55.7471, lon: 12.3191}\n"
CACHED = "måløv hovedgade 55, 2760 måløv: {lat: 55.7471, lon: 12.3191}\n"


def _refuse(monkeypatch, target: str, code: int, where: pathlib.Path) -> None:
    """Make ``target`` (a function taking ``dir=`` or a Path method) fail with ``code`` in ``where``."""
    owner, name = target.rsplit(".", 1)
    module_or_class = pathlib.Path if owner == "Path" else importlib.import_module(owner)
    original = getattr(module_or_class, name)

    def refused(*args, **kwargs):
        folder = kwargs.get("dir")
        path = pathlib.Path(folder) / ".tmp-abc" if folder else pathlib.Path(args[0])  # what the system names
        if where in path.parents:
            raise OSError(code, os.strerror(code), str(path))
        return original(*args, **kwargs)

    monkeypatch.setattr(module_or_class, name, refused)


def _assert_told(output: str, path, reason: str) -> None:
    assert "Traceback" not in output
    assert f"Kunne ikke skrive i {path}: {reason}" in output, output


@pytest.fixture
def looked_up(monkeypatch):
    """The geocoder finds every address at Måløv Hovedgade (never the network)."""
    module = importlib.import_module("vejviser.cli.geocode")
    monkeypatch.setattr(module, "geopy_lookup", lambda config: lambda query: Coordinates(55.7471, 12.3191))


@pytest.mark.parametrize(("code", "reason"), [(errno.EROFS, "mappen er skrivebeskyttet"),
                                              (errno.ENOSPC, "disken er fuld")])  # fmt: skip
def test_print_into_a_folder_that_cannot_be_written(world, tmp_path, monkeypatch, code, reason):
    out = tmp_path / "tryk"
    _refuse(monkeypatch, "Path.write_bytes", code, out)
    result = CliRunner().invoke(main, ["print", str(world), "--out", str(out), "--area", "Måløv"])
    assert result.exit_code == 1
    _assert_told(result.output, out / "omraadeark", reason)
    assert not list(out.rglob("*.partial"))


def test_print_into_a_read_only_folder(world, tmp_path):
    out = tmp_path / "tryk"
    out.mkdir()
    done = vejviser_with_mounts(read_only(out), "print", str(world), "--out", str(out))
    assert done.returncode == 1
    _assert_told(done.stderr, out, "mappen er skrivebeskyttet")
    assert list(out.iterdir()) == []


def test_confirm_on_a_full_disk(world, monkeypatch):
    record = world / "activities" / "strikkecafe.yaml"
    before = record.read_text(encoding="utf-8")
    _refuse(monkeypatch, "tempfile.mkstemp", errno.ENOSPC, world / "activities")
    result = CliRunner().invoke(main, ["confirm", "strikkecafe", "--project", str(world)])
    assert result.exit_code == 1
    _assert_told(result.output, "activities/strikkecafe.yaml", "disken er fuld. Gør plads")
    assert record.read_text(encoding="utf-8") == before


def test_confirm_in_a_read_only_folder(world):
    done = vejviser_with_mounts(read_only(world / "activities"), "confirm", "strikkecafe", "--project", str(world))
    assert done.returncode == 1
    _assert_told(done.stderr, "activities/strikkecafe.yaml", "mappen er skrivebeskyttet")


def test_geocode_cannot_save_its_cache(world, monkeypatch, looked_up):
    edit_record(world, COORDINATES_LINE, "")
    _refuse(monkeypatch, "tempfile.mkstemp", errno.EROFS, world)
    result = CliRunner().invoke(main, ["geocode", str(world)])
    assert result.exit_code == 1
    _assert_told(result.output, world, "mappen er skrivebeskyttet")
    assert not (world / "geocache.yaml").exists()


def test_geocode_write_cannot_write_a_record(world, monkeypatch, looked_up):
    edit_record(world, COORDINATES_LINE, "")
    _refuse(monkeypatch, "tempfile.mkstemp", errno.EACCES, world / "activities")
    result = CliRunner().invoke(main, ["geocode", str(world), "--write"])
    assert result.exit_code == 1
    _assert_told(result.output, "activities/strikkecafe.yaml", "du har ikke lov til at skrive der")
    assert (world / "geocache.yaml").is_file()  # what was found is kept


def test_geocode_write_in_a_read_only_folder(world):
    edit_record(world, COORDINATES_LINE, "")
    (world / "geocache.yaml").write_text(CACHED, encoding="utf-8")  # nothing to look up: no network
    done = vejviser_with_mounts(read_only(world / "activities"), "geocode", str(world), "--write")
    assert done.returncode == 1
    _assert_told(done.stderr, "activities/strikkecafe.yaml", "mappen er skrivebeskyttet")


def test_a_temporary_file_of_ours_is_named_by_its_folder(tmp_path):
    from vejviser.cli.common import write_failed
    from vejviser.i18n import Messages

    error = write_failed(OSError(errno.EDQUOT, "Disk quota exceeded", str(tmp_path / ".x.partial")), Messages())
    assert error.message == (f"Kunne ikke skrive i {tmp_path}: disken er fuld. "
                             "Gør plads ved at slette filer, du ikke skal bruge, og prøv igen.")  # fmt: skip
    assert error.exit_code == 1


def test_a_write_the_system_names_no_file_for_is_told_without_one(tmp_path):
    from vejviser.cli.common import write_failed
    from vejviser.i18n import Messages

    error = write_failed(OSError(errno.ENOSPC, "No space left on device"), Messages())
    assert error.message.startswith("Kunne ikke skrive: disken er fuld.")
