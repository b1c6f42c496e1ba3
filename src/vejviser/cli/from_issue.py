"""``vejviser from-issue``: a submitted issue form into a record (new, changed or ended), or its problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    lang_option,
    open_project,
    project_option,
    today_option,
)
from vejviser.edit import EditError, set_ended, set_values
from vejviser.ids import new_record_id
from vejviser.report import message
from vejviser.submit.from_issue import read_change, read_issue, record_text, sections
from vejviser.submit.issue_forms import FORMS, field_of, form_fields
from vejviser.validate.project import validate_project


@click.command(name="from-issue")
@click.argument("body", type=click.File("r", encoding="utf-8"))
@project_option
@click.option(
    "--form",
    "form",
    type=click.Choice(list(FORMS)),
    default="ny-aktivitet",
    show_default=True,
    help="The form the issue was made with (its label).",
)
@today_option
@lang_option
def from_issue(body, project_dir: Path, form: str, today, lang: str | None) -> None:
    """Turn the text of an issue made with one of the issue forms (BODY, a file or - for
    standard input) into a record: a new activities/<id>.yaml ("ny-aktivitet"), the fields
    asked changed in an existing one ("ret-aktivitet"), or status: ophørt
    ("aktivitet-stoppet"), validated with the rest of the directory.

    Exit 0: the record is written and its path printed. Exit 1: the record would have
    problems; they are printed by the form's field names (for a comment on the issue) and
    nothing is written. Exit 2: the text is not a submitted form.

    \b
    Examples:
      vejviser from-issue issue.md
      gh issue view 12 --json body --jq .body | vejviser from-issue - --form ret-aktivitet
    """
    settings, messages = open_project(project_dir, lang)
    text = body.read()
    if not sections(text):
        raise VejviserError(messages("from_issue.not_a_form"))
    day = as_date(today) or dt.date.today()
    if form != "ny-aktivitet":
        _change(settings, messages, text, form, day)
        return
    submission = read_issue(text, settings, messages, day)
    title = str(submission.data.get("title", ""))
    folder = settings.root / "activities"
    folder.mkdir(exist_ok=True)
    record_id = new_record_id(title, folder)
    target = folder / f"{record_id}.yaml"
    shown = f"activities/{target.name}"
    folder.mkdir(exist_ok=True)
    target.write_text(record_text(submission.data), encoding="utf-8")
    try:
        result = validate_project(settings, day)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    problems = [p for p in result.problems if p.file == shown and p.is_error]
    if problems:
        target.unlink()
        lines = [messages("from_issue.problems")]
        lines += [f"- **{_label(p.field, form_fields(settings, messages))}**: {message(p, messages)}" for p in problems]
        lines += [f"- {messages('from_issue.unknown_heading', heading=h)}" for h in submission.unknown_headings]
        raise VejviserError("\n".join(lines), EXIT_INVALID)
    click.echo(shown)
    for heading in submission.unknown_headings:
        click.echo(messages("from_issue.unknown_heading", heading=heading), err=True)


def _label(problem_field: str, fields) -> str:
    """The form's name for the field a problem is about."""
    found = field_of(problem_field, fields)
    return found.label if found else problem_field or "?"


def _change(settings, messages, text: str, form: str, day: dt.date) -> None:
    """Change or end an existing record; put it back as it was if the result is invalid."""
    change = read_change(text, settings, messages, day)
    shown = f"activities/{change.record_id}.yaml"
    target = settings.root / shown
    if not change.record_id or not target.is_file():
        raise VejviserError(messages("from_issue.unknown_id", id=change.record_id), EXIT_INVALID)
    before = target.read_bytes()
    try:
        if form == "aktivitet-stoppet":
            set_ended(target, day)
        else:
            set_values(target, change.values, day)
        result = validate_project(settings, day)
    except EditError as exc:
        target.write_bytes(before)
        raise VejviserError(messages("confirm.not_written", file=shown, reason=str(exc)), EXIT_INVALID) from None
    except BaseException:
        target.write_bytes(before)
        raise
    problems = [p for p in result.problems if p.file == shown and p.is_error]
    if problems:
        target.write_bytes(before)
        fields = form_fields(settings, messages, new=False)
        lines = [messages("from_issue.problems")]
        lines += [f"- **{_label(p.field, fields)}**: {message(p, messages)}" for p in problems]
        raise VejviserError("\n".join(lines), EXIT_INVALID)
    click.echo(shown)
    for heading in change.unknown_headings:
        click.echo(messages("from_issue.unknown_heading", heading=heading), err=True)
