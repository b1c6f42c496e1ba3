"""Page images of the printed editions for the README (run `make site` first).

    python scripts/page_images.py [--site site] [--out docs/images]

The book's cover, its key to the areas, a spread (two facing pages, as the printed book opens), a page of the large
print, the first page of an area sheet, read from the built site's PDFs with pdftoppm (Debian's
poppler-utils), and an invitation with its poster, made with `vejviser print --invitation`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image  # pikepdf's own dependency

ROOT = Path(__file__).resolve().parent.parent
#: Facing pages: an even page on the left, the next odd one on the right.
SPREAD = (6, 7)
#: The key to the areas: a map and each area's postcodes and streets.
AREA_KEY = 5
SHEET = "måløv"
LARGE_PAGE = 7
INVITATION = "strikkecafe-i-måløv"
DPI = 80


def page(pdf: Path, number: int, folder: Path) -> Image.Image:
    stem = folder / f"{pdf.stem}-{number}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(number), "-l", str(number),
                    str(pdf), str(stem)], check=True)  # fmt: skip
    return Image.open(stem.with_suffix(".png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    book = args.site / "netvaerksbogen.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page(book, 1, folder).save(args.out / "bog-omslag.png", optimize=True)
        page(book, AREA_KEY, folder).save(args.out / "bog-omraader.png", optimize=True)
        left, right = (page(book, n, folder) for n in SPREAD)
        gutter = 12
        spread = Image.new("RGB", (left.width + gutter + right.width, max(left.height, right.height)), "#9e9e9e")
        spread.paste(left, (0, 0))
        spread.paste(right, (left.width + gutter, 0))
        spread.save(args.out / "bog-opslag.png", optimize=True)
        page(args.site / "omraadeark" / f"{SHEET}.pdf", 1, folder).save(args.out / "omraadeark.png", optimize=True)
        large = args.site / "netvaerksbogen-stor-skrift.pdf"
        page(large, LARGE_PAGE, folder).save(args.out / "stor-skrift.png", optimize=True)
        made = folder / "tryk"
        subprocess.run([sys.executable, "-m", "vejviser", "print", str(ROOT), "--invitation", INVITATION,
                        "--out", str(made)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        invitation = page(made / "invitationer" / f"{INVITATION}.pdf", 1, folder)
        poster = page(made / "invitationer" / f"{INVITATION}-plakat.pdf", 1, folder)
        poster = poster.resize((round(poster.width * invitation.height / poster.height), invitation.height))
        both = Image.new("RGB", (invitation.width + gutter + poster.width, invitation.height), "#9e9e9e")
        both.paste(invitation, (0, 0))
        both.paste(poster, (invitation.width + gutter, 0))
        both.save(args.out / "invitation.png", optimize=True)
    for name in ("bog-omslag.png", "bog-opslag.png", "stor-skrift.png", "omraadeark.png", "invitation.png"):
        print(args.out / name)


if __name__ == "__main__":
    main()
