"""The test suite's own guarantee: a test that would reach the network fails."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkUsed


def test_connecting_to_a_host_beyond_this_machine_fails():
    with pytest.raises(NetworkUsed), socket.socket() as s:
        s.connect(("93.184.215.14", 443))


def test_a_real_geocoder_call_fails_the_test():
    from geopy.geocoders import Nominatim

    with pytest.raises(Exception) as caught:  # geopy wraps the failure in its own error
        Nominatim(user_agent="vejviser-test", timeout=2).geocode("Måløv Hovedgade 55, 2760 Måløv")
    assert "a test tried to look up nominatim.openstreetmap.org" in str(caught.value)


def test_this_machine_stays_reachable():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
