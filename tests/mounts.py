"""Real read-only folders and full disks for tests: a mount namespace of the command's own.

The mounts live only as long as the command (``unshare --mount``), so a failed test leaves
none behind. Where mounting is refused (no privilege, no ``unshare``), the test is skipped
with the reason; each such test has a twin that injects the error instead.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def read_only(folder) -> list[str]:
    return [f"mount --bind '{folder}' '{folder}'", f"mount -o remount,bind,ro '{folder}'"]


def small_disk(folder, size_kb: int) -> list[str]:
    return [f"mount -t tmpfs -o size={size_kb}k tmpfs '{folder}'"]


def vejviser_with_mounts(mounts: list[str], *args: str, before: str = "true", after: str = "true"):
    """Run ``vejviser ARGS`` as a process in mounts of its own: the shell lines ``mounts``, then
    ``before``; ``after`` runs once it has ended (in the same mounts, its output on standard output)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed, so no folder can be mounted read-only or small")
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", " && ".join(mounts)], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"mounting is refused here ({probe.stderr.strip()}); the injected-error twin covers this")
    script = " && ".join([*mounts, before]) + f' || exit 99; "$@"; code=$?; {after}; exit $code'
    command = ["unshare", "--mount", "sh", "-c", script, "sh", sys.executable, "-m", "vejviser", *args]
    return subprocess.run(command, capture_output=True, text=True)
