"""``vejviser validate``: check every record and relation, report all problems at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    lang_option,
    open_project,
    project_argument,
    today_option,
)
from vejviser.report import FORMATS, render_github, render_json, render_text, summary_data, summary_lines
from vejviser.validate.project import validate_project


@click.command()
@project_argument
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output: text (default), json, github."
)
@lang_option
@today_option
def validate(project_dir: Path, fmt: str, lang: str | None, today) -> None:
    """Check every record in PROJECT_DIR (default: here) and report all problems.

    Exit code 0 when there are no errors (warnings are fine), 1 when a record is
    invalid, 2 when the settings or the command line are wrong.

    \b
    Examples:
      vejviser validate
      vejviser validate --format github
      vejviser validate --lang en --today 2026-12-01
    """
    settings, messages = open_project(project_dir, lang, fmt)
    result = validate_project(settings, as_date(today))
    if fmt == "json":
        click.echo(render_json(result.problems, messages, summary_data(result)))
    elif fmt == "github":
        click.echo(render_github(result.problems, messages, summary_lines(result, messages)))
    else:
        click.echo(render_text(result.problems, messages, summary_lines(result, messages), color=sys.stdout.isatty()))
    if not result.ok:
        raise VejviserError("", EXIT_INVALID)
