"""Build the site with MkDocs into a fresh folder, then swap it in: all or nothing.

A failed build (invalid records, a MkDocs error) leaves the previous ``site/`` as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(project_dir: Path, site_dir: Path, config_file: str = "mkdocs.yml", validated=None) -> None:
    """Run MkDocs for ``project_dir`` and replace ``site_dir`` only if it succeeds.

    ``validated`` is (settings, result) when the caller has validated already, so that the
    plugin need not do it again.
    """
    project_dir = Path(project_dir).resolve()
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(project_dir / config_file), site_dir=str(staging))
        plugin = config.plugins.get("vejviser")
        if plugin is not None and validated is not None:
            plugin.validated = validated
        build(config)
        old = site_dir.with_name(site_dir.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if site_dir.exists():
            site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
