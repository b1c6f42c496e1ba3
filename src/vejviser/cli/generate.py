"""``vejviser generate``: write the directory's pages as plain files, for any site engine."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import EXIT_INVALID, VejviserError, lang_option, open_project, project_argument
from vejviser.export.calendar import calendar_files
from vejviser.present.directory import Directory
from vejviser.report import render_text
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project


@click.command()
@project_argument
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write."
)
@lang_option
def generate(project_dir: Path, out_dir: Path, lang: str | None) -> None:
    """Write the pages of PROJECT_DIR as Markdown files (with HTML bodies) into OUT.

    The same pages the MkDocs plugin adds to the site, for use with another engine.

    \b
    Example:
      vejviser generate . --out /tmp/pages
    """
    settings, messages = open_project(project_dir, lang)
    result = validate_project(settings)
    if not result.ok:
        raise VejviserError(render_text(result.errors, messages), EXIT_INVALID)
    directory = Directory(settings, result, messages, clock.today())
    site = generate_pages(directory)
    written = [(page.path, page.content.encode("utf-8")) for page in site.pages]
    written += [(path, text.encode("utf-8")) for path, text in site.files]
    written += calendar_files(directory)  # the pages link to them
    for path, content in written:
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    click.echo(f"{len(written)} → {out_dir}")
