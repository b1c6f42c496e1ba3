"""Check loaded YAML against a JSON Schema and turn every failure into a located problem.

Two validators serve one schema: fastjsonschema (compiled, fast) answers whether a
record is valid at all, and only for an invalid record does jsonschema walk it to list
every error with its path, so that a volunteer sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker

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
    "yes": "ja", "y": "ja", "true": "ja", "j": "ja", "jo": "ja",
    "no": "nej", "n": "nej", "false": "nej", "off": "nej", "on": "ja",
    "ved ikke": "ukendt", "vides ikke": "ukendt", "?": "ukendt", "unknown": "ukendt", "ikke oplyst": "ukendt",
}  # fmt: skip
_TYPE_NAMES = {"string": "text", "integer": "integer", "number": "number", "boolean": "boolean",
               "array": "list", "object": "mapping", "null": "empty"}  # fmt: skip


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
_PRIORITY = ["schema.required", "schema.required_because", "schema.unknown_field_guess", "schema.unknown_field",
             "schema.empty", "schema.type", "schema.decimal_comma", "schema.enum", "schema.date_not_real",
             "schema.date", "schema.too_long", "schema.line_break", "schema.pattern",
             "schema.reserved_id"]  # fmt: skip


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


def _translate(error, loaded: Loaded, index: SchemaIndex, display: str) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance

    def problem(code: str, at: tuple = path, *, key: bool = False, **params) -> Problem:
        line, column = loaded.position(at, key=key)
        info = index.info(at)
        return Problem.error(display, code, line=line, column=column, field=format_path(at),
                             title=info.title, help=info.description, **params)  # fmt: skip

    if keyword == "required":
        condition = _condition(error, index)
        for name in error.validator_value:
            if isinstance(value, dict) and name not in value:
                if condition:  # point at the field that makes this one needed
                    line, column = loaded.position(path + (condition[0],), key=True)
                else:
                    line, column = loaded.position(path, key=True)
                info = index.info(path + (name,))
                field = format_path(path + (name,))
                extra = {"because": condition[0], "because_value": condition[1]} if condition else {}
                yield Problem.error(
                    display, "schema.required_because" if condition else "schema.required", line=line,
                    column=column, field=field, title=info.title, help=info.description, **extra,
                )  # fmt: skip
    elif keyword == "additionalProperties":
        allowed = index.property_names(path)
        titles = {index.info(path + (name,)).title.lower(): name for name in allowed}
        for key in value:
            if key not in allowed and str(key).isdigit() and len(str(key)) <= 7:  # {lat: 55,7471} splits at the comma
                yield problem("schema.decimal_comma_flow", path + (key,), key=True, name=key)
            elif key not in allowed:
                guess = suggest(key, allowed) or (titles.get(str(key).lower()) if str(key).lower() in titles else None)
                if guess is None:
                    close = difflib.get_close_matches(str(key).lower(), list(titles), n=1, cutoff=0.7)
                    guess = titles[close[0]] if close else None
                code = "schema.unknown_field_guess" if guess else "schema.unknown_field"
                yield problem(code, path + (key,), key=True, name=key, suggestion=guess, allowed=", ".join(allowed))
    elif keyword in ("enum", "const"):
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        aliases = _ANSWER_ALIASES if set(allowed) <= {"ja", "nej", "ukendt"} else None
        if isinstance(value, bool) and aliases:
            guess = "ja" if value else "nej"
        else:
            guess = suggest(value, allowed, aliases) if value is not None else None
        if value is None:
            yield problem("schema.empty")
        else:
            yield problem("schema.enum", value=_show(value, loaded, path), allowed=_list(allowed), suggestion=guess)
    elif keyword == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        if value is None:
            yield problem("schema.empty")
        elif "number" in wanted and isinstance(value, str) and _DANISH_DECIMAL.fullmatch(value.strip()):
            yield problem("schema.decimal_comma", value=value, suggestion=value.strip().replace(",", "."))
        else:
            yield problem("schema.type", expected=[_TYPE_NAMES.get(w, w) for w in wanted],
                          got=_TYPE_NAMES.get(_json_type(value), "?"), value=_show(value, loaded, path))  # fmt: skip
    elif keyword == "format" and error.validator_value == "date":
        code = "schema.date_not_real" if _DATE.fullmatch(str(value)) else "schema.date"
        yield problem(code, value=value)
    elif keyword == "not" and error.validator_value == {"$ref": LINE_BREAK_REF}:
        yield problem("schema.line_break")
    elif keyword == "not" and error.validator_value == {"$ref": RESERVED_ID_REF}:
        yield problem("schema.reserved_id", value=value)
    elif keyword == "pattern" and error.validator_value == "\\S":
        yield problem("schema.empty")
    elif keyword == "pattern":
        guess = slugify(value) if error.validator_value == SLUG_PATTERN else None
        yield problem("schema.pattern", value=value, suggestion=guess)
    elif keyword in ("minLength", "maxLength"):
        code = "schema.too_short" if keyword == "minLength" else "schema.too_long"
        yield problem(code, limit=error.validator_value, length=len(value))
    elif keyword in ("minItems", "maxItems"):
        code = "schema.too_few" if keyword == "minItems" else "schema.too_many"
        yield problem(code, limit=error.validator_value, count=len(value))
    elif keyword == "uniqueItems":
        seen, twice = [], None
        for item in value:
            if item in seen:
                twice = item
                break
            seen.append(item)
        yield problem("schema.duplicate_item", value=twice)
    elif keyword in ("minimum", "maximum"):
        code = "schema.too_small" if keyword == "minimum" else "schema.too_large"
        yield problem(code, limit=error.validator_value, value=value)
    else:
        yield problem("schema.other", detail=error.message)


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
