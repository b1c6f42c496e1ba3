"""An issue made with the form "Ny aktivitet", read back into a record.

GitHub writes a submitted form as Markdown: each field's label as a ``### heading`` and the
answer below it (``_No response_`` when left empty; a dropdown's choices joined by commas;
a checkbox as ``- [X] label``). The fields come from :func:`form_fields`, the same that made
the form, so every answer finds its place in the record and its words their value. Whatever
does not fit is left for the validator to name, with the form's own label.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import yaml

from vejviser.i18n import Messages
from vejviser.model import Answer
from vejviser.settings import Settings
from vejviser.submit.issue_forms import ITEM_SEPARATOR, FormField, form_fields

NO_RESPONSE = "_No response_"
HEADING = re.compile(r"^### (.+?)\s*$", re.MULTILINE)
HEADER = "# yaml-language-server: $schema=../src/vejviser/schema/activity.schema.json\n"


@dataclass
class Submission:
    """The record read from an issue, and what in the issue did not fit a field."""

    data: dict
    unknown_headings: list[str] = field(default_factory=list)
    consent_given: bool = False


def sections(body: str, labels: Collection[str] = (), free_text: Collection[str] = ()) -> dict[str, str]:
    """Each ``### heading`` of the body and the text under it (empty for no answer).

    A free text may hold Markdown headings of its own (``### Program`` in a description):
    inside the answer to a ``free_text`` label, only a heading that is one of the form's
    ``labels`` starts the next answer.
    """
    text = body.replace("\r\n", "\n")
    marks, current = [], None
    for mark in HEADING.finditer(text):
        heading = mark.group(1).strip()
        if current in free_text and heading not in labels:
            continue  # part of the answer
        marks.append(mark)
        current = heading
    found = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=False):
        answer = text[mark.end() : following.start() if following else len(text)].strip()
        found[mark.group(1).strip()] = "" if answer == NO_RESPONSE else answer
    return found


def _labels(fields: list[FormField], *others: str) -> tuple[set[str], set[str]]:
    """The form's labels, and those whose answers are free text that may hold headings."""
    labels = {f.label for f in fields} | set(others)
    return labels, {f.label for f in fields if f.kind == "textarea" and f.value == "text"}


def read_issue(body: str, settings: Settings, messages: Messages, today: dt.date) -> Submission:
    fields = {f.label: f for f in form_fields(settings, messages, new=True)}
    consent_label = messages("forms.consent_label")
    submission = Submission({})
    for heading, answer in sections(body, *_labels(list(fields.values()), consent_label)).items():
        if heading == consent_label:
            submission.consent_given = ticked(answer)
            continue
        form_field = fields.get(heading)
        if form_field is None:
            submission.unknown_headings.append(heading)
            continue
        if answer:
            put(submission.data, form_field.path, answer_value(form_field, answer))
    submission.data["reviewed"] = today.isoformat()
    with_consent(submission.data.get("contacts", []), submission.consent_given, today)
    return submission


def ticked(answer: str) -> bool:
    """Whether an issue form's checkbox answer is ticked (GitHub writes ``- [X] ...``)."""
    return "- [x]" in answer.lower()


def with_consent(contacts: list, consent_given: bool, today: dt.date) -> None:
    """The consent rule of a form's answer, for every way in: a contact answered ``ja`` is published only
    when the one who sent the form confirmed that they agreed (the issue form's box; in the terminal
    the question itself). Then the contact gets today's date as its consent's; else ``ja`` becomes ``nej``,
    and nobody is published."""
    for contact in contacts:
        if isinstance(contact, dict) and contact.get("consent") == Answer.YES:
            if consent_given:
                contact["consent_date"] = today.isoformat()
            else:
                contact["consent"] = Answer.NO.value


def put(data: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def answer_value(f: FormField, answer: str):
    if f.kind == "dropdown":
        chosen = _choices(answer, [words for _, words in f.options]) if f.multiple else [answer]
        picked = [choice_value(f.options, words) for words in chosen]
        return picked if f.multiple else picked[0]
    if f.value == "items":
        return [_item(f, line) for line in answer.splitlines() if line.strip()]
    if f.value == "dates":
        return [line.strip() for line in answer.splitlines() if line.strip()]
    if f.value.startswith("list-"):
        parts = [part.strip() for part in answer.split(",") if part.strip()]
        return [_number(p, int) for p in parts] if f.value == "list-integer" else parts
    if f.value == "integer":
        return _number(answer, int)
    if f.value == "number":
        return _number(answer, float)
    return answer.strip()


def _choices(answer: str, words: list[str]) -> list[str]:
    """A dropdown's answer split into its choices; a choice's own words may hold a comma."""
    chosen, rest = [], answer.strip()
    while rest:
        match = max((w for w in words if rest == w or rest.startswith(w + ", ")), key=len, default=None)
        if match is None:
            match = rest.split(", ", 1)[0]
        chosen.append(match)
        rest = rest[len(match) :].removeprefix(", ").strip()
    return chosen


def choice_value(options: tuple[tuple[object, str], ...], answer: str) -> object:
    """The value of a choice from its words or its value, in any case (``Mandag``, ``Hver uge``,
    ``ugentlig``); the answer as written when it is none of them, for the validator to name."""
    text = answer.strip()
    for value, words in options:
        if text == words:
            return value
    folded = text.casefold()
    for value, words in options:
        if folded in (words.casefold(), str(value).casefold()):
            return value
    return text


def _item(f: FormField, line: str) -> dict:
    parts = [part.strip() for part in line.split(ITEM_SEPARATOR)]
    choices = dict(f.item_options)
    item = {key: part for key, part in zip(f.item_keys, parts, strict=False) if part}
    return {key: choice_value(choices[key], part) if key in choices else part for key, part in item.items()}


def _number(text: str, kind):
    """A number as a person writes it (``60``, ``60 kr.``, ``12,5``); the text itself when it is none."""
    cleaned = re.sub(r"(?i)\s*(kr\.?|dkk)$", "", text.strip()).replace(",", ".").replace(" ", "")
    try:
        return kind(cleaned) if kind is float else int(cleaned)
    except ValueError:
        return text.strip()


class RecordDumper(yaml.SafeDumper):
    """Writes as the records in the repository are written: lists indented under their key, short
    lists of words on one line, texts of several lines as blocks."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list):
    flow = all(isinstance(item, (str, int, float)) and "\n" not in str(item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


RecordDumper.add_representer(str, _text)
RecordDumper.add_representer(list, _list)


def record_text(data: dict) -> str:
    """The record as a volunteer's file looks: the schema comment first, keys in the form's order."""
    return HEADER + yaml.dump(data, Dumper=RecordDumper, allow_unicode=True, sort_keys=False, width=4096)


@dataclass
class Change:
    """What an issue made with "Ret en aktivitet" asks to change in which record."""

    record_id: str
    values: list[tuple[tuple[str, ...], object]]
    unknown_headings: list[str] = field(default_factory=list)


def read_change(body: str, settings: Settings, messages: Messages, today: dt.date) -> Change:
    """The id and the fields the association filled in (the rest stays as it is)."""
    fields = {f.label: f for f in form_fields(settings, messages, new=False)}
    note = messages("forms.stopped.note_label")
    labels, free_text = _labels(
        list(fields.values()), messages("forms.id_label"), messages("forms.consent_label"), note
    )
    answers = sections(body, labels, free_text | {note})
    change = Change(answers.pop(messages("forms.id_label"), "").strip(), [])  # ids.record_path reads it
    consent_given = ticked(answers.pop(messages("forms.consent_label"), ""))
    answers.pop(note, None)
    for heading, answer in answers.items():
        form_field = fields.get(heading)
        if form_field is None:
            change.unknown_headings.append(heading)
        elif answer:
            value = answer_value(form_field, answer)
            if form_field.path == ("contacts",):
                with_consent(value, consent_given, today)
            change.values.append((form_field.path, value))
    return change
