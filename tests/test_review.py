"""Which activities to ask about: by how long ago they were confirmed, grouped by organisation."""

from __future__ import annotations

import csv
import datetime as dt
import io

from click.testing import CliRunner

from tests.conftest import edit_record
from vejviser.cli import main


def review(world, *args, today="2027-08-15"):
    result = CliRunner().invoke(main, ["review", str(world), "--today", today, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_nothing_is_due_right_after_a_confirmation(world):
    assert review(world, today="2026-09-15") == "Ingen aktiviteter skal bekræftes lige nu.\n"


def test_an_activity_is_listed_a_month_before_it_turns_stale_with_whom_to_ask(world):
    # Confirmed 2026-09-01; the world's settings call a record stale after 12 months.
    assert "Ingen aktiviteter" in review(world, today="2027-07-31")
    out = review(world, today="2027-08-15")
    assert "1 aktivitet fra 1 forening skal bekræftes (15. august 2027)." in out
    assert "activities/strikkecafe.yaml: Strikkecafé i Måløv. Sidst bekræftet 1. september 2026, for 11 måneder" in out
    assert "Skal bekræftes inden for en måned." in out


def test_the_longest_waiting_come_first_and_ended_ones_never(world):
    second = (world / "activities" / "strikkecafe.yaml").read_text(encoding="utf-8")
    second = second.replace("reviewed: 2026-09-01", "reviewed: 2025-01-10").replace("Strikkecafé i Måløv", "Ældst")
    (world / "activities" / "aeldst.yaml").write_text(second, encoding="utf-8")
    ended = second.replace("Ældst", "Stoppet").replace("reviewed: 2025-01-10", "reviewed: 2024-01-10")
    (world / "activities" / "stoppet.yaml").write_text(ended + "status: ophørt\n", encoding="utf-8")
    out = review(world, "--all", today="2026-10-01")
    assert out.index("aeldst.yaml") < out.index("strikkecafe.yaml")
    assert "stoppet.yaml" not in out
    assert "Vises ikke længere i listerne." in out  # 20 months: hidden


def test_the_organisations_contact_is_named_when_they_agreed_else_the_activitys(world):
    out = review(world, "--all", today="2026-10-01")
    assert "Testbyens Frivilligcenter – Spørg: Kontoret, kontor@frivilligcenter.example" in out
    organisation = world / "organisations" / "frivilligcenter.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8").replace("consent: ja", "consent: nej"),
                            encoding="utf-8")  # fmt: skip
    out = review(world, "--all", today="2026-10-01")
    assert "Kontoret" not in out and "kontor@frivilligcenter.example" not in out
    assert "Spørg: Hanne Jensen, tlf. 44 97 12 34" in out  # the activity's contact, who agreed
    edit_record(world, "    consent: ja\n", "    consent: nej\n")
    out = review(world, "--all", today="2026-10-01")
    assert "Hanne Jensen" not in out
    assert "Spørg: ingen kontaktperson, der må nævnes; se foreningens post" in out


def test_csv_has_a_row_per_activity_and_keeps_formulas_out(world):
    edit_record(world, "title: Strikkecafé i Måløv", "title: '=HYPERLINK(\"http://x.example\")'")
    rows = list(csv.reader(io.StringIO(review(world, "--format", "csv", "--all", today="2026-10-01"))))
    assert rows[0] == ["Forening", "Kontakt", "Fil", "Aktivitet", "Sidst bekræftet", "Måneder siden", "Status"]
    assert len(rows) == 2
    assert rows[1][2] == "activities/strikkecafe.yaml" and rows[1][4] == "2026-09-01" and rows[1][5] == "1"
    assert rows[1][3].startswith("'=")  # a spreadsheet shows it as text


def test_markdown_is_a_checklist_with_the_records_text_escaped(world):
    edit_record(world, "title: Strikkecafé i Måløv", "title: 'Strik *og* [snak](http://x.example)'")
    out = review(world, "--format", "markdown", "--all", today="2026-10-01")
    assert "- [ ] **Strik \\*og\\* \\[snak\\]\\(http\\://x\\.example\\)** (`activities/strikkecafe.yaml`)" in out
    assert out.count("### ") == 1


HOSTILE_TITLE = "@kommunen/it se #12, GH-3 og a/b#4 ![x](https://e.dk/x.png) <img src=x> | --- &#64;alle 1. > citat"


def test_markdown_renders_a_hostile_title_as_its_own_text_mentioning_and_linking_nothing(world):
    import re

    from markdown_it import MarkdownIt

    edit_record(world, "title: Strikkecafé i Måløv", f"title: '{HOSTILE_TITLE}'")
    out = review(world, "--format", "markdown", "--all", today="2026-10-01")
    # CommonMark, as GitHub reads an issue (GitHub's own extensions: tables and strikethrough)
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
    assert page.count("<li>") == 1 and page.count("<h3>") == 1
    assert "<a " not in page and "<img" not in page and "<blockquote>" not in page and "<table>" not in page
    strong = re.search(r"<strong>(.*?)</strong>", page).group(1)
    shown = strong.replace("\u2060", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert shown == HOSTILE_TITLE  # the reader sees exactly what the volunteer wrote
    # GitHub links @name, #12, GH-3 and owner/repo#4 in text: a word joiner after the sign breaks each
    plain = re.sub(r"<[^>]+>", "", page)
    assert not re.search(r"[@#][\w-]|GH-[0-9]", plain)


def test_a_title_with_a_line_break_is_refused_before_it_reaches_the_review(world):
    edit_record(world, "title: Strikkecafé i Måløv", 'title: "Strikkecafé\\n### Ny overskrift\\n- [ ] @alle"')
    result = CliRunner().invoke(main, ["validate", str(world), "--today", "2026-10-01"])
    assert result.exit_code == 1 and "Titel skal stå på én linje" in result.output
    assert "Ny overskrift" not in review(world, "--format", "markdown", "--all", today="2026-10-01")


def test_review_exits_0_even_with_invalid_records(world):
    edit_record(world, "[tirsdag]", "[tirsdg]")
    result = CliRunner().invoke(main, ["review", str(world), "--today", "2027-08-15"])
    assert result.exit_code == 0


def test_english_when_asked(world):
    out = review(world, "--lang", "en", today="2027-08-15")
    assert "1 activity from 1 organisation to confirm" in out


def test_dates_are_whole_months():
    from vejviser.enrich.freshness import months_between

    assert months_between(dt.date(2026, 9, 1), dt.date(2027, 8, 31)) == 11
    assert months_between(dt.date(2026, 9, 1), dt.date(2027, 9, 1)) == 12
