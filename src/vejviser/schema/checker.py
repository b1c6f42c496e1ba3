"""Check loaded YAML against a JSON Schema and turn every failure into a located problem.

Two validators serve one schema: fastjsonschema (compiled, fast) answers whether a
record is valid at all, and only for an invalid record does jsonschema walk it to list
every error with its path, so that a volunteer sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker, ValidationError

from vejviser.ids import SLUG_PATTERN, slugify
from vejviser.load.yamlfile import Loaded
from vejviser.problems import Problem, format_path
from vejviser.schema import SchemaIndex

#: The schema's rule that a one-line field (a title, a name, an address) has no line break.
LINE_BREAK_REF = "#/definitions/line_break"
#: The schema's names that no record may have (the site's own pages, Windows' device names).
RESERVED_ID_REF = "#/definitions/reserved_id"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DANISH_DECIMAL = re.compile(r"[-+]?[0-9]+,[0-9]+")
#: Answers people write that mean one of ja / nej / ukendt.
_ANSWER_ALIASES = {
    **dict.fromkeys(("yes", "y", "true", "j", "jo", "on"), "ja"),
    **dict.fromkeys(("no", "n", "false", "off"), "nej"),
    **dict.fromkeys(("ved ikke", "vides ikke", "?", "unknown", "ikke oplyst"), "ukendt"),
}
_TYPE_NAMES = {
    "string": "text",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "list",
    "object": "mapping",
    "null": "empty",
}


def is_real_date(value: object) -> bool:
    """True for text of the form ÅÅÅÅ-MM-DD naming a day that exists."""
    if not isinstance(value, str):
        return True  # the type check reports other types
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date")(is_real_date)
    return checker


class RecordSchema:
    """One effective schema, compiled twice: once to decide, once to explain."""

    def __init__(self, schema: dict):
        Draft7Validator.check_schema(schema)
        self.schema = schema
        self.index = SchemaIndex(schema)
        self._explain = Draft7Validator(schema, format_checker=_format_checker())
        self._decide = fastjsonschema.compile(schema, formats={"date": is_real_date})

    def problems(self, loaded: Loaded, display: str) -> list[Problem]:
        """Coerce plain scalars to what the schema wants, then list every schema error."""
        coerce_to_schema(loaded, self.index)
        try:
            self._decide(loaded.data)
            return []
        except fastjsonschema.JsonSchemaValueException:
            pass
        found: dict[tuple, Problem] = {}
        for error in self._explain.iter_errors(loaded.data):
            for problem in _translate(error, loaded, self.index, display):
                found.setdefault((problem.field, problem.code, problem.line), problem)
        if not found:  # the two validators disagree: say so instead of passing a bad record
            found[("", "schema.other", 0)] = Problem.error(display, "schema.other", detail="fastjsonschema")
        return sorted(_one_per_field(_without_echoes(found.values())), key=Problem.sort_key)


#: When one field breaks several keywords, the first of these says it best.
_PRIORITY = [
    "schema.required",
    "schema.required_because",
    "schema.unknown_field_guess",
    "schema.unknown_field",
    "schema.empty",
    "schema.type",
    "schema.decimal_comma",
    "schema.enum",
    "schema.date_not_real",
    "schema.date",
    "schema.too_long",
    "schema.line_break",
    "schema.pattern",
    "schema.reserved_id",
]


def _one_per_field(problems) -> list[Problem]:
    """One problem per field: ``name: ""`` is empty, not also too short; [første] is not a number."""
    best: dict[str, Problem] = {}
    rank = {code: index for index, code in enumerate(_PRIORITY)}
    for p in problems:
        held = best.get(p.field)
        if held is None or rank.get(p.code, len(rank)) < rank.get(held.code, len(rank)):
            best[p.field] = p
    kept = list(best.values())
    # problems on the file itself (no field) are all kept
    return kept + [p for p in problems if not p.field and p not in kept]


def _without_echoes(problems) -> list[Problem]:
    """Drop "title is missing" when the same mapping has 'titel', reported as meaning title."""
    guessed = set()
    for p in problems:
        if p.code == "schema.unknown_field_guess":
            parent = p.field.rpartition(".")[0] if "." in p.field else ""
            guessed.add((parent, p.params["suggestion"]))
    kept = []
    for p in problems:
        parent, _, name = p.field.rpartition(".") if "." in p.field else ("", "", p.field)
        if p.code == "schema.required" and (parent, name) in guessed:
            continue
        kept.append(p)
    return kept


def coerce_to_schema(loaded: Loaded, index: SchemaIndex) -> None:
    """Give text fields the text that was written: ``postcode: 2760`` means "2760".

    Only plain scalars that YAML read as a number, boolean or null are touched, and only
    where the schema allows text but not what YAML made of it.
    """
    for path, text in loaded.source_text.items():
        types = index.info(path).types
        value = _get(loaded.data, path)
        kind = _json_type(value)
        if "string" in types and kind not in types and not (kind == "integer" and "number" in types):
            _set(loaded.data, path, text)


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value) -> None:
    _get(data, path[:-1])[path[-1]] = value


def suggest(value: object, choices, aliases: dict | None = None) -> str | None:
    """The choice a misspelt value most likely meant, or None."""
    text = str(value).strip()
    lowered = text.lower()
    if aliases and lowered in aliases and aliases[lowered] in choices:
        return aliases[lowered]
    candidates = [str(c) for c in choices]
    for candidate in candidates:
        if candidate.lower() == lowered:
            return candidate
    close = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


class _Failure:
    """One jsonschema error, with what is needed to place its problems in the file."""

    def __init__(self, error: ValidationError, loaded: Loaded, index: SchemaIndex, display: str):
        self.error = error
        self.loaded = loaded
        self.index = index
        self.display = display
        self.path = tuple(error.absolute_path)
        #: The keyword broken (``required``), its value in the schema, and the value in the record.
        self.keyword = str(error.validator)
        self.rule: Any = error.validator_value
        self.value: Any = error.instance

    def problem(
        self, code: str, at: tuple | None = None, *, key: bool = False, place: tuple | None = None, **params
    ) -> Problem:
        """A problem about the field ``at`` (by default the failing value), shown at ``place`` (by
        default the field itself; its name with ``key=True``)."""
        at = self.path if at is None else at
        line, column = self.loaded.position(at if place is None else place, key=key)
        info = self.index.info(at)
        return Problem.error(
            self.display,
            code,
            line=line,
            column=column,
            field=format_path(at),
            title=info.title,
            help=info.description,
            **params,
        )


def _required(f: _Failure) -> Iterator[Problem]:
    """Each missing field, shown at its mapping, or at the field whose value makes it needed."""
    condition = _condition(f.error, f.index)
    code = "schema.required_because" if condition else "schema.required"
    because = {"because": condition[0], "because_value": condition[1]} if condition else {}
    place = f.path + (condition[0],) if condition else f.path
    for name in f.rule:
        if isinstance(f.value, dict) and name not in f.value:
            yield f.problem(code, f.path + (name,), key=True, place=place, **because)


def _additional_properties(f: _Failure) -> Iterator[Problem]:
    """Each unknown field, with the one it most likely meant; a number a decimal comma split off."""
    allowed = f.index.property_names(f.path)
    titles = {f.index.info(f.path + (name,)).title.lower(): name for name in allowed}
    for key in f.value:
        if key in allowed:
            continue
        at = f.path + (key,)
        if str(key).isdigit() and len(str(key)) <= 7:  # {lat: 55,7471} splits at the comma
            yield f.problem("schema.decimal_comma_flow", at, key=True, name=key)
        else:
            guess = _field_meant(key, allowed, titles)
            code = "schema.unknown_field_guess" if guess else "schema.unknown_field"
            yield f.problem(code, at, key=True, name=key, suggestion=guess, allowed=", ".join(allowed))


def _field_meant(key: object, allowed: list[str], titles: dict[str, str]) -> str | None:
    """The field an unknown name most likely meant: by its name, else by its title (``Titel``)."""
    lowered = str(key).lower()
    guess = suggest(key, allowed) or titles.get(lowered)
    if guess is None:
        close = difflib.get_close_matches(lowered, list(titles), n=1, cutoff=0.7)
        guess = titles[close[0]] if close else None
    return guess


def _enum(f: _Failure) -> Iterator[Problem]:
    """A value that is none of the choices, with the one most likely meant (``yes`` means ``ja``)."""
    allowed = f.rule if f.keyword == "enum" else [f.rule]
    aliases = _ANSWER_ALIASES if set(allowed) <= {"ja", "nej", "ukendt"} else None
    if f.value is None:
        yield f.problem("schema.empty")
        return
    guess: str | None
    if isinstance(f.value, bool) and aliases:
        guess = "ja" if f.value else "nej"
    else:
        guess = suggest(f.value, allowed, aliases)
    shown = _show(f.value, f.loaded, f.path)
    yield f.problem("schema.enum", value=shown, allowed=_list(allowed), suggestion=guess)


def _type(f: _Failure) -> Iterator[Problem]:
    """A value of another type: nothing at all, a number with a decimal comma, or something else."""
    wanted = f.rule if isinstance(f.rule, list) else [f.rule]
    value = f.value
    if value is None:
        yield f.problem("schema.empty")
    elif "number" in wanted and isinstance(value, str) and _DANISH_DECIMAL.fullmatch(value.strip()):
        yield f.problem("schema.decimal_comma", value=value, suggestion=value.strip().replace(",", "."))
    else:
        expected = [_TYPE_NAMES.get(w, w) for w in wanted]
        got = _TYPE_NAMES.get(_json_type(value), "?")
        yield f.problem("schema.type", expected=expected, got=got, value=_show(value, f.loaded, f.path))


def _format(f: _Failure) -> Iterator[Problem]:
    """A date that is not of the form ÅÅÅÅ-MM-DD, or names no day that exists."""
    if f.rule != "date":
        yield from _other(f)
        return
    code = "schema.date_not_real" if _DATE.fullmatch(str(f.value)) else "schema.date"
    yield f.problem(code, value=f.value)


def _not(f: _Failure) -> Iterator[Problem]:
    """Text that the schema's named exclusions refuse: a line break, a reserved name."""
    if f.rule == {"$ref": LINE_BREAK_REF}:
        yield f.problem("schema.line_break")
    elif f.rule == {"$ref": RESERVED_ID_REF}:
        yield f.problem("schema.reserved_id", value=f.value)
    else:
        yield from _other(f)


def _pattern(f: _Failure) -> Iterator[Problem]:
    """Text of another form: only blanks (``\\S``), or an id, with the slug it could be."""
    if f.rule == "\\S":
        yield f.problem("schema.empty")
        return
    guess = slugify(f.value) if f.rule == SLUG_PATTERN else None
    yield f.problem("schema.pattern", value=f.value, suggestion=guess)


def _length(f: _Failure) -> Iterator[Problem]:
    code = "schema.too_short" if f.keyword == "minLength" else "schema.too_long"
    yield f.problem(code, limit=f.rule, length=len(f.value))


def _item_count(f: _Failure) -> Iterator[Problem]:
    code = "schema.too_few" if f.keyword == "minItems" else "schema.too_many"
    yield f.problem(code, limit=f.rule, count=len(f.value))


def _unique_items(f: _Failure) -> Iterator[Problem]:
    yield f.problem("schema.duplicate_item", value=_first_repeated(f.value))


def _first_repeated(items: list) -> object:
    seen = []
    for item in items:
        if item in seen:  # a list, not a set: the items may be mappings
            return item
        seen.append(item)
    return None


def _bound(f: _Failure) -> Iterator[Problem]:
    code = "schema.too_small" if f.keyword == "minimum" else "schema.too_large"
    yield f.problem(code, limit=f.rule, value=f.value)


def _other(f: _Failure) -> Iterator[Problem]:
    yield f.problem("schema.other", detail=f.error.message)


#: The JSON Schema keyword a record broke -> the problems that say so in the volunteer's terms.
_TRANSLATIONS: dict[str, Callable[[_Failure], Iterator[Problem]]] = {
    "required": _required,
    "additionalProperties": _additional_properties,
    "enum": _enum,
    "const": _enum,
    "type": _type,
    "format": _format,
    "not": _not,
    "pattern": _pattern,
    "minLength": _length,
    "maxLength": _length,
    "minItems": _item_count,
    "maxItems": _item_count,
    "uniqueItems": _unique_items,
    "minimum": _bound,
    "maximum": _bound,
}


def _translate(error: ValidationError, loaded: Loaded, index: SchemaIndex, display: str) -> Iterator[Problem]:
    failure = _Failure(error, loaded, index, display)
    return _TRANSLATIONS.get(failure.keyword, _other)(failure)


def _condition(error, index: SchemaIndex) -> tuple[str, str] | None:
    """For a requirement inside ``if``/``then``: the (field, value) that the ``if`` tested."""
    parts = list(error.schema_path)
    if "then" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("then")
    node = index.schema
    try:
        for part in parts[:at]:
            node = index.resolve(node) if part == "$ref" else node[part]
    except (KeyError, IndexError, TypeError):
        return None
    tests = node.get("if", {}).get("properties", {}) if isinstance(node, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name, test in tests.items():
        if "const" in test or "enum" in test:
            return name, str(instance.get(name, test.get("const", "")))
    return None


def _show(value, loaded: Loaded, path: tuple) -> str:
    """The value as the volunteer wrote it; a list or mapping is not repeated back."""
    if isinstance(value, dict | list):
        return "…"
    return loaded.source_text.get(path, value if isinstance(value, str) else str(value))


def _list(values) -> list[str]:
    return [str(v) for v in values]
