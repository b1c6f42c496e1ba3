"""Benchmark: `vejviser validate` on 10,000 synthetic activities against a bare CSafeLoader load."""

from __future__ import annotations

import subprocess

from bench.harness import ROOT, WORK, Runs, python, side_by_side, write

COUNT = 10_000
BARE_LOAD = (
    "import pathlib, yaml\n"
    "for folder in ('organisations', 'activities'):\n"
    "    for p in sorted(pathlib.Path(folder).glob('*.yaml')):\n"
    "        yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)


def main(rounds: int = 3) -> str:
    project = WORK / f"synthetic-{COUNT}"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(COUNT), "--out", str(project)]
    subprocess.run(make, check=True)
    bare = Runs("bare load (PyYAML CSafeLoader)", [python(), "-c", BARE_LOAD])
    validate = Runs("vejviser validate", [python(), "-m", "vejviser", "validate", ".", "--today", "2026-11-23"])
    side_by_side([bare, validate], project, rounds)
    ratio = validate.median_seconds / bare.median_seconds
    method = (
        f"{COUNT:,} synthetic activities and {COUNT // 20} organisations from `scripts/make_synthetic.py` "
        f"(about 70 lines each). Each round runs, one after the other in fresh processes, a bare load of every "
        f"file with PyYAML's CSafeLoader and `vejviser validate` (load, coerce, schema, content and relation "
        f"rules, typed records; files are read on every core by forked workers, the bare load uses one); "
        f"{rounds} rounds; wall time, peak RSS of the largest process (wait4) and peak PSS of the process "
        f"tree (sampled ten times a second) per run; medians reported."
    )
    checks = [
        ("validate / bare load (median)", ratio, 3.0, ratio <= 3.0),
        (
            "validate peak memory MB (median, larger of RSS and tree PSS)",
            validate.median_memory_mb,
            500,
            validate.median_memory_mb < 500,
        ),
    ]
    return write("validate", "Validation of 10,000 activities", method, [bare, validate], checks)


if __name__ == "__main__":
    print(main())
