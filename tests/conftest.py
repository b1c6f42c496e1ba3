"""Fixtures that build small worlds: a temporary directory with settings and a few records."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
REPO = Path(__file__).parent.parent
#: The examples are written against this day, so that "stale" and "future" stay put.
TODAY = dt.date(2026, 11, 23)


class NetworkUsed(AssertionError):
    """A test tried to reach a host beyond this machine."""


def _local(address) -> bool:
    if not isinstance(address, tuple):  # a Unix socket path
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Tests never go on the network: a connection to anything but this machine fails the test."""
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def guarded(method):
        def guard(self, address):
            if not _local(address):
                raise NetworkUsed(f"a test tried to connect to {address}")
            return method(self, address)

        return guard

    def lookup(host, *args, **kwargs):
        if host is not None and not _local((host.decode() if isinstance(host, bytes) else str(host), 0)):
            raise NetworkUsed(f"a test tried to look up {host}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = guarded(connect), guarded(connect_ex)
    socket.getaddrinfo = lookup
    yield
    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A copy of tests/examples/world: settings, two organisations, one valid activity."""
    root = tmp_path / "world"
    shutil.copytree(EXAMPLES / "world", root)
    return root


def edit_record(world: Path, old: str, new: str, name: str = "strikkecafe") -> None:
    """Change a record of the world in place; the text to change must be there."""
    record = world / "activities" / f"{name}.yaml"
    text = record.read_text(encoding="utf-8")
    assert old in text, old
    record.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def on_two_cores(monkeypatch) -> list[str]:
    """Spread work over two forked processes from two items on; yields the start methods used."""
    import multiprocessing

    monkeypatch.setenv("VEJVISER_WORKERS", "2")
    monkeypatch.setattr("vejviser.parallel.MIN_ITEMS", 2)
    used: list[str] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: used.append(method) or real(method))
    return used


def copy_example(root: Path) -> Path:
    """The example municipality's records and settings, copied into ``root``."""
    for name in ("activities", "organisations"):
        shutil.copytree(REPO / name, root / name)
    for name in ("vejviser.yaml", "geocache.yaml", "omraader.geojson"):
        shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example municipality, to change."""
    return copy_example(tmp_path / "kommune")
