"""``vejviser from-issue``: a submitted issue form into a record (new, changed or ended), or its problems."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from vejviser import clock
from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    as_date,
    create_file,
    failure_reason,
    lang_option,
    open_project,
    project_option,
    today_option,
    write_checked,
)
from vejviser.edit import EditError, set_ended, set_values
from vejviser.ids import RecordIdError, new_record_path, record_path, shown_path
from vejviser.load.files import LIMITS, FileRefused, read_limited
from vejviser.report import id_message, message
from vejviser.submit.from_issue import read_change, read_issue, record_text, sections
from vejviser.submit.issue_forms import FORMS, field_of, form_fields


@click.command(name="from-issue")
@click.argument("body", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
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
    text = _read_body(body, messages)
    if not sections(text):
        raise VejviserError(messages("from_issue.not_a_form"))
    day = as_date(today) or clock.today()
    try:
        if form == "ny-aktivitet":
            submission = read_issue(text, settings, messages, day)
            target = new_record_path(settings.root, "activity", str(submission.data.get("title", "")))
            write = lambda: create_file(target, record_text(submission.data))  # noqa: E731
            fields, unknown = form_fields(settings, messages), submission.unknown_headings
        else:
            change = read_change(text, settings, messages, day)
            target = record_path(settings.root, "activity", change.record_id)
            if form == "aktivitet-stoppet":
                write = lambda: set_ended(target, day)  # noqa: E731
            else:
                write = lambda: set_values(target, change.values, day)  # noqa: E731
            fields, unknown = form_fields(settings, messages, new=False), change.unknown_headings
    except RecordIdError as exc:
        raise VejviserError(id_message(exc, messages), EXIT_INVALID) from None
    _write_checked(settings, messages, day, target, write, fields, unknown)


def _read_body(body: str, messages) -> str:
    """The issue's text from a file or standard input: UTF-8 (or UTF-16 with its mark), within its size."""
    try:
        raw = sys.stdin.buffer.read(LIMITS["issue"] + 1) if body == "-" else read_limited(Path(body), "issue")
    except FileRefused as exc:
        code = "from_issue.too_large" if exc.code == "load.too_large" else exc.code
        raise VejviserError(messages(code, **exc.params)) from None
    except OSError as exc:
        raise VejviserError(messages("from_issue.unreadable", reason=exc.strerror or str(exc))) from None
    if len(raw) > LIMITS["issue"]:
        raise VejviserError(messages("from_issue.too_large", size_kb=-(-len(raw) // 1024),
                                     max_kb=LIMITS["issue"] // 1024))  # fmt: skip
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise VejviserError(messages("from_issue.not_utf8", position=exc.start)) from None


def _write_checked(settings, messages, day: dt.date, target: Path, write, fields, unknown: list[str]) -> None:
    """Make the change and keep it only if the record has no errors (:func:`write_checked`); the problems
    are told by the form's labels."""
    shown = shown_path("activity", target)
    try:
        problems = write_checked(settings, day, target, write)
    except EditError as exc:
        raise VejviserError(messages("confirm.not_written", file=shown, reason=failure_reason(exc, messages)),
                            EXIT_INVALID) from None  # fmt: skip
    notes = [messages("from_issue.unknown_heading", heading=heading) for heading in unknown]
    if problems:
        lines = [messages("from_issue.problems")]
        lines += [f"- **{_label(p.field, fields)}**: {message(p, messages)}" for p in problems]
        raise VejviserError("\n".join(lines + [f"- {note}" for note in notes]), EXIT_INVALID)
    click.echo(shown)
    for note in notes:
        click.echo(note, err=True)


def _label(problem_field: str, fields) -> str:
    """The form's name for the field a problem is about."""
    found = field_of(problem_field, fields)
    return found.label if found else problem_field or "?"
