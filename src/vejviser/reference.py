"""Docs derived from the code: the field reference (from the schema) and the CLI help.

``docs/felter.md`` and ``docs/kommandoer.md`` call these through cog; ``make test``
runs ``cog --check`` so the docs fail the build when they drift from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from vejviser.schema import SchemaIndex, effective_schema, raw_schema
from vejviser.settings import load_settings

_TYPE_WORDS = {"string": "tekst", "integer": "helt tal", "number": "tal", "array": "liste", "object": "felter",
               "boolean": "true/false"}  # fmt: skip


def _values(info) -> str:
    if info.enum:
        return ", ".join(f"`{v}`" for v in info.enum)
    if info.format == "date":
        return "dato (ÅÅÅÅ-MM-DD)"
    return " eller ".join(_TYPE_WORDS.get(t, t) for t in sorted(info.types)) or "–"


def _key(path: tuple) -> str:
    return "".join("[]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))


def _rows(index: SchemaIndex, path: tuple) -> list[str]:
    rows = []
    required = index.required(path)
    for name in index.property_names(path):
        here = path + (name,)
        info = index.info(here)
        is_list = "array" in info.types
        inner = here + (0,) if is_list else here
        fields = index.property_names(inner)
        if fields:
            values = "liste af felter (se nedenfor)" if is_list else "felter (se nedenfor)"
        else:
            values = "liste af " + _values(index.info(inner)) if is_list else _values(info)
        description = info.description.replace("|", "\\|")
        rows.append(
            f"| `{_key(here)}` | {info.title} | {'ja' if name in required else ''} | {values} | {description} |"
        )
        if fields:
            rows += _rows(index, inner)
    return rows


def field_reference(project_dir: Path = Path(".")) -> str:
    """Markdown tables of every field of an activity and an organisation, from the schema."""
    settings = load_settings(project_dir)
    out = []
    for name, heading in (("activity", "Aktivitet"), ("organisation", "Forening")):
        schema = effective_schema(name, settings.vocabularies())
        index = SchemaIndex(schema)
        out += [
            f"## {heading}",
            "",
            schema.get("description", ""),
            "",
            "| Felt | Navn | Skal udfyldes | Værdier | Hjælp |",
            "|---|---|---|---|---|",
        ]
        out += _rows(index, ())
        out.append("")
    return "\n".join(out)


def settings_reference() -> str:
    """A Markdown table of every setting in ``vejviser.yaml``, with its default from the schema."""
    index = SchemaIndex(raw_schema("settings"))
    out = ["| Indstilling | Navn | Skal udfyldes | Standard | Hjælp |", "|---|---|---|---|---|"]

    def rows(path: tuple) -> None:
        required = index.required(path)
        for name in index.property_names(path):
            here = path + (name,)
            node = index.nodes(here)[0] if index.nodes(here) else {}
            default = f"`{json.dumps(node['default'], ensure_ascii=False)}`" if "default" in node else ""
            info = index.info(here)
            cells = [f"`{_key(here)}`", info.title, "ja" if name in required else "", default, info.description]
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
            if "array" not in info.types and index.property_names(here):
                rows(here)

    rows(())
    return "\n".join(out) + "\n"


def cli_reference() -> str:
    """The ``--help`` of every command, as Markdown."""
    from vejviser.cli import main

    runner = CliRunner()
    out = [
        "```text",
        "$ vejviser --help",
        runner.invoke(main, ["--help"], prog_name="vejviser", terminal_width=80).output.rstrip(),
        "```",
    ]
    for name in sorted(main.commands):
        text = runner.invoke(main, [name, "--help"], prog_name="vejviser", terminal_width=80).output.rstrip()
        out += ["", f"### vejviser {name}", "", "```text", f"$ vejviser {name} --help", text, "```"]
    return "\n".join(out) + "\n"


#: Mistakes volunteers often make, shown with the validator's real answer in the guide.
COMMON_MISTAKES = (
    (
        "schedule:\n  frequency: ugentlig\n  weekdays: [tirsdag]",
        "schedule:\n  frequency: ugentlig\n  weekdays: [tirsdg]",
    ),
    ("  step_free: ja", "  step_free: yes"),
    ("title: ", "titel: "),
    ("reviewed: ", "reviewed: 2026-02-30\n# reviewed: "),
)


def sample_messages(project_dir: Path, record: str, today: str = "2026-11-23") -> str:
    """The validator's text output for common mistakes made in a copy of ``record``."""
    import shutil
    import tempfile

    from vejviser.cli import main
    from vejviser.ids import FOLDERS
    from vejviser.settings import load_settings

    source = Path(project_dir) / record
    original = source.read_text(encoding="utf-8")
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = load_settings(Path(project_dir))
        for name in ("vejviser.yaml", settings.geocoding.cache, settings.area_polygons):
            if name and (Path(project_dir) / name).is_file():  # the settings and the files they name
                shutil.copy(Path(project_dir) / name, root / name)
        organisations, activities = FOLDERS["organisation"], FOLDERS["activity"]
        shutil.copytree(Path(project_dir) / organisations, root / organisations)
        (root / activities).mkdir()
        for old, new in COMMON_MISTAKES:
            if old not in original:
                raise ValueError(f"{record} has no {old!r} to change")
            (root / activities / source.name).write_text(original.replace(old, new, 1), encoding="utf-8")
            output = CliRunner().invoke(main, ["validate", str(root), "--today", today]).output
            lines += [line for line in output.splitlines() if line.startswith(f"{activities}/")]
    return "```text\n" + "\n".join(lines) + "\n```\n"
