"""Every file from outside is a regular file within its size, read without following links."""

from __future__ import annotations

import os
import time

import pytest

from vejviser.load.files import LIMITS, FileRefused, inside, read_limited


def test_a_link_is_refused_before_it_is_read(tmp_path):
    target = tmp_path / "secret"
    target.write_text("password", encoding="utf-8")
    os.symlink(target, tmp_path / "record.yaml")
    with pytest.raises(FileRefused) as refused:
        read_limited(tmp_path / "record.yaml", "record")
    assert refused.value.code == "load.symlink"


def test_a_link_to_dev_zero_is_refused_at_once(tmp_path):
    os.symlink("/dev/zero", tmp_path / "geocache.yaml")
    started = time.process_time()
    with pytest.raises(FileRefused) as refused:
        read_limited(tmp_path / "geocache.yaml", "geocache")
    assert refused.value.code == "load.symlink"
    assert time.process_time() - started < 1  # nothing was read (CPU time, not a wall-clock timing)


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "record.yaml")
    with pytest.raises(FileRefused) as refused:
        read_limited(tmp_path / "record.yaml", "record")
    assert refused.value.code == "load.not_regular_file"


def test_a_file_over_its_limit_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (LIMITS["record"] + 1))
    with pytest.raises(FileRefused) as refused:
        read_limited(big, "record")
    assert refused.value.code == "load.too_large"
    assert refused.value.params["max_kb"] == LIMITS["record"] // 1024


def test_a_file_at_its_limit_is_read(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"#" * LIMITS["record"])
    assert len(read_limited(path, "record")) == LIMITS["record"]


@pytest.mark.parametrize("name", ["../x.yaml", "/etc/passwd", "a/../../x", "C:\\x.yaml", "..", "", "a\\b"])
def test_a_name_that_leaves_the_project_is_not_inside(tmp_path, name):
    assert inside(tmp_path, name) is None


def test_a_link_out_of_the_project_is_not_inside(tmp_path):
    (tmp_path / "project").mkdir()
    os.symlink("/etc", tmp_path / "project" / "data")
    assert inside(tmp_path / "project", "data/passwd") is None
    assert inside(tmp_path / "project", "data.geojson") == tmp_path / "project" / "data.geojson"
