"""The JSON Schemas: the one source of truth for the fields of records and settings.

The schema files ship as written (draft-07, for editors). At run time they are
bundled (the organisation schema borrows the activity schema's definitions) and the
taxonomy of the municipality is injected as enums wherever a field says
``x-taxonomy``, so that validation, forms and docs all see the same allowed values.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILES = {"activity": "activity.schema.json", "organisation": "organisation.schema.json"}
#: Not an area: offers that cover the whole municipality say this in ``service_area``.
WHOLE_MUNICIPALITY = "hele-kommunen"


@cache
def raw_schema(name: str) -> dict:
    """A schema file as shipped (``activity``, ``organisation`` or ``settings``)."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _visit(node: Any, visit) -> None:
    """Call ``visit`` on every mapping inside a schema, without recursion."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, dict):
            visit(current)
            todo.extend(current.values())
        elif isinstance(current, list):
            todo.extend(current)


def text_key(name: str, pointer: tuple[str, ...], *rest: str) -> str:
    """The catalogue id of a text the schema holds: ``schema.activity.accessibility.step_free.title``
    for the ``title`` at ``/properties/accessibility/properties/step_free``, ``….label.ja`` for an
    answer's label (``x-labels``). Definitions keep their name (``schema.activity.definitions.answer``)."""
    return ".".join(("schema", name, *(part for part in pointer if part != "properties"), *rest))


def schema_texts(name: str) -> dict[str, str]:
    """Every title, answer label and help text of a schema file by its catalogue id, in the schema's
    (Danish) words."""
    found: dict[str, str] = {}
    todo: list[tuple[tuple[str, ...], Any]] = [((), raw_schema(name))]
    while todo:
        pointer, node = todo.pop()
        if isinstance(node, dict):
            for part in ("title", "description") if pointer[-1:] != ("properties",) else ():
                if isinstance(node.get(part), str):
                    found[text_key(name, pointer, part)] = node[part]
            for value, label in (node.get("x-labels") or {}).items() if pointer[-1:] != ("properties",) else ():
                found[text_key(name, pointer, "label", str(value))] = label
            todo.extend((pointer + (key,), child) for key, child in node.items())
        elif isinstance(node, list):
            todo.extend((pointer + (str(i),), child) for i, child in enumerate(node))
    return found


def localised(schema: dict, name: str, texts: Mapping[str, str] | None) -> dict:
    """``schema`` (a copy of the file ``name``) with its titles, answer labels and help texts in the
    words of ``texts`` (a message catalogue): the schema stays the source of its Danish, a catalogue
    gives another language's (or a municipality's own wording) by :func:`text_key`."""
    if not texts:
        return schema
    todo: list[tuple[tuple[str, ...], Any]] = [((), schema)]
    while todo:
        pointer, node = todo.pop()
        if isinstance(node, dict):
            if pointer[-1:] != ("properties",):
                for part in ("title", "description"):
                    if isinstance(node.get(part), str):
                        node[part] = texts.get(text_key(name, pointer, part), node[part])
                if isinstance(node.get("x-labels"), dict):
                    node["x-labels"] = {
                        value: texts.get(text_key(name, pointer, "label", str(value)), label)
                        for value, label in node["x-labels"].items()
                    }
            todo.extend((pointer + (key,), child) for key, child in node.items())
        elif isinstance(node, list):
            todo.extend((pointer + (str(i),), child) for i, child in enumerate(node))
    return schema


def bundled_schema(name: str, texts: Mapping[str, str] | None = None) -> dict:
    """The schema with references to the activity schema made local; with ``texts``, in their words
    (:func:`localised`)."""
    schema = localised(copy.deepcopy(raw_schema(name)), name, texts)
    if name == "organisation":
        prefix = "activity.schema.json#/definitions/"
        borrowed = localised(copy.deepcopy(raw_schema("activity")), "activity", texts)["definitions"]
        schema.setdefault("definitions", {}).update(borrowed)

        def localise(node: dict) -> None:
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                node["$ref"] = "#/definitions/" + ref[len(prefix) :]

        _visit(schema, localise)
    return schema


def effective_schema(name: str, vocabularies: dict[str, list[str]], texts: Mapping[str, str] | None = None) -> dict:
    """The bundled schema with each ``x-taxonomy`` field limited to the given ids."""
    schema = bundled_schema(name, texts)

    def inject(node: dict) -> None:
        if node.get("x-taxonomy") in vocabularies:
            node["enum"] = list(vocabularies[node["x-taxonomy"]])

    _visit(schema, inject)
    return schema


@dataclass(frozen=True)
class FieldInfo:
    """What the schema says about one place in a record."""

    title: str
    description: str
    types: frozenset[str]
    enum: tuple | None
    labels: dict
    format: str = ""
    #: The Material Design icon that stands for the field in print (``x-icon``).
    icon: str = ""
    #: The answer that is good news for the reader, for a ja/nej/ukendt question (``x-good``).
    good: str = ""
    #: The forms of an offer (``fremmøde``, ...) the field means something for; empty: every form (``x-forms``).
    forms: tuple[str, ...] = ()


class SchemaIndex:
    """Answers "what does the schema say at this data path?" for messages and coercion."""

    def __init__(self, schema: dict):
        self.schema = schema
        self._cache: dict[tuple, FieldInfo] = {}

    def resolve(self, node: dict) -> dict:
        """The target of a local ``$ref`` (the node itself when it has none)."""
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = self.schema
            for part in ref[2:].split("/"):
                target = target[part]
            return target
        return node

    def _expand(self, node: dict, conditional: bool = True) -> list[dict]:
        """The node and every subschema that applies alongside it ($ref, allOf, and then/else if asked)."""
        out: list[dict] = []
        todo = [node]
        while todo:
            current = todo.pop(0)
            out.append(current)
            if "$ref" in current:
                todo.append(self.resolve(current))
            for key in ("allOf", "anyOf", "oneOf"):
                todo.extend(current.get(key, []))
            for key in ("then", "else") if conditional else ():
                if isinstance(current.get(key), dict):
                    todo.append(current[key])
        return out

    def nodes(self, path: tuple, conditional: bool = True) -> list[dict]:
        """The subschemas that govern ``path``; empty when the schema does not know it."""
        nodes = self._expand(self.schema, conditional)
        for part in path:
            following: list[dict] = []
            for node in nodes:
                child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
                if isinstance(child, dict):
                    following.extend(self._expand(child, conditional))
            nodes = following
        return nodes

    def info(self, path: tuple) -> FieldInfo:
        key = tuple("*" if isinstance(p, int) else p for p in path)
        found = self._cache.get(key)
        if found is None:
            nodes = self.nodes(path)
            types: set[str] = set()
            for node in nodes:
                kind = node.get("type")
                types.update([kind] if isinstance(kind, str) else kind or [])
            found = FieldInfo(
                title=next((n["title"] for n in nodes if "title" in n), ""),
                description=next((n["description"] for n in nodes if "description" in n), ""),
                types=frozenset(types),
                enum=next((tuple(n["enum"]) for n in nodes if "enum" in n), None),
                labels=next((n["x-labels"] for n in nodes if "x-labels" in n), {}),
                format=next((n["format"] for n in nodes if "format" in n), ""),
                icon=next((n["x-icon"] for n in nodes if "x-icon" in n), ""),
                good=next((n["x-good"] for n in nodes if "x-good" in n), ""),
                forms=next((tuple(n["x-forms"]) for n in nodes if "x-forms" in n), ()),
            )
            self._cache[key] = found
        return found

    def required(self, path: tuple) -> set[str]:
        """The keys always required in the mapping at ``path`` (not those required only in some cases)."""
        found: set[str] = set()
        for node in self.nodes(path, conditional=False):
            found.update(node.get("required", []))
        return found

    def property_names(self, path: tuple) -> list[str]:
        """The keys the schema allows in the mapping at ``path``."""
        names: list[str] = []
        for node in self.nodes(path):
            for name in node.get("properties", {}):
                if name not in names:
                    names.append(name)
        return names


def with_defaults(schema: dict, data: dict) -> dict:
    """``data`` (valid against ``schema``) with every ``default`` the schema declares filled in.

    A default is declared once, in the schema, and read from there by the code, the docs and the
    editors. A missing optional mapping (``freshness:``) is filled when its fields have defaults.
    """

    def fill(node: dict, value: dict) -> dict:
        out = dict(value)
        for name, field in node.get("properties", {}).items():
            if name not in out:
                if "default" in field:
                    out[name] = copy.deepcopy(field["default"])
                elif field.get("type") == "object" and _has_defaults(field):
                    out[name] = {}
            if isinstance(out.get(name), dict) and field.get("type") == "object":
                out[name] = fill(field, out[name])
        return out

    return fill(schema, data)


def _has_defaults(node: dict) -> bool:
    return any("default" in field or _has_defaults(field) for field in node.get("properties", {}).values())
