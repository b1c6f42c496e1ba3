"""Benchmark: the occurrences of 10,000 activities over 12 months, beside validating them.

Side by side in one process, 3 rounds: ``validate_project`` on the synthetic directory, and
the occurrence engine over the same activities for the 12 months from the day, with their
schedules varied round the kinds of rule (weekly with holidays off and a cancelled day, every
other week in odd weeks, every other week from a first date, monthly on the 1st and 3rd, a
list of dates, a pause over New Year). Wall and CPU time; the limit is 10% of validation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import statistics
import subprocess
import time

from bench.harness import RESULTS, ROOT, WORK, machine, measured, python, rule_kinds

COUNT = 10_000
TODAY = dt.date(2026, 11, 23)
LIMIT = 0.10


def _varied(activities: list) -> list:
    """The activities with their schedules going round the kinds of rule the engine reads."""
    kinds = rule_kinds(TODAY + dt.timedelta(days=10))
    return [
        dataclasses.replace(a, schedule=dataclasses.replace(a.schedule, **kinds[i % len(kinds)]))
        for i, a in enumerate(activities)
    ]


def _rounds(project) -> dict[str, list[float]]:
    from vejviser.enrich.occurrences import occurrences
    from vejviser.settings import load_settings
    from vejviser.validate.project import validate_project

    settings = load_settings(project)
    times: dict[str, list[float]] = {"validate_wall": [], "validate_cpu": [], "engine_wall": [], "engine_cpu": []}
    counts = []
    last = TODAY + dt.timedelta(days=365)
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        result = validate_project(settings, TODAY)
        times["validate_wall"].append(time.perf_counter() - wall)
        times["validate_cpu"].append(time.process_time() - cpu)
        activities = _varied(result.activities)
        wall, cpu = time.perf_counter(), time.process_time()
        counts.append(sum(len(occurrences(a, TODAY, last)) for a in activities))
        times["engine_wall"].append(time.perf_counter() - wall)
        times["engine_cpu"].append(time.process_time() - cpu)
    times["occurrences"] = [float(n) for n in counts]
    return times


def main() -> str:
    project = WORK / f"synthetic-{COUNT}"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(COUNT), "--out", str(project)]
    subprocess.run(make, check=True)
    times = _rounds(project)
    median = {key: statistics.median(values) for key, values in times.items()}
    wall_ratio = median["engine_wall"] / median["validate_wall"]
    cpu_ratio = median["engine_cpu"] / median["validate_cpu"]
    info = machine()
    method = (
        f"{COUNT:,} synthetic activities from `scripts/make_synthetic.py`. In one process, 3 rounds, each "
        f"`validate_project` (validation runs on every core; its CPU time is this process's only) and then "
        f"`occurrences(activity, day, day + 365 days)` for every activity, with the schedules varied round six "
        f"kinds of rule (the synthetic records share their rules, as real ones do: the engine expands a rule "
        f"once per range and reuses it). Medians; wall time by `perf_counter`, CPU time by `process_time`."
    )
    lines = [
        "# Occurrences at 10,000 activities",
        "",
        measured(info),
        "",
        method,
        "",
        "| run | wall (median) | CPU (median) | rounds (wall) |",
        "|---|---|---|---|",
        f"| `vejviser validate` | {median['validate_wall']:.2f} s | {median['validate_cpu']:.2f} s | "
        f"{', '.join(f'{s:.2f}' for s in times['validate_wall'])} |",
        f"| occurrences, 12 months ({int(median['occurrences']):,} meetings) | {median['engine_wall']:.2f} s | "
        f"{median['engine_cpu']:.2f} s | {', '.join(f'{s:.2f}' for s in times['engine_wall'])} |",
        "",
        "| check | value | limit | ok |",
        "|---|---|---|---|",
        f"| occurrences / validate, wall | {wall_ratio:.3f} | {LIMIT} | {'yes' if wall_ratio <= LIMIT else 'NO'} |",
        f"| occurrences / validate, CPU | {cpu_ratio:.3f} | | |",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "occurrences.md").write_text(text, encoding="utf-8")
    data = {"machine": info, "method": method, **times, "wall_ratio": wall_ratio, "cpu_ratio": cpu_ratio}
    (RESULTS / "occurrences.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
