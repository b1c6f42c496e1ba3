"""Take the README's screenshots of the built site (run `make site` first).

    python scripts/screenshots.py [--site site] [--out docs/images]

Front page, a filtered search and an activity page, at 1280 px and 375 px wide.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.support import browser, serve  # noqa: E402

SHOTS = (
    ("forside", ""),
    ("soegning", "?ugedag=tirsdag&omraade=m%C3%A5l%C3%B8v&gratis=ja"),
    ("aktivitet", "aktiviteter/strikkecafe-i-m%C3%A5l%C3%B8v/"),
)
WIDTHS = ((1280, 900), (375, 812))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.site) as base, browser() as chromium:
        for width, height in WIDTHS:
            page = chromium.new_page(viewport={"width": width, "height": height})
            for name, path in SHOTS:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=width < 1000 or name == "soegning")
                print(target)
            page.close()


if __name__ == "__main__":
    main()
