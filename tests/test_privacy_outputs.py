"""A contact who did not agree is published nowhere: not in any file of the site, PDF or review.

The example municipality is built once beside five records of its own (two organisations,
three activities) with contacts who said no, with names, phones and e-mails found in no other
field, and contacts who said yes, whose details must be there (so that the search can fail).
Every output is read as its reader gets it: each file of the built site (pages with their
JSON-LD, map data, the form's data, the schemas), the Pagefind index decompressed, each PDF as
text (pdftotext) with its links and metadata (pypdf), the pages of ``vejviser generate``, and
``vejviser review`` as text, CSV and Markdown. Each refused detail is looked for in several spellings.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from tests.conftest import REPO, copy_example, edit_record
from vejviser.cli import main
from vejviser.review import FORMATS

#: The build shows what is current on the real day, so the records below are confirmed days ago.
TODAY = dt.date.today()
CONFIRMED = (TODAY - dt.timedelta(days=10)).isoformat()


@dataclass(frozen=True)
class Person:
    name: str
    phone: str = ""
    email: str = ""
    role: str = ""


#: Contacts who said no (``consent: nej``): on two activities, an ended one and an organisation.
REFUSED = {
    "activity": Person("Zebulon Tavsholm", "82 46 19 37", "zebulon.tavs@hemmelig-post.example", "skyggekasserer"),
    "second_activity": Person("Quintessa Ydmygsen", "93572064", "QUINTESSA@Stille-Postvaesen.example", "kaedevogter"),
    "ended": Person("Ulrikke Fjernholm", "+4587654219", "ulrikke@lukket-laage.example", "afviklingsleder"),
    "organisation": Person("Xylofina Quornsdatter", "+45 71 93 46 28", "xq.7731@xq-postkasse.example", "skjulevogter"),
}
#: Contacts who said yes: on an activity and on an organisation.
AGREED = {
    "activity": Person("Villumina Jasager", "36 14 72 95", "villumina@samtykke-ja.example", "vaertinde"),
    "organisation": Person("Olympia Jabersen", "38 27 51 64", "olympia@samtykkeforeningen.example", "formand"),
}


def _contact(person: Person, consent: bool) -> dict:
    data = {"name": person.name, "role": person.role, "phone": person.phone, "email": person.email,
            "consent": "ja" if consent else "nej"}  # fmt: skip
    if consent:
        data["consent_date"] = CONFIRMED
    return data


def _activity(title: str, organisation: str, contacts: list[dict], **fields) -> dict:
    return {
        "title": title,
        "summary": "Kaffe, kage og en god snak om stort og småt.",
        "description": "Alle er velkomne, og man behøver ikke at melde sig til.",
        "organisation": organisation,
        "categories": ["spil-og-hygge"],
        "schedule": {"frequency": "ugentlig", "weekdays": ["onsdag"], "start": "10:00", "end": "12:00"},
        "cost": {"free": "ja"},
        "contacts": contacts,
        "links": [{"url": "https://privatliv.example/kaffe", "text": "Om klubben"}],
        "reviewed": CONFIRMED,
        **fields,
    }


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _add_private_records(root: Path) -> None:
    venue = {"name": "Privatlivets Hus", "address": {"street": "Stationsparken 12", "postcode": "2750",
             "town": "Ballerup"}, "coordinates": {"lat": 55.7301, "lon": 12.3592}}  # fmt: skip
    _write(root / "organisations" / "afslagsforeningen.yaml", {
        "name": "Afslagsforeningen", "kind": "forening", "description": "En forening for kaffeklubber.",
        "website": "https://privatliv.example", "contact": _contact(REFUSED["organisation"], consent=False),
    })  # fmt: skip
    _write(root / "organisations" / "samtykkeforeningen.yaml", {
        "name": "Samtykkeforeningen", "kind": "forening", "description": "En forening for telefonkæder.",
        "contact": _contact(AGREED["organisation"], consent=True),
    })  # fmt: skip
    _write(root / "activities" / "privatliv-kaffeklub.yaml", _activity(
        "Privatlivets kaffeklub", "afslagsforeningen",
        [_contact(AGREED["activity"], consent=True), _contact(REFUSED["activity"], consent=False)],
        form="fremmøde", venue=venue, area="ballerup-centrum",
    ))  # fmt: skip
    _write(root / "activities" / "privatliv-telefonkaede.yaml", _activity(
        "Telefonkæden for stille sjæle", "samtykkeforeningen", [_contact(REFUSED["second_activity"], consent=False)],
        form="telefon", service_area=["hele-kommunen"],
    ))  # fmt: skip
    _write(root / "activities" / "privatliv-lukket.yaml", _activity(
        "Den lukkede kaffeklub", "afslagsforeningen", [_contact(REFUSED["ended"], consent=False)],
        form="fremmøde", venue=venue, area="ballerup-centrum", status="ophørt",
    ))  # fmt: skip


def _example_refused() -> list[Person]:
    """The example municipality's own contacts who said no, less any detail someone who said yes shares."""
    contacts = []
    for path in sorted((REPO / "activities").glob("*.yaml")) + sorted((REPO / "organisations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        contacts += data.get("contacts", []) + ([data["contact"]] if "contact" in data else [])
    agreed = {c.get(key) for c in contacts if c["consent"] == "ja" for key in ("name", "phone", "email")}
    return [
        Person(*(c.get(key, "") if c.get(key) not in agreed else "" for key in ("name", "phone", "email")))
        for c in contacts
        if c["consent"] != "ja"
    ]


# --- reading the outputs ----------------------------------------------------------------------


def _unescape(text: str) -> str:
    """The text as a reader sees it: JSON's \\u escapes, URL escapes and HTML entities undone."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(unquote(text))


def _readable(text: str) -> str:
    """The text as written and unescaped, and with words broken over lines joined again."""
    plain = _unescape(text)
    joined = re.sub(r"[-\u00ad\u2010]\s*\n\s*", "", plain.replace("\u00ad", ""))
    return "\n".join((text, plain, joined))


def _decompressed(data: bytes) -> bytes:
    """Pagefind's files are gzip-compressed; its fragments then start with ``pagefind_dcd``."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.removeprefix(b"pagefind_dcd")


def pdf_texts(pdf: Path) -> str:
    """The PDF as text (pdftotext), with the URIs of its links and its metadata (pypdf)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True)
    reader = PdfReader(pdf)
    extra = [str(value) for value in (reader.metadata or {}).values()]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                extra.append(str(action["/URI"]))
    return "\n".join([out.stdout, *extra])


@dataclass
class Outputs:
    root: Path
    #: Every output as text, keyed by a name that says where it came from.
    texts: dict[str, str]

    def matching(self, pattern: re.Pattern) -> list[str]:
        return [name for name, text in self.texts.items() if pattern.search(text)]


def _site_texts(site: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = f"site/{path.relative_to(site).as_posix()}"
        if path.suffix == ".pdf":
            texts[name] = _readable(pdf_texts(path))
        else:
            texts[name] = _readable(_unfolded(path, _decompressed(path.read_bytes()).decode("utf-8", errors="replace")))
    return texts


def _unfolded(path: Path, text: str) -> str:
    """A calendar's lines as one: RFC 5545 folds them at 75 octets, also inside a name."""
    return text.replace("\r\n ", "").replace("\r\n\t", "") if path.suffix == ".ics" else text


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Outputs:
    root = copy_example(tmp_path_factory.mktemp("kommune"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    _add_private_records(root)
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", str(root)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(main, ["build", str(root)])
    assert built.exit_code == 0, built.output
    texts = _site_texts(root / "site")
    generated = runner.invoke(main, ["generate", str(root), "--out", str(root / "pages")])
    assert generated.exit_code == 0, generated.output
    for path in sorted((root / "pages").rglob("*.*")):
        text = _unfolded(path, path.read_bytes().decode("utf-8"))
        texts[f"generate/{path.relative_to(root / 'pages').as_posix()}"] = _readable(text)
    for fmt in FORMATS:
        result = runner.invoke(main, ["review", str(root), "--all", "--today", TODAY.isoformat(), "--format", fmt])
        assert result.exit_code == 0, result.output
        texts[f"review --format {fmt}"] = _readable(result.output)
    return Outputs(root, texts)


# --- the spellings of a detail ----------------------------------------------------------------

#: What may stand between two digits of a phone number: spaces of any kind, dashes, dots, slashes.
_GAP = r"[\s\-\u2010-\u2015./()]*"


def phone_pattern(phone: str) -> re.Pattern:
    """The eight digits in any spelling: ``82461937``, ``82 46 19 37``, ``82-46-19-37``, ``+45 82.46.19.37``."""
    digits = re.sub(r"\D", "", phone)[-8:]
    return re.compile(_GAP.join(digits))


def name_patterns(name: str) -> list[re.Pattern]:
    """The whole name, its words separated by any space or a line break."""
    words = name.split()
    return [re.compile(r"[\s\-]+".join(re.escape(w) for w in words), re.IGNORECASE)]


def refused_patterns(person: Person, distinctive: bool) -> list[tuple[str, re.Pattern]]:
    found = [(f"name {person.name!r}", p) for p in name_patterns(person.name)] if person.name else []
    if person.phone:
        found.append((f"phone {person.phone!r}", phone_pattern(person.phone)))
    if person.email:
        local, domain = person.email.split("@")
        found.append((f"e-mail {person.email!r}", re.compile(re.escape(person.email), re.IGNORECASE)))
        found.append((f"e-mail {person.email!r} spelled out",
                      re.compile(re.escape(local) + r"\s*(?:\(at\)|\[at\]| at |@)\s*" + re.escape(domain),
                                 re.IGNORECASE)))  # fmt: skip
    if distinctive:  # each word of the name, the e-mail's halves and the role are used nowhere else
        found += [(f"word {word!r} of the name", re.compile(re.escape(word), re.IGNORECASE))
                  for word in person.name.split()]  # fmt: skip
        found.append((f"e-mail's domain {domain!r}", re.compile(re.escape(domain), re.IGNORECASE)))
        found.append((f"e-mail's user {local!r}", re.compile(re.escape(local) + r"(?![\w])", re.IGNORECASE)))
        found.append((f"role {person.role!r}", re.compile(re.escape(person.role), re.IGNORECASE)))
    return found


REFUSED_CASES = [(key, *case) for key, person in REFUSED.items() for case in refused_patterns(person, True)]


def test_the_search_finds_every_spelling():
    phone, name = phone_pattern("+45 82 46 19 37"), name_patterns("Zebulon Tavsholm")[0]
    for text in ("82461937", "82 46 19 37", "82-46-19-37", "82.46.19.37", "+45 8246 1937", "tel:+4582461937"):
        assert phone.search(_readable(text)), text
    assert phone.search(_readable('{"t":"82\\u00a046\\u00a019\\u00a037"}'))
    assert phone.search(_readable("ring 82&nbsp;46&#160;19%2037"))
    for text in ("ZEBULON TAVSHOLM", "Zebulon\nTavsholm", "Zebulon Tavs-\nholm", "Zebulon&#32;Tavsholm"):
        assert name.search(_readable(text)), text
    assert not phone.search("82 46 19 38")
    found = [m.group(0) for m in CPR.finditer("CPR 010170-1234. Ikke 2026-11-23, 12.345.678.901 eller 9999991234.")]
    assert found == ["010170-1234", "9999991234"]


# --- what must not be there -------------------------------------------------------------------


@pytest.mark.parametrize(("whose", "what", "pattern"), REFUSED_CASES, ids=[f"{c[0]}: {c[1]}" for c in REFUSED_CASES])
def test_a_contact_who_said_no_appears_in_no_output(outputs, whose, what, pattern):
    assert outputs.matching(pattern) == [], f"the {whose} contact's {what} is published"


def test_the_example_contacts_who_said_no_appear_in_no_output(outputs):
    people = _example_refused()
    assert people, "the example has contacts who said no"
    leaks = [(person.name, what, outputs.matching(pattern))
             for person in people for what, pattern in refused_patterns(person, distinctive=False)]  # fmt: skip
    assert [leak for leak in leaks if leak[2]] == []


# --- what must be there (else the search above could find nothing anywhere) -------------------


def _find(outputs: Outputs, text: str) -> list[str]:
    return outputs.matching(re.compile(re.escape(text)))


def test_a_contact_who_said_yes_is_on_the_activity_page_in_print_and_in_review(outputs):
    person = AGREED["activity"]
    page = "site/aktiviteter/privatliv-kaffeklub/index.html"
    for detail in (person.name, person.phone, person.email, f"tel:{person.phone.replace(' ', '')}"):
        assert page in _find(outputs, detail), detail
    for pdf in ("site/netvaerksbogen.pdf", "site/netvaerksbogen-stor-skrift.pdf"):
        assert {pdf} <= set(_find(outputs, person.name)) & set(_find(outputs, person.phone)), pdf
    for fmt in FORMATS:  # the organisation's contact said no: review asks the activity's, who said yes
        assert f"review --format {fmt}" in _find(outputs, person.name), fmt


def test_an_organisation_contact_who_said_yes_is_on_its_page_in_json_ld_and_in_review(outputs):
    person = AGREED["organisation"]
    page = outputs.texts["site/foreninger/samtykkeforeningen/index.html"]
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert ld is not None
    for detail in (person.name, person.phone, person.email):
        assert detail in page
        assert detail in _unescape(ld.group(1))
    for fmt in FORMATS:
        assert f"review --format {fmt}" in _find(outputs, person.name), fmt


def test_every_output_was_read(outputs):
    """The search reads the index, the map data and the PDFs, not only their names."""
    names = outputs.texts
    fragments = [n for n in names if n.startswith("site/pagefind/fragment/")]
    assert fragments and any("Privatlivets kaffeklub" in names[n] for n in fragments)
    assert "Privatlivets kaffeklub" in "".join(names[n] for n in names if n.startswith("site/kort/"))
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) >= 3  # the book, its large print and at least one area sheet
    for book in ("site/netvaerksbogen.pdf", "site/netvaerksbogen-stor-skrift.pdf"):
        assert "Privatlivets kaffeklub" in names[book], book
    assert '"@type":"Event"' in names["site/aktiviteter/privatliv-kaffeklub/index.html"]
    assert "site/schema/activity.schema.json" in names and "site/ny-aktivitet/aktiviteter.json" in names
    assert "Villumina Jasager" in names["generate/aktiviteter/privatliv-kaffeklub.md"]
    calendars = [n for n in names if n.endswith(".ics")]
    assert any(n.startswith("generate/") for n in calendars) and any(n.startswith("site/") for n in calendars)
    assert any("Privatlivets kaffeklub" in names[n] for n in calendars if "alle" in n or "privatliv" in n)


# --- consent is yes or no, nothing else ---------------------------------------------------------


@pytest.mark.parametrize("consent", ["    consent: ukendt\n", ""], ids=["unknown", "missing"])
def test_a_contact_whose_consent_is_unknown_or_missing_is_refused(world, consent):
    edit_record(world, "    consent: ja\n    consent_date: 2026-03-01\n", consent)
    result = CliRunner().invoke(main, ["validate", str(world)])
    assert result.exit_code != 0, result.output
    assert "consent" in result.output


# --- no personal identity number anywhere -------------------------------------------------------

#: A Danish CPR number: DDMMYY, then four digits, with or without a dash or a space.
CPR = re.compile(r"(?<!\d)(?<!\d[.,:/-])(\d{2})(\d{2})(\d{2})[-\s]?\d{4}(?!\d)(?![.,:/-]\d)")


def _real_date(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def test_no_cpr_number_is_in_any_output(outputs):
    found = {name: [m.group(0) for m in CPR.finditer(text) if _real_date(*m.groups())]
             for name, text in outputs.texts.items()}  # fmt: skip
    assert {name: numbers for name, numbers in found.items() if numbers} == {}
