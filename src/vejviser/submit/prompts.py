"""``vejviser new``: the fields of a new activity asked one by one in the terminal.

The same field list as the issue forms (:func:`form_fields`): each question is the field's
Danish title with the schema's help, a choice is a numbered list in the readers' words, and
an answer is read as the issue reader reads it, so the three ways in agree.
"""

from __future__ import annotations

import datetime as dt

import click
import yaml

from vejviser.i18n import Messages
from vejviser.schema import SchemaIndex, effective_schema
from vejviser.settings import Settings
from vejviser.submit.from_issue import HEADER, RecordDumper, answer_value, put, with_consent
from vejviser.submit.issue_forms import FormField, form_fields

#: The answers of several lines (one time, contact or date a line): the terminal reads ``\n`` as a new line.
LINES = ("items", "dates")


def ask(f: FormField, messages: Messages, prompt=click.prompt, echo=click.echo):
    """One field's answer as the record holds it; None when an optional field is skipped."""
    echo("")
    echo(click.style(f.label + (" *" if f.required else ""), bold=True))
    if f.description:
        echo("  " + f.description)
    if f.kind == "dropdown":
        for number, (_, words) in enumerate(f.options, 1):
            echo(f"  {number}. {words}")
    hint = messages("new.choose_several" if f.multiple else "new.choose_one") if f.kind == "dropdown" else ""
    if f.value in LINES:
        hint = messages("new.answer_lines")  # a terminal's answer is one line
    while True:
        answer = prompt(hint or messages("new.answer"), default="", show_default=False).strip()
        if not answer:
            if f.required:
                echo(messages("new.required"))
                continue
            return None
        if f.kind != "dropdown":
            return answer_value(f, answer.replace("\\n", "\n"))
        try:
            numbers = [int(part) for part in answer.replace(" ", "").split(",") if part]
            chosen = [f.options[n - 1][0] for n in numbers if n >= 1]
            if len(chosen) != len(numbers) or not chosen or (len(chosen) > 1 and not f.multiple):
                raise IndexError
        except (ValueError, IndexError):
            echo(messages("new.bad_choice", last=len(f.options)))
            continue
        return chosen if f.multiple else chosen[0]


def ask_all(settings: Settings, messages: Messages, today: dt.date, prompt=click.prompt, echo=click.echo) -> dict:
    data: dict = {}
    for f in form_fields(settings, messages, new=True):
        put_answer(data, f.path, ask(f, messages, prompt, echo))
    data["reviewed"] = today.isoformat()
    with_consent(data.get("contacts", []), True, today)  # the question asked for the consent itself
    return data


def put_answer(data: dict, path: tuple, value) -> None:
    """The answer into the record; a skipped one (asked again, and the field left empty) takes the
    field out, and a group left empty with it."""
    if value not in (None, [], ""):
        put(data, path, value)
        return
    nodes = [data]
    for key in path[:-1]:
        node = nodes[-1].get(key)
        if not isinstance(node, dict):
            return
        nodes.append(node)
    nodes[-1].pop(path[-1], None)
    for node, key in zip(reversed(nodes[:-1]), reversed(path[:-1]), strict=True):
        if node[key]:
            break
        del node[key]


def commented_record(data: dict, settings: Settings) -> str:
    """The record with each top-level field under a comment: its Danish title and help."""
    index = SchemaIndex(effective_schema("activity", settings.vocabularies()))
    parts = [HEADER]
    for key, value in data.items():
        info = index.info((key,))
        parts.append(f"# {info.title}: {info.description}\n" if info.description else f"# {info.title}\n")
        parts.append(yaml.dump({key: value}, Dumper=RecordDumper, allow_unicode=True, sort_keys=False, width=4096))
    return "".join(parts)
