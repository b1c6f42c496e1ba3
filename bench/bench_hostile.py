"""Benchmark: hostile records are refused in bounded time (the timing guard for the hardening issue).

One record at a time, each in a copy of the test world beside its valid record: a field of
200,000 characters in shapes that make backtracking patterns slow, lists of 20,000 items
(jsonschema's uniqueness check is quadratic on items it cannot sort), 20,000 fields, deep
nesting. Each is validated by `vejviser validate` in a fresh process, side by side with the
world unchanged; the check is on the extra time the hostile record costs over the plain run.
"""

from __future__ import annotations

import json
import shutil

from bench.harness import ROOT, WORK, Runs, python, side_by_side, write

WORLD = ROOT / "tests" / "examples" / "world"
LONG = 200_000
MANY = 20_000
#: The promise of the hardening issue: a long field refused within 2 s, everything within about 30 s.
LIMIT_SECONDS = 2.0


def _record(**fields) -> str:
    """A record in JSON (which is YAML) with the world's valid fields and ``fields`` over them."""
    data = {
        "title": "Strikkecafé", "summary": "Vi strikker og snakker sammen.", "organisation": "seniorklubben",
        "categories": ["kreativ"], "form": "fremmøde", "reviewed": "2026-09-01",
        "schedule": {"frequency": "ugentlig", "weekdays": ["tirsdag"], "start": "10:00"},
        "venue": {"name": "Måløv Kulturhus",
                  "address": {"street": "Måløv Hovedgade 55", "postcode": "2760", "town": "Måløv"}},
    }  # fmt: skip
    for path, value in fields.items():
        node = data
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return json.dumps(data, ensure_ascii=False)


def _nested(depth: int) -> str:
    return _record(title="Dyb")[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"


CASES = {
    "title of 200,000 letters": _record(title="a" * LONG),
    "description of 200,000 digits and spaces (CPR and phone patterns)": _record(description="1 " * (LONG // 2)),
    "summary of 200,000 word characters (e-mail pattern)": _record(summary="a" * LONG),
    "contact e-mail a@b.b.b… of 200,000 characters": _record(
        contacts=[{"name": "Lone", "email": "a@" + "b." * (LONG // 2) + " ", "consent": "nej"}]
    ),
    "every field with a pattern at 200,000 characters (phone, postcode, time, language, e-mail)": _record(
        **{
            "contacts": [
                {"name": "Lone", "phone": "12 " * (LONG // 3), "email": "a@" + "b" * LONG + ". ", "consent": "nej"}
            ],
            "venue.address.postcode": "1" * LONG,
            "schedule.start": "1" * LONG + ":",
            "languages": ["a" + " a" * LONG],
        }
    ),  # fmt: skip
    "description of 200,000 characters of '[' lines (Markdown link pattern)": _record(description="[a\n" * (LONG // 3)),
    "categories: 20,000 items of mixed types": _record(categories=[i if i % 2 else {"x": i} for i in range(MANY)]),
    "schedule dates: 20,000 dates": _record(**{"schedule.dates": [f"2027-01-{1 + i % 28:02d}" for i in range(MANY)]}),
    "20,000 unknown fields": _record(**{f"felt{i}": i for i in range(MANY)}),
    "nesting 100,000 deep": _nested(100_000),
}


def main(rounds: int = 3) -> str:
    base = WORK / "hostile"
    shutil.rmtree(base, ignore_errors=True)
    command = [python(), "-m", "vejviser", "validate", ".", "--today", "2026-11-23"]
    plain = base / "plain"
    shutil.copytree(WORLD, plain)
    runs = [Runs("the test world, unchanged", command, cwd=plain)]
    for number, (name, text) in enumerate(CASES.items()):
        project = base / f"case-{number}"
        shutil.copytree(WORLD, project)
        (project / "activities" / "fjendtlig.yaml").write_text(text, encoding="utf-8")
        runs.append(Runs(name, command, cwd=project, ok_codes=(1,)))  # refused: exit 1
    side_by_side(runs, base, rounds)
    baseline = runs[0].median_seconds
    checks = [(f"extra wall s: {r.name}", r.median_seconds - baseline, LIMIT_SECONDS,
               r.median_seconds - baseline <= LIMIT_SECONDS) for r in runs[1:]]  # fmt: skip
    method = (
        "Each hostile record is put beside the valid record of `tests/examples/world` (its settings, two "
        "organisations) and validated by `vejviser validate` in a fresh process, which must refuse it (exit 1); "
        f"the unchanged world is run in the same rounds. {rounds} rounds, every command once a round; wall and "
        "CPU time (user + system, wait4) and peak memory per run; medians reported. The check is the median "
        f"extra wall time over the unchanged world, at most {LIMIT_SECONDS:.0f} s."
    )
    return write("hostile", "Hostile records refused in bounded time", method, runs, checks)


if __name__ == "__main__":
    print(main())
