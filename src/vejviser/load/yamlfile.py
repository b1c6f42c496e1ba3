"""Read one YAML record literally, remembering where every key and value stands.

Records come from volunteers, so the loader reads YAML the way a person meant it:
plain scalars follow the YAML 1.2 core schema (``no``, ``on`` and ``8:30`` stay text,
there are no implicit dates), duplicate keys, anchors, aliases and tags are refused,
and every problem is a :class:`~vejviser.problems.Problem` with a line and a column,
never an exception from the parser.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vejviser.load.files import LIMITS, FileRefused, read_limited
from vejviser.problems import Problem, RecordError, format_path

#: Records are a few kilobytes; anything this large is a mistake or an attack.
MAX_BYTES = LIMITS["record"]
#: A record nests four levels deep; twenty is generous and keeps the builder bounded.
MAX_DEPTH = 20
#: The longest list and the most fields in one mapping of a record: the schema caps each list
#: far lower, and this keeps a list of 20,000 items from reaching the checks at all.
MAX_ITEMS = 1000
MAX_KEYS = 200
#: The same per kind of file: the geocoding cache is one mapping with an entry per address
#: (its size limit bounds it), the settings list areas, postcodes and terms.
CAPS = {"record": (MAX_ITEMS, MAX_KEYS), "settings": (MAX_ITEMS, MAX_ITEMS), "geocache": (MAX_ITEMS, 1_000_000)}

Path_ = tuple  # a data path: keys and list indices, e.g. ("schedule", "weekdays", 0)

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class Loaded:
    """A record's data with the source position of each value and key.

    ``values`` maps a data path to the (line, column) of its value, ``keys`` maps it
    to the (line, column) of its key; both are 1-based. ``source_text`` keeps the
    text of plain scalars that were read as something other than a string (numbers,
    booleans, null), so that a field whose schema wants text gets what was written.
    """

    data: dict
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    source_text: dict[Path_, str] = field(default_factory=dict)
    #: The record's text, to find a word inside a long value; dropped by :meth:`slim`.
    source: str = ""

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The best known position for ``path``: its value (or key), else where a parent is named."""
        exact = (self.keys, self.values) if key else (self.values, self.keys)
        for positions in exact:
            if path in positions:
                return positions[path]
        while path:
            path = path[:-1]
            for positions in (self.keys, self.values):
                if path in positions:
                    return positions[path]
        return (1, 1)

    def slim(self, paths: tuple[Path_, ...]) -> Loaded:
        """Only the positions of ``paths`` (and their parents), without the data: enough to place later problems."""
        wanted = {path[:n] for path in paths for n in range(len(path) + 1)}
        return Loaded(
            {},
            {p: v for p, v in self.values.items() if p in wanted},
            {p: v for p, v in self.keys.items() if p in wanted},
        )

    def text_position(self, path: Path_, offset: int, text: str) -> tuple[int, int]:
        """Where the word at ``offset`` of the text value at ``path`` stands in the file.

        A long value spans lines (``|`` and ``>`` blocks, folded plain text), so the word
        is looked up in the source from the value's first line on.
        """
        line, column = self.position(path)
        rest = text[offset:].split(None, 1)
        if rest and self.source:
            needle = rest[0]
            lines = self.source.splitlines()
            for index in range(max(line - 1, 0), len(lines)):
                found = lines[index].find(needle)
                if found >= 0:
                    return (index + 1, found + 1)
        return (line, column)

    def problem(self, display: str, severity: str, code: str, path: Path_, *, key: bool = False,
                at: tuple[int, str] | None = None, **params) -> Problem:  # fmt: skip
        """A problem placed at ``path`` (its key with ``key=True``, a word inside it with ``at``)."""
        line, column = self.text_position(path, *at) if at else self.position(path, key=key)
        return Problem(severity, display, code, line, column, format_path(path), params)


def resolve_plain(text: str):
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def load_file(path: Path, display: str, kind: str = "record") -> Loaded:
    """Read and load the YAML file at ``path`` (a regular file within the size of its ``kind``);
    ``display`` is the name used in messages."""
    try:
        raw = read_limited(path, kind)
    except FileRefused as exc:
        raise RecordError(Problem.error(display, exc.code, **exc.params)) from None
    return load_bytes(raw, display, LIMITS[kind], kind)


def load_bytes(raw: bytes, display: str, max_bytes: int = MAX_BYTES, kind: str = "record") -> Loaded:
    """Load one record from its bytes, or raise :class:`RecordError` with a located problem."""
    if len(raw) > max_bytes:
        problem = Problem.error(display, "load.too_large", size_kb=len(raw) // 1024, max_kb=max_bytes // 1024)
        raise RecordError(problem)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise RecordError(Problem.error(display, "load.utf16", line=1))
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise RecordError(Problem.error(display, "load.nul_byte", line=line))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RecordError(Problem.error(display, "load.not_utf8", line=line)) from None
    return load_text(text, display, kind)


def load_text(text: str, display: str, kind: str = "record") -> Loaded:
    """Load one record from text (a leading BOM and CRLF line ends are fine)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loaded = _Builder(display, *CAPS[kind]).build(yaml.CBaseLoader(text))
        return dataclasses.replace(loaded, source=text)
    except yaml.MarkedYAMLError as exc:
        code, (line, column) = _explain(exc, text)
        detail = (exc.problem or exc.context or "").strip()
        raise RecordError(Problem.error(display, code, line=line, column=column, detail=detail)) from None
    except yaml.reader.ReaderError as exc:  # a control character the YAML reader refuses
        line = text[: exc.position].count("\n") + 1
        raise RecordError(
            Problem.error(display, "load.control_character", line=line, code_point=_code_point(exc.character))
        ) from None
    except yaml.YAMLError as exc:
        raise RecordError(Problem.error(display, "load.syntax", detail=str(exc).splitlines()[0])) from None


def _code_point(character) -> str:
    value = ord(character) if isinstance(character, str) else int(character)
    return f"U+{value:04X}"


def _char_at(lines: list[str], line: int, column: int) -> str:
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, tuple[int, int]]:
    """The message for a libyaml complaint, and the place where the volunteer should look.

    libyaml notices a mistake where it can no longer go on, which is often a line or more
    after the mistake itself; its context mark and a look at the text find the real place.
    """
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()

    def at(mark) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    here, there = exc.problem_mark, exc.context_mark or exc.problem_mark
    if "tab" in problem or (here is not None and _char_at(lines, here.line, here.column) == "\t"):
        return "load.syntax_tab", at(here)
    if "escape" in problem or "hexdecimal" in problem:
        return "load.syntax_escape", at(here)
    if "quoted scalar" in context:
        return "load.syntax_unclosed_quote", at(there)
    if any(phrase in problem for phrase in _SPECIAL_START):
        return "load.syntax_special_start", at(here)
    if "simple key" in context and "':'" in problem:
        return "load.syntax_missing_colon", at(there)
    if "flow sequence" in context or "flow mapping" in context:
        return "load.syntax_unclosed_bracket", at(there)
    if "mapping values are not allowed" in problem and here is not None:
        line = lines[here.line] if here.line < len(lines) else ""
        if line.find(":") == here.column:  # the key's own colon: indented too far, or the line above lacks one
            above = _suspect(lines, here.line - 1)
            if above and above[0] == "load.syntax_missing_colon":
                return above
            return "load.syntax_indent", at(here)
        return "load.syntax_colon", at(here)
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return _suspect(lines, here.line if here is not None else 0) or ("load.syntax_indent", at(here))
    if "unexpected end" in problem:
        return "load.syntax_unclosed", at(there)
    return "load.syntax", at(here)


#: libyaml's complaints about a plain text that starts with a character YAML reserves.
_SPECIAL_START = (
    "cannot start any token",
    "block sequence entries are not allowed",
    "mapping keys are not allowed",
    "expected alphabetic or numeric character",
    "expected comment or line break",
    "expected chomping or indentation indicators",
)
_FIELD = re.compile(r"^\s*(?:- )?[^\s:#][^:#]*:(?:\s+(.*))?$")
_CLOSER = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _suspect(lines: list[str], before: int) -> tuple[str, tuple[int, int]] | None:
    """Look at the lines up to ``before`` for the usual culprits of a lost parser."""
    for index in range(min(before, len(lines) - 1), max(before - 4, -1), -1):
        line = lines[index].split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.replace('\\"', "").count('"') % 2 == 1:
            return "load.syntax_unclosed_quote", (index + 1, line.index('"') + 1)
        field = _FIELD.match(line)
        if field is None:
            if not line.lstrip().startswith("-"):
                return "load.syntax_missing_colon", (index + 1, 1)
            continue
        value = (field.group(1) or "").strip()
        if value[:1] in _CLOSER and _closes_early(value):
            code = "load.syntax_quoted_text" if value[0] in "\"'" else "load.syntax_special_start"
            return code, (index + 1, line.index(value) + 1)
    return None


def _closes_early(value: str) -> bool:
    """Whether a quoted or bracketed value ends before the text on its line does."""
    opener, closer = value[0], _CLOSER[value[0]]
    if opener in "[{":
        return not value.endswith(closer)
    index = 1
    while index < len(value):
        char = value[index]
        if opener == '"' and char == "\\":
            index += 2
            continue
        if char == closer:
            if opener == "'" and value[index + 1 : index + 2] == "'":  # '' is a quote inside '...'
                index += 2
                continue
            return index != len(value) - 1
        index += 1
    return False


class _Frame:
    __slots__ = ("container", "path", "key", "key_line", "seen")

    def __init__(self, container, path):
        self.container = container
        self.path = path
        self.key = None  # the key waiting for its value, in a mapping
        self.key_line = 0
        self.seen: dict[str, int] = {}


class _Builder:
    """Turns libyaml's event stream into plain data plus positions, refusing YAML features."""

    def __init__(self, display: str, max_items: int = MAX_ITEMS, max_keys: int = MAX_KEYS):
        self.display = display
        self.max_items = max_items
        self.max_keys = max_keys

    def _fail(self, code: str, mark, **params):
        line, column = mark.line + 1, mark.column + 1
        raise RecordError(Problem.error(self.display, code, line=line, column=column, **params))

    def build(self, parser) -> Loaded:
        values: dict = {}
        keys: dict = {}
        source: dict = {}
        stack: list[_Frame] = []
        root = None
        documents = 0
        get = parser.get_event
        ev = get()  # StreamStart
        while True:
            ev = get()
            kind = type(ev)
            if kind is yaml.ScalarEvent:
                self._refuse_anchor_and_tag(ev)
                if not stack:
                    root = ev.value if ev.style else resolve_plain(ev.value)
                    continue
                top = stack[-1]
                if type(top.container) is dict and top.key is None:
                    self._take_key(top, ev, keys)
                    continue
                value = ev.value
                if not value.isascii():  # "å" typed on a Mac may arrive decomposed
                    value = unicodedata.normalize("NFC", value)
                if not ev.style:
                    value = resolve_plain(value)
                path = self._attach(top, value, ev, values)
                if value is not None and type(value) is not str:
                    source[path] = ev.value
                continue
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._refuse_anchor_and_tag(ev)
                container: dict | list = {} if kind is yaml.MappingStartEvent else []
                if len(stack) >= MAX_DEPTH:
                    self._fail("load.too_deep", ev.start_mark, max_depth=MAX_DEPTH)
                if not stack:
                    root = container
                    path = ()
                    values[path] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
                else:
                    top = stack[-1]
                    if type(top.container) is dict and top.key is None:
                        self._fail("load.complex_key", ev.start_mark)
                    path = self._attach(top, container, ev, values)
                stack.append(_Frame(container, path))
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind is yaml.AliasEvent:
                self._fail("load.alias", ev.start_mark, name=ev.anchor)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._fail("load.several_documents", ev.start_mark)
                continue
            if kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.StreamEndEvent:
                break
        if documents == 0:
            raise RecordError(Problem.error(self.display, "load.empty"))
        if root is None:
            raise RecordError(Problem.error(self.display, "load.empty"))
        if type(root) is not dict:
            raise RecordError(Problem.error(self.display, "load.not_mapping"))
        return Loaded(root, values, keys, source)

    def _refuse_anchor_and_tag(self, ev) -> None:
        if ev.anchor is not None:
            self._fail("load.anchor", ev.start_mark, name=ev.anchor)
        if ev.tag is not None:
            self._fail("load.tag", ev.start_mark, tag=ev.tag.replace("tag:yaml.org,2002:", "!!"))

    def _take_key(self, top: _Frame, ev, keys: dict) -> None:
        key = ev.value if ev.value.isascii() else unicodedata.normalize("NFC", ev.value)
        line = ev.start_mark.line + 1
        first = top.seen.get(key)
        if first is not None:
            self._fail("load.duplicate_key", ev.start_mark, name=key, first_line=first, second_line=line)
        top.seen[key] = line
        top.key = key
        keys[top.path + (key,)] = (line, ev.start_mark.column + 1)

    def _attach(self, top: _Frame, value, ev, values: dict) -> Path_:
        container = top.container
        limit = self.max_keys if type(container) is dict else self.max_items
        if len(container) >= limit:
            self._fail("load.too_many_items", ev.start_mark, path=format_path(top.path) or "/", max_items=limit)
        if type(container) is dict:
            path = top.path + (top.key,)
            container[top.key] = value
            top.key = None
        else:
            path = top.path + (len(container),)
            container.append(value)
        values[path] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
        return path
