"""``vejviser print``: the network book and the area sheets as PDFs, on demand."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    file_failure,
    lang_option,
    open_project,
    project_argument,
    today_option,
    write_failed,
)
from vejviser.present.directory import Directory
from vejviser.printed.content import PrintedDirectory
from vejviser.printed.make import make_book, make_sheets
from vejviser.printed.typeset import PrintError
from vejviser.report import render_text, summary_lines
from vejviser.validate.project import validate_project


@click.command(name="print")
@project_argument
@click.option(
    "--area",
    "area_names",
    multiple=True,
    metavar="NAME",
    help="Make only this area's sheet (its name or id; may be given more than once).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the PDFs; area sheets go in its omraadeark/.",
)
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Year on the book's cover.")
@today_option
@lang_option
def print_(project_dir: Path, area_names: tuple[str, ...], out_dir: Path, year, today, lang: str | None) -> None:
    """Make the network book (also in large print) and every area sheet as PDFs.

    With --area, make only the sheets of those areas, e.g. for a home visit tomorrow.
    The records are validated first; nothing is made when one is invalid.

    \b
    Examples:
      vejviser print . --out tryk
      vejviser print . --area Måløv
    """
    settings, messages = open_project(project_dir, lang)
    day = as_date(today) or clock.today()
    areas = None
    if area_names:
        known = {key.casefold(): area for area in settings.areas for key in (area.id, area.name)}
        unknown = [name for name in area_names if name.strip().casefold() not in known]
        if unknown:
            choices = ", ".join(area.name for area in settings.areas)
            raise VejviserError(messages("cli.unknown_area", name=unknown[0], areas=choices))
        areas = list(dict.fromkeys(known[name.strip().casefold()] for name in area_names))
    result = validate_project(settings, day)
    if not result.ok:
        raise VejviserError(render_text(result.problems, messages, summary_lines(result, messages)), EXIT_INVALID)
    printed = PrintedDirectory(Directory(settings, result, messages, day))
    try:
        made = [] if areas else make_book(printed, out_dir, year)
        made += make_sheets(printed, out_dir, areas)
    except PrintError as exc:
        raise VejviserError(messages(exc.code, **exc.params), EXIT_INVALID) from None
    except OSError as exc:  # a full disk, a read-only folder; a write that names no file was into --out
        if not file_failure(exc):
            raise
        raise write_failed(exc, messages, None if exc.filename else out_dir) from None
    for path in made:
        click.echo(str(path))
