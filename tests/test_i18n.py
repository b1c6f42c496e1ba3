"""Every text a person reads comes from one catalogue per language, with the same keys."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from vejviser.i18n import Messages

SRC = Path(__file__).parent.parent / "src" / "vejviser"
LOCALE = SRC / "locale"
TODAY = dt.date(2026, 11, 23)


def _keys(lang: str) -> set[str]:
    return set(yaml.safe_load((LOCALE / f"{lang}.yaml").read_text(encoding="utf-8")))


#: The schemas whose titles and answer labels a catalogue translates (``schema.activity.…``).
SCHEMAS = ("activity", "organisation")


def _schema_keys(keys: set[str]) -> set[str]:
    return {key for key in keys if key.startswith(tuple(f"schema.{name}." for name in SCHEMAS))}


def test_danish_and_english_catalogues_have_the_same_keys():
    """Besides the schemas' titles, which Danish takes from the schema files themselves."""
    assert _keys("da") == _keys("en") - _schema_keys(_keys("en"))


def test_every_title_and_answer_label_of_the_schemas_has_an_english_text():
    from vejviser.schema import schema_texts

    danish = {key: text for name in SCHEMAS for key, text in schema_texts(name).items()}
    named = {key for key in danish if not key.endswith(".description")}  # help: see the web form's test below
    assert len(named) > 100, "the schemas hold too few titles: is the walk broken?"
    english = _schema_keys(_keys("en"))
    assert sorted(named - english) == [], "add these to en.yaml, in English"
    assert sorted(english - set(danish)) == [], "en.yaml names texts the schemas no longer have"


def test_every_field_the_web_form_asks_has_english_help():
    from vejviser.settings import load_settings
    from vejviser.submit.issue_forms import form_fields

    danish = {tuple(f.path): f.description for f in form_fields(load_settings(SRC.parent.parent), Messages("da"))}
    english = {tuple(f.path): f.description for f in form_fields(load_settings(SRC.parent.parent), Messages("en"))}
    assert len(english) > 30
    assert [path for path, text in english.items() if text == danish[path]] == []


def test_danish_titles_come_from_the_schema_alone():
    """The schema is the source of truth for the Danish words of its fields: da.yaml repeats none."""
    assert _schema_keys(_keys("da")) == set()


def test_a_schema_in_english_has_english_titles_and_labels_and_the_danish_one_is_the_file():
    from vejviser.schema import SchemaIndex, bundled_schema, raw_schema

    english = SchemaIndex(bundled_schema("activity", Messages("en").texts))
    assert english.info(("accessibility", "step_free")).title == "Step-free entrance"
    assert english.info(("accessibility", "step_free")).labels == {"ja": "Yes", "nej": "No", "ukendt": "Not stated"}
    assert english.info(("schedule", "times", 0, "weekday")).title == "Weekday"
    assert english.info(("form",)).labels["hjemme"] == "In your home"
    # the organisation schema borrows the activity schema's definitions, in the same words
    organisation = SchemaIndex(bundled_schema("organisation", Messages("en").texts))
    assert organisation.info(("kind",)).labels["kirke"] == "Church or faith community"
    assert organisation.info(("contact", "phone")).title == "Phone"
    assert bundled_schema("activity", Messages("da").texts) == bundled_schema("activity") == raw_schema("activity")


def test_a_municipality_can_reword_a_field_in_its_own_catalogue(tmp_path):
    from vejviser.schema import SchemaIndex, bundled_schema

    override = tmp_path / "egen.yaml"
    override.write_text('schema.activity.transport.escort.title: "Ledsager"\n', encoding="utf-8")
    index = SchemaIndex(bundled_schema("activity", Messages("da", override).texts))
    assert index.info(("transport", "escort")).title == "Ledsager"
    assert index.info(("transport", "pickup")).title == "Afhentning eller kørsel"


#: The families of message ids: what comes before the first dot of a key (``load``, ``print`` …).
FAMILIES = sorted({key.split(".")[0] for key in _keys("da") if "." in key})
FAMILY = "|".join(FAMILIES)
#: A quoted id in Python (not an f-string): ``"schema.required"``.
PY_ID = re.compile(rf"""(?<![\w.])(?<![fFrRbB])(["'])((?:{FAMILY})\.[\w.-]*\w)\1""")
#: An f-string id with a known family: ``f"cli.write_failed.{kind}"`` (a placeholder may hold the other quotes).
PY_F_ID = re.compile(rf"""\bf(?:"((?:{FAMILY})\.[^"\n]*\{{[^"\n]*)"|'((?:{FAMILY})\.[^'\n]*\{{[^'\n]*)')""")
#: A file name is not an id (``"map.js"``, ``"staff.md"``).
FILE_NAME = re.compile(r"\.(?:md|html|js|css|json|geojson|yaml|yml|typ|pdf|svg|png|txt)$")
#: A noun counted with its number: ``messages.count(n, "activity")`` needs ``noun.activity.one`` and ``.other``.
COUNTED = re.compile(r"""\.count\([^\n]*?,\s*["']([a-z_]+)["']\)""")
#: In a Jinja template: ``t("page.when")``, and ``t("map.filter." ~ key)`` (a prefix).
JINJA_ID = re.compile(r"""(?<![\w.])t\(\s*(["'])([^"'\n]+)\1\s*([~,)])""")


def _missing(found: list[tuple[str, str]]) -> list[str]:
    keys = _keys("da")
    return [f"{file}: {code}" for file, code in found if code not in keys]


def _shown(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _python_ids() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [(_shown(path), m.group(2)) for m in PY_ID.finditer(text) if not FILE_NAME.search(m.group(2))]
    return found


def _prefix_pattern(template: str) -> re.Pattern:
    """``cli.write_failed.{kind}`` -> every key it could name (each placeholder: one or more characters)."""
    parts = re.split(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", template)
    return re.compile(".+".join(re.escape(part) for part in parts))


def _templates() -> list[Path]:
    """The Jinja templates of the pages and of the theme."""
    folders = (SRC / "templates" / "pages", SRC / "templates" / "search", SRC / "theme")
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".md", ".html"))


def test_every_message_id_used_in_the_python_code_is_in_the_catalogue():
    found = _python_ids()
    assert len({code.split(".")[0] for _, code in found}) >= 20, "the pattern found too few families of ids"
    assert _missing(found) == []


def test_every_message_id_built_in_the_python_code_names_keys_of_the_catalogue():
    keys = _keys("da")
    built, unknown = [], []
    for path in sorted(SRC.rglob("*.py")):
        for m in PY_F_ID.finditer(path.read_text(encoding="utf-8")):
            template = m.group(1) or m.group(2)
            built.append(template)
            pattern = _prefix_pattern(template)
            if not any(pattern.fullmatch(key) for key in keys):
                unknown.append(f"{_shown(path)}: {template}")
    assert len(built) >= 10, "the pattern found too few built ids"
    assert unknown == []


def test_the_ids_built_from_a_known_set_are_all_in_the_catalogue():
    from vejviser.cli.common import WRITE_FAILURES
    from vejviser.enrich.freshness import STATES
    from vejviser.present.facets import TIMES_OF_DAY

    expected = [("cli/common.py", f"cli.write_failed.{kind}") for kind in {*WRITE_FAILURES.values(), "other"}]
    expected += [("present/facets.py", f"facet.time_of_day.{t}") for t in TIMES_OF_DAY]
    expected += [("present/words.py", f"month.{n}") for n in range(1, 13)]
    expected += [("report.py", f"severity.{s}") for s in ("error", "warning")]
    expected += [("review.py", f"review.state.{s}") for s in STATES]
    for path in sorted(SRC.rglob("*.py")):
        for noun in COUNTED.findall(path.read_text(encoding="utf-8")):
            expected += [(_shown(path), f"noun.{noun}.{form}") for form in ("one", "other")]
    assert _missing(expected) == []


def test_every_message_id_in_the_page_templates_is_in_the_catalogue():
    keys = _keys("da")
    found, prefixes = [], []
    for path in _templates():
        for m in JINJA_ID.finditer(path.read_text(encoding="utf-8")):
            (prefixes if m.group(3) == "~" else found).append((_shown(path), m.group(2)))
    assert len(found) >= 50, "the pattern found too few ids in the templates"
    assert _missing(found) == []
    assert [f"{file}: {prefix}…" for file, prefix in prefixes if not any(k.startswith(prefix) for k in keys)] == []


def _script_texts() -> dict[str, set[str]]:
    """What each script finds in its ``texts``: the search's and the map's keep their ids; the form's
    lose ``webform.`` and have a few of the validator's words besides."""
    from vejviser.settings import load_settings
    from vejviser.site.search_words import SearchWords
    from vejviser.submit.web_form import web_form
    from vejviser.validate.content_rules import browser_rules

    messages = Messages()
    keys = set(messages.texts)
    form = set(web_form(load_settings(SRC.parent.parent), messages, [], "", browser_rules()).script["texts"])
    return {
        "search.js": {k for k in keys if k.startswith("search.")},
        "map.js": {k for k in keys if k.startswith("map.")},
        "meetings.js": {k for k in keys if k.startswith(("next.", "today.", "week."))},  # in site/meetings.py's data
        "shortlist.js": {k for k in keys if k.startswith("shortlist.")},  # site/shortlist.py: head and page_data
        "form.js": form,
        "form_checks.js": form,
        # the search's words (site/search_words.py), their texts named without their prefix
        "query.js": set(SearchWords(load_settings(SRC.parent.parent), messages).browser([])["texts"]),
    }


def _script_ids(name: str, text: str) -> set[str]:
    ids = set(re.findall(r"""\btexts\[\s*(["'])([^"'\n]+)\1\s*\]""", text))
    ids = {code for _, code in ids} | set(re.findall(r"\btexts\.([A-Za-z_]\w*)", text))
    if name in ("form.js", "form_checks.js"):  # a key handed to a helper that reads texts[key]
        ids |= set(re.findall(r"""["']((?:error|rule)\.[\w.]+)["']""", text))
        ids |= set(re.findall(r'\bsay\(\s*"([\w.]+)"', text))
        ids |= set(re.findall(r'\badd\(\s*(?:\[[^\]\n]*\]|\w+)\s*,\s*"([\w.]+)"', text))
    return ids


def test_every_text_the_scripts_read_is_handed_to_them():
    handed = _script_texts()
    scripts = sorted((SRC / "assets").glob("*.js"))
    assert {p.name for p in scripts} >= set(handed)
    missing, read = [], 0
    for path in scripts:
        ids = _script_ids(path.name, path.read_text(encoding="utf-8"))
        if ids and path.name not in handed:
            missing.append(f"assets/{path.name}: reads texts, but the test does not know which")
            continue
        read += len(ids)
        missing += [f"assets/{path.name}: {code}" for code in sorted(ids - handed.get(path.name, set()))]
    assert read >= 50, "the patterns found too few texts in the scripts"
    assert missing == []


def test_every_text_the_print_templates_read_is_in_the_catalogue():
    """The Typst templates read ``t.name`` (``#let t = data.texts``): the ``print.*`` messages without the prefix."""
    from vejviser.printed.content import _texts

    handed = set(_texts(Messages()))
    templates = {path: path.read_text(encoding="utf-8") for path in sorted((SRC / "templates" / "print").glob("*.typ"))}
    # a name given to the texts in one template is imported by the others
    aliases = {"texts", *(a for text in templates.values() for a in re.findall(r"#let (\w+) = [\w.]*\btexts\b", text))}
    missing, read = [], 0
    for path, text in templates.items():
        names = {name for alias in aliases for name in re.findall(rf"(?<![\w.-]){alias}\.([a-z_][a-z0-9_]*)", text)}
        read += len(names)
        missing += [f"templates/print/{path.name}: print.{name}" for name in sorted(names - handed)]
    assert read >= 20, "the pattern found too few texts in the print templates"
    assert missing == []


def test_a_missing_id_is_shown_as_it_is_but_raises_when_strict():
    assert Messages("da")("nowhere.to_be_found") == "nowhere.to_be_found"
    with pytest.raises(KeyError, match="nowhere.to_be_found"):
        Messages("da", strict=True)("nowhere.to_be_found")
    with pytest.raises(KeyError, match="noun.nothing.other"):
        Messages("da", strict=True).count(2, "nothing")


@pytest.fixture(scope="module")
def example():
    from vejviser.settings import load_settings
    from vejviser.validate.project import validate_project

    settings = load_settings(SRC.parent.parent)
    result = validate_project(settings, TODAY)
    assert result.ok, result.problems
    return settings, result


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_of_the_example_renders_with_every_text_in_the_catalogue(example, lang):
    """Strict messages: an id built at run time (``f"page.{section}_one"``) that is not there fails here."""
    from vejviser.present.directory import Directory
    from vejviser.site.pages import generate_pages

    settings, result = example
    site = generate_pages(Directory(settings, result, Messages(lang, strict=True), TODAY))
    assert len(site.pages) > 100


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_printed_document_of_the_example_is_described_with_every_text_in_the_catalogue(example, lang):
    from vejviser.present.directory import Directory
    from vejviser.printed.content import PrintedDirectory, editions

    settings, result = example
    printed = PrintedDirectory(Directory(settings, result, Messages(lang, strict=True), TODAY))
    documents = [printed.book(edition, TODAY.year + 1)[0] for edition in editions(settings.print_paper)]
    documents += [printed.sheet(area)[0] for area in settings.areas]
    assert all(document["texts"]["book_name"] for document in documents)


def test_placeholders_match_between_languages():
    da = yaml.safe_load((LOCALE / "da.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((LOCALE / "en.yaml").read_text(encoding="utf-8"))
    for key, text in da.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", en[key])), key


def test_lists_are_joined_the_danish_way():
    messages = Messages("da")
    assert messages.join(["mandag", "tirsdag", "onsdag"]) == "mandag, tirsdag eller onsdag"
    assert messages.join(["juli", "august"], "_and") == "juli og august"


def test_an_override_file_replaces_a_text(tmp_path):
    override = tmp_path / "ballerup.yaml"
    override.write_text('summary.ok: "Alt ser fint ud."\n', encoding="utf-8")
    assert Messages("da", override)("summary.ok") == "Alt ser fint ud."


def test_a_missing_parameter_never_crashes():
    assert "mangler" in Messages("da")("schema.required", title="Titel")


def test_no_problem_text_takes_a_parameter_named_like_an_argument_that_places_the_problem():
    """``Loaded.problem(..., key=True, at=...)`` places a problem: a message parameter of the same name
    would be taken as the place and be missing from the text ("Fjern {key}")."""
    import inspect

    from vejviser.load.yamlfile import Loaded

    parameters = inspect.signature(Loaded.problem).parameters.values()
    placing = {p.name for p in parameters if p.kind == p.KEYWORD_ONLY}
    assert placing == {"key", "at"}
    for code, text in Messages("da").texts.items():
        if code.split(".")[0] in ("content", "relation", "schema", "load"):
            used = set(re.findall(r"{(\w+)}", text))
            assert not (used & placing), (code, used & placing)


def test_the_default_taxonomy_has_a_label_in_every_language_but_danish():
    from vejviser.i18n import DEFAULT_LANGUAGE, LANGUAGES
    from vejviser.schema import raw_schema
    from vejviser.settings import default_taxonomy

    term = raw_schema("settings")["definitions"]["terms"]["items"]["properties"]["labels"]
    assert set(term["properties"]) == set(LANGUAGES) - {DEFAULT_LANGUAGE}
    for group, terms in default_taxonomy().items():
        for entry in terms:
            assert set(entry.get("labels", {})) == set(term["properties"]), (group, entry["id"])


def test_the_settings_language_chooses_the_taxonomy_labels(tmp_path):
    import shutil

    from vejviser.settings import load_settings

    for name in ("vejviser.yaml", "omraader.geojson", "geocache.yaml"):
        shutil.copy(SRC.parent.parent / name, tmp_path / name)
    danish = load_settings(tmp_path)
    (tmp_path / "vejviser.yaml").write_text("language: en\n" + (tmp_path / "vejviser.yaml").read_text("utf-8"), "utf-8")
    english = load_settings(tmp_path)
    assert danish.categories[0].label == "Motion og bevægelse"
    assert english.categories[0].label == "Exercise and movement"
    assert [t.id for t in english.target_groups] == [t.id for t in danish.target_groups]


def test_weekdays_and_months_of_a_record_are_said_in_the_readers_language():
    from vejviser.model import Frequency, Schedule
    from vejviser.present.words import dates_in_words, weekday_label, when_in_words

    schedule = Schedule(Frequency.WEEKLY, weekdays=("tirsdag", "torsdag"), start="10:00", end="12:00",
                        pause_months=("juli",))  # fmt: skip
    assert when_in_words(schedule, Messages("da")) == "hver tirsdag og torsdag kl. 10.00–12.00, holder pause i juli"
    assert when_in_words(schedule, Messages("en")) == "every Tuesday and Thursday 10.00–12.00, paused in July"
    assert weekday_label("lørdag", Messages("da")) == "Lørdag" and weekday_label("lørdag", Messages("en")) == "Saturday"
    days = [dt.date(2026, 12, 3), dt.date(2026, 12, 10), dt.date(2027, 1, 7)]
    assert dates_in_words(days, Messages("da")) == "3. og 10. december og 7. januar"
    assert dates_in_words(days, Messages("en")) == "3 and 10 December and 7 January"


def test_records_texts_are_marked_only_when_the_page_is_in_another_language():
    assert Messages("da").records_lang == ""
    assert Messages("en").records_lang == "da"
