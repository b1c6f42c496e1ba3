"""Benchmark: the map at 10,000 activities.

Side by side in one run: making the map's data and folium map from the validated records
(what `vejviser build` does for the map) against folium's MarkerCluster with one marker
object each (the obvious way, for comparison); then, on the built site in Chromium, the
bytes the map page transfers and the time to its first clusters.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import time

from bench.harness import RESULTS, ROOT, WORK, machine, python

COUNT = 10_000
TODAY = dt.date(2026, 11, 23)
FIRST_CLUSTER = """
new MutationObserver((changes, observer) => {
  if (document.querySelector(".marker-cluster")) {
    observer.disconnect();
    requestAnimationFrame(() => { window.__vvFirstCluster = performance.now(); });
  }
}).observe(document, { childList: true, subtree: true });
"""


def _generation(project) -> tuple[list[float], list[float], int, int]:
    """Seconds for the map's data and folium map, and for folium's MarkerCluster; their sizes in bytes."""
    import folium
    from folium.plugins import MarkerCluster

    from vejviser.i18n import Messages
    from vejviser.settings import load_settings
    from vejviser.site.mapdata import map_data
    from vejviser.site.mappage import map_parts
    from vejviser.site.pages import Directory
    from vejviser.validate.project import validate_project

    settings = load_settings(project)
    result = validate_project(settings, TODAY)
    views = Directory(settings, result, Messages(), TODAY).views
    ours, theirs, our_size, their_size = [], [], 0, 0
    for _ in range(3):
        start = time.perf_counter()
        data = map_data(views, settings, Messages())
        parts = map_parts(settings)
        texts = [json.dumps(data.index, ensure_ascii=False, separators=(",", ":"))]
        texts += [json.dumps(chunk, ensure_ascii=False, separators=(",", ":")) for chunk in data.chunks]
        ours.append(time.perf_counter() - start)
        our_size = len(texts[0].encode()) + len(parts.html) + len(parts.script)

        start = time.perf_counter()
        folium_map = folium.Map(location=[55.735, 12.345], zoom_start=12)
        cluster = MarkerCluster().add_to(folium_map)
        for view in views:
            a = view.activity
            if view.listed and a.position is not None:
                folium.Marker([a.position.lat, a.position.lon], popup=f"{a.title}<br>{view.when}",
                              tooltip=a.title).add_to(cluster)  # fmt: skip
        html = folium_map.get_root().render()
        theirs.append(time.perf_counter() - start)
        their_size = len(html.encode())
    return ours, theirs, our_size, their_size


def _browser(site) -> tuple[list[float], list[int], list[str]]:
    """Per fresh page load: ms from navigation to the first cluster, and bytes fetched from the site."""
    from tests.browser.support import TILE, TILE_HOST, browser, serve

    times, sizes, files = [], [], []
    with serve(site) as base, browser() as chromium:
        for _ in range(3):
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
            # The moment the first cluster enters the page, and the frame after it (when it is painted).
            context.add_init_script(FIRST_CLUSTER)
            page = context.new_page()
            fetched: dict[str, int] = {}

            def record(response, fetched=fetched) -> None:
                if response.url.startswith(base):
                    fetched[response.url] = len(response.body())

            page.on("response", record)
            page.goto(base + "kort/")
            page.wait_for_function("window.__vvFirstCluster !== undefined")
            times.append(page.evaluate("window.__vvFirstCluster"))
            page.wait_for_load_state("networkidle")
            sizes.append(sum(fetched.values()))
            files = sorted(url.removeprefix(base) for url in fetched)
            context.close()
    return times, sizes, files


def main() -> str:
    project = WORK / f"synthetic-{COUNT}"
    make = [python(), str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(COUNT), "--out", str(project)]
    subprocess.run(make, check=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    ours, theirs, our_size, their_size = _generation(project)
    subprocess.run([python(), "-m", "vejviser", "build", "."], cwd=project, check=True, capture_output=True)
    times, sizes, files = _browser(project / "site")
    generation, first = statistics.median(ours), statistics.median(times)
    transfer = statistics.median(sizes)
    info = machine()
    method = (
        f"{COUNT:,} synthetic activities from `scripts/make_synthetic.py`, validated once. Generation: "
        f"`map_data` + `map_parts` (folium) + the JSON files, timed in one process, 3 runs, median; beside it, "
        f"in the same run, folium's `MarkerCluster` with one `Marker` (popup and tooltip) per activity, rendered "
        f"to HTML. In Chromium (Debian's, via Playwright), 3 fresh page loads of `kort/` from a local server, "
        f"tiles answered locally: milliseconds from navigation to the animation frame after the first "
        f"cluster enters the page (a MutationObserver set before the page loads), and every byte "
        f"fetched from the site until the network is idle (files: {', '.join(files)})."
    )
    rows = [
        ("vejviser map data and folium map: seconds (median)", generation, 3.0, generation <= 3.0),
        ("map page with its data: transfer MB (median)", transfer / 2**20, 1.5, transfer <= 1.5 * 2**20),
        ("first clusters after navigation: seconds (median)", first / 1000, 1.5, first <= 1500),
    ]
    lines = [
        "# The map at 10,000 activities", "",
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"commit {info['commit']}.", "", method, "",
        "| run | median | runs | size |", "|---|---|---|---|",
        f"| vejviser: map data + folium map | {generation:.2f} s | {', '.join(f'{s:.2f}' for s in ours)} | "
        f"{our_size / 2**20:.2f} MB (data.json, map markup and script; words in chunks on demand) |",
        f"| folium MarkerCluster, one Marker each | {statistics.median(theirs):.2f} s | "
        f"{', '.join(f'{s:.2f}' for s in theirs)} | {their_size / 2**20:.2f} MB (one HTML file) |",
        f"| Chromium: first clusters | {first:.0f} ms | {', '.join(f'{t:.0f}' for t in times)} | |",
        f"| Chromium: map page transfer | {transfer / 2**20:.2f} MB | "
        f"{', '.join(f'{s / 2**20:.2f}' for s in sizes)} | |",
        "", "| check | value | limit | ok |", "|---|---|---|---|",
    ]  # fmt: skip
    lines += [f"| {what} | {value:.2f} | {limit} | {'yes' if ok else 'NO'} |" for what, value, limit, ok in rows]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "map.md").write_text(text, encoding="utf-8")
    data = {"machine": info, "method": method, "generation_s": ours, "folium_markercluster_s": theirs,
            "our_bytes": our_size, "folium_bytes": their_size, "first_clusters_ms": times, "transfer_bytes": sizes,
            "checks": [{"what": w, "value": round(v, 3), "limit": lim, "ok": ok}
                       for w, v, lim, ok in rows]}  # fmt: skip
    (RESULTS / "map.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
