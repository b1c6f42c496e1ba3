"""The form "Tilføj en aktivitet" in Chromium: a volunteer's answers become a record that
`vejviser validate` accepts, bad answers are refused in the browser with Danish messages
at the fields, and the page is accessible and works on an iPad."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from click.testing import CliRunner

from tests.conftest import copy_example
from vejviser.cli import main
from vejviser.i18n import Messages
from vejviser.ids import new_record_id, slugify
from vejviser.model import MONTHS
from vejviser.settings import load_settings
from vejviser.submit.from_issue import read_issue
from vejviser.submit.issue_forms import form_fields
from vejviser.validate.project import validate_project

pytestmark = pytest.mark.browser

FORM = "ny-aktivitet/"
REPO = Path(__file__).resolve().parent.parent.parent
IPAD = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
        "user_agent": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                      "Version/17.0 Mobile/15E148 Safari/604.1"}  # fmt: skip


#: Markdown with a heading of its own, which must not end the answer in a GitHub issue.
DESCRIPTION = "Vi mødes i **caféen**.\n\n### Program\n\nTag gerne en ven med."
#: A contact line as the form asks for it: name; role; phone; e-mail; consent.
BENT = "Bent Olsen; Tovholder; 22 33 44 55; bent@example.dk; ja"


def _open(page, base_url):
    assert page.goto(base_url + FORM).ok
    page.wait_for_selector("[data-vv-form]:not([hidden])")
    assert page.locator("[data-vv-loading]").is_hidden()


def _submit(page):
    page.click("button[type=submit]")


def _fill_a_whole_activity(page, consent=True):
    page.fill("#vv-f-activity-title", "Kortklub i Skovlunde")
    page.fill("#vv-f-summary", "Vi spiller whist og drikker kaffe. Nye spillere er velkomne, vi lærer jer reglerne.")
    page.fill("#vv-f-description", DESCRIPTION)
    page.select_option("#vv-f-organisation", label="Måløv Frivilligcenter")
    page.check("label:has-text('Spil og hygge')")
    page.check("label:has-text('Enlige og alene')")
    page.select_option("#vv-f-form", label="På et mødested")
    page.select_option("#vv-f-schedule-frequency", label="Hver uge")
    page.check("#vv-f-schedule-weekdays >> label:has-text('torsdag')")
    page.fill("#vv-f-schedule-start", "13:30")
    page.fill("#vv-f-schedule-end", "16.00")
    page.check("#vv-f-schedule-pause_months >> label:has-text('juli')")
    page.fill("#vv-f-venue-name", "Skovlunde Bypark")
    page.fill("#vv-f-venue-address-street", "Skovlunde Byvej 90")
    page.fill("#vv-f-venue-address-postcode", "2740")
    page.fill("#vv-f-venue-address-town", "Skovlunde")
    page.select_option("#vv-f-area", label="Skovlunde")
    page.select_option("#vv-f-accessibility-step_free", label="Ja")
    page.select_option("#vv-f-accessibility-accessible_toilet", label="Nej")
    page.fill("#vv-f-cost-price_dkk", "25 kr.")
    page.fill("#vv-f-contacts", f"{BENT}\nLis Holm; Kasserer; ; lis@example.dk; nej")
    page.fill("#vv-f-links", "https://example.dk/kort; Klubbens side")
    if consent:
        page.check("#vv-f-consent")


#: Several times, as a volunteer types them: a weekday in any case, a time with a dot.
TIMES = "Mandag ; 10:00 ; 12:00\ntorsdag;14.00;16:00"
#: The same times in the record.
TIMES_DATA = [{"weekday": "mandag", "start": "10:00", "end": "12:00"},
              {"weekday": "torsdag", "start": "14.00", "end": "16:00"}]  # fmt: skip


def _fill_several_times(page):
    """Every other week (the odd weeks) on Mondays and Thursdays at their own times, in a season,
    with two cancelled days and not on public holidays; no weekdays or time of its own."""
    page.select_option("#vv-f-schedule-frequency", label="Hver anden uge")
    page.uncheck("#vv-f-schedule-weekdays >> label:has-text('torsdag')")
    page.fill("#vv-f-schedule-start", "")
    page.fill("#vv-f-schedule-end", "")
    page.fill("#vv-f-schedule-times", TIMES)
    page.select_option("#vv-f-schedule-week_parity", label="Ulige uger")
    page.fill("#vv-f-schedule-cancelled", "2027-01-04\n\n 2027-01-07 \n")
    page.select_option("#vv-f-schedule-holidays_off", label="Ja, holder fri")
    page.fill("#vv-f-schedule-season_start", "2026-09-01")
    page.fill("#vv-f-schedule-season_end", "2027-06-30")


def _download(page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click("[data-vv-download]")
    download = info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def test_a_filled_in_form_gives_a_record_that_vejviser_validate_accepts(page, base_url, tmp_path):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _submit(page)
    page.wait_for_selector("[data-vv-done]:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "vv-done-title"  # a screen reader hears the result
    project = copy_example(tmp_path / "kommune")
    record = _download(page, project / "activities")
    assert record.name == "kortklub-i-skovlunde.yaml"
    result = CliRunner().invoke(main, ["validate", str(project)])
    assert result.exit_code == 0, result.output
    assert "0 fejl" in result.output
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert page.inner_text("[data-vv-yaml]") == text  # the page shows what the file holds
    data = yaml.safe_load(text)
    today = dt.date.today().isoformat()
    assert data["organisation"] == "måløv-frivilligcenter"
    assert data["categories"] == ["spil-og-hygge"] and data["target_groups"] == ["enlige"]
    assert data["schedule"] == {"frequency": "ugentlig", "weekdays": ["torsdag"], "start": "13:30", "end": "16.00",
                                "pause_months": ["juli"]}  # fmt: skip
    assert data["accessibility"] == {"step_free": "ja", "accessible_toilet": "nej"}
    assert data["cost"] == {"price_dkk": 25}
    assert data["description"] == DESCRIPTION
    assert data["contacts"] == [
        {"name": "Bent Olsen", "role": "Tovholder", "phone": "22 33 44 55", "email": "bent@example.dk",
         "consent": "ja", "consent_date": today},
        {"name": "Lis Holm", "role": "Kasserer", "email": "lis@example.dk", "consent": "nej"},
    ]  # fmt: skip
    assert data["links"] == [{"url": "https://example.dk/kort", "text": "Klubbens side"}]
    assert str(data["reviewed"]) == today


def test_several_times_a_season_and_cancelled_days_give_a_record_that_vejviser_validate_accepts(
    page, base_url, tmp_path
):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _fill_several_times(page)
    _submit(page)
    page.wait_for_selector("[data-vv-done]:not([hidden])")
    project = copy_example(tmp_path / "kommune")
    record = _download(page, project / "activities")
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert data["schedule"] == {"frequency": "hver-anden-uge", "times": TIMES_DATA, "pause_months": ["juli"],
                                "week_parity": "ulige", "cancelled": ["2027-01-04", "2027-01-07"],
                                "holidays_off": "ja", "season_start": "2026-09-01",
                                "season_end": "2027-06-30"}  # fmt: skip
    result = validate_project(load_settings(project), dt.date.today())
    assert [p for p in result.errors if p.file.endswith(record.name)] == []


def _issue_body(page) -> str:
    """What GitHub writes for the issue form the page's link fills in: each label as a heading, the
    answer below; the consent box cannot be ticked by a link, so the association ticks it on GitHub."""
    query = dict(parse_qsl(urlsplit(page.get_attribute("[data-vv-issue]", "href")).query))
    settings, messages = load_settings(REPO), Messages()
    labels = {f.id: f.label for f in form_fields(settings, messages)}
    body = "".join(f"### {labels[key]}\n\n{value}\n\n" for key, value in query.items() if key in labels)
    return body + f"### {messages('forms.consent_label')}\n\n- [X] {messages('forms.consent_option')}\n"


def test_several_times_go_by_the_github_link_as_typed_and_from_issue_reads_the_same_schedule(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _fill_several_times(page)
    _submit(page)
    shown = yaml.safe_load(page.inner_text("[data-vv-yaml]"))
    body = _issue_body(page)
    assert TIMES in body  # the volunteer's words, not the record's
    read = read_issue(body, load_settings(REPO), Messages(), dt.date.today())
    assert read.data["schedule"] == shown["schedule"]


def test_the_github_link_fills_in_the_issue_form_so_that_from_issue_reads_the_same_record(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _submit(page)
    shown = yaml.safe_load(page.inner_text("[data-vv-yaml]"))
    link = urlsplit(page.get_attribute("[data-vv-issue]", "href"))
    assert (link.scheme, link.netloc, link.path) == ("https", "github.com", "/eksempel-kommune/vejviser/issues/new")
    query = dict(parse_qsl(link.query))
    assert query["template"] == "ny-aktivitet.yml"
    assert query["title"] == "Ny aktivitet: Kortklub i Skovlunde"
    read = read_issue(_issue_body(page), load_settings(REPO), Messages(), dt.date.today())
    assert read.unknown_headings == []
    # a contact who did not agree keeps their e-mail out of the public issue; the rest is the same
    assert "lis@example.dk" not in link.query and "bent%40example.dk" in link.query
    del shown["contacts"][1]["email"]
    assert read.data == shown


def test_the_e_mail_to_the_coordinator_holds_the_record(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _submit(page)
    mail = urlsplit(page.get_attribute("[data-vv-mail]", "href"))
    assert mail.scheme == "mailto" and mail.path == "vejviser@eksempel-kommune.example"
    query = dict(parse_qsl(mail.query))
    assert query["subject"] == "Ny aktivitet: Kortklub i Skovlunde"
    assert page.inner_text("[data-vv-yaml]").replace("\n", "\r\n") in query["body"]


#: Mistakes a volunteer makes: the field, what is written, what the page says, and the answer corrected.
MISTAKES = {
    "activity-title": ("", "Feltet skal udfyldes.", "Kortklub i Skovlunde"),
    "schedule-end": ("16", "»16« er ikke skrevet rigtigt. Klokkeslæt, fx 12:00.", "16:00"),
    "venue-address-postcode": ("27400", "»27400« er ikke skrevet rigtigt.", "2740"),
    "cost-price_dkk": ("gratis for medlemmer", "Skriv et helt tal, fx 20.", "25"),
    "schedule-dates": ("2026-02-30", "Datoen 2026-02-30 findes ikke i kalenderen.", "2027-02-28"),
    "contacts": (BENT.replace("@", "."),
                 "Linje 1, E-mail: »bent.example.dk« er ikke skrevet rigtigt. Fx hanne@eksempel.dk.", BENT),
}  # fmt: skip


def test_bad_answers_are_refused_in_the_browser_with_danish_messages_at_the_fields(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    for field, (wrong, _, _) in MISTAKES.items():
        page.fill(f"#vv-f-{field}", wrong)
    _submit(page)
    summary = page.locator("[data-vv-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.dataset.vvSummary") == ""  # focus moves to the list
    assert page.locator("[data-vv-done]").is_hidden()  # no file, no link, no e-mail
    for field, (_, words, _) in MISTAKES.items():
        message = page.locator(f"#vv-f-{field}-error")
        assert message.is_visible(), field
        assert words in message.inner_text(), field
        assert page.get_attribute(f"#vv-f-{field}", "aria-invalid") == "true", field
        described = page.get_attribute(f"#vv-f-{field}", "aria-describedby").split()
        assert f"vv-f-{field}-error" in described, field
    page.uncheck("label:has-text('Spil og hygge')")
    _submit(page)
    assert page.inner_text("#vv-f-categories-error") == "Sæt mindst ét kryds."
    box = page.locator("#vv-f-categories-0")  # each box is described by the message, not only the group
    assert "vv-f-categories-error" in box.get_attribute("aria-describedby").split()
    assert box.get_attribute("aria-invalid") == "true"
    page.check("label:has-text('Spil og hygge')")
    assert summary.locator("li").count() == len(MISTAKES) + 1  # and the categories
    page.click("[data-vv-summary] a >> text=Titel")
    assert page.evaluate("document.activeElement.id") == "vv-f-activity-title"
    # corrected, the same page makes the file and the messages go
    for field, (_, _, right) in MISTAKES.items():
        page.fill(f"#vv-f-{field}", right)
    _submit(page)
    assert page.locator("[data-vv-done]").is_visible()
    assert summary.is_hidden()
    assert page.locator("[aria-invalid=true]").count() == 0


def test_a_field_required_by_another_answer_is_asked_for(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.uncheck("#vv-f-schedule-weekdays >> label:has-text('torsdag')")
    page.fill("#vv-f-venue-name", "")
    page.fill("#vv-f-contacts", "Bent Olsen; Tovholder; 22 33 44 55\nLis Holm; Kasserer; ; lis@example.dk; nej")
    _submit(page)
    assert page.inner_text("#vv-f-schedule-weekdays-error") == "Sæt mindst ét kryds."  # weekly: which day?
    assert page.inner_text("#vv-f-venue-name-error") == "Feltet skal udfyldes."  # met somewhere: where?
    assert page.inner_text("#vv-f-contacts-error") == "Linje 1 mangler Samtykke til offentliggørelse."


def test_a_contact_marked_ja_needs_the_consent_box_or_a_nej(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page, consent=False)
    _submit(page)
    assert page.locator("[data-vv-done]").is_hidden()
    assert page.inner_text("#vv-f-consent-error").startswith("Sæt kryds, hvis kontaktpersonerne med »ja« har sagt ja.")
    assert page.get_attribute("#vv-f-consent", "aria-invalid") == "true"
    page.fill("#vv-f-contacts", BENT.replace("; ja", "; nej"))
    _submit(page)
    contact = yaml.safe_load(page.inner_text("[data-vv-yaml]"))["contacts"][0]
    assert contact["consent"] == "nej" and "consent_date" not in contact


def test_an_association_not_in_the_list_is_named_and_the_coordinator_told(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.select_option("#vv-f-organisation", label="Vælg …")
    page.fill("#vv-f-organisation-name", "Skovlunde Kortklub")  # typing the name is choosing "another"
    _submit(page)
    assert yaml.safe_load(page.inner_text("[data-vv-yaml]"))["organisation"] == "skovlunde-kortklub"
    assert page.locator("[data-vv-new-organisation]").is_visible()
    body = dict(parse_qsl(urlsplit(page.get_attribute("[data-vv-mail]", "href")).query))["body"]
    assert "Vores forening er ny i vejviseren: Skovlunde Kortklub" in body


def test_a_new_activity_never_takes_the_file_name_of_one_in_the_directory(page, base_url, tmp_path):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.fill("#vv-f-activity-title", "Strikkecafé i Måløv")  # the example has one of that name
    _submit(page)
    project = copy_example(tmp_path / "kommune")
    record = _download(page, project / "activities")
    assert record.name == "strikkecafe-i-måløv-2.yaml"
    result = CliRunner().invoke(main, ["validate", str(project)])
    assert result.exit_code == 0, result.output


def test_a_long_activity_goes_by_e_mail_as_copied_text(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.fill("#vv-f-description", "Vi spiller kort og hygger os. " * 120)
    _submit(page)
    mail = page.get_attribute("[data-vv-mail]", "href")
    assert len(mail) < 2000 and "Vi spiller kort" not in unquote(mail)
    assert "Sæt teksten fra siden ind her." in unquote(mail)
    assert "Kopiér teksten" in page.inner_text("[data-vv-mail-help]")
    page.click("[data-vv-copy]")
    page.wait_for_function("document.querySelector('[data-vv-copy-status]').textContent !== ''")
    assert page.inner_text("[data-vv-copy-status]") == "Teksten er kopieret."
    assert page.evaluate("navigator.clipboard.readText()") == page.inner_text("[data-vv-yaml]")


#: The e-mail of a contact who did not agree, in a text that is published.
LIS_IN_TEXT = "Vi spiller kort. Skriv til lis@example.dk for at høre mere."
#: A summary with a CPR number in it, however it is written.
CPR_SUMMARY = "Ring til Bent, {}, og hør om holdet."
#: The contacts with a phone and an e-mail for Lis Holm, who did not agree to be published.
LIS_PHONE = "44 77 00 00"
LIS_MAIL = "lis@måløv-kortklub.dk"
CONTACTS_WITH_LIS = f"{BENT}\nLis Holm; Kasserer; {LIS_PHONE}; {LIS_MAIL}; nej"


def _cpr_case(written: str, field: str = "summary") -> tuple:
    """A rule case: the summary (or the description) holds a CPR number written as ``written``."""
    text = CPR_SUMMARY.format(written)
    return ([("fill", f"#vv-f-{field}", text)], field, "Teksten ligner et CPR-nummer (010203-XXXX).",
            lambda d: d.update({field: text}), "content.cpr")  # fmt: skip


def _lis_case(selector: str, written: str, field: str, shown: str, change) -> tuple:
    """A rule case: Lis Holm's phone or e-mail (or name) written into another field as ``written``."""

    def changed(d):
        d["contacts"][1].update(phone=LIS_PHONE, email=LIS_MAIL)
        change(d, written)

    words = f"»{shown}« hører til Lis Holm, som ikke har sagt ja"
    steps = [("fill", "#vv-f-contacts", CONTACTS_WITH_LIS), ("fill", selector, written)]
    return steps, field, words, changed, "content.refused_contact_in_text"


def _consenting_contact_with_lis_phone(d):
    d["contacts"][1].update(phone=LIS_PHONE, email=LIS_MAIL)
    d["contacts"].append({"name": "Ole Hansen", "role": "Hjælper", "phone": LIS_PHONE, "consent": "ja",
                          "consent_date": dt.date.today().isoformat()})  # fmt: skip


def _link(d, written):
    url, text = (part.strip() for part in written.split(";"))
    d["links"][0].update(url=url, text=text)


def _several_times_instead(d, times):
    for key in ("weekdays", "start", "end"):
        del d["schedule"][key]
    d["schedule"]["times"] = times


#: One time (Thursday 13:30-16.00) and several: the browser's steps.
WITH_TIMES = [("fill", "#vv-f-schedule-times", TIMES)]
#: Several times, the second ending before it starts.
TIMES_BACKWARDS = "mandag ; 10:00 ; 12:00\ntorsdag ; 14:00 ; 13:00"
#: Several times instead of one: the browser's steps.
INSTEAD_OF_ONE_TIME = [("uncheck", "#vv-f-schedule-weekdays >> label:has-text('torsdag')", ""),
                       ("fill", "#vv-f-schedule-start", ""), ("fill", "#vv-f-schedule-end", "")]  # fmt: skip
#: Every month ticked as a pause month (juli is already).
EVERY_MONTH = [("check", f"#vv-f-schedule-pause_months >> label:text-is('{month}')", "") for month in MONTHS]


#: What `vejviser validate` refuses beyond the schema: (the change in the browser, the field that says so,
#: its message, the same change in the record, the validator's code).
RULES = {
    "one time and several times": (WITH_TIMES, "schedule-weekdays",
                                   "Skriv enten én tid for alle ugedagene her, eller hver ugedag med sin tid "
                                   "under »Flere tidspunkter«, ikke begge dele.",
                                   lambda d: d["schedule"].update(times=TIMES_DATA), "content.times_and_one_time"),
    "start time beside several times": (WITH_TIMES, "schedule-start", "ikke begge dele",
                                        lambda d: d["schedule"].update(times=TIMES_DATA),
                                        "content.times_and_one_time"),
    "end before start in one of several times": (
        [*INSTEAD_OF_ONE_TIME, ("fill", "#vv-f-schedule-times", TIMES_BACKWARDS)], "schedule-times",
        "Linje 2, Sluttid: Sluttiden 13:00 skal ligge efter starttiden 14:00.",
        lambda d: _several_times_instead(d, [{"weekday": "mandag", "start": "10:00", "end": "12:00"},
                                             {"weekday": "torsdag", "start": "14:00", "end": "13:00"}]),
        "content.end_before_start"),
    "weeks of the month every week": (
        [("check", "#vv-f-schedule-weeks_of_month >> label:has-text('Første')", "")], "schedule-weeks_of_month",
        "Ugerne i måneden bruges kun ved »En gang om måneden«. Vælg »En gang om måneden« under Hyppighed",
        lambda d: d["schedule"].update(weeks_of_month=[1]), "content.weeks_of_month_unused"),
    "season ending before it begins": (
        [("fill", "#vv-f-schedule-season_start", "2027-06-01"), ("fill", "#vv-f-schedule-season_end", "2026-09-01")],
        "schedule-season_end", "Sæsonen slutter (2026-09-01), før den begynder (2027-06-01).",
        lambda d: d["schedule"].update(season_start="2027-06-01", season_end="2026-09-01"),
        "content.season_backwards"),
    "every month a pause month": (
        EVERY_MONTH, "schedule-pause_months", "Alle årets måneder er krydset af, så aktiviteten er aldrig på.",
        lambda d: d["schedule"].update(pause_months=list(MONTHS)), "content.always_paused"),
    "end before start": ([("fill", "#vv-f-schedule-end", "12:00")], "schedule-end",
                         "Sluttiden 12:00 skal ligge efter starttiden 13:30.",
                         lambda d: d["schedule"].update(end="12:00"), "content.end_before_start"),
    "meeting place online": ([("select", "#vv-f-form", "Online")], "venue-name", "Et mødested skrives kun",
                             lambda d: d.update(form="online"), "content.venue_not_used"),
    "free with a price": ([("select", "#vv-f-cost-free", "Ja")], "cost-price_dkk", "står som gratis, men har en pris",
                          lambda d: d["cost"].update(free="ja"), "content.price_but_free"),
    "link without https": ([("fill", "#vv-f-links", "www.example.dk; Klubben")], "links",
                           "»www.example.dk« er ikke et helt link.",
                           lambda d: d["links"][0].update(url="www.example.dk"), "content.link_invalid"),
    "script link in a description": ([("fill", "#vv-f-description", "Se [her](javascript:alert(1)).")], "description",
                                     "begynder med »javascript:«",
                                     lambda d: d.update(description="Se [her](javascript:alert(1))."),
                                     "content.link_scheme"),
    "CPR number": ([("fill", "#vv-f-summary", "Ring til Bent, 010203-1234, og hør om holdet.")], "summary",
                   "Teksten ligner et CPR-nummer (010203-XXXX).",
                   lambda d: d.update(summary="Ring til Bent, 010203-1234, og hør om holdet."), "content.cpr"),
    "hidden control character": ([("fill", "#vv-f-activity-title", "Kortklub\u202e i Skovlunde")], "activity-title",
                                 "usynligt styretegn (U+202E)",
                                 lambda d: d.update(title="Kortklub\u202e i Skovlunde"), "content.control_character"),
    "postcode outside": ([("fill", "#vv-f-venue-address-postcode", "2100"), ("select", "#vv-f-area", "Vælg …")],
                         "venue-address-postcode", "Postnummer 2100 hører ikke til noget lokalområde i kommunen.",
                         lambda d: (d["venue"]["address"].update(postcode="2100"), d.pop("area")),
                         "relation.postcode_unknown"),
    "postcode of several areas": ([("fill", "#vv-f-venue-address-postcode", "2750"),
                                   ("select", "#vv-f-area", "Vælg …")],
                                  "area", "Postnummer 2750 dækker flere lokalområder",
                                  lambda d: (d["venue"]["address"].update(postcode="2750"), d.pop("area")),
                                  "relation.postcode_ambiguous"),
    "refused contact in a text": ([("fill", "#vv-f-summary", LIS_IN_TEXT)],
                                  "summary", "»lis@example.dk« hører til Lis Holm, som ikke har sagt ja",
                                  lambda d: d.update(summary=LIS_IN_TEXT),
                                  "content.refused_contact_in_text"),
    # privacy.py reads a text as it is seen: every dash one "-", invisible characters dropped,
    # other digits ASCII, percent-encoding and entities decoded
    "CPR number with an en dash": _cpr_case("010203\u20131234"),
    "CPR number with a non-breaking hyphen": _cpr_case("010203\u20111234"),
    "CPR number split by a zero-width space": _cpr_case("0102\u200b03-1234"),
    "CPR number in full-width digits": _cpr_case("\uff10\uff11\uff10\uff12\uff10\uff13-\uff11\uff12\uff13\uff14"),
    "CPR number percent-encoded in a tel: link": (
        [("fill", "#vv-f-links", "tel:010203%2D1234; Ring til os")], "links",
        "Teksten ligner et CPR-nummer (010203-XXXX).",
        lambda d: d["links"][0].update(url="tel:010203%2D1234"), "content.cpr"),
    "CPR number percent-encoded in a web address": (
        [("fill", "#vv-f-links", "https://example.dk/?c=010203%2D1234; Klubbens side")], "links",
        "Teksten ligner et CPR-nummer (010203-XXXX).",
        lambda d: d["links"][0].update(url="https://example.dk/?c=010203%2D1234"), "content.cpr"),
    "zero-width space in a summary": (
        [("fill", "#vv-f-summary", "Vi spiller whist\u200b og drikker kaffe hver torsdag.")], "summary",
        "usynligt styretegn (U+200B)",
        lambda d: d.update(summary="Vi spiller whist\u200b og drikker kaffe hver torsdag."),
        "content.control_character"),
    # an <input> drops a typed or pasted line feed, but not the Unicode line separator
    "line break in a title": ([("fill", "#vv-f-activity-title", "Kortklub\u2028i Skovlunde")], "activity-title",
                              "Skriv svaret på én linje. Fjern linjeskiftet.",
                              lambda d: d.update(title="Kortklub\u2028i Skovlunde"), "schema.line_break"),
    "refused phone with dashes in the title": _lis_case(
        "#vv-f-activity-title", "Kortklub i Skovlunde, ring 44-77-00-00", "activity-title", "44-77-00-00",
        lambda d, written: d.update(title=written)),
    "refused phone as a tel: link": _lis_case(
        "#vv-f-links", "tel:+4544770000; Ring til Lis", "links", "4544770000", _link),
    "refused e-mail written with (at) in the description": _lis_case(
        "#vv-f-description", "Skriv til lis (at) måløv-kortklub.dk for at høre mere.", "description", LIS_MAIL,
        lambda d, written: d.update(description=written)),
    "refused full name in the directions": _lis_case(
        "#vv-f-venue-directions", "Spørg efter LIS  HOLM i døren", "venue-directions", "LIS HOLM",
        lambda d, written: d["venue"].update(directions=written)),
    # markup cannot split what the reader sees whole; more separators, other digits, more obfuscations
    "CPR number with emphasis in the description": _cpr_case("010203-**1234**", "description"),
    "CPR number split by an HTML comment in the description": _cpr_case("0102<!-- -->031234", "description"),
    "CPR number in superscript digits": _cpr_case("\u2070\u00b9\u2070\u00b2\u2070\u00b3-\u00b9\u00b2\u00b3\u2074"),
    "CPR number with an underscore": _cpr_case("010203_1234"),
    "refused phone with commas in the title": _lis_case(
        "#vv-f-activity-title", "Kortklub i Skovlunde, ring 44,77,00,00", "activity-title", "44,77,00,00",
        lambda d, written: d.update(title=written)),
    "refused phone split by emphasis in the description": _lis_case(
        "#vv-f-description", "Ring til 44 77 **00** 00 for at høre mere.", "description", "44770000",
        lambda d, written: d.update(description=written)),
    "refused e-mail written with at in the description": _lis_case(
        "#vv-f-description", "Skriv til lis at måløv-kortklub.dk for at høre mere.", "description", LIS_MAIL,
        lambda d, written: d.update(description=written)),
    "refused full name reversed in the directions": _lis_case(
        "#vv-f-venue-directions", "Spørg efter Holm, Lis i døren", "venue-directions", "lis holm",
        lambda d, written: d["venue"].update(directions=written)),
    "consenting contact with the refused phone": (
        [("fill", "#vv-f-contacts", f"{CONTACTS_WITH_LIS}\nOle Hansen; Hjælper; {LIS_PHONE}; ; ja")], "contacts",
        f"»{LIS_PHONE}« hører til Lis Holm, som ikke har sagt ja", _consenting_contact_with_lis_phone,
        "content.refused_contact_in_text"),
    "protocol-relative link in a description": (
        [("fill", "#vv-f-description", "Se [x](//evil.example/y).")], "description",
        "»//evil.example/y« er ikke et helt link.",
        lambda d: d.update(description="Se [x](//evil.example/y)."), "content.link_invalid"),
}  # fmt: skip


#: The steps of a rule case: fill a field, choose in a list, tick or untick a box.
ACTIONS = {
    "fill": lambda page, selector, value: page.fill(selector, value),
    "select": lambda page, selector, value: page.select_option(selector, label=value),
    "check": lambda page, selector, _: page.check(selector),
    "uncheck": lambda page, selector, _: page.uncheck(selector),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_what_the_validator_refuses_beyond_the_schema_is_refused_in_the_browser_too(page, base_url, tmp_path, rule):
    steps, field, words, change, code = RULES[rule]
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _submit(page)
    record = yaml.safe_load(page.inner_text("[data-vv-yaml]"))  # a valid record, before the mistake
    for action, selector, value in steps:
        ACTIONS[action](page, selector, value)
    _submit(page)
    assert page.locator("[data-vv-done]").is_hidden(), rule
    assert words in page.inner_text(f"#vv-f-{field}-error"), rule
    assert words in page.inner_text("[data-vv-summary]"), rule  # the list above the form says it too
    # the validator says no to the same record
    project = copy_example(tmp_path / "kommune")
    change(record)
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    (project / "activities" / "kortklub-i-skovlunde.yaml").write_text(text, encoding="utf-8")
    result = validate_project(load_settings(project), dt.date.today())
    assert code in {p.code for p in result.errors}, rule


#: Texts that look like what privacy.py refuses but are not: times and dates, a family emoji
#: (zero-width joiners between pictographs), a dash as punctuation.
HARMLESS = {
    "#vv-f-summary": "Vi mødes kl. 10.00-12.00, første gang 01.02.2026. Tag gerne en ven med til kortene.",
    "#vv-f-description": "Hele familien er velkommen \U0001f469\u200d\U0001f469\u200d\U0001f467 \u2013 også bedstemor.",
    "#vv-f-schedule-note": "Ikke 24.12.2026 og 31.12.2026",
}


def test_times_dates_and_an_emoji_pass_in_the_browser_and_in_the_validator(page, base_url, tmp_path):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    for selector, text in HARMLESS.items():
        page.fill(selector, text)
    _submit(page)
    assert page.locator("[data-vv-summary]").is_hidden()
    project = copy_example(tmp_path / "kommune")
    record = _download(page, project / "activities")
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert (data["summary"], data["description"], data["schedule"]["note"]) == tuple(HARMLESS.values())
    result = validate_project(load_settings(project), dt.date.today())
    assert result.errors == []


def test_a_title_or_association_named_like_a_page_of_the_site_gets_an_id_vejviser_accepts(page, base_url, tmp_path):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.fill("#vv-f-activity-title", "Index")  # index.yaml would be the overview page
    page.select_option("#vv-f-organisation", label="Vælg …")
    page.fill("#vv-f-organisation-name", "Con")  # con is a name Windows refuses for a file
    _submit(page)
    assert page.locator("[data-vv-summary]").is_hidden()
    assert yaml.safe_load(page.inner_text("[data-vv-yaml]"))["organisation"] == slugify("Con") == "con-1"
    project = copy_example(tmp_path / "kommune")
    page.select_option("#vv-f-organisation", label="Måløv Frivilligcenter")
    _submit(page)
    expected = new_record_id("Index", project / "activities")
    assert _download(page, project / "activities").name == f"{expected}.yaml" == "index-1.yaml"
    result = CliRunner().invoke(main, ["validate", str(project)])
    assert result.exit_code == 0, result.output


def test_the_answers_survive_a_reload_of_the_tab_and_clearing_asks_first(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    page.reload()  # as an iPad may do after a trip to the mail program
    page.wait_for_selector("[data-vv-form]:not([hidden])")
    assert page.input_value("#vv-f-activity-title") == "Kortklub i Skovlunde"
    assert page.is_checked("#vv-f-schedule-weekdays >> label:has-text('torsdag')")
    assert page.is_checked("#vv-f-consent")
    assert page.input_value("#vv-f-contacts").startswith(BENT)
    _submit(page)
    assert yaml.safe_load(page.inner_text("[data-vv-yaml]"))["schedule"]["weekdays"] == ["torsdag"]
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Vil I slette alle svarene?" No.
    page.click("[data-vv-reset]")
    assert page.input_value("#vv-f-activity-title") == "Kortklub i Skovlunde"
    assert page.locator("[data-vv-done]").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-vv-reset]")
    assert page.input_value("#vv-f-activity-title") == ""
    assert page.locator("[data-vv-done]").is_hidden()
    page.reload()
    page.wait_for_selector("[data-vv-form]:not([hidden])")
    assert page.input_value("#vv-f-activity-title") == ""


def test_a_changed_answer_takes_away_the_old_file_until_it_is_checked_again(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    _submit(page)
    assert page.locator("[data-vv-done]").is_visible()
    page.fill("#vv-f-schedule-start", "14:00")
    assert page.locator("[data-vv-done]").is_hidden()
    _submit(page)
    assert 'start: "14:00"' in page.inner_text("[data-vv-yaml]")


def test_what_a_contributor_writes_is_shown_as_text_and_never_runs(page, base_url):
    _open(page, base_url)
    _fill_a_whole_activity(page)
    hostile = '<img src=x onerror="window.hacked=1">Kort</script><script>window.hacked=2</script>'
    page.fill("#vv-f-activity-title", hostile)
    page.fill("#vv-f-summary", hostile + " og kaffe hver torsdag eftermiddag.")
    _submit(page)
    assert page.evaluate("window.hacked") is None
    assert page.locator("[data-vv-yaml] img, [data-vv-yaml] script").count() == 0
    assert yaml.safe_load(page.inner_text("[data-vv-yaml]"))["title"] == hostile
    name = page.get_attribute("[data-vv-download]", "download")
    assert name.endswith(".yaml") and "/" not in name and "<" not in name
    mail = unquote(page.get_attribute("[data-vv-mail]", "href"))
    assert hostile in mail


def test_without_javascript_the_page_gives_the_coordinators_address(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + FORM)
        assert page.locator("[data-vv-form]").is_hidden()
        assert "vejviser@eksempel-kommune.example" in page.inner_text("[data-vv-loading]")
    finally:
        context.close()


@pytest.mark.parametrize("state", ["empty", "with errors", "done"])
def test_the_form_has_no_axe_violations(page, base_url, state):
    _open(page, base_url)
    if state != "empty":
        _fill_a_whole_activity(page)
    if state == "with errors":
        page.fill("#vv-f-activity-title", "")
        page.fill("#vv-f-schedule-end", "16")
    if state != "empty":
        _submit(page)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []


def test_on_an_ipad_the_form_fits_the_screen_and_every_control_is_big_enough_to_tap(chromium, base_url, tmp_path):
    context = chromium.new_context(**IPAD)
    page = context.new_page()
    try:
        _open(page, base_url)
        for width in (820, 1180):  # upright and on its side
            page.set_viewport_size({"width": width, "height": 1180 if width == 820 else 820})
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        small = page.evaluate(
            """() => [...document.querySelectorAll(`.vv-form input:not([type=checkbox]), .vv-form select,
                       .vv-form textarea, .vv-form__choices li, .vv-form button`)]
               .map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])
               .filter(([, h]) => h < 44)"""
        )
        assert small == []
        _fill_a_whole_activity(page)
        page.tap("button[type=submit]")
        page.wait_for_selector("[data-vv-done]:not([hidden])")
        assert _download(page, tmp_path).name == "kortklub-i-skovlunde.yaml"
    finally:
        context.close()
