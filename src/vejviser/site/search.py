"""The search index: Pagefind, run over the built site, fetched in small chunks by the browser.

Pagefind's PyPI package ships its binary, so the build needs no network. Only
activity pages are indexed (they carry ``data-pagefind-body``), in Danish with
stemming, and their facet values become Pagefind filters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def build_index(site_dir: Path) -> None:
    """Write ``pagefind/`` into ``site_dir``; raise a build error with Pagefind's words if it fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
