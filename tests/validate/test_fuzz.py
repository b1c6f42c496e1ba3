"""Random bytes and random YAML never crash the loader or the validator: a located problem or success."""

from __future__ import annotations

import copy
import shutil
import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, TODAY
from vejviser.i18n import Messages
from vejviser.load.yamlfile import load_bytes
from vejviser.problems import RecordError
from vejviser.schema import raw_schema
from vejviser.settings import load_settings
from vejviser.validate.project import Validator

MESSAGES = Messages("da")
FIELDS = list(raw_schema("activity")["properties"]) + ["titel", "venue.name", "<<", "0612"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["no", "yes", "ja", "nej", "ukendt", "8:30", "0612", "2026-02-30", "2026-03-01", "tirsdag",
                     "fremmøde", "hjemme", "ugentlig", "javascript:alert(1)", "010203-1234", "https://x.example"]),
    st.text(max_size=30),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(FIELDS), children, max_size=5),
    max_leaves=25,
)
RECORDS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=12)
YAML_TOKENS = st.lists(
    st.sampled_from(["title", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!!str", "'", '"',
                     "#", "---", "|", ">", "?", "\t", "æøå", "no", "8:30", "\ufeff", "\r\n", "%YAML 1.1"]),
    max_size=40,
).map("".join)  # fmt: skip


def assert_located(problems, file):
    for problem in problems:
        assert problem.file
        assert MESSAGES.has(problem.code), problem.code
        if problem.file == file and problem.code.startswith(("schema.", "content.")):
            assert problem.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_load_or_fail_with_a_problem(raw):
    try:
        loaded = load_bytes(raw, "x.yaml")
    except RecordError as exc:
        assert MESSAGES.has(exc.problem.code)
        assert exc.problem.file == "x.yaml"
        if exc.problem.code.startswith("load.syntax"):
            assert exc.problem.line >= 1  # a syntax problem always says where
    else:
        assert isinstance(loaded.data, dict)


@settings(max_examples=300, deadline=None)
@given(YAML_TOKENS | st.text(alphabet=string.printable + "æøåÆØÅ\u0085\u2028", max_size=120))
def test_random_yaml_text_loads_or_fails_with_a_problem(text):
    try:
        load_bytes(text.encode("utf-8", "surrogatepass"), "x.yaml")
    except RecordError as exc:
        assert MESSAGES.has(exc.problem.code)


class _World:
    def __init__(self, root):
        self.root = root
        self.validator = Validator(load_settings(root), TODAY)
        self.target = root / "activities" / "fuzz.yaml"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> _World:
    root = tmp_path_factory.mktemp("fuzz") / "world"
    shutil.copytree(EXAMPLES / "world", root)
    return _World(root)


@settings(max_examples=200, deadline=None)
@given(record=RECORDS)
def test_random_records_are_validated_without_a_crash(record, world):
    world.target.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = world.validator.run()
    assert_located(result.problems, "activities/fuzz.yaml")


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200) | YAML_TOKENS.map(str.encode))
def test_random_files_are_validated_without_a_crash(raw, world):
    world.target.write_bytes(raw)
    result = world.validator.run()
    assert_located(result.problems, "activities/fuzz.yaml")
    assert not result.ok or raw.strip() == b"" or "fuzz" in {a.id for a in result.activities}


REFERENCE = yaml.safe_load((EXAMPLES / "world" / "activities" / "strikkecafe.yaml").read_text(encoding="utf-8"))


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


PATHS = [p for p in _paths(REFERENCE) if p]


@settings(max_examples=300, deadline=None)
@given(mutations=st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(st.just("<delete>"), VALUES)), max_size=3))
def test_mutated_reference_records_are_validated_without_a_crash(mutations, world):
    """Small changes to a valid record reach the content and relation rules, not just the schema."""
    record = copy.deepcopy(REFERENCE)
    for path, value in mutations:
        parent = record
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value == "<delete>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    world.target.write_text(yaml.safe_dump(record, allow_unicode=True, default_flow_style=False), encoding="utf-8")
    result = world.validator.run()
    assert_located(result.problems, "activities/fuzz.yaml")
