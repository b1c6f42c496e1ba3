"""``vejviser confirm``: an association has confirmed an activity; set its ``reviewed`` date."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import click

from vejviser.cli.common import EXIT_INVALID, VejviserError, as_date, lang_option, open_project, project_option
from vejviser.edit import EditError, set_reviewed
from vejviser.site.words import date_in_words


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

    ID is the activity's file name without .yaml. The record keeps its comments, key order
    and layout; only the date changes. Nothing is written if an ID is unknown.

    \b
    Examples:
      vejviser confirm strikkecafe-i-måløv
      vejviser confirm banko-i-cafeen stolemotion-stationsparken --date 2026-11-30
    """
    settings, messages = open_project(project_dir, lang)
    folder = settings.root / "activities"
    known = sorted(path.stem for path in folder.glob("*.yaml"))
    for id_ in ids:
        if id_ not in known:
            text = messages("confirm.unknown", id=id_)
            close = difflib.get_close_matches(id_, known, n=1)
            raise VejviserError(text + (" " + messages("confirm.did_you_mean", id=close[0]) if close else ""))
    when = as_date(day) or dt.date.today()
    failed = False
    for id_ in dict.fromkeys(ids):
        path = folder / f"{id_}.yaml"
        shown = f"activities/{id_}.yaml"
        try:
            set_reviewed(path, when)
        except (EditError, OSError) as exc:
            click.echo(messages("confirm.not_written", file=shown, reason=str(exc)), err=True)
            failed = True
            continue
        click.echo(messages("confirm.done", file=shown, date=date_in_words(when, messages)))
    if failed:
        raise VejviserError("", EXIT_INVALID)
