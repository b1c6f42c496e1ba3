"""``vejviser validate``: check every record and relation, or the named records, and report all
problems at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from vejviser.cache import BuildCache
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    lang_option,
    open_project,
    project_option,
    today_option,
)
from vejviser.i18n import Messages
from vejviser.ids import FOLDERS, RECORD_SUFFIXES
from vejviser.privacy import visible
from vejviser.problems import Problem
from vejviser.report import FORMATS, render_github, render_json, render_text, summary_data, summary_lines
from vejviser.validate.project import validate_project


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@project_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output: text (default), json, github."
)
@lang_option
@today_option
def validate(paths: tuple[Path, ...], project_dir: Path, fmt: str, lang: str | None, today) -> None:
    """Check every record of the directory (PATHS: its folder, default here), or only the record
    files named (with what they need of the others: the organisation an activity names, ids
    another file has too), and report all problems.

    A named file that is not a record (the settings, the areas, the geocache) checks the whole
    directory. Exit code 0 when there are no errors (warnings are fine), 1 when a record is
    invalid, 2 when the settings or the command line are wrong.

    \b
    Examples:
      vejviser validate
      vejviser validate activities/strikkecafe.yaml organisations/frivilligcentret.yaml
      vejviser validate --format github
      vejviser validate --lang en --today 2026-12-01
    """
    if len(paths) == 1 and paths[0].is_dir():
        project_dir, paths = paths[0], ()
    settings, messages = open_project(project_dir, lang, fmt)
    named = _named_records(paths, settings.root, messages)
    result = validate_project(settings, as_date(today), named, BuildCache.of_project(settings.root))
    if named is not None:  # a named file that is not there (a record found is read, or refused, by name)
        result.problems += [
            Problem.error(name, "load.missing") for name in named if not os.path.lexists(settings.root / name)
        ]
        result.problems.sort(key=Problem.sort_key)
    if fmt == "json":
        click.echo(render_json(result.problems, messages, summary_data(result)))
    elif fmt == "github":
        click.echo(render_github(result.problems, messages, summary_lines(result, messages)))
    else:
        click.echo(render_text(result.problems, messages, summary_lines(result, messages), color=sys.stdout.isatty()))
    if not result.ok:
        raise VejviserError("", EXIT_INVALID)


def _named_records(paths: tuple[Path, ...], root: Path, messages: Messages) -> frozenset[str] | None:
    """The record files ``paths`` names, as the directory shows them (``activities/x.yaml``); None for
    the whole directory: when no file is named, or one of them is another file of the directory (the
    settings, say), on which every record may depend. A path outside the directory is refused."""
    if not paths:
        return None
    base = os.path.abspath(root)
    named = set()
    whole = False
    for path in paths:
        absolute = os.path.abspath(path)  # symbolic links not followed: a link is refused as a record
        if os.path.commonpath([base, absolute]) != base or absolute == base:
            raise VejviserError(
                messages("cli.validate_outside", path=visible(os.fsdecode(path)), project=visible(base))
            )
        relative = Path(os.path.relpath(absolute, base))
        if (
            len(relative.parts) == 2
            and relative.parts[0] in FOLDERS.values()
            and relative.suffix.lower() in RECORD_SUFFIXES
        ):
            named.add(relative.as_posix())
        elif Path(absolute).is_dir():
            raise VejviserError(messages("cli.validate_folder", path=visible(os.fsdecode(path))))
        else:
            whole = True
    return None if whole else frozenset(named)
