"""Benchmark: an activity's invitation (A5) and poster (A4), in a batch and alone.

    python bench/bench_invitation.py            # the benchmark (run by bench/run.py)
    python bench/bench_invitation.py --child OUT.json

The child loads and validates the example project, then times, with the project's own code,
a batch of :data:`BATCH` invitations typeset by one worker process (fonts loaded once), the same
number of posters, and one invitation and one poster each alone in a worker of its own, as
`vejviser print --invitation ID` does: wall seconds and CPU seconds (its own and its workers').
The benchmark runs the child and `vejviser print . --invitation ID` side by side, :data:`ROUNDS`
rounds, medians.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import RESULTS, ROOT, WORK, Runs, python, side_by_side, write

#: Documents in a batch.
BATCH = 20
ROUNDS = 3
#: The issue's figure: an invitation in at most half a second.
LIMIT = 0.5
TODAY = dt.date(2026, 11, 23)
#: The activity made alone (the example's knitting café).
ALONE = "strikkecafe-i-måløv"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def child(out: Path) -> None:
    from functools import partial

    from vejviser.i18n import Messages
    from vejviser.present import urls
    from vejviser.present.directory import Directory
    from vejviser.printed.content import PrintedDirectory
    from vejviser.printed.invitation import invitation
    from vejviser.printed.typeset import Job, typeset_batches
    from vejviser.settings import load_settings
    from vejviser.validate.project import validate_project

    settings = load_settings(ROOT)
    directory = Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)
    printed = PrintedDirectory(directory)
    views = directory.current[:BATCH]
    alone = next(v for v in directory.current if v.id == ALONE)
    folder = WORK / "invitations"
    figures = {"batch": len(views)}

    def timed(name: str, poster: bool, chosen: list) -> None:
        template = "poster.typ" if poster else "invitation.typ"
        jobs = [Job(template, folder / name / (urls.poster(v.id) if poster else urls.invitation(v.id)),
                    partial(invitation, printed, v, poster)) for v in chosen]  # fmt: skip
        wall, cpu = time.perf_counter(), _cpu()
        typeset_batches(jobs, TODAY, processes=1)
        figures[f"{name}_s"] = (time.perf_counter() - wall) / len(jobs)
        figures[f"{name}_cpu_s"] = (_cpu() - cpu) / len(jobs)

    timed("invitation_batch", False, views)
    timed("poster_batch", True, views)
    timed("invitation_alone", False, [alone])
    timed("poster_alone", True, [alone])
    out.write_text(json.dumps(figures), encoding="utf-8")


FIGURES = (
    ("invitation_batch", f"per invitation in a batch of {BATCH}"),
    ("poster_batch", f"per poster in a batch of {BATCH}"),
    ("invitation_alone", "one invitation alone (a worker of its own)"),
    ("poster_alone", "one poster alone (a worker of its own)"),
)


def main(rounds: int = ROUNDS) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / "invitation.json"
    timing = Runs(f"the child: {BATCH} invitations, {BATCH} posters in batches, one of each alone",
                  [python(), str(Path(__file__).resolve()), "--child", str(out)])  # fmt: skip
    cli = Runs(f"`vejviser print . --invitation {ALONE}` (load, validate, invitation and poster)",
               ["env", "VEJVISER_CACHE=off", python(), "-m", "vejviser", "print", ".", "--invitation", ALONE,
                "--out", str(WORK / "invitation-cli"), "--today", TODAY.isoformat()])  # fmt: skip
    rounds_seen: list[dict] = []

    def settle() -> None:
        if out.exists():
            rounds_seen.append(json.loads(out.read_text(encoding="utf-8")))
            out.unlink()

    side_by_side([timing, cli], ROOT, rounds, settle=settle)
    median = {key: statistics.median(seen[key] for seen in rounds_seen) for key in rounds_seen[0]}
    checks = []
    for key, what in FIGURES:
        checks.append((f"{what}: wall s (median)", median[f"{key}_s"], LIMIT, median[f"{key}_s"] <= LIMIT))
        checks.append((f"{what}: CPU s (median)", median[f"{key}_cpu_s"], LIMIT, median[f"{key}_cpu_s"] <= LIMIT))
    method = (
        f"The example project (`activities/`). A child process loads and validates it, then times with the "
        f"project's code (`typeset_batches`, one worker process, `processes=1`) a batch of {BATCH} invitations "
        f"(A5) typeset by one Typst worker process, then {BATCH} posters (A4) the same way, then one invitation "
        f"and one poster each alone in a worker process of its own (what `vejviser print --invitation` does for "
        f"one activity): each figure is the whole batch's wall time over its number of PDFs (content, QR code, "
        f"worker start, fonts, typesetting to PDF/UA-1 and PDF/A-2a, atomic write) and its CPU time (the "
        f"child's and its workers'). Beside it, the whole `vejviser print . --invitation {ALONE}` "
        f"command (imports, validation, its invitation and poster), with `VEJVISER_CACHE=off` so that it typesets them "
        f"rather than finding them in the build cache. {rounds} rounds, the two interleaved, "
        f"medians. A site build with print on makes every listed activity's two PDFs this way, in batches of "
        f"200 on every core."
    )
    text = write("invitation", "Invitations and posters", method, [timing, cli], checks)
    data = json.loads((RESULTS / "invitation.json").read_text(encoding="utf-8"))
    data["figures"] = {"rounds": rounds_seen, "median": median}
    (RESULTS / "invitation.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]))
    else:
        print(main())
