"""Every text a person reads comes from one catalogue per language, with the same keys."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from vejviser.i18n import Messages

SRC = Path(__file__).parent.parent / "src" / "vejviser"
LOCALE = SRC / "locale"


def _keys(lang: str) -> set[str]:
    return set(yaml.safe_load((LOCALE / f"{lang}.yaml").read_text(encoding="utf-8")))


def test_danish_and_english_catalogues_have_the_same_keys():
    assert _keys("da") == _keys("en")


def test_every_message_id_used_in_the_code_is_in_the_catalogue():
    used = set()
    pattern = re.compile(r'"((?:load|schema|content|relation|settings|summary|page|when)\.[a-z_.]+)"')
    for path in SRC.rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern found no message ids"
    assert used - _keys("da") == set()


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
