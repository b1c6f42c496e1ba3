"""Benchmark: the calendars at 1,000 activities, made and read back, and what they add to the build.

A synthetic directory of 1,000 activities, their schedules rewritten round the kinds of rule
(weekly with holidays off and a cancelled day, every other week in odd weeks and from a first date,
the 1st and 3rd and the last week of the month, a list of dates, a pause over New Year with a
season, two times a week), made for one day (``VEJVISER_TODAY``). In one process, 3 rounds:
``generate_pages`` (what the build makes anyway), ``calendar_files`` on every core and on one
(every .ics of the site: one per activity and the feeds), and the whole directory's feed read back:
parsed by icalendar and expanded over a year by recurring-ical-events. Then ``vejviser build``
(without the printed editions) side by side with the same build whose plugin makes no calendars,
3 rounds in fresh processes. Wall time, and CPU time with the workers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import time

from bench.harness import RESULTS, ROOT, WORK, Runs, machine, measured, python, side_by_side, wait_until_gone

COUNT = 1_000
TODAY = dt.date(2026, 12, 1)
YEAR_LATER = TODAY + dt.timedelta(days=366)
#: The calendars may add at most this share to the build's wall time.
LIMIT = 0.10


def _vary(project) -> None:
    """Rewrite the synthetic records' schedules round eight kinds of rule (each one valid on :data:`TODAY`)."""
    import yaml

    kinds = []
    for index, path in enumerate(sorted((project / "activities").glob("*.yaml"))):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        schedule = record["schedule"]
        weekday = schedule["weekdays"][0]
        number = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag").index(weekday)
        day = TODAY + dt.timedelta(days=7 + (number - TODAY.weekday()) % 7)  # a meeting day, a week on
        kinds = [
            {"holidays_off": "ja", "cancelled": [day.isoformat()]},
            {"frequency": "hver-anden-uge", "week_parity": "ulige"},
            {"frequency": "hver-anden-uge", "first_date": day.isoformat()},
            {"frequency": "månedlig", "weeks_of_month": [1, 3]},
            {"frequency": "månedlig", "weeks_of_month": [-1]},
            {"frequency": "datoer", "dates": [(day + dt.timedelta(weeks=n)).isoformat() for n in range(12)]},
            {"pause_months": ["december", "januar"], "season_end": (TODAY + dt.timedelta(days=200)).isoformat()},
            {"times": [{"weekday": "mandag", "start": "10:00", "end": "12:00"},
                       {"weekday": "torsdag", "start": "14:00", "end": "16:00"}]},
        ]  # fmt: skip
        kind = kinds[index % len(kinds)]
        schedule.update(kind)
        if "dates" in kind or "times" in kind:
            del schedule["weekdays"]
        if "times" in kind:
            del schedule["start"], schedule["end"]
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert kinds


def _cpu() -> float:
    """CPU seconds of this process and of the workers it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(times: dict, name: str, work):
    wall, cpu = time.perf_counter(), _cpu()
    result = work()
    times.setdefault(f"{name}_wall", []).append(time.perf_counter() - wall)
    times.setdefault(f"{name}_cpu", []).append(_cpu() - cpu)
    return result


def _rounds(project) -> tuple[dict[str, list[float]], dict]:
    import icalendar
    import recurring_ical_events

    from vejviser.export.calendar import calendar_files
    from vejviser.i18n import Messages
    from vejviser.present import urls
    from vejviser.present.directory import Directory
    from vejviser.settings import load_settings
    from vejviser.site.pages import generate_pages
    from vejviser.validate.project import validate_project

    settings = load_settings(project)
    result = validate_project(settings, TODAY)
    assert result.ok and len(result.activities) == COUNT, result.errors[:3]
    directory = Directory(settings, result, Messages(), TODAY)
    times: dict[str, list[float]] = {}
    facts: dict = {}
    for _ in range(3):
        _timed(times, "pages", lambda: generate_pages(directory))
        files = dict(_timed(times, "calendars", lambda: calendar_files(directory)))
        os.environ["VEJVISER_WORKERS"] = "1"
        try:
            _timed(times, "calendars_one_core", lambda: calendar_files(directory))
        finally:
            del os.environ["VEJVISER_WORKERS"]
        whole = files[urls.CALENDAR_ALL]
        calendar = _timed(times, "parse", lambda whole=whole: icalendar.Calendar.from_ical(whole))
        meetings = _timed(times, "expand", lambda c=calendar: recurring_ical_events.of(c).between(TODAY, YEAR_LATER))
        facts = {
            "files": len(files),
            "bytes": sum(len(content) for content in files.values()),
            "whole_bytes": len(whole),
            "events": len(calendar.walk("VEVENT")),
            "meetings": len(meetings),
        }
    return times, facts


#: ``vejviser build`` with a plugin that makes no calendars, for the build side by side.
WITHOUT_CALENDARS = (
    "import sys; import vejviser.site.plugin as plugin; plugin.calendar_files = lambda directory: []; "
    "from vejviser.cli import run; sys.argv = ['vejviser', 'build', sys.argv[1]]; run()"
)


def _builds(project) -> list[Runs]:
    """``vejviser build`` of the directory without the printed editions, with and without the calendars."""
    from vejviser.clock import TODAY_VARIABLE

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n"
    (project / "mkdocs.yml").write_text(config.replace("  - vejviser\n", "  - vejviser:\n      print: false\n"))
    runs = [
        Runs("vejviser build (pages only), with the calendars", [python(), "-m", "vejviser", "build", str(project)]),
        Runs("the same build, its plugin making no calendars", [python(), "-c", WITHOUT_CALENDARS, str(project)]),
    ]
    os.environ[TODAY_VARIABLE] = TODAY.isoformat()
    try:
        side_by_side(runs, project, 3, settle=lambda: wait_until_gone(".site.old-*", [project]))
    finally:
        del os.environ[TODAY_VARIABLE]
    return runs


def main() -> str:
    project = WORK / f"synthetic-{COUNT}-calendars"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(COUNT), "--out", str(project)]
    subprocess.run(make, check=True)
    _vary(project)
    times, facts = _rounds(project)
    builds = _builds(project)
    median = {key: statistics.median(values) for key, values in times.items()}
    ratio = median["calendars_wall"] / median["pages_wall"]
    added = builds[0].median_seconds - builds[1].median_seconds
    share = added / builds[1].median_seconds
    info = machine()
    method = (
        f"{COUNT:,} synthetic activities from `scripts/make_synthetic.py`, their schedules rewritten round eight "
        f"kinds of rule, made for {TODAY}. In one process, 3 rounds, each: `generate_pages` (every page of the "
        f"site, activity pages on every core), `calendar_files` (every .ics: one per activity and the feeds; the "
        f"events made and serialised on every core, then with `VEJVISER_WORKERS=1` on one), and the whole "
        f"directory's feed read back: `icalendar.Calendar.from_ical` and recurring-ical-events' `between` over a "
        f"year. Medians; wall time by `perf_counter`, CPU time of the process and its forked workers by "
        f"`getrusage`. Then `vejviser build` of the same directory with `print: false`, side by side with the "
        f"same build whose plugin's `calendar_files` returns nothing, 3 rounds in fresh processes (each run "
        f"starts once the previous build's background deletion of its old site is done); medians."
    )
    rows = [
        ("pages (`generate_pages`)", "pages"),
        ("calendars (`calendar_files`), every core", "calendars"),
        ("calendars, one core", "calendars_one_core"),
        ("whole feed parsed (icalendar)", "parse"),
        ("whole feed expanded over a year (recurring-ical-events)", "expand"),
    ]
    lines = [
        "# Calendars at 1,000 activities",
        "",
        measured(info),
        "",
        method,
        "",
        f"{facts['files']:,} files, {facts['bytes'] / 1e6:.1f} MB; the whole directory's feed "
        f"{facts['whole_bytes'] / 1e6:.2f} MB, {facts['events']:,} events, {facts['meetings']:,} meetings in the year.",
        "",
        "| run | wall (median) | CPU (median) | rounds (wall) |",
        "|---|---|---|---|",
    ]
    for label, key in rows:
        lines.append(f"| {label} | {median[f'{key}_wall']:.2f} s | {median[f'{key}_cpu']:.2f} s | "
                     f"{', '.join(f'{s:.2f}' for s in times[f'{key}_wall'])} |")  # fmt: skip
    for run in builds:
        lines.append(f"| {run.name} | {run.median_seconds:.2f} s | {run.median_cpu_seconds:.2f} s | "
                     f"{', '.join(f'{s:.2f}' for s in run.seconds)} |")  # fmt: skip
    lines += [
        "",
        "| check | value | limit | ok |",
        "|---|---|---|---|",
        f"| build with calendars − without, wall (s) | {added:.2f} | | |",
        f"| that, as a share of the build without | {share:.3f} | {LIMIT} | {'yes' if share <= LIMIT else 'NO'} |",
        f"| calendars / pages, wall | {ratio:.3f} | | |",
        f"| calendars / pages, CPU | {median['calendars_cpu'] / median['pages_cpu']:.3f} | | |",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "calendar.md").write_text(text, encoding="utf-8")
    build_data = [{"name": r.name, "seconds": r.seconds, "cpu_seconds": r.cpu_seconds} for r in builds]
    data = {"machine": info, "method": method, **times, **facts, "builds": build_data, "wall_ratio": ratio,
            "build_added_seconds": added, "build_added_share": share}  # fmt: skip
    (RESULTS / "calendar.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
