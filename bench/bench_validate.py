"""Benchmark: `vejviser validate` on 10,000 synthetic activities against a bare CSafeLoader load."""

from __future__ import annotations

import shutil
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
    command = [python(), "-m", "vejviser", "validate", ".", "--today", "2026-11-23"]
    validate = Runs("vejviser validate (no build cache)", command)
    again = Runs("vejviser validate again (every file in the build cache)", command)
    runs = [bare, validate, again]
    done = iter(range(rounds * len(runs)))

    def settle() -> None:  # the cache deleted after each round's last run: every round starts without one
        if next(done) % len(runs) == len(runs) - 1:
            shutil.rmtree(project / ".cache", ignore_errors=True)

    shutil.rmtree(project / ".cache", ignore_errors=True)
    side_by_side(runs, project, rounds, settle)
    ratio = validate.median_seconds / bare.median_seconds
    method = (
        f"{COUNT:,} synthetic activities and {COUNT // 20} organisations from `scripts/make_synthetic.py` "
        f"(about 70 lines each). Each round runs, one after the other in fresh processes, a bare load of every "
        f"file with PyYAML's CSafeLoader and `vejviser validate` (load, coerce, schema, content and relation "
        f"rules, typed records; files are read on every core by forked workers, the bare load uses one), "
        f"first without a build cache and then again with every file's own checks found in it (the "
        f"relations are checked every time); the cache is deleted after each round; "
        f"{rounds} rounds; wall time, peak RSS of the largest process (wait4) and peak PSS of the process "
        f"tree (sampled ten times a second) per run; medians reported."
    )
    warm = again.median_seconds / validate.median_seconds
    checks = [
        ("validate / bare load (median)", ratio, 3.0, ratio <= 3.0),
        ("validate again / validate without a cache (median)", warm, 0.5, warm <= 0.5),
        (
            "validate peak memory MB (median, larger of RSS and tree PSS)",
            validate.median_memory_mb,
            500,
            validate.median_memory_mb < 500,
        ),
    ]
    return write("validate", "Validation of 10,000 activities", method, runs, checks)


if __name__ == "__main__":
    print(main())
