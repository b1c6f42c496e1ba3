"""The site's own scripts put data into the page as text nodes, never as HTML text.

Labels, names and titles come from settings and records that are not trusted; a script that
hands them to an HTML parser (innerHTML, Leaflet's ``html:`` and string popups) lets them
run. This reads every non-vendor script in ``assets/`` so that a new one cannot do so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vejviser

ASSETS = Path(vejviser.__file__).parent / "assets"
SCRIPTS = sorted(p for p in ASSETS.glob("*.js"))

#: What parses a string as HTML in the page, with why it is refused.
UNSAFE = {
    r"\.innerHTML\b": "innerHTML parses its string as HTML",
    r"\.outerHTML\b": "outerHTML parses its string as HTML",
    r"\.insertAdjacentHTML\b": "insertAdjacentHTML parses its string as HTML",
    r"\bdocument\s*\.\s*write(ln)?\b": "document.write parses its string as HTML",
    r"\.createContextualFragment\b": "createContextualFragment parses its string as HTML",
    r"\.srcdoc\b|[\"']srcdoc[\"']": "an iframe's srcdoc is a page of HTML",
    r"\.setHTMLUnsafe\b|\.parseHTMLUnsafe\b": "the *HTMLUnsafe methods parse HTML with scripts",
    r"\bhtml\s*:\s*(?!false\b|null\b)[^\s,}]": "Leaflet sets an icon's html option with innerHTML: use textIcon",
    r"\.(bindPopup|bindTooltip|setContent|setTooltipContent|setPopupContent)\(\s*[`\"']": (
        "Leaflet sets a string popup or tooltip with innerHTML: give it an element"
    ),
    r"\b(eval|Function)\s*\(|\bset(Timeout|Interval)\(\s*[`\"']": "a string run as script",
}


def _code(text: str) -> list[tuple[int, str]]:
    """The script's lines without their comments (a line comment begins with // after a space)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = re.sub(r"(^|\s)//.*$", "", line)
        if code.strip():
            lines.append((number, code))
    return lines


def unsafe_uses(text: str) -> list[str]:
    """Every place in a script's text that hands a string to an HTML parser, as "line: why"."""
    found = []
    for number, line in _code(text):
        for pattern, why in UNSAFE.items():
            if re.search(pattern, line):
                found.append(f"{number}: {why}: {line.strip()}")
    return found


def test_there_are_scripts_to_check_and_none_is_vendored():
    names = {p.name for p in SCRIPTS}
    assert {"map.js", "search.js", "form.js", "form_checks.js", "dom.js"} <= names
    assert all(p.parent == ASSETS for p in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_script_puts_data_into_the_page_as_text_never_as_html(script):
    assert unsafe_uses(script.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "line",
    [
        "box.innerHTML = text;",
        "node.outerHTML = `<b>${name}</b>`;",
        'list.insertAdjacentHTML("beforeend", row);',
        "document.write(label);",
        "range.createContextualFragment(html);",
        'frame.srcdoc = "<p>" + title;',
        "L.divIcon({ html: `<span>${label}</span>` })",
        'L.divIcon({ className: "x", html: "<span>" + label + "</span>" })',
        "L.divIcon({ html: label, iconSize: [2, 2] })",
        "marker.bindPopup(`<h3>${title}</h3>`);",
        'marker.bindTooltip("<b>" + title);',
        "popup.setContent('<p>' + where);",
        'setTimeout("go()", 10);',
        "eval(text);",
    ],
)
def test_the_check_finds_html_made_from_a_string(line):
    assert unsafe_uses(f"const a = 1;\n{line}\n") != []


@pytest.mark.parametrize(
    "line",
    [
        'box.textContent = "<b>";',
        'el("span", { class: "vv-sr", text: label })',
        "return new TextIcon({ ...options, html: false, content });",
        "marker.bindPopup(() => box);",
        'const url = "https://example.org/x"; // innerHTML is mentioned in a comment only',
        "/* innerHTML\n in a block comment */ const b = 2;",
    ],
)
def test_the_check_lets_text_nodes_and_comments_be(line):
    assert unsafe_uses(line) == []
