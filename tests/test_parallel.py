"""Work spread over forked processes gives what the same work in one process gives, in order."""

from __future__ import annotations

import os
import threading

import pytest

from vejviser import parallel


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv("VEJVISER_WORKERS", "2")


def test_results_come_back_in_order_from_other_processes(two_workers):
    offset = 7  # a closure: forked workers inherit the function, nothing is pickled but results
    outcomes = parallel.map_in_order(lambda n: (n + offset, os.getpid()), list(range(100)), min_items=1)
    assert [value for value, _ in outcomes] == [n + 7 for n in range(100)]
    assert os.getpid() not in {pid for _, pid in outcomes}


def test_small_work_stays_in_this_process(two_workers):
    outcomes = parallel.map_in_order(lambda _: os.getpid(), list(range(10)), min_items=11)
    assert set(outcomes) == {os.getpid()}


def test_one_worker_asked_for_means_this_process(monkeypatch):
    monkeypatch.setenv("VEJVISER_WORKERS", "1")
    assert set(parallel.map_in_order(lambda _: os.getpid(), list(range(50)), min_items=1)) == {os.getpid()}


def test_no_fork_while_other_threads_run(two_workers):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(parallel.map_in_order(lambda _: os.getpid(), list(range(50)), min_items=1)) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_an_error_in_a_worker_reaches_the_caller(two_workers):
    def fail_on_13(n):
        if n == 13:
            raise ValueError("thirteen")
        return n

    with pytest.raises(ValueError, match="thirteen"):
        parallel.map_in_order(fail_on_13, list(range(40)), min_items=1)


def test_the_empty_list(two_workers):
    assert parallel.map_in_order(str, [], min_items=0) == []
