"""``vejviser print``: the network book and the area sheets as PDFs, on demand."""

from __future__ import annotations

import unicodedata
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
from vejviser.ids import RecordIdError, record_path
from vejviser.present.directory import Directory
from vejviser.printed.content import PrintedDirectory
from vejviser.printed.invitation import make_invitations
from vejviser.printed.make import make_book, make_sheets
from vejviser.printed.typeset import PrintError
from vejviser.report import id_message, render_text, summary_lines
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
    "--invitation",
    "invitation_ids",
    multiple=True,
    metavar="ID",
    help="Make only this activity's invitation (A5) and poster (A4) into invitationer/ (its id; may be repeated).",
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
def print_(project_dir: Path, area_names: tuple[str, ...], invitation_ids: tuple[str, ...], out_dir: Path, year, today,
           lang: str | None) -> None:  # fmt: skip
    """Make the network book (also in large print) and every area sheet as PDFs.

    With --area, make only the sheets of those areas, e.g. for a home visit tomorrow.
    With --invitation, make only the invitations (A5, to hand over) and posters (A4, with
    tear-off strips) of those activities, as invitationer/ID.pdf and invitationer/ID-plakat.pdf.
    The records are validated first; nothing is made when one is invalid.

    \b
    Examples:
      vejviser print . --out tryk
      vejviser print . --area Måløv
      vejviser print . --invitation strikkecafe-i-måløv
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
    invited = []
    for id_ in invitation_ids:  # every id checked before anything is made
        try:
            invited.append(unicodedata.normalize("NFC", record_path(settings.root, "activity", id_).stem))
        except RecordIdError as exc:
            raise VejviserError(id_message(exc, messages)) from None
    result = validate_project(settings, day)
    if not result.ok:
        raise VejviserError(render_text(result.problems, messages, summary_lines(result, messages)), EXIT_INVALID)
    printed = PrintedDirectory(Directory(settings, result, messages, day))
    listed = {view.id: view for view in printed.views}
    for id_ in invited:
        if id_ not in listed:
            raise VejviserError(messages("cli.invitation_not_listed", id=id_))
    try:
        if invited:
            made = make_invitations(printed, out_dir, [listed[id_] for id_ in dict.fromkeys(invited)])
        else:
            made = [] if areas else make_book(printed, out_dir, year)
        if areas or not invited:
            made += make_sheets(printed, out_dir, areas)
    except PrintError as exc:
        raise VejviserError(messages(exc.code, **exc.params), EXIT_INVALID) from None
    except OSError as exc:  # a full disk, a read-only folder; a write that names no file was into --out
        if not file_failure(exc):
            raise
        raise write_failed(exc, messages, None if exc.filename else out_dir) from None
    for path in made:
        click.echo(str(path))
