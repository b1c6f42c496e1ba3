"""Turn problems into what a person or a machine reads: text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from vejviser.i18n import Messages
from vejviser.problems import Problem

FORMATS = ("text", "json", "github")
#: Problems where the field's help text from the schema tells what to write.
HELPFUL = frozenset({"schema.required", "schema.type", "schema.pattern", "schema.empty", "schema.too_short"})


def message(problem: Problem, messages: Messages) -> str:
    """The problem in words, with a did-you-mean where there is one."""
    text = messages(problem.code, field=problem.field, line=problem.line, **problem.params)
    if problem.params.get("suggestion") and "{suggestion}" not in messages.texts.get(problem.code, ""):
        text += " " + messages("hint.did_you_mean", suggestion=problem.params["suggestion"])
    return visible(text)


_INVISIBLE = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]}
_INVISIBLE.update({c: f"\\u{c:04x}" for c in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def visible(text: str) -> str:
    """Control characters a record smuggled in, shown as escapes instead of acting on a terminal."""
    return text.translate(_INVISIBLE)


def location(problem: Problem) -> str:
    place = problem.file
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
        field = f"{problem.field}: " if problem.field else ""
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
            "field": p.field or None,
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
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        if p.field:
            props.append(f"title={_escape_property(p.field)}")
        kind = "error" if p.is_error else "warning"
        lines.append(f"::{kind} {','.join(props)}::{_escape_data(message(p, messages))}")
    lines.extend(summary)
    return "\n".join(lines)
