"""What the commands share: the project folder, the language, and the error boundary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vejviser.i18n import LANGUAGES, Messages
from vejviser.report import render_github, render_json, render_text
from vejviser.settings import Settings, SettingsError, load_settings

EXIT_INVALID = 1
EXIT_USAGE = 2


class VejviserError(click.ClickException):
    """A message for the person at the terminal, and an exit code; never a traceback."""

    def __init__(self, text: str, exit_code: int = EXIT_USAGE):
        super().__init__(text)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        if self.message:
            click.echo(self.format_message(), err=True)


project_argument = click.argument(
    "project_dir", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
#: The directory's folder, for commands whose arguments are something else (ids, an issue's text).
project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The directory's folder.",
)
lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default=None, help="Language of messages (default: the settings', else da)."
)
today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as if today were this date (YYYY-MM-DD), e.g. the day the book goes to print.",
)


def open_project(project_dir: Path, lang: str | None, fmt: str = "text") -> tuple[Settings, Messages]:
    """Read the settings, or stop with their problems (in the asked format) and exit code 2."""
    try:
        settings = load_settings(project_dir)
    except SettingsError as exc:
        messages = Messages(lang or "da")
        if fmt == "json":  # machine formats go to standard output, as a successful run's would
            click.echo(render_json(exc.problems, messages, {"errors": len(exc.problems), "settings": False}))
        elif fmt == "github":
            click.echo(render_github(exc.problems, messages))
        else:
            raise VejviserError(render_text(exc.problems, messages), EXIT_USAGE) from None
        raise VejviserError("", EXIT_USAGE) from None
    return settings, Messages(lang or settings.language)


def as_date(value) -> dt.date | None:
    return value.date() if value is not None else None
