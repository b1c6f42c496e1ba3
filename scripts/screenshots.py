"""Take the README's screenshots of the built site (run `make site` first).

    python scripts/screenshots.py [--site site] [--out docs/images]

Front page, a filtered search, an activity page and the map, at 1280 px and 375 px wide;
the form "Tilføj en aktivitet" on an iPad (820 px): empty, with problems, and ready to send,
for CONTRIBUTING.md; "I dag" and an activity's "Næste gang" on the iPad; the finder answering a
citizen's question on the iPad and its filter panel on a phone; "Min liste" with three activities
and its first printed page (Chromium's print, drawn by pdftoppm). The map's background
tiles are replaced by a plain grey tile: the machines that make the
screenshots are offline, and the build never fetches tiles.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.support import TILE, TILE_HOST, browser, serve  # noqa: E402

SHOTS = (
    ("forside", ""),
    ("soegning", "?ugedag=tirsdag&omraade=m%C3%A5l%C3%B8v&gratis=ja"),
    ("aktivitet", "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/"),
    # a staff member's question: what is free within 2 km of 2760 Måløv? (as a link brings it)
    ("kort", "kort/?gratis=ja&postnummer=2760&afstand=2"),
)
WIDTHS = ((1280, 900), (375, 812))
#: An iPad held upright.
IPAD = {"width": 820, "height": 1180}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.site) as base, browser() as chromium:
        for width, height in WIDTHS:
            context = chromium.new_context(viewport={"width": width, "height": height})
            context.route(f"{TILE_HOST}**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
            page = context.new_page()
            for name, path in SHOTS:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if name == "kort":
                    page.wait_for_selector("[data-vv-map-ready]", state="attached")
                    page.wait_for_timeout(1000)  # the map's zoom
                    page.locator(".vv-map").scroll_into_view_if_needed()
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=(width < 1000 or name == "soegning") and name != "kort")
                print(target)
            context.close()
        form_shots(chromium, base, args.out)
        day_shots(chromium, base, args.out)
        finder_shots(chromium, base, args.out)
        list_shots(chromium, base, args.out)


def form_shots(chromium, base: str, out: Path) -> None:
    """The form as a volunteer meets it: the top, the list of problems, and the ways to send."""
    context = chromium.new_context(viewport=IPAD)
    page = context.new_page()
    page.goto(base + "ny-aktivitet/")
    page.wait_for_selector("[data-vv-form]:not([hidden])")
    _shot(page, out / "formular-820.png")
    page.fill("#vv-f-activity-title", "Kortklub i Skovlunde")
    page.select_option("#vv-f-organisation", label="Måløv Frivilligcenter")
    page.check("label:has-text('Spil og hygge')")
    page.select_option("#vv-f-form", label="På et mødested")
    page.select_option("#vv-f-schedule-frequency", label="Hver uge")
    page.fill("#vv-f-schedule-start", "kl. 13")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-vv-summary]:not([hidden])")
    _shot(page, out / "formular-fejl-820.png")
    page.fill("#vv-f-summary", "Vi spiller whist og drikker kaffe. Nye spillere er velkomne.")
    page.check("#vv-f-schedule-weekdays >> label:has-text('torsdag')")
    page.fill("#vv-f-schedule-start", "13:30")
    page.fill("#vv-f-venue-name", "Skovlunde Bypark")
    page.fill("#vv-f-venue-address-street", "Skovlunde Byvej 90")
    page.fill("#vv-f-venue-address-postcode", "2740")
    page.fill("#vv-f-venue-address-town", "Skovlunde")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-vv-done]:not([hidden])")
    _shot(page, out / "formular-klar-820.png")
    context.close()


def day_shots(chromium, base: str, out: Path) -> None:
    """The pages "I dag" and an activity's "Næste gang" on an iPad, as a reader sees them on the day
    (the site's script redoes them for the reader's own day in Copenhagen)."""
    context = chromium.new_context(viewport=IPAD)
    page = context.new_page()
    page.goto(base + "i-dag/")
    page.wait_for_function("/^I dag er det/.test(document.querySelector('[data-vv-days-for]').textContent)")
    _shot(page, out / "i-dag-820.png")
    page.goto(base + "aktiviteter/f%C3%A6llesspisning-m%C3%A5l%C3%B8v/")  # paused in July and December
    page.locator("[data-vv-next][data-vv-next-day]").first.wait_for()
    _shot(page, out / "naeste-gang-820.png")
    context.close()


#: The citizen's question: on Tuesdays, in Måløv, free, with a rollator.
QUESTION = "?q=rollator&ugedag=tirsdag&omraade=m%C3%A5l%C3%B8v&gratis=ja"


def finder_shots(chromium, base: str, out: Path) -> None:
    """The finder: the answer to the citizen's question on an iPad, results first, and on a phone
    the filter panel opened from "Filtrér (3)"."""
    context = chromium.new_context(viewport=IPAD)
    page = context.new_page()
    page.goto(base + QUESTION)
    page.locator("[data-vv-results] .vv-card").first.wait_for()
    _shot(page, out / "finder-820.png")
    context.close()
    context = chromium.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base + QUESTION)
    page.locator("[data-vv-results] .vv-card").first.wait_for()
    page.click("[data-vv-open]")
    page.locator("dialog[data-vv-panel][open]").wait_for()
    _shot(page, out / "finder-panel-375.png")
    context.close()


#: Three activities a home-care worker might leave with a citizen in Måløv.
LIST = ("strikkecafe-i-m%C3%A5l%C3%B8v", "f%C3%A6llesspisning-m%C3%A5l%C3%B8v", "telefonven")


def list_shots(chromium, base: str, out: Path) -> None:
    """ "Min liste" on the iPad, and the first page of the list as Chromium prints it (A4)."""
    context = chromium.new_context(viewport=IPAD)
    page = context.new_page()
    page.goto(base + "min-liste/?" + "&".join(f"id={record_id}" for record_id in LIST))
    page.locator(".vv-shortlist img, .vv-shortlist svg").first.wait_for()
    page.wait_for_load_state("networkidle")
    _shot(page, out / "min-liste-820.png")
    page.emulate_media(media="print")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "min-liste.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        stem = out / "min-liste-udskrift"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                       check=True)  # fmt: skip
    print(f"{stem}.png")
    context.close()


def _shot(page, target: Path) -> None:
    page.wait_for_timeout(300)  # the scroll to the focused element
    page.screenshot(path=str(target))
    print(target)


if __name__ == "__main__":
    main()
