"""The package's layers: each module imports only from its own part and from the layers below.

Read from the bottom up, the layers are the pipeline; a record goes up through them::

    11  __main__, reference          the entry point; the docs made from the commands
    10  cli                          the commands: each opens the project and calls the layers below
     9  site.plugin | site.build     the MkDocs plugin: validates, builds the directory, starts the print job;
                                 the all-or-nothing build, which hands the plugin what it validated
     8  site | printed | review | export    the writers: the website, the printed editions, the coordinator's
                                 list, the exports for other programs (calendars)
     7  present                      the directory for people: views, words, answers read from the reader's side,
                                 next meetings, facets, icons, addresses
     6  validate | submit | edit     the checks; the ways in (issue forms, web form, prompts); record edits
     5  enrich                       what is added to a record: its area, its pin, its freshness
     4  settings | model             the municipality's settings; the typed records
     3  schema.checker               a record checked against its JSON Schema, as located problems
     2  ids | geo                    a record id (never a path); the areas' shapes and distances
     1  load | report                files read safely, YAML with lines; problems said in words
     0  schema | problems | i18n | privacy | parallel | scratch | clock | cache    the foundation

Parts side by side in one layer never import each other: the writers read the same prepared
directory (``present``) and not one another, and only the plugin (or a command) starts the
print job. Imports inside functions and under ``TYPE_CHECKING`` count as well, and so does a
module named in a string (``python -m vejviser.printed.worker``, ``importlib.import_module``).
``site.build`` reaches the plugin through MkDocs's configuration, not an import, so it stands
in the plugin's layer.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "vejviser"

#: Bottom first. Each entry is a part: a module, or a package with everything inside it. A module
#: belongs to the most specific part that names it (``site.plugin`` before ``site``).
LAYERS: list[tuple[str, ...]] = [
    ("schema", "problems", "i18n", "privacy", "parallel", "scratch", "clock", "cache"),
    ("load", "report"),
    ("ids", "geo"),
    ("schema.checker",),
    ("settings", "model"),
    ("enrich",),
    ("validate", "submit", "edit"),
    ("present",),
    ("site", "printed", "review", "export"),
    ("site.plugin", "site.build"),
    ("cli",),
    ("__main__", "reference"),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every ``vejviser`` module the file imports, by its full name (``from x import y`` gives ``x.y``
    when ``y`` is a module, else ``x``)."""
    modules = _modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in modules:
            found.add(node.value)  # run or imported by its name
    return {module for module in found if module == "vejviser" or module.startswith("vejviser.")}


def part_of(module: str) -> tuple[int, str] | None:
    """The layer and the part a module belongs to: the longest part name that is it or holds it."""
    inner = module.removeprefix("vejviser.")
    best = None
    for number, parts in enumerate(LAYERS):
        for part in parts:
            if (inner == part or inner.startswith(part + ".")) and (best is None or len(part) > len(best[1])):
                best = (number, part)
    return best


def _arrows() -> list[tuple[str, str]]:
    return sorted(
        (name, imported)
        for name, path in _modules().items()
        for imported in _imports(name, path)
        if imported != name and imported != "vejviser"
    )


def test_every_module_has_a_place_in_the_layers():
    homeless = [name for name in _modules() if name != "vejviser" and part_of(name) is None]
    assert not homeless, f"add these to LAYERS (and the docstring's picture): {homeless}"


def test_no_module_imports_from_a_layer_above_it_or_from_a_part_beside_it():
    wrong = []
    for importer, imported in _arrows():
        (layer, part), (their_layer, their_part) = part_of(importer), part_of(imported)
        if their_layer > layer or (their_layer == layer and their_part != part):
            wrong.append(f"{importer} (layer {layer}, {part}) -> {imported} (layer {their_layer}, {their_part})")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_the_docstring_picture_draws_the_layers_as_the_test_checks_them():
    rows = [re.split(r"\s{2,}", line.strip()) for line in __doc__.splitlines() if re.match(r"\s+[0-9]+  ", line)]
    drawn = {int(row[0]): set(re.split(r" \| |, ", row[1])) for row in rows}
    assert drawn == {number: set(parts) for number, parts in enumerate(LAYERS)}


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("vejviser.printed.content", "vejviser.site.pages"),  # a writer reaching into another
        ("vejviser.review", "vejviser.site.views"),
        ("vejviser.settings", "vejviser.validate.project"),  # a lower layer reaching up
        ("vejviser.present.views", "vejviser.site.pages"),
        ("vejviser.site.pages", "vejviser.printed.make"),  # only the plugin starts the print job
    ],
)
def test_the_rule_refuses_the_arrows_this_order_forbids(importer, imported):
    (layer, part), (their_layer, their_part) = part_of(importer), part_of(imported)
    assert their_layer > layer or (their_layer == layer and their_part != part)


def test_the_rule_allows_the_plugin_to_start_the_print_job_and_a_writer_to_read_the_directory():
    allowed = [
        ("vejviser.site.plugin", "vejviser.printed.make"),
        ("vejviser.printed.content", "vejviser.present.directory"),
        ("vejviser.site.pages", "vejviser.site.mapdata"),
    ]
    for importer, imported in allowed:
        (layer, part), (their_layer, their_part) = part_of(importer), part_of(imported)
        assert their_layer < layer or their_part == part
