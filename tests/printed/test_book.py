"""The network book, read back from the real PDFs: what is in it, where, and how it is made."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import replace
from urllib.parse import unquote

import pikepdf
from pypdf import PdfReader

from tests.printed.conftest import HOSTILE_SUMMARY, HOSTILE_TEXT, HOSTILE_TITLE, TODAY, pdf_text
from vejviser.i18n import Messages, sort_key
from vejviser.present.directory import Directory
from vejviser.present.facets import WEEKDAYS, weekdays_of
from vejviser.present.words import weekday_label
from vejviser.printed.content import area_map
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

#: A line of the table of contents or an index: a name, leader dots, page numbers.
LEADER = re.compile(r"^(?P<name>.+?)\s*(?:\.\s*){2,}\s*(?P<pages>\d+(?:–\d+)?(?:,\s*\d+(?:–\d+)?)*)$")


def _pages(listed: str) -> list[int]:
    """The page numbers an index line lists, a run ("12–14") as each of its pages."""
    pages = []
    for run in listed.split(","):
        first, _, last = run.strip().partition("–")
        pages += range(int(first), int(last or first) + 1)
    return pages


def _flat(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    """The characters in order, without the spaces, line breaks and hyphenation points typesetting adds."""
    return re.sub(r"[\s\xad\u2060]", "", text)


def _leader_lines(pages: list[str], first: int, last: int) -> dict[str, list[int]]:
    found = {}
    for page in pages[first:last]:
        for line in page.replace("\u2060", "").splitlines():  # Typst joins the dots and the number
            match = LEADER.match(line.strip())
            if match:
                found[match["name"].strip()] = _pages(match["pages"])
    return found


def _page_of_heading(pages: list[str], title: str) -> list[int]:
    """The pages that begin with ``title`` (a section heading starts its page; it may wrap)."""
    return [number for number, page in enumerate(pages, 1) if _flat(page).startswith(title)]


def test_every_current_activity_is_in_the_book_exactly_once(printed, book_codes, book_pages):
    codes = Counter(code for page in book_codes for code in page)
    assert codes == Counter(url for _, _, url in printed.current)
    text = _flat(" ".join(book_pages))
    for _, title, _ in printed.current:
        assert _flat(title) in text


def test_ended_and_long_unconfirmed_activities_are_left_out(printed, book_codes, book_pages):
    left_out_ids = {id_ for id_, _, _ in printed.left_out}
    assert {"banko-i-magleparken", "strikkeklubben-linde-alle"} <= left_out_ids  # ended
    assert any(id_ not in {"banko-i-magleparken", "billard-i-kulturhuset", "bowling-skovlunde",
                           "strikkeklubben-linde-alle"} for id_ in left_out_ids)  # unconfirmed too long  # fmt: skip
    codes = {code for page in book_codes for code in page}
    text = _flat(" ".join(book_pages))
    for _, title, url in printed.left_out:
        assert url not in codes
        assert _flat(title) not in text


def test_a_paused_activity_says_until_when(book_pages):
    text = _flat(" ".join(book_pages))
    assert "Holder pause til 1. april 2027" in text  # besøgsven-med-hund


def test_contacts_without_consent_are_not_printed(printed, book_pages):
    text = " ".join(book_pages)
    assert "Lis Kragh" in text  # consented
    record = (printed.folder.parent / "activities" / "akvarelmaling-hedegården.yaml").read_text(encoding="utf-8")
    unconsented = re.findall(r"- name: (.+)\n(?:    .*\n)*?    consent: nej", record)
    assert unconsented
    for name in unconsented:
        assert name not in text


def test_table_of_contents_points_at_each_section(book_pages):
    toc = _leader_lines(book_pages, 0, 6)
    assert {"Ballerup Centrum", "Måløv", "Hjemme hos dig og i telefonen", "Register over foreninger"} <= set(toc)
    for title in ("Ballerup Centrum", "Måløv", "Skovlunde", "Hjemme hos dig og i telefonen",
                  "Register over foreninger", "Register over interesser"):  # fmt: skip
        (page,) = toc[title]
        assert page in _page_of_heading(book_pages, title), title


def test_index_page_numbers_are_the_pages_where_the_entries_start(printed, book_codes, book_pages):
    index_start = _page_of_heading(book_pages, "Register over foreninger")[-1]
    index = _leader_lines(book_pages, index_start - 1, len(book_pages))
    page_of = {code: number for number, page in enumerate(book_codes, 1) for code in page}
    expected: dict[str, set[int]] = {}
    by_url = {url: id_ for id_, _, url in printed.current}
    for url, id_ in by_url.items():
        expected.setdefault(printed.organisations[id_], set()).add(page_of[url])
    checked = 0
    for name, pages in expected.items():
        if name in index:  # names long enough to wrap are checked by the next test's pages instead
            assert set(index[name]) == pages, name
            checked += 1
    assert checked >= len(expected) - 3


def test_the_pdf_is_tagged_with_language_title_and_bookmarks(book):
    reader = PdfReader(book)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("da")
    assert reader.metadata.title == "Netværksbogen 2026 – Eksempel Kommune"
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Ballerup Centrum", "Måløv", "Register over foreninger"} <= set(bookmarks)


def test_only_the_shipped_fonts_are_used_and_all_are_embedded(printed, book):
    for pdf in (book, printed.large):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            assert "+Andika" in row, row  # a subset of the shipped Andika (printed/fonts/)
            assert " yes yes yes " in row, row  # embedded, subset, with a Unicode map


def test_contributor_text_in_typst_syntax_prints_as_written(book_pages, book):
    text = _letters(" ".join(book_pages))
    for written in (HOSTILE_TITLE, HOSTILE_SUMMARY, *HOSTILE_TEXT):
        assert _letters(written) in text
    # The description stays on the web page (the book prints the summary, as the schema says).
    assert "panic" not in text
    # Nothing in it changed the type: the large text it asks for is not there.
    sizes = _sizes(book, lambda text: "ikke fed" in text or "Vi mødes" in text)
    assert len(PdfReader(book).pages) < 90  # no page was filled or multiplied (an entry takes at most one)
    assert sizes and max(sizes) < 13  # the body's 12 pt, not the 40 pt it asks for


def _sizes(pdf, wanted=lambda text: True) -> list[float]:
    """The size in points of every piece of text (font size times the text and user space scale)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip() and wanted(text):
            sizes.append(round(abs(size * (tm[3] or 1) * (cm[3] or 1)), 1))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_sets_every_text_at_14_points_or_more(printed):
    sizes = _sizes(printed.large)
    assert min(sizes) >= 14
    regular = _sizes(printed.book)
    assert 10 <= Counter(regular).most_common(1)[0][0] < 14  # the regular edition's body text


def test_the_book_is_a5_and_the_large_print_a4(printed):
    for pdf, (width, height) in ((printed.book, (419.5, 595.3)), (printed.large, (595.3, 841.9))):
        reader = PdfReader(pdf)
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (width, height)


def test_no_word_is_split_at_a_line_end_by_default(book_pages):
    # Clear print: pdftotext would show a hyphenation point as a soft hyphen ending the line ("re\xad").
    broken = [line for page in book_pages for line in page.splitlines() if re.search(r"[a-zæøå]\xad$", line)]
    assert broken == []


def test_the_settings_can_turn_hyphenation_on():
    import dataclasses

    from tests.printed.conftest import REPO, TODAY
    from vejviser.i18n import Messages
    from vejviser.present.directory import Directory
    from vejviser.printed.content import PrintedDirectory, editions
    from vejviser.settings import load_settings
    from vejviser.validate.project import validate_project

    settings = load_settings(REPO)
    checked = validate_project(settings, TODAY)
    for wanted in (False, True):
        asked = dataclasses.replace(settings, print_hyphenate=wanted)
        printed = PrintedDirectory(Directory(asked, checked, Messages(), TODAY))
        assert printed.book(editions("a5")[0], 2027)[0]["hyphenate"] is wanted


def test_the_large_print_edition_holds_the_same_activities(printed, tmp_path):
    codes = Counter(code for page in _codes(printed.large, tmp_path) for code in page)
    assert codes == Counter(url for _, _, url in printed.current)


def _codes(pdf, folder):
    from tests.printed.conftest import qr_codes

    return qr_codes(pdf, folder, dpi=100)


def test_the_cover_names_the_municipality_and_year(book_pages):
    cover = _flat(book_pages[0])
    assert "Netværksbogen" in cover and "Eksempel Kommune 2026" in cover
    assert "Lavet 23. november 2026" in cover


def test_reading_the_text_back_gives_the_sections_in_the_settings_order(book_pages, book):
    areas = ["Ballerup Centrum", "Hedegården", "Egebjerg", "Grantofte", "Måløv", "Skovlunde"]
    starts = [_page_of_heading(book_pages, area)[-1] for area in areas]
    assert starts == sorted(starts)
    assert pdf_text(book) == book_pages  # the same file reads the same


def test_a_screen_reader_finds_every_activity_in_the_tagged_structure(printed, book):
    """A book typeset in parts and joined keeps the structure of every part."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(book)], capture_output=True, check=True)
    structure = _letters(out.stdout.decode("utf-8", errors="replace").replace('"', ""))
    for _, title, _ in printed.current:
        assert _letters(title) in structure, title
    assert _letters("Register over interesser") in structure


def test_the_structure_points_at_the_books_own_pages_and_back(printed, book):
    with pikepdf.open(book) as pdf:
        pages = {page.obj.objgen for page in pdf.pages}
        tree = pdf.Root.StructTreeRoot
        keys = set(pikepdf.NumberTree(tree.ParentTree).keys())  # one array, or a tree of them
        assert all(int(page.obj.StructParents) in keys for page in pdf.pages)
        assert max(keys) < int(tree.ParentTreeNextKey)
        alts, seen = [], 0
        stack = [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                seen += 1
                if "/Pg" in node:
                    assert node.Pg.objgen in pages
                if "/Alt" in node:
                    alts.append(str(node.Alt))
                if "/K" in node:
                    stack.append(node.K)
        assert seen > 1000
    # Every QR code says in words what it shows; the barrier answers are words, not images.
    for _, _, url in printed.current:
        # read as a person writes it: not percent-encoded, no "https://" for a screen reader to spell out
        assert f"QR-kode til {unquote(url).removeprefix('https://').rstrip('/')}" in alts
    assert all(alt.startswith("QR-kode til ") for alt in alts), [a for a in alts if not a.startswith("QR-kode")]


def test_bookmarks_lead_to_every_area_and_under_it_its_categories(book, book_pages):
    reader = PdfReader(book)
    outline = reader.outline
    tops = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in tops][:2] == ["Sådan bruger du bogen", "Indhold"]
    assert {"Ballerup Centrum", "Måløv", "Hjemme hos dig og i telefonen", "Register over interesser"} <= {
        item.title for item in tops
    }
    for position, item in enumerate(outline):
        if isinstance(item, list):
            parent = outline[position - 1]
            start = reader.get_destination_page_number(parent)
            for child in item:
                page = reader.get_destination_page_number(child)
                assert page >= start
                assert _flat(child.title) in _flat(book_pages[page]), (parent.title, child.title)
        else:
            page = reader.get_destination_page_number(item)
            assert _flat(book_pages[page]).startswith(item.title)
    assert any(isinstance(item, list) for item in outline)


def _directory(printed):
    settings = load_settings(printed.folder.parent)
    return Directory(settings, validate_project(settings, TODAY), Messages(), TODAY)


def test_the_page_count_is_a_multiple_of_4_with_notes_pages_before_the_back_cover(printed, book, book_pages):
    for path, pages in ((book, book_pages), (printed.large, pdf_text(printed.large))):
        assert len(pages) % 4 == 0, (path.name, len(pages))
        assert all(page.strip() for page in pages), path.name  # no blank page: each is planned
        back = _flat(pages[-1]).replace("/ ", "/")  # a web address breaks only after a slash
        assert back.startswith("Brug for hjælp til at finde et fællesskab?"), path.name
        assert "44 77 00 00" in back and "vejviser@eksempel-kommune.example" in back
        assert "Alle aktiviteter, altid opdateret vejviser.example" in back
        assert "Sådan retter du en oplysning" in back and "vejviser.example/tilfoej-aktivitet" in back
        last_index = _page_of_heading(pages, "Register over interesser")[-1]
        notes = pages[last_index:-1]
        assert len(notes) <= 3 and all(_flat(page).startswith("Noter") for page in notes), path.name
        # the indexes run on to the notes: the notes only fill up to the fourth page
        assert not any(_flat(page).startswith("Noter") for page in pages[:last_index])


def test_the_web_address_is_on_the_cover_and_in_how_to_use_the_book(book_pages):
    assert "Se også vejviser.example" in _flat(book_pages[0])
    howto = _flat(" ".join(book_pages[1:3]))
    assert "Alle aktiviteterne står også på vejviser.example." in howto


def test_the_title_index_gives_each_activitys_page_in_danish_order(printed, book_codes, book_pages):
    start = _page_of_heading(book_pages, "Register over aktiviteter")[-1]
    end = _page_of_heading(book_pages, "Register over ugedage")[-1]
    index = _leader_lines(book_pages, start - 1, end - 1)
    page_of = {code: number for number, page in enumerate(book_codes, 1) for code in page}
    checked = 0
    for _, title, url in printed.current:
        if _flat(title) in index:  # a title long enough to wrap is not one leader line
            assert index[_flat(title)] == [page_of[url]], title
            checked += 1
    assert checked >= len(printed.current) - 5
    names = list(index)
    assert names == sorted(names, key=sort_key)


def test_the_weekday_index_lists_each_day_s_activities_by_time_with_their_pages(printed, book_codes, book_pages):
    start = _page_of_heading(book_pages, "Register over ugedage")[-1]
    end = _page_of_heading(book_pages, "Register over foreninger")[-1]
    days = {weekday_label(day, Messages()): day for day in WEEKDAYS}
    page_of = {code: number for number, page in enumerate(book_codes, 1) for code in page}
    views = {v.activity.title: v for v in _directory(printed).current}
    url_of = {id_: url for id_, _, url in printed.current}
    found: dict[str, list[tuple[str, list[int]]]] = {}
    day = None
    for page in book_pages[start - 1 : end - 1]:
        for line in page.replace("\u2060", "").splitlines():
            if line.strip() in days:
                day = days[line.strip()]
                found[day] = []
            elif (match := LEADER.match(line.strip())) and day:
                found[day].append((match["name"].strip(), _pages(match["pages"])))
    assert list(found) == [d for d in WEEKDAYS if d in found] and len(found) >= 5
    checked = 0
    for day, lines in found.items():
        times = []
        for name, pages in lines:
            time, _, title = name.partition(" ")
            view = views[title]
            assert day in weekdays_of(view.activity), (day, name)
            assert pages == [page_of[url_of[view.id]]], name
            times.append(time)
            checked += 1
        assert times == sorted(times, key=lambda t: [int(x) for x in t.split("–")[0].split(".")]), day
    meeting = sum(len(weekdays_of(v.activity)) for v in views.values())
    assert checked >= meeting - 5


def test_the_key_to_the_areas_gives_each_areas_postcode_and_the_streets_of_its_venues(printed, book_pages):
    directory = _directory(printed)
    start = _page_of_heading(book_pages, "Find dit område")
    assert len(start) == 1 and start[0] <= 6
    key = _flat(" ".join(book_pages[start[0] - 1 : start[0] + 1]))
    shared = [a.name for a in directory.settings.areas if a.postcodes == ("2750",)]
    assert len(shared) == 4  # why the key is needed: four areas share one postcode
    for area in directory.settings.areas:
        assert f"{area.name}: {area.postcodes[0]} " in key, area.name
    for view in directory.current:
        venue = view.activity.venue
        if venue:
            street = re.split(r"\s+\d", venue.address.street)[0]
            area = next(a.name for a in directory.settings.areas if a.id == view.activity.area)
            # the street stands in its own area's line, before the next area's name
            line = key[key.index(f"{area}: ") :]
            assert street in line.split(". Veje med aktiviteter: ", 1)[1], (street, area)


def test_the_map_of_the_areas_is_drawn_from_their_polygons_as_decoration(printed):
    settings = load_settings(printed.folder.parent)
    drawn = area_map(settings)
    assert drawn is not None and {a["name"] for a in drawn["areas"]} == {a.name for a in settings.areas}
    for area in drawn["areas"]:
        assert all(0 <= x <= 1 and 0 <= y <= drawn["height"] for ring in area["rings"] for x, y in ring)
        x, y = area["label"]
        assert 0 <= x <= 1 and 0 <= y <= drawn["height"]
    assert area_map(replace(settings, area_shapes=None)) is None
