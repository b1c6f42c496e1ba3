"""An independent accessibility check of the printed editions: avalpdf (PyPI) on every PDF.

    .venv-check/bin/python scripts/pdf_check.py OUT

Prints the example's book (regular and large print), every area sheet and two invitations with
their posters into OUT, runs avalpdf over them and sums up what it found, by kind. Exits 1 when
avalpdf reports an issue (a warning is printed, not failed on). ``make pdf-check`` sets it up:
avalpdf needs the PDFix SDK, a proprietary library of some 250 MB, so it lives in a virtual
environment of its own and is not part of ``make test``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VEJVISER = ROOT / ".venv" / "bin" / "vejviser"
INVITATIONS = ("strikkecafe-i-måløv", "banko-i-cafeen")
TODAY = "2026-12-01"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    print_ = [str(VEJVISER), "print", str(ROOT), "--out", str(out), "--today", TODAY]
    subprocess.run(print_, check=True, capture_output=True)
    subprocess.run([*print_, *(f"--invitation={i}" for i in INVITATIONS)], check=True, capture_output=True)
    pdfs = sorted(out.rglob("*.pdf"))
    reports = out / "avalpdf"
    avalpdf = Path(sys.executable).with_name("avalpdf")
    subprocess.run([str(avalpdf), *map(str, pdfs), "--report", "-o", str(reports), "--lang", "da", "-q"], check=True)
    issues = 0
    for pdf in pdfs:
        found = json.loads((reports / f"{pdf.stem}_validation_report.json").read_text(encoding="utf-8"))
        results = found["validation_results"]
        issues += len(results["issues"])
        # Warnings by kind: the message without what it quotes, its pages and its numbers.
        kinds = Counter(re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", warning)) for warning in results["warnings"])
        print(f"{pdf.relative_to(out)}: score {results['weighted_score']} %, {len(results['issues'])} issues, "
              f"{len(results['warnings'])} warnings")  # fmt: skip
        for issue in results["issues"]:
            print(f"  ISSUE {issue}")
        for kind, count in kinds.most_common():
            print(f"  {count} x {kind}")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
