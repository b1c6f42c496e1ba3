"""QR codes drawn once per address and kept in the build cache: the next print takes them from
there, and makes the same files byte for byte as a print without the cache."""

from __future__ import annotations

from click.testing import CliRunner

from tests.printed.conftest import TODAY
from vejviser.cache import CACHE_FILE, BuildCache
from vejviser.cli import main
from vejviser.printed import typeset
from vejviser.printed.typeset import qr_codes, qr_svg


def test_each_address_is_drawn_once_and_then_taken_from_the_cache(tmp_path, monkeypatch):
    drawn: list[str] = []
    monkeypatch.setattr(typeset, "qr_svg", lambda url: drawn.append(url) or qr_svg(url))
    cache = BuildCache.of_project(tmp_path)
    urls = ["https://vejviser.example/a/", "https://vejviser.example/b/", "https://vejviser.example/a/"]
    first = qr_codes(urls, cache)
    assert drawn == urls[:2]  # the same address twice in one call: drawn once
    assert first == [qr_svg(url) for url in urls]
    assert qr_codes(urls, BuildCache.of_project(tmp_path)) == first  # the next build
    assert drawn == urls[:2]


def test_a_new_way_of_drawing_draws_again(tmp_path, monkeypatch):
    drawn: list[str] = []
    monkeypatch.setattr(typeset, "qr_svg", lambda url: drawn.append(url) or qr_svg(url))
    cache = BuildCache.of_project(tmp_path)
    qr_codes(["https://vejviser.example/a/"], cache)
    monkeypatch.setattr(typeset, "QR_MAKER", typeset.QR_MAKER + " (another version)")
    qr_codes(["https://vejviser.example/a/"], cache)
    assert drawn == ["https://vejviser.example/a/"] * 2


def _print(project, out):
    result = CliRunner().invoke(main, ["print", str(project), "--out", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*.pdf"))}


def test_a_print_from_the_cache_and_one_after_it_was_damaged_are_the_same_files(printed, tmp_path, monkeypatch):
    """The first print of the package's project (``printed``) drew every code; this one finds them."""
    project = printed.folder.parent
    assert (project / CACHE_FILE).is_file()
    cold = {path.relative_to(printed.folder).as_posix(): path.read_bytes()
            for path in sorted(printed.folder.rglob("*.pdf"))}  # fmt: skip
    drawn: list[str] = []
    monkeypatch.setattr(typeset, "qr_svg", lambda url: drawn.append(url) or qr_svg(url))
    warm = _print(project, tmp_path / "warm")
    assert drawn == []  # every code from the cache
    assert warm.keys() == cold.keys() and len(warm) >= 3
    assert all(warm[name] == cold[name] for name in cold), [name for name in cold if warm[name] != cold[name]]
    (project / CACHE_FILE).write_bytes(b"\0damaged" * 1000)
    damaged = _print(project, tmp_path / "damaged")
    assert drawn  # drawn again
    assert damaged == cold
