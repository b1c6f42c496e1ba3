"""``vejviser from-issue``: a submitted "Ny aktivitet" issue into a record file, or located problems."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from vejviser.cli.common import EXIT_INVALID, VejviserError, as_date, lang_option, open_project, today_option
from vejviser.ids import slugify
from vejviser.report import message
from vejviser.submit.from_issue import read_issue, record_text, sections
from vejviser.submit.issue_forms import form_fields
from vejviser.validate.project import validate_project


@click.command(name="from-issue")
@click.argument("body", type=click.File("r", encoding="utf-8"))
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The directory's folder.",
)
@today_option
@lang_option
def from_issue(body, project_dir: Path, today, lang: str | None) -> None:
    """Turn the text of an issue made with the form "Ny aktivitet" (BODY, a file or - for
    standard input) into activities/<id>.yaml, validated with the rest of the directory.

    Exit 0: the record is written and its path printed. Exit 1: the record has problems;
    they are printed by the form's field names (for a comment on the issue) and nothing is
    written. Exit 2: the text is not a submitted form.

    \b
    Examples:
      vejviser from-issue issue.md
      gh issue view 12 --json body --jq .body | vejviser from-issue -
    """
    settings, messages = open_project(project_dir, lang)
    text = body.read()
    if not sections(text):
        raise VejviserError(messages("from_issue.not_a_form"))
    day = as_date(today) or dt.date.today()
    submission = read_issue(text, settings, messages, day)
    title = str(submission.data.get("title", ""))
    folder = settings.root / "activities"
    record_id = slugify(title)
    for n in range(2, 1000):
        if not (folder / f"{record_id}.yaml").exists():
            break
        record_id = f"{slugify(title)}-{n}"
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
        labels = {f.path: f.label for f in form_fields(settings, messages)}
        lines = [messages("from_issue.problems")]
        lines += [f"- **{_label(p.field, labels)}**: {message(p, messages)}" for p in problems]
        lines += [f"- {messages('from_issue.unknown_heading', heading=h)}" for h in submission.unknown_headings]
        raise VejviserError("\n".join(lines), EXIT_INVALID)
    click.echo(shown)
    for heading in submission.unknown_headings:
        click.echo(messages("from_issue.unknown_heading", heading=heading), err=True)


def _label(field: str, labels: dict[tuple, str]) -> str:
    """The form's name for a field of the record (``schedule.weekdays[0]`` -> ``Hvornår: Ugedage``)."""
    path = tuple(part for part in re.split(r"[.\[\]]", field) if part and not part.isdigit())
    while path:
        if path in labels:
            return labels[path]
        path = path[:-1]
    return field or "?"
