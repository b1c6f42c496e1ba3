"""GitHub issue forms for the three ways an association reports to the coordinator, made from
the schema: "Ny aktivitet", "Ret en aktivitet" and "Aktiviteten er stoppet".

Every field of an activity becomes a form element by its type in the schema: a choice
(an enum, a yes/no/unknown answer, an ``x-taxonomy`` list of the municipality) becomes a
dropdown with the readers' words, a long text a text area, anything else one line; a list
of small records (contacts, links) becomes a text area with one per line. Fields the schema
marks ``"x-form": false`` are not asked (the file name, the date of confirmation: the
submission sets them). The same :func:`form_fields` tells ``vejviser from-issue`` how to
read an answer back, so the forms and the reader cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from vejviser.i18n import Messages
from vejviser.model import MONTHS, WEEKDAYS
from vejviser.schema import WHOLE_MUNICIPALITY, SchemaIndex, effective_schema
from vejviser.settings import Settings

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
#: The file of each form, and the label an issue made with it gets.
FORMS = {"ny-aktivitet": "ny-aktivitet", "ret-aktivitet": "ret-aktivitet", "aktivitet-stoppet": "aktivitet-stoppet"}
#: Not asked for a new activity: it is active from the start.
NOT_FOR_NEW = {("status",), ("paused_until",)}
#: What separates the parts of one item in a list of small records, one item a line.
ITEM_SEPARATOR = ";"
#: What a link to a new issue on GitHub may set (``?title=...``); a form element named so could not be filled in.
LINK_PARAMETERS = frozenset({"title", "body", "labels", "assignees", "milestone", "projects", "template", "type"})
#: A text this long or longer gets a text area rather than one line.
LONG_TEXT = 300


@dataclass(frozen=True)
class FormField:
    """One element of a form and the place in a record it fills."""

    path: tuple[str, ...]
    kind: str  # input, textarea, dropdown
    label: str
    description: str
    required: bool = False
    multiple: bool = False
    #: For a dropdown: (value in the record, words in the form).
    options: tuple[tuple[object, str], ...] = ()
    #: For a text area of small records: their keys, in the order a line gives them.
    item_keys: tuple[str, ...] = ()
    #: For a part of such a line that is a choice (a time's weekday, a contact's consent): its key and
    #: (value, words) of each choice, so that a typed ``Mandag`` is read as ``mandag``.
    item_options: tuple[tuple[str, tuple[tuple[object, str], ...]], ...] = ()
    #: What the record holds: text, integer, number, list (of text, comma-separated), dates (one a line).
    value: str = "text"
    #: The group it belongs to (``Hvornår``), and its label within the group (``Ugedage``).
    section: str = ""
    name: str = ""

    @property
    def id(self) -> str:
        """The element's id; the names GitHub reads from a link to a new issue are not used."""
        joined = "-".join(self.path)
        return f"activity-{joined}" if joined in LINK_PARAMETERS else joined


@dataclass
class _Walk:
    index: SchemaIndex
    settings: Settings
    messages: Messages
    skip: set[tuple[str, ...]] = field(default_factory=set)
    out: list[FormField] = field(default_factory=list)


def form_fields(settings: Settings, messages: Messages, new: bool = True) -> list[FormField]:
    """The fields of an activity the form asks for, in the schema's order."""
    index = SchemaIndex(effective_schema("activity", settings.vocabularies(), messages.texts))  # in their words
    walk = _Walk(index, settings, messages, skip=set(NOT_FOR_NEW) if new else set())
    _fields(walk, (), (), required_here=new)
    return walk.out


def _taxonomy(index: SchemaIndex, path: tuple) -> str:
    return next((node["x-taxonomy"] for node in index.nodes(path) if "x-taxonomy" in node), "")


def _asked(index: SchemaIndex, path: tuple) -> bool:
    return all(node.get("x-form", True) for node in index.nodes(path))


def _fields(walk: _Walk, path: tuple, titles: tuple, required_here: bool) -> None:
    index = walk.index
    required = index.required(path) if required_here else set()
    for name in index.property_names(path):
        here = path + (name,)
        if here in walk.skip or not _asked(index, here):
            continue
        info = index.info(here)
        label = ": ".join(titles + (info.title,))
        must = name in required
        if "object" in info.types and index.property_names(here):
            # A group of fields: required inside only when the group itself always is.
            _fields(walk, here, titles + (info.title,), required_here=must)
            continue
        section, name_in_section = (titles[0], ": ".join((*titles[1:], info.title))) if titles else ("", info.title)
        walk.out.append(replace(_element(walk, here, label, info, must), section=section, name=name_in_section))


def _element(walk: _Walk, path: tuple, label: str, info, required: bool) -> FormField:
    index, messages = walk.index, walk.messages
    # The schema's help is written for a file; a form may say it in the words of its choices.
    description = messages.texts.get(f"forms.help.{'-'.join(path)}", info.description)
    if "array" in info.types:
        item = path + (0,)
        item_info = index.info(item)
        keys = tuple(k for k in index.property_names(item) if _asked(index, item + (k,)))
        if keys:
            titles = f" {ITEM_SEPARATOR} ".join(index.info(item + (k,)).title for k in keys)
            hint = messages("forms.one_per_line", fields=titles)
            choices = tuple((k, found) for k in keys if (found := _options(walk, item + (k,), index.info(item + (k,)))))
            return FormField(path, "textarea", label, f"{description} {hint}", required, item_keys=keys,
                             item_options=choices, value="items")  # fmt: skip
        options = _options(walk, item, item_info)
        if options:
            return FormField(path, "dropdown", label, description, required, multiple=True, options=options)
        if item_info.format == "date":
            return FormField(path, "textarea", label, f"{description} {messages('forms.one_date_per_line')}",
                             required, value="dates")  # fmt: skip
        kind = "integer" if "integer" in item_info.types else "text"
        hint = messages("forms.comma_separated")
        return FormField(path, "input", label, f"{description} {hint}", required, value=f"list-{kind}")
    options = _options(walk, path, info)
    if options:
        return FormField(path, "dropdown", label, description, required, options=options)
    node_max = next((n["maxLength"] for n in index.nodes(path) if "maxLength" in n), 0)
    kind = "textarea" if node_max >= LONG_TEXT else "input"
    value = "integer" if "integer" in info.types else "number" if "number" in info.types else "text"
    return FormField(path, kind, label, description, required, value=value)


def _options(walk: _Walk, path: tuple, info) -> tuple[tuple[object, str], ...]:
    """(value, words) of a choice: the taxonomy's labels, the schema's ``x-labels``, or the values."""
    taxonomy = _taxonomy(walk.index, path)
    if taxonomy:
        s = walk.settings
        labels = {t.id: t.label for t in (*s.categories, *s.target_groups)} | {a.id: a.name for a in s.areas}
        labels[WHOLE_MUNICIPALITY] = walk.messages("forms.whole_municipality")
        return tuple((value, labels.get(value, value)) for value in info.enum or ())
    if info.enum and tuple(info.enum) in (WEEKDAYS, MONTHS):  # data in Danish, said in the reader's words
        kind = "weekday" if tuple(info.enum) == WEEKDAYS else "month"
        return tuple((value, walk.messages(f"{kind}.{n}")) for n, value in enumerate(info.enum, 1))
    if info.enum:
        return tuple((value, str(info.labels.get(str(value), value))) for value in info.enum)
    return ()


def field_of(problem_field: str, fields: list[FormField]) -> FormField | None:
    """The form field a validator's problem is about (``schedule.weekdays[0]`` -> Hvornår: Ugedage)."""
    by_path = {f.path: f for f in fields}
    path = tuple(part for part in re.split(r"[.\[\]]", problem_field) if part and not part.isdigit())
    while path:
        if path in by_path:
            return by_path[path]
        path = path[:-1]
    return None


# --- the forms --------------------------------------------------------------------------------


def _element_yaml(f: FormField, messages: Messages) -> dict:
    attributes: dict = {"label": f.label, "description": f.description}
    if f.kind == "dropdown":
        attributes["options"] = [words for _, words in f.options]
        if f.multiple:
            attributes["multiple"] = True
    element = {"type": f.kind, "id": f.id, "attributes": attributes}
    if f.required:
        element["validations"] = {"required": True}
    return element


def _markdown(text: str) -> dict:
    return {"type": "markdown", "attributes": {"value": text}}


def _id_field(messages: Messages) -> dict:
    return {"type": "input", "id": "id", "attributes": {"label": messages("forms.id_label"),
            "description": messages("forms.id_help"), "placeholder": "strikkecafe-i-maaloev"},
            "validations": {"required": True}}  # fmt: skip


def forms(settings: Settings, messages: Messages) -> dict[str, dict]:
    """The three issue forms, by file name (without .yml)."""
    new = [_element_yaml(f, messages) for f in form_fields(settings, messages, new=True)]
    change = [_element_yaml(f, messages) for f in form_fields(settings, messages, new=False)]
    consent = {"type": "checkboxes", "id": "consent", "attributes": {"label": messages("forms.consent_label"),
               "options": [{"label": messages("forms.consent_option"), "required": True}]}}  # fmt: skip
    return {
        "ny-aktivitet": {
            "name": messages("forms.new.name"),
            "description": messages("forms.new.description"),
            "title": messages("forms.new.title"),
            "labels": [FORMS["ny-aktivitet"]],
            "body": [_markdown(messages("forms.new.intro")), *new, consent],
        },
        "ret-aktivitet": {
            "name": messages("forms.change.name"),
            "description": messages("forms.change.description"),
            "title": messages("forms.change.title"),
            "labels": [FORMS["ret-aktivitet"]],
            "body": [_markdown(messages("forms.change.intro")), _id_field(messages), *change, consent],
        },
        "aktivitet-stoppet": {
            "name": messages("forms.stopped.name"),
            "description": messages("forms.stopped.description"),
            "title": messages("forms.stopped.title"),
            "labels": [FORMS["aktivitet-stoppet"]],
            "body": [
                _markdown(messages("forms.stopped.intro")),
                _id_field(messages),
                {
                    "type": "textarea",
                    "id": "note",
                    "attributes": {
                        "label": messages("forms.stopped.note_label"),
                        "description": messages("forms.stopped.note_help"),
                    },
                },  # fmt: skip
            ],
        },
    }


HEADER = "# Made by `vejviser forms` from the schema and vejviser.yaml: change those, then run it again.\n"


def form_texts(settings: Settings, messages: Messages) -> dict[str, str]:
    """Each form as the YAML file GitHub reads, by file name."""
    return {
        f"{name}.yml": HEADER + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)
        for name, form in forms(settings, messages).items()
    }
