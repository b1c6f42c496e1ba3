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
from vejviser.i18n import Messages
from vejviser.report import FORMATS, render_github, render_json, render_text
from vejviser.validate.project import Result, validate_project


def summary_lines(result: Result, messages: Messages) -> list[str]:
    """The closing lines: counts, unknown barrier answers, and what happens next."""
    lines = [
        messages(
            "summary.counts",
            activities=len(result.activities),
            organisations=len(result.organisations),
            errors=len(result.errors),
            warnings=len(result.warnings),
            files=result.files,
        )
    ]
    if result.unknown_answers:
        top = [f"{group}.{name} ({count})" for (group, name), count in result.unknown_answers.most_common(3)]
        lines.append(
            messages(
                "summary.unknown_answers",
                count=sum(result.unknown_answers.values()),
                records=result.records_with_unknown,
                top=messages.join(top, "_and"),
            )
        )
    lines.append(messages("summary.failed") if result.errors else messages("summary.ok"))
    return lines


def summary_data(result: Result) -> dict:
    return {
        "files": result.files,
        "activities": len(result.activities),
        "organisations": len(result.organisations),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "unknown_answers": {f"{g}.{n}": c for (g, n), c in sorted(result.unknown_answers.items())},
        "records_with_unknown_answers": result.records_with_unknown,
    }


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
