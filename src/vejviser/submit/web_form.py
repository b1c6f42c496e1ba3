"""The form "Tilføj en aktivitet" on the site, for associations without git or a GitHub account.

It asks what the issue form "Ny aktivitet" asks (:func:`form_fields`, so the two cannot
disagree), checks the answers in the browser against the municipality's effective schema
(the one ``vejviser validate`` uses) with ajv, and hands over the record as YAML: a file to
download, the issue form on GitHub with the answers filled in, or an e-mail to the
coordinator. This module makes what the page and its script need; the template
``pages/add.md`` draws the form, ``assets/form.js`` reads and checks it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from vejviser.i18n import Messages
from vejviser.model import MONTHS, Frequency, Organisation
from vejviser.schema import SchemaIndex, effective_schema
from vejviser.schema.checker import LINE_BREAK_REF, RESERVED_ID_REF
from vejviser.settings import Settings
from vejviser.submit.from_issue import HEADER
from vejviser.submit.issue_forms import FORMS, ITEM_SEPARATOR, FormField, form_fields

#: The issue form the page's GitHub link opens.
ISSUE_FORM = "ny-aktivitet"
#: Longer links are refused by GitHub and browsers; the page offers the file and e-mail instead.
MAX_LINK = 8000
#: Longer mailto: links are cut off by some mail programs: the letter then asks for the copied text.
MAX_MAIL = 2000
#: What the schema's ``not`` rules refuse, by the definition each names: the script says it in
#: the words of ``webform.error.line_break`` and ``webform.error.reserved_id``, as the validator does.
NOT_RULES = {LINE_BREAK_REF: "line_break", RESERVED_ID_REF: "reserved_id"}
#: The schedule's words that the validator's rules on it name (every month paused, weeks of the month
#: only when monthly, one time or several only where there are weekdays), for their twins in the script.
SCHEDULE_RULES = {
    "months": list(MONTHS),
    "frequencies": {"monthly": Frequency.MONTHLY.value, "fortnightly": Frequency.FORTNIGHTLY.value,
                    "dates": Frequency.DATES.value, "by_appointment": Frequency.BY_APPOINTMENT.value},
}  # fmt: skip


@dataclass(frozen=True)
class FieldGroup:
    """Fields shown together: a section of the schema (``Hvornår``) or one field on its own."""

    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class WebForm:
    groups: tuple[FieldGroup, ...]
    organisations: tuple[tuple[str, str], ...]
    #: What the script needs: the fields, the schema, the texts, where to send.
    script: dict


def issue_url(repository: str) -> str:
    """The page of the issue form "Ny aktivitet" in the repository, or "" without one."""
    if not repository:
        return ""
    return f"{repository.rstrip('/')}/issues/new?template={ISSUE_FORM}.yml&labels={FORMS[ISSUE_FORM]}"


def web_form(settings: Settings, messages: Messages, organisations, ids_url: str, rules: dict) -> WebForm:
    """The form's fields and its script's data; ``ids_url`` is where the page finds the ids taken
    already (so that a new file does not take one's name), ``rules`` the data of the validator's
    content rules that the script checks too (``validate.content_rules.browser_rules``), given to it
    with the schedule's words those rules name (:data:`SCHEDULE_RULES`)."""
    fields = form_fields(settings, messages, new=True)
    known = tuple((o.id, o.name) for o in sorted(organisations, key=_by_name))
    texts = {key.removeprefix("webform."): messages(key) for key in messages.texts if key.startswith("webform.")}
    # the validator's own words where they fit a form, too
    texts.update(date=messages("schema.date"), date_not_real=messages("schema.date_not_real"),
                 cpr=messages("content.cpr"), control_character=messages("content.control_character"),
                 **{"or": messages.texts["_or"]})  # fmt: skip
    schema = effective_schema("activity", settings.vocabularies(), messages.texts)
    index = SchemaIndex(schema)
    script = {
        "fields": [_field_data(f, index) for f in fields],
        "schema": schema,
        "header": HEADER,
        "issue": issue_url(settings.repository),
        "issue_title": messages("forms.new.title"),
        "max_link": MAX_LINK,
        "max_mail": MAX_MAIL,
        "mail": settings.contact.email,
        "ids_url": ids_url,
        "not_rules": NOT_RULES,
        "rules": {**rules, **SCHEDULE_RULES},
        # each postcode's areas, and the areas' names: the validator's check of the postcode
        "postcodes": {code: [a.id for a in settings.areas_for_postcode(code)] for code in _postcodes(settings)},
        "areas": {a.id: a.name for a in settings.areas},
        "texts": texts,
    }
    return WebForm(_groups(fields), known, script)


def _postcodes(settings: Settings) -> list[str]:
    return sorted({code for area in settings.areas for code in area.postcodes})


def _groups(fields: list[FormField]) -> tuple[FieldGroup, ...]:
    groups = []
    for section, members in itertools.groupby(fields, key=lambda f: f.section):
        if section:
            groups.append(FieldGroup(section, tuple(members)))
        else:
            groups.extend(FieldGroup("", (f,)) for f in members)
    return tuple(groups)


def _by_name(organisation: Organisation) -> tuple[str, str]:
    return organisation.name.casefold(), organisation.id


def _field_data(f: FormField, index: SchemaIndex) -> dict:
    return {
        "id": f.id,
        "path": list(f.path),
        "kind": f.kind,
        "value": f.value,
        "multiple": f.multiple,
        "required": f.required,
        "label": f.label,
        "name": f.name,
        "help": f.description,
        "options": [[value, words] for value, words in f.options],
        "item_keys": list(f.item_keys),
        # what parts a line of a list into its items, as `vejviser from-issue` reads it
        "separator": ITEM_SEPARATOR,
        # what each part of a line is called, for a message about one line of a list, and the
        # choices of a part that is one (a time's weekday), read as `vejviser from-issue` reads them
        "items": {key: {"title": info.title, "help": info.description,
                        "options": [[value, words] for value, words in dict(f.item_options).get(key, ())]}
                  for key in f.item_keys for info in [index.info((*f.path, 0, key))]},
    }  # fmt: skip
