"""``vejviser new``: write a new activity by answering questions in the terminal."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    create_file,
    lang_option,
    open_project,
    project_option,
    today_option,
    write_checked,
)
from vejviser.ids import RecordIdError, new_record_path, shown_path
from vejviser.report import id_message, message
from vejviser.submit.issue_forms import field_of, form_fields
from vejviser.submit.prompts import ask, ask_all, commented_record, put_answer

#: How many times the fields with problems are asked again before giving up.
ROUNDS = 3


@click.command()
@project_option
@today_option
@lang_option
def new(project_dir: Path, today, lang: str | None) -> None:
    """Ask for the fields of a new activity, with the schema's Danish help and choices, and
    write activities/<id>.yaml, valid and with a comment on every field.

    Press Enter to skip a field that is not required (marked *). A choice is answered with
    its number (several separated by commas). If the record has problems, the fields with
    problems are asked again.

    \b
    Example:
      vejviser new
    """
    settings, messages = open_project(project_dir, lang)
    day = as_date(today) or clock.today()
    click.echo(messages("new.intro"))
    data = ask_all(settings, messages, day)
    fields = form_fields(settings, messages, new=True)
    try:
        target = new_record_path(settings.root, "activity", str(data.get("title", "")))
    except RecordIdError as exc:
        raise VejviserError(id_message(exc, messages), EXIT_INVALID) from None
    shown = shown_path("activity", target)
    for _ in range(ROUNDS):
        text = commented_record(data, settings)
        problems = write_checked(settings, day, target, functools.partial(create_file, target, text))
        if not problems:
            click.echo(messages("new.written", file=shown))
            return
        click.echo("\n" + messages("new.fix"))
        again = []
        for problem in problems:
            found = field_of(problem.field, fields)
            click.echo(f"- {found.label if found else problem.field}: {message(problem, messages)}")
            if found is not None and found not in again:
                again.append(found)
        if not again:
            break
        for f in again:
            put_answer(data, f.path, ask(f, messages))
    raise VejviserError(messages("new.gave_up"), EXIT_INVALID)
