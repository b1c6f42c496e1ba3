"""Measure commands side by side: wall time and peak memory of each run, medians of N rounds.

The machine is shared and noisy, so the commands being compared run interleaved in
each round, and the figures reported are medians and their ratio.

Memory is measured two ways: the peak RSS of the largest single process (from the
kernel, exact), and the peak of the whole process tree's summed PSS (proportional set
size: shared pages counted once across the tree), sampled ten times a second, which
is the memory a command with worker processes really takes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / "work"


@dataclass
class Runs:
    """The measured runs of one command."""

    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    peak_tree_mb: list[float] = field(default_factory=list)
    #: CPU time (user + system) of the process and the children it waited for, per run.
    cpu_seconds: list[float] = field(default_factory=list)
    #: Exit codes that count as a successful run (validation of a broken record exits with 1).
    ok_codes: tuple[int, ...] = (0,)
    #: Where the command runs, when not where the others do.
    cwd: Path | None = None

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else float("nan")

    @property
    def median_tree_mb(self) -> float:
        return statistics.median(self.peak_tree_mb)

    @property
    def median_memory_mb(self) -> float:
        """The larger of the two memory measures: what a limit on memory is checked against."""
        return max(self.median_rss_mb, self.median_tree_mb)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_rss_mb(self) -> float:
        return statistics.median(self.peak_rss_mb)


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _tree_pss_kib(pid: int) -> int:
    """The summed PSS (KiB) of ``pid`` and all its descendants."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total


def run_once(command: list[str], cwd: Path, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, float, float]:
    """Wall time (s), peak RSS of the largest process (MB), peak PSS of the process tree (MB) and
    CPU time (s) of one run of ``command``; fails loudly on an exit code not in ``ok_codes``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_pss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}: {process.stderr.read().decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, peak[0] / 1024, cpu  # KiB on Linux


def side_by_side(runs: list[Runs], cwd: Path, rounds: int = 3, settle=None) -> None:
    """Each round runs every command once, in order; ``settle()``, when given, after each run:
    what a run left working in the background must not slow the next one down."""
    for _ in range(rounds):
        for r in runs:
            seconds, rss, tree, cpu = run_once(r.command, r.cwd or cwd, r.ok_codes)
            r.seconds.append(seconds)
            r.cpu_seconds.append(cpu)
            r.peak_rss_mb.append(rss)
            r.peak_tree_mb.append(tree)
            if settle is not None:
                settle()


def wait_until_gone(pattern: str, folders: list[Path], timeout: float = 120.0) -> None:
    """Wait until nothing in ``folders`` matches ``pattern`` (a build's old site being deleted)."""
    deadline = time.monotonic() + timeout
    while any(next(folder.glob(pattern), None) for folder in folders) and time.monotonic() < deadline:
        time.sleep(0.1)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit.stdout.strip(),
    }


def measured(info: dict) -> str:
    """The line every result starts with: when, on what, and at which commit."""
    return (f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
            f"commit {info['commit']}.")  # fmt: skip


def rule_kinds(day: dt.date) -> list[dict]:
    """The kinds of rule a synthetic directory's schedules are varied round (as ``Schedule`` fields,
    ``day`` a day ahead that the cancelled day, the first date and the dates start from)."""
    from vejviser.model import Frequency

    return [
        {"holidays_off": True, "cancelled": (day,)},
        {"frequency": Frequency.FORTNIGHTLY, "week_parity": "ulige"},
        {"frequency": Frequency.FORTNIGHTLY, "first_date": day},
        {"frequency": Frequency.MONTHLY, "weeks_of_month": (1, 3)},
        {"frequency": Frequency.DATES, "dates": tuple(day + dt.timedelta(weeks=n) for n in range(12))},
        {"pause_months": ("december", "januar")},
    ]


def write(name: str, title: str, method: str, runs: list[Runs], checks: list[tuple[str, float, float, bool]]) -> str:
    """Write bench/results/<name>.json and .md; return the Markdown."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine()
    data = {
        "machine": info,
        "method": method,
        "runs": [
            {
                "name": r.name,
                "command": " ".join(r.command),
                "seconds": [round(s, 3) for s in r.seconds],
                "median_seconds": round(r.median_seconds, 3),
                "cpu_seconds": [round(s, 3) for s in r.cpu_seconds],
                "peak_rss_mb": [round(m, 1) for m in r.peak_rss_mb],
                "median_peak_rss_mb": round(r.median_rss_mb, 1),
                "peak_tree_pss_mb": [round(m, 1) for m in r.peak_tree_mb],
                "median_peak_tree_pss_mb": round(r.median_tree_mb, 1),
            }
            for r in runs
        ],
        "checks": [{"what": w, "value": round(v, 3), "limit": lim, "ok": ok} for w, v, lim, ok in checks],
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [f"# {title}", "", measured(info), "", method, "",
             "| run | median wall s | runs (s) | median CPU s | median peak RSS MB, largest process | "
             "median peak PSS MB, process tree |", "|---|---|---|---|---|---|"]  # fmt: skip
    for r in runs:
        lines.append(f"| {r.name} | {r.median_seconds:.2f} | {', '.join(f'{s:.2f}' for s in r.seconds)} "
                     f"| {r.median_cpu_seconds:.2f} | {r.median_rss_mb:.0f} | {r.median_tree_mb:.0f} |")  # fmt: skip
    lines += ["", "| check | value | limit | ok |", "|---|---|---|---|"]
    for what, value, limit, ok in checks:
        lines.append(f"| {what} | {value:.2f} | {limit} | {'yes' if ok else 'NO'} |")
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    return text


def python() -> str:
    return sys.executable
