"""``vejviser confirm``: an association has confirmed an activity; set its ``reviewed`` date."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    failure_reason,
    lang_option,
    open_project,
    project_option,
)
from vejviser.edit import EditError, set_reviewed
from vejviser.ids import RecordIdError, record_path, shown_path
from vejviser.present.words import date_in_words
from vejviser.report import id_message


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@project_option
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day it was confirmed (YYYY-MM-DD; default: today).",
)
@lang_option
def confirm(ids: tuple[str, ...], project_dir: Path, day, lang: str | None) -> None:
    """Set the date an activity was last confirmed (reviewed) to today.

    ID is the activity's file name without .yaml (or .yml); the file's name, also as
    activities/ID.yaml (the way review prints it), is taken as its id. The record keeps its comments,
    key order and layout; only the date changes. Nothing is written if an ID is unknown or
    is not a plain id (a path, a link, a reserved name).

    \b
    Examples:
      vejviser confirm strikkecafe-i-måløv
      vejviser confirm banko-i-cafeen stolemotion-stationsparken --date 2026-11-30
    """
    settings, messages = open_project(project_dir, lang)
    paths = []
    for id_ in ids:  # every id checked before anything is written
        try:
            paths.append(record_path(settings.root, "activity", id_))
        except RecordIdError as exc:
            raise VejviserError(id_message(exc, messages)) from None
    when = as_date(day) or clock.today()
    failed = False
    for path in dict.fromkeys(paths):
        shown = shown_path("activity", path)
        try:
            set_reviewed(path, when)
        except (EditError, OSError) as exc:
            click.echo(messages("confirm.not_written", file=shown, reason=failure_reason(exc, messages)), err=True)
            failed = True
            continue
        click.echo(messages("confirm.done", file=shown, date=date_in_words(when, messages)))
    if failed:
        raise VejviserError("", EXIT_INVALID)
