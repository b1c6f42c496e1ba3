"""Run every benchmark and write its figures to bench/results/ (`make bench`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (  # noqa: E402
    bench_calendar,
    bench_hostile,
    bench_incremental,
    bench_invitation,
    bench_map,
    bench_meetings,
    bench_occurrences,
    bench_print,
    bench_site,
    bench_validate,
)

if __name__ == "__main__":
    only = set(sys.argv[1:])
    benches = (
        ("validate", bench_validate),
        ("hostile", bench_hostile),
        ("occurrences", bench_occurrences),
        ("calendar", bench_calendar),
        ("site", bench_site),
        ("incremental", bench_incremental),
        ("map", bench_map),
        ("meetings", bench_meetings),
        ("print", bench_print),
        ("invitation", bench_invitation),
    )
    for name, bench in benches:
        if not only or name in only:
            print(bench.main())
