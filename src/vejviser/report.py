"""Turn problems into what a person or a machine reads: text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from vejviser.i18n import Messages
from vejviser.privacy import mask_cpr, visible
from vejviser.problems import Problem
from vejviser.schema import SchemaIndex, bundled_schema

FORMATS = ("text", "json", "github")
#: Problems where the field's help text from the schema tells what to write.
HELPFUL = frozenset({"schema.required", "schema.type", "schema.pattern", "schema.empty", "schema.too_short"})


def message(problem: Problem, messages: Messages) -> str:
    """The problem in words, with a did-you-mean where there is one (and the words of the problem
    it wraps, named by ``cause``: a broken cache file says what is wrong inside it)."""
    params = dict(problem.params)
    if "cause" in params:
        cause = params.pop("cause")
        params["reason"] = messages(cause, **{**params, "line": problem.line})
    # the problem's own field and line win over a parameter of the same name: never a traceback
    text = messages(problem.code, **{**params, "field": problem.field, "line": problem.line})
    if problem.params.get("suggestion") and "{suggestion}" not in messages.texts.get(problem.code, ""):
        text += " " + messages("hint.did_you_mean", suggestion=problem.params["suggestion"])
    return visible(mask_cpr(text))


def shown_field(problem: Problem) -> str:
    """The field path as shown: a key that looks like a CPR number is masked too."""
    return visible(mask_cpr(problem.field))


def location(problem: Problem) -> str:
    """``file:line:column``, the file's name with any control character spelt out (a name may hold a line break)."""
    place = visible(problem.file)
    if problem.line:
        place += f":{problem.line}"
        if problem.column:
            place += f":{problem.column}"
    return place


def render_text(
    problems: Sequence[Problem], messages: Messages, summary: Sequence[str] = (), color: bool = False
) -> str:
    lines = []
    for problem in problems:
        severity = messages(f"severity.{problem.severity}")
        if color:
            severity = click.style(severity, fg="red" if problem.is_error else "yellow", bold=True)
        field = f"{shown_field(problem)}: " if problem.field else ""
        lines.append(f"{location(problem)}: {severity}: {field}{message(problem, messages)}")
        help_text = problem.params.get("help")
        if help_text and problem.code in HELPFUL:
            lines.append("    " + messages("hint.help", help=help_text))
    lines.extend(summary)
    return "\n".join(lines)


def render_json(problems: Sequence[Problem], messages: Messages, summary: dict) -> str:
    items = [
        {
            "file": p.file,
            "line": p.line or None,
            "column": p.column or None,
            "field": shown_field(p) or None,
            "severity": p.severity,
            "code": p.code,
            "message": message(p, messages),
            "help": p.params.get("help") or None,
        }
        for p in problems
    ]
    return json.dumps({"problems": items, "summary": summary}, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], messages: Messages, summary: Sequence[str] = ()) -> str:
    """Workflow commands, so that errors show on the changed lines of a pull request."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(visible(p.file))}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        if p.field:
            props.append(f"title={_escape_property(shown_field(p))}")
        kind = "error" if p.is_error else "warning"
        lines.append(f"::{kind} {','.join(props)}::{_escape_data(message(p, messages))}")
    lines.extend(summary)
    return "\n".join(lines)


def summary_lines(result, messages: Messages) -> list[str]:
    """The closing lines of a validation: counts, unanswered barriers, and what happens next."""
    m = messages
    lines = [
        m(
            "summary.counts",
            activities=m.count(len(result.activities), "activity"),
            organisations=m.count(len(result.organisations), "organisation"),
            errors=m.count(len(result.errors), "error"),
            warnings=m.count(len(result.warnings), "warning"),
            files=m.count(result.files, "file"),
        )
    ]
    if result.unknown_answers:
        index = SchemaIndex(bundled_schema("activity"))
        top = [f"{index.info(field).title} ({count})" for field, count in result.unknown_answers.most_common(3)]
        lines.append(
            m(
                "summary.unknown_answers",
                count=m.count(sum(result.unknown_answers.values()), "field"),
                records=m.count(result.records_with_unknown, "activity"),
                top=m.join(top, "_and"),
            )
        )
    lines.append(m("summary.failed") if result.errors else m("summary.ok"))
    return lines


def summary_data(result) -> dict:
    """The same summary for machines."""
    return {
        "files": result.files,
        "activities": len(result.activities),
        "organisations": len(result.organisations),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "unknown_answers": {f"{g}.{n}": c for (g, n), c in sorted(result.unknown_answers.items())},
        "records_with_unknown_answers": result.records_with_unknown,
    }


def id_message(exc, messages: Messages) -> str:
    """A refused or unknown record id (:class:`vejviser.ids.RecordIdError`) in words, with the
    nearest known id when there is one."""
    text = messages(exc.code, **exc.params)
    if exc.params.get("suggestion") and exc.code == "id.unknown":
        text += " " + messages("confirm.did_you_mean", id=exc.params["suggestion"])
    return visible(text)
