"""Make the network book (the regular A5 edition) of one project, and say how long it took.

    python bench/print_book.py PROJECT OUT.json

Run by bench_print as its own process, so that its peak memory is the book's. The time
covers what `make site` spends on the book once the records are validated: the book's
content, its QR codes and the typesetting into a PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from vejviser.i18n import Messages
from vejviser.present.directory import Directory
from vejviser.printed.book import make_book_pdf
from vejviser.printed.content import PrintedDirectory, editions
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

TODAY = dt.date(2026, 11, 23)


def main(project: Path, out: Path) -> None:
    settings = load_settings(project)
    result = validate_project(settings, TODAY)
    directory = Directory(settings, result, Messages(), TODAY)
    start = time.perf_counter()
    printed = PrintedDirectory(directory)
    document, qr_urls = printed.book(editions(settings.print_paper)[0], TODAY.year)
    pdf = project / "book.pdf"
    make_book_pdf(document, qr_urls, pdf, TODAY)
    seconds = time.perf_counter() - start
    entries = len(qr_urls)
    out.write_text(json.dumps({"seconds": seconds, "entries": entries, "pages": len(PdfReader(pdf).pages),
                               "bytes": pdf.stat().st_size}), encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
