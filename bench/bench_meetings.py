"""Benchmark: the meetings the browser reads for "I dag", at 10,000 activities: their size and the time to make them.

The synthetic directory (``scripts/make_synthetic.py``) is varied first, so that the data is not
smaller than a real directory's would be: every activity gets an id made like a real one (an
activity word, a connecting word, a place, a number when taken), a weekday and a start time of
its own (quarter hours from 8.00 to 19.45), and its rule goes round seven kinds (weekly; weekly
with holidays off and a cancelled day; every other week in odd weeks; every other week from a
first date; the first and third of the month; a list of dates; a pause over New Year); every
tenth has two times a week. Then, in one process, 3 rounds of making the meetings (the plan)
and their files, of drawing the pages "I dag" and "Denne uge", and of the search index's days
(``meeting_dates``, which the build's views work out for the filters "i dag", "i morgen", "denne uge"). Size: bytes of
``i-dag/moeder.json`` raw and gzip-compressed (level 9 and level 6, what a web server uses), and of
the lists' words in their chunks. Limit: the data at most 100 KB compressed (gzip -6, as a web
server sends it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import random
import resource
import statistics
import subprocess
import time

from bench.harness import RESULTS, ROOT, WORK, machine, measured, python, rule_kinds

COUNT = 10_000
TODAY = dt.date(2026, 11, 30)
LIMIT_KB = 100
#: What is timed: the plan and its files, the two pages, the search index's days.
WORK_DONE = ("plan_wall", "plan_cpu", "pages_wall", "pages_cpu", "dates_wall", "dates_cpu")
WORDS = ("strikkecafe", "gaatur", "faellesspisning", "sangkor", "stolegymnastik", "kortspil", "billard", "petanque",
         "laesekreds", "mandecafe", "demenscafe", "it-hjaelp", "havehold", "madklub", "seniordans", "yoga", "bingo",
         "besoegsven", "sorggruppe", "frokostklub")  # fmt: skip
JOINS = ("i", "ved", "paa", "for-seniorer-i", "i-kulturhuset-i", "hos")
PLACES = ("maaloev", "skovlunde", "ballerup", "egebjerg", "hedegaarden", "grantofte", "baltorp", "lundebjerg",
          "rugvaenget", "magleparken", "boldbanen", "biblioteket", "kirken", "stationen")  # fmt: skip


def _varied(activities: list) -> list:
    """The activities with real-looking ids, their own days and times, and the kinds of rule."""
    from vejviser.model import WEEKDAYS, Frequency, Slot

    rng = random.Random(16)
    kinds = [{}, *rule_kinds(TODAY + dt.timedelta(days=10))]
    taken: set[str] = set()
    varied = []
    for index, activity in enumerate(activities):
        base = f"{rng.choice(WORDS)}-{rng.choice(JOINS)}-{rng.choice(PLACES)}"
        new_id, number = base, 2
        while new_id in taken:
            new_id, number = f"{base}-{number}", number + 1
        taken.add(new_id)
        start = f"{rng.randint(8, 19):02d}:{rng.choice(('00', '15', '30', '45'))}"
        kind = kinds[index % len(kinds)]
        weekday = WEEKDAYS[rng.randrange(7)]
        schedule = dataclasses.replace(activity.schedule, weekdays=(weekday,), start=start, **kind)
        if index % 10 == 9 and schedule.frequency != Frequency.DATES:
            other = WEEKDAYS[(WEEKDAYS.index(weekday) + 3) % 7]
            times = (Slot((weekday,), start, schedule.end), Slot((other,), "14:00", "15:30"))
            schedule = dataclasses.replace(schedule, times=times)
        varied.append(dataclasses.replace(activity, id=new_id, schedule=schedule))
    return varied


@dataclasses.dataclass
class _World:
    activities: list
    organisations: list


def _cpu() -> float:
    """CPU seconds of this process and of the workers it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rounds(project) -> dict:
    from vejviser.i18n import Messages
    from vejviser.present.directory import Directory
    from vejviser.present.facets import meeting_dates
    from vejviser.settings import load_settings
    from vejviser.site.mapdata import map_data
    from vejviser.site.meetings import MAP_WORDS_ID, plan
    from vejviser.site.pages import PageMaker
    from vejviser.validate.project import validate_project

    settings = load_settings(project)
    result = validate_project(settings, TODAY)
    activities = _varied(list(result.activities))
    messages = Messages()
    directory = Directory(settings, _World(activities, list(result.organisations)), messages, TODAY)
    placed = map_data(directory.views, settings, messages)
    map_ids = [words[MAP_WORDS_ID] for chunk in placed.chunks for words in chunk]
    times: dict[str, list[float]] = {key: [] for key in WORK_DONE}
    files: list[tuple[str, str]] = []
    maker = PageMaker(directory)
    for _ in range(3):
        wall, cpu = time.perf_counter(), _cpu()
        made = plan(directory)
        files = made.files(messages, map_ids)
        times["plan_wall"].append(time.perf_counter() - wall)
        times["plan_cpu"].append(_cpu() - cpu)
        wall, cpu = time.perf_counter(), _cpu()
        pages = [maker.today_page(made), maker.week_page(made)]
        times["pages_wall"].append(time.perf_counter() - wall)
        times["pages_cpu"].append(_cpu() - cpu)
        wall, cpu = time.perf_counter(), _cpu()
        dated = sum(len(meeting_dates(a, TODAY)) for a in activities)
        times["dates_wall"].append(time.perf_counter() - wall)
        times["dates_cpu"].append(_cpu() - cpu)
    data, cards = files[0][1].encode(), [text.encode() for _, text in files[1:]]
    meetings = json.loads(data)
    sizes = {
        "data_raw": len(data),
        "data_gzip9": len(gzip.compress(data, 9)),
        "data_gzip6": len(gzip.compress(data, 6)),
        "cards_files": len(cards),
        "cards_raw": sum(map(len, cards)),
        "cards_gzip6": sum(len(gzip.compress(chunk, 6)) for chunk in cards),
        "rows": len(meetings["ids"]),
        "days": (dt.date.fromisoformat(meetings["until"]) - TODAY).days + 1,
        "masks": len(meetings["masks"]),
        "times": len(meetings["times"]),
        "dated_days": dated,
        "today_page_raw": len(pages[0].body.encode()),
        "today_page_gzip6": len(gzip.compress(pages[0].body.encode(), 6)),
        "week_page_raw": len(pages[1].body.encode()),
        "week_page_gzip6": len(gzip.compress(pages[1].body.encode(), 6)),
    }
    parts = {key: len(gzip.compress(json.dumps(meetings[key], separators=(",", ":")).encode(), 9))
             for key in ("ids", "meets", "skipped", "after", "map")}  # fmt: skip
    return {**times, "sizes": sizes, "parts_gzip9": parts}


def main() -> str:
    project = WORK / f"synthetic-{COUNT}"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(COUNT), "--out", str(project)]
    subprocess.run(make, check=True)
    found = _rounds(project)
    sizes, parts = found["sizes"], found["parts_gzip9"]
    median = {key: statistics.median(found[key]) for key in WORK_DONE}
    compressed_kb = sizes["data_gzip6"] / 1000
    info = machine()
    method = __doc__.split("\n\n", 1)[1].replace("\n", " ").strip()
    rounds = lambda key: ", ".join(f"{s:.2f}" for s in found[key])  # noqa: E731
    lines = [
        '# The meetings for "I dag" at 10,000 activities',
        "",
        measured(info),
        "",
        method,
        "",
        f"{sizes['rows']:,} activities, {sizes['days']} days from {TODAY.isoformat()}, {sizes['masks']} distinct "
        f"day masks, {sizes['times']} distinct start times.",
        "",
        "| file | raw | gzip -9 | gzip -6 |",
        "|---|---|---|---|",
        f"| `i-dag/moeder.json` (what the browser reads) | {sizes['data_raw'] / 1000:.1f} KB | "
        f"{sizes['data_gzip9'] / 1000:.1f} KB | **{compressed_kb:.1f} KB** |",
        f"| the lists' words, {sizes['cards_files']} chunks (fetched for the entries shown) | "
        f"{sizes['cards_raw'] / 1000:.1f} KB | | {sizes['cards_gzip6'] / 1000:.1f} KB in all |",
        "",
        f"The pages' bodies (without the theme's frame): \"I dag\" {sizes['today_page_raw'] / 1000:.0f} KB raw, "
        f'{sizes["today_page_gzip6"] / 1000:.0f} KB gzip -6; "Denne uge" {sizes["week_page_raw"] / 1000:.0f} KB raw, '
        f"{sizes['week_page_gzip6'] / 1000:.0f} KB gzip -6 (every meeting of the week, for readers without "
        "JavaScript).",
        "",
        "Of the data, compressed each on its own (gzip -9): "
        + ", ".join(f"{key} {value / 1000:.1f} KB" for key, value in parts.items())
        + ".",
        "",
        "| work | wall (median) | CPU (median) | rounds (wall) |",
        "|---|---|---|---|",
        f"| the plan and its files | {median['plan_wall']:.2f} s | {median['plan_cpu']:.2f} s | "
        f"{rounds('plan_wall')} |",
        f'| the pages "I dag" and "Denne uge" (the build\'s day: a Monday, so seven days) | '
        f"{median['pages_wall']:.2f} s | {median['pages_cpu']:.2f} s | {rounds('pages_wall')} |",
        f"| the search index's days ({sizes['dated_days']:,} meeting days) | {median['dates_wall']:.2f} s | "
        f"{median['dates_cpu']:.2f} s | {rounds('dates_wall')} |",
        "",
        "| check | value | limit | ok |",
        "|---|---|---|---|",
        f"| `moeder.json` compressed (gzip -6) | {compressed_kb:.1f} KB | {LIMIT_KB} KB | "
        f"{'yes' if compressed_kb <= LIMIT_KB else 'NO'} |",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "meetings.md").write_text(text, encoding="utf-8")
    data = {"machine": info, "method": method, "today": TODAY.isoformat(), **found}
    (RESULTS / "meetings.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
