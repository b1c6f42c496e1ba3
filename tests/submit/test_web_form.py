"""The page "Tilføj en aktivitet" is made from the schema: the issue form's fields, the
municipality's choices, the schema the validator uses, and where the answers can be sent."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from importlib import resources

import yaml

from tests.conftest import TODAY
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.schema import effective_schema
from vejviser.settings import load_settings
from vejviser.site.pages import generate_pages
from vejviser.submit.issue_forms import ITEM_SEPARATOR, LINK_PARAMETERS, form_fields
from vejviser.validate.project import validate_project

PAGE = urls.path(urls.ADD)


class _Controls(HTMLParser):
    """The form's controls with their labels and attributes, and the page's JSON data."""

    def __init__(self):
        super().__init__()
        self.controls: dict[str, dict] = {}
        self.options: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}
        self.data = ""
        self._label = self._select = None
        self._text: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea", "fieldset") and "id" in attrs:
            self.controls[attrs["id"]] = {"tag": tag, **attrs}
        if tag == "select":
            self._select = attrs["id"]
            self.options[self._select] = []
        if tag in ("label", "legend", "option"):
            self._label, self._text = (tag, attrs.get("for")), []
        if tag == "p" and attrs.get("id", "").endswith("-help"):
            self._label, self._text = (tag, attrs["id"]), []
        if tag == "script" and attrs.get("id") == "vv-form-data":
            self._in_data = True

    def handle_data(self, data):
        if self._label:
            self._text.append(data)
        if self._in_data:
            self.data += data

    def handle_endtag(self, tag):
        if self._label and tag == self._label[0]:
            text = " ".join("".join(self._text).split())
            if tag == "option" and self._select:
                self.options[self._select].append(text)
            elif self._label[1]:
                self.labels[self._label[1]] = text
            self._label = None
        if tag == "select":
            self._select = None
        if tag == "script":
            self._in_data = False


def _page(root, **change):
    settings = load_settings(root)
    result = validate_project(settings, TODAY)
    assert result.ok, result.problems
    settings = replace(settings, **change)
    site = generate_pages(Directory(settings, result, Messages(), TODAY))
    [page] = [p for p in site.pages if p.path == PAGE]
    parsed = _Controls()
    parsed.feed(page.body)
    return settings, site, page, parsed


def test_the_form_asks_every_field_of_the_issue_form_with_its_label_and_help(example):
    settings, _, page, parsed = _page(example)
    fields = form_fields(settings, Messages())
    for f in fields:
        control = parsed.controls[f"vv-f-{f.id}"]
        if control["tag"] == "fieldset":  # a choice of several: one box each
            boxes = [c for key, c in parsed.controls.items() if key.startswith(f"vv-f-{f.id}-") and c["tag"] == "input"]
            assert [parsed.labels[f"vv-f-{f.id}-{i}"] for i in range(len(boxes))] == [w for _, w in f.options]
        else:
            assert parsed.labels[f"vv-f-{f.id}"].startswith(f.name if f.section else f.label), f.id
            assert ("required" in control) == f.required, f.id
        if f.description and f.path != ("organisation",):
            assert parsed.labels[f"vv-f-{f.id}-help"] == " ".join(f.description.split())
    assert not any(f.id in LINK_PARAMETERS for f in fields)  # every field can be filled in by a link


def test_a_single_choice_offers_the_schemas_values_in_the_readers_words(example):
    _, _, _, parsed = _page(example)
    assert parsed.options["vv-f-form"] == ["Vælg …", "På et mødested", "Hjemme hos dig", "Over telefonen", "Online"]
    assert parsed.options["vv-f-accessibility-step_free"] == ["Vælg …", "Ja", "Nej", "Ikke oplyst"]
    assert parsed.options["vv-f-area"][1:] == [a.name for a in load_settings(example).areas]


def test_the_association_is_chosen_by_name_from_the_directorys_associations(example):
    _, _, _, parsed = _page(example)
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (example / "organisations").glob("*.yaml")]
    chosen = parsed.options["vv-f-organisation"]
    assert sorted(chosen[1:-1], key=str.casefold) == sorted(names, key=str.casefold)
    assert chosen[-1] == "En anden forening (skriv navnet nedenfor)"


def test_the_browser_checks_against_the_schema_the_validator_uses(example):
    settings, _, _, parsed = _page(example)
    data = json.loads(parsed.data)
    assert data["schema"] == effective_schema("activity", settings.vocabularies())
    assert [f["id"] for f in data["fields"]] == [f.id for f in form_fields(settings, Messages())]
    assert data["texts"]["error.required"] == "Feltet skal udfyldes."
    assert data["mail"] == settings.contact.email


def test_the_github_link_opens_the_issue_form_of_the_repository(example):
    _, _, page, parsed = _page(example)
    data = json.loads(parsed.data)
    assert data["issue"] == (
        "https://github.com/eksempel-kommune/vejviser/issues/new?template=ny-aktivitet.yml&labels=ny-aktivitet"
    )
    assert "data-vv-issue" in page.body


def test_without_a_repository_the_form_offers_the_e_mail_and_the_file(example):
    _, _, page, parsed = _page(example, repository="")
    assert json.loads(parsed.data)["issue"] == ""
    assert "data-vv-issue" not in page.body
    assert "data-vv-mail" in page.body and "data-vv-download" in page.body


def test_the_page_is_in_the_navigation_and_points_to_the_guide(example):
    _, site, page, _ = _page(example)
    assert PAGE in [entry.path for entry in site.nav]
    assert f'href="../{urls.GUIDE}/"' in page.body


def test_an_associations_name_is_shown_as_text(example):
    organisation = next((example / "organisations").glob("*.yaml"))
    text = organisation.read_text(encoding="utf-8")
    name = yaml.safe_load(text)["name"]
    organisation.write_text(text.replace(f"name: {name}", 'name: "Klub </script><script>alert(1)</script>"'))
    _, _, page, parsed = _page(example)
    assert "<script>alert(1)" not in page.body
    assert "Klub </script><script>alert(1)</script>" in parsed.options["vv-f-organisation"]


def test_a_part_of_a_line_that_is_a_choice_comes_with_its_choices_for_the_script_to_read_it(example):
    _, _, _, parsed = _page(example)
    fields = {f["id"]: f for f in json.loads(parsed.data)["fields"]}
    times = fields["schedule-times"]
    assert times["name"] == "Flere tidspunkter"  # as the rules' messages name it
    assert [words for _, words in times["items"]["weekday"]["options"]][:2] == ["mandag", "tirsdag"]
    assert times["items"]["start"]["options"] == []
    assert fields["contacts"]["items"]["consent"]["options"] == [["ja", "ja"], ["nej", "nej"]]


#: The validator's error-level content rules that the web form does not check in the browser, and why.
SERVER_ONLY = {
    "content.cpr_in_name": "the form names the file itself, from the title (a CPR number there is content.cpr)",
    "content.id_mismatch": "the form writes no id: the file's name is the id",
    "content.reviewed_future": "the form sets the date confirmed to today",
    "content.consent_date_future": "the form sets a consent's date to today",
    "content.never_meets": "it takes the occurrence engine (Python, dateutil and the holiday calendar)",
}


def _error_codes(module) -> set[str]:
    """The ``content.*`` codes a rules module reports as errors: with ``ERROR`` beside them in a call
    or a tuple, or through ``Problem.error``."""
    import ast
    import inspect

    def codes(nodes) -> set[str]:
        return {n.value for n in nodes if isinstance(n, ast.Constant) and str(n.value).startswith("content.")}

    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call):
            by_level = any(isinstance(a, ast.Name) and a.id == "ERROR" for a in node.args)
            if by_level or (isinstance(node.func, ast.Attribute) and node.func.attr == "error"):
                found |= codes(node.args)
        elif isinstance(node, ast.Tuple) and any(isinstance(e, ast.Name) and e.id == "ERROR" for e in node.elts):
            found |= codes(node.elts)
    return found


def test_every_error_level_content_rule_has_a_twin_in_the_browser_or_is_said_to_be_checked_only_by_the_validator():
    from tests.browser.test_web_form import RULES
    from vejviser.validate import content_rules

    errors = _error_codes(content_rules)
    assert {"content.cpr", "content.link_scheme", "content.venue_not_used"} <= errors  # the reading works
    twins = {code for *_, code in RULES.values() if code.startswith("content.")}
    missing = errors - twins - set(SERVER_ONLY)
    assert not missing, f"a browser twin in tests/browser/test_web_form.py RULES, or a reason in SERVER_ONLY: {missing}"
    assert not (twins & set(SERVER_ONLY)), "a rule with a twin is not checked only by the validator"
    assert set(SERVER_ONLY) <= errors, "SERVER_ONLY names a rule that is not there (any more)"


def test_the_form_reads_the_validators_rules_from_the_page_and_not_from_its_own_copy(example):
    from vejviser.model import FORMS_WITHOUT_VENUE, MONTHS, Frequency
    from vejviser.privacy import CPR_DIGITS, HIDDEN_CONTROLS
    from vejviser.validate.content_rules import SAFE_SCHEMES

    _, _, _, parsed = _page(example)
    script = json.loads(parsed.data)
    assert script["rules"] == {
        "cpr": CPR_DIGITS,
        "hidden_controls": HIDDEN_CONTROLS,
        "safe_schemes": sorted(SAFE_SCHEMES),
        "forms_without_venue": list(FORMS_WITHOUT_VENUE),
        "months": list(MONTHS),
        "frequencies": {"monthly": Frequency.MONTHLY, "fortnightly": Frequency.FORTNIGHTLY,
                        "dates": Frequency.DATES, "by_appointment": Frequency.BY_APPOINTMENT},
    }  # fmt: skip
    assert {f["separator"] for f in script["fields"]} == {ITEM_SEPARATOR}
    assets = resources.files("vejviser").joinpath("assets")
    checks = assets.joinpath("form_checks.js").read_text(encoding="utf-8")
    form = assets.joinpath("form.js").read_text(encoding="utf-8")
    for constant in (
        '"https", "mailto"',
        '"hjemme", "telefon"',
        "[0-9]{2})[./ ,:_-]?",
        "\\x7f-\\x9f",
        "månedlig",
        '"januar"',
        "efter-aftale",
    ):
        assert constant not in checks, f"form_checks.js keeps its own copy of {constant}"
    assert 'split(";")' not in form and 'split(";")' not in checks
