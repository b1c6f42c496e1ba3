"""What the commands share: the project folder, the language, and the error boundary."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path

import click

from vejviser.edit import EditError
from vejviser.i18n import LANGUAGES, Messages
from vejviser.ids import shown_path
from vejviser.privacy import visible
from vejviser.problems import Problem
from vejviser.report import render_github, render_json, render_text
from vejviser.settings import Settings, SettingsError, load_settings
from vejviser.validate.project import validate_project

EXIT_INVALID = 1
EXIT_USAGE = 2
#: Where :func:`open_project` leaves the command's messages, for the error boundary (``ctx.meta``).
MESSAGES_KEY = "vejviser.messages"
#: The failures of a folder one may not write in, or of a full disk, and the words for each.
WRITE_FAILURES = {
    errno.EROFS: "read_only",
    errno.EACCES: "not_allowed",
    errno.EPERM: "not_allowed",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
}


class VejviserError(click.ClickException):
    """A message for the person at the terminal, and an exit code; never a traceback."""

    def __init__(self, text: str, exit_code: int = EXIT_USAGE):
        super().__init__(text)
        # click types exit_code as a ClassVar, yet reads it from the exception it catches: one per instance works.
        self.exit_code = exit_code  # type: ignore[misc]

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
    messages = Messages(lang or settings.language)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta[MESSAGES_KEY] = messages
    return settings, messages


def failure_reason(exc: Exception, messages: Messages) -> str:
    """Why a file could not be written, and what to do, as the person at the terminal should read it."""
    if isinstance(exc, EditError) and exc.problem is not None:  # the record itself cannot be read
        return render_text([exc.problem], messages)
    if isinstance(exc, EditError):
        return messages(exc.code, **exc.params)
    if not isinstance(exc, OSError):
        return str(exc)
    kind = WRITE_FAILURES.get(exc.errno, "other") if exc.errno is not None else "other"
    return messages(f"cli.write_failed.{kind}", reason=exc.strerror or str(exc))


def write_failed(exc: OSError, messages: Messages, path: Path | str | None = None) -> VejviserError:
    """The error for a file that could not be written (or read): its ``path``, why, and what to do.

    Without ``path``, the file the system names; one of our temporary files (its name begins
    with a dot) is named by its folder."""
    reason = failure_reason(exc, messages)
    if path is None:
        if exc.filename is None:  # a write to a file open already: the system does not say which
            return VejviserError(messages("cli.write_failed_unnamed", reason=reason), EXIT_INVALID)
        path = os.fsdecode(exc.filename)
        if os.path.basename(path).startswith("."):
            path = os.path.dirname(path) or "."
    return VejviserError(messages("cli.write_failed", path=visible(os.fsdecode(path)), reason=reason), EXIT_INVALID)


def file_failure(exc: OSError) -> bool:
    """Whether ``exc`` is the file system's refusal to write (a full disk, a read-only folder), not a bug of ours."""
    return exc.errno in WRITE_FAILURES


def messages_of(context: click.Context) -> Messages:
    """The messages of the command that runs (Danish before its settings are read)."""
    return context.meta.get(MESSAGES_KEY) or Messages()


def as_date(value) -> dt.date | None:
    return value.date() if value is not None else None


def create_file(target: Path, text: str) -> None:
    """Write a new record; never over a file that appeared meanwhile."""
    with open(target, "x", encoding="utf-8") as out:
        out.write(text)


def write_checked(settings: Settings, day: dt.date, target: Path, write: Callable[[], None]) -> list[Problem]:
    """Make a change to one activity's file (``write``), validate the directory with it, and keep it only
    if that record has no errors: otherwise the file is put back as it was (or removed, if it is new) and
    the record's errors are returned. A failure while writing or validating puts the file back too."""
    shown = shown_path("activity", target)
    before = target.read_bytes() if target.exists() else None  # a regular file: record_path checked it

    def restore() -> None:
        if before is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(before)

    try:
        write()
        result = validate_project(settings, day)
    except BaseException:
        restore()
        raise
    problems = [p for p in result.problems if p.file == shown and p.is_error]
    if problems:
        restore()
    return problems
