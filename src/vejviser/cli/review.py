"""``vejviser review``: the activities to ask about, by how long ago they were confirmed."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import as_date, lang_option, open_project, project_argument, today_option
from vejviser.present.directory import Directory
from vejviser.review import FORMATS, due_for_review, render
from vejviser.validate.project import validate_project


@click.command()
@project_argument
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output: text (default), csv, markdown."
)
@click.option(
    "--months",
    type=click.IntRange(0, 600),
    default=None,
    help="List those confirmed at least this many months ago (default: one month before the settings' stale limit).",
)
@click.option("--all", "everything", is_flag=True, help="List every activity that has not ended (same as --months 0).")
@today_option
@lang_option
def review(project_dir: Path, fmt: str, months: int | None, everything: bool, today, lang: str | None) -> None:
    """List the activities of PROJECT_DIR to confirm, grouped by organisation, the longest waiting first.

    Each organisation comes with the contact to ask (one who agreed to be named). Records
    with errors are left out (vejviser validate shows them). Always exits 0.

    \b
    Examples:
      vejviser review
      vejviser review --format csv > at-bekraefte.csv
      vejviser review --format markdown --all
    """
    settings, messages = open_project(project_dir, lang)
    day = as_date(today) or clock.today()
    result = validate_project(settings, day)
    groups = due_for_review(Directory(settings, result, messages, day), 0 if everything else months)
    click.echo(render(groups, fmt, messages, day), nl=False)
