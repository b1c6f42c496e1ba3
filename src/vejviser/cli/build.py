"""``vejviser build``: validate, then build the whole site; the old site stays on failure."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from mkdocs.exceptions import MkDocsException

from vejviser.cache import BuildCache
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    file_failure,
    lang_option,
    open_project,
    project_argument,
    write_failed,
)
from vejviser.report import render_text, summary_lines
from vejviser.site.build import build_site
from vejviser.validate.project import validate_project


@click.command()
@project_argument
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put the site (default: site/).",
)
@lang_option
def build(project_dir: Path, site_dir: Path | None, lang: str | None) -> None:
    """Validate the records of PROJECT_DIR and build the website into site/.

    Nothing is published when a record is invalid: the problems are printed and the
    previous site is left untouched.

    \b
    Example:
      vejviser build . --site-dir site
    """
    settings, messages = open_project(project_dir, lang)
    if not (project_dir / "mkdocs.yml").is_file():
        raise VejviserError(messages("cli.no_mkdocs", path=str(project_dir / "mkdocs.yml")))
    result = validate_project(settings, cache=BuildCache.of_project(settings.root))
    if not result.ok:
        text = render_text(result.problems, messages, summary_lines(result, messages))
        raise VejviserError(text, EXIT_INVALID)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    site_dir = site_dir or project_dir / "site"
    try:
        build_site(project_dir, site_dir, validated=(settings, result))
    except MkDocsException as exc:
        raise VejviserError(str(exc), EXIT_INVALID) from None
    except OSError as exc:  # a full disk, a read-only folder: said as such, and the old site stays
        if not file_failure(exc):
            raise
        error = write_failed(exc, messages, site_dir)
        if site_dir.is_dir():
            error = VejviserError(error.message + "\n" + messages("cli.site_kept"), error.exit_code)
        raise error from None
    click.echo(summary_lines(result, messages)[0])
