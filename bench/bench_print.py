"""Benchmark: the network book of 500 and of 10,000 activities, side by side in one run.

Each round makes both books, each in a process of its own (bench/print_book.py), so that
the peak memory measured is the book's: the time is that of making the book from the
validated records (content, QR codes, typesetting); wall time and memory are the whole
process's (loading and validating included).
"""

from __future__ import annotations

import json
import statistics
import subprocess

from bench.harness import RESULTS, ROOT, WORK, machine, python, run_once

SIZES = (500, 10_000)
LIMITS = {500: 2.0, 10_000: 40.0}
ROUNDS = 3


def main() -> str:
    projects = {}
    for count in SIZES:
        project = WORK / f"synthetic-{count}"
        make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(count), "--out", str(project)]
        subprocess.run(make, check=True)
        projects[count] = project
    book = {count: [] for count in SIZES}
    wall = {count: [] for count in SIZES}
    rss = {count: [] for count in SIZES}
    tree = {count: [] for count in SIZES}
    facts = {}
    for _ in range(ROUNDS):
        for count in SIZES:
            out = WORK / f"print-{count}.json"
            command = [python(), str(ROOT / "bench" / "print_book.py"), str(projects[count]), str(out)]
            seconds, peak_rss, peak_tree, _cpu = run_once(command, ROOT)
            figures = json.loads(out.read_text(encoding="utf-8"))
            book[count].append(figures["seconds"])
            wall[count].append(seconds)
            rss[count].append(peak_rss)
            tree[count].append(peak_tree)
            facts[count] = figures
    info = machine()
    method = (
        f"Synthetic directories of {' and '.join(f'{n:,}' for n in SIZES)} activities from "
        f"`scripts/make_synthetic.py`; in each of {ROUNDS} rounds both books are made one after the other, each "
        "by `bench/print_book.py` in a process of its own: load and validate the records, then make the regular "
        "A5 book: its content, a QR code per entry with zxing-cpp (on both cores from 300 codes on), and "
        "typesetting with the `typst` package into a tagged PDF, by a Typst process of its own per document. "
        "A book of up to 600 entries is one document; a larger one is typeset as its front, parts of at most 600 "
        "entries and a document per index, two side by side where their estimated memory fits in 600 MB (each laid "
        "out, then numbered on from the one before), and joined part by part on both cores. Book seconds: all "
        "of that, timed inside the process. Wall seconds: the whole process, loading and validating included. "
        "Peak RSS: the largest single process of the tree (the kernel's maximum resident set of the process "
        "and its waited-for children); peak PSS: the whole process tree, sampled every 0.1 s. Medians of the rounds."
    )
    lines = [
        "# The network book at 500 and 10,000 activities", "",
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"commit {info['commit']}.", "", method, "",
        "| activities | entries in the book | pages | PDF MB | book s (median) | runs | wall s (median) "
        "| peak RSS MB | peak PSS MB, tree |", "|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    checks = []
    for count in SIZES:
        f = facts[count]
        median = statistics.median(book[count])
        lines.append(
            f"| {count:,} | {f['entries']:,} | {f['pages']:,} | {f['bytes'] / 2**20:.1f} | {median:.2f} | "
            f"{', '.join(f'{s:.2f}' for s in book[count])} | {statistics.median(wall[count]):.2f} | "
            f"{statistics.median(rss[count]):.0f} | {statistics.median(tree[count]):.0f} |"
        )
        checks.append((f"book of {count:,}: seconds (median)", median, LIMITS[count], median <= LIMITS[count]))
        peak = max(statistics.median(rss[count]), statistics.median(tree[count]))
        checks.append((f"book of {count:,}: peak memory MB (median)", peak, 1024, peak < 1024))
    lines += ["", "| check | value | limit | ok |", "|---|---|---|---|"]
    lines += [f"| {what} | {value:.2f} | {limit} | {'yes' if ok else 'NO'} |" for what, value, limit, ok in checks]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "print.md").write_text(text, encoding="utf-8")
    data = {"machine": info, "method": method, "book_s": book, "wall_s": wall, "peak_rss_mb": rss,
            "peak_tree_pss_mb": tree, "facts": facts,
            "checks": [{"what": w, "value": round(v, 3), "limit": lim, "ok": ok}
                       for w, v, lim, ok in checks]}  # fmt: skip
    (RESULTS / "print.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
