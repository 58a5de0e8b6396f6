"""A professional makes a personal list for a client in the browser: signs in with a
one-time code, adds two activities from the search, writes a note, opens the print page,
downloads the PDF and e-mails the list, in Finnish and in Swedish, with no axe violations.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import AuditEvent
from tests import factories
from tests.catalogue import content
from tests.e2e.axe import assert_accessible
from tests.e2e.checks import E2E, check_page, path_re
from tests.e2e.flows import log_in_form

pytestmark = E2E

NOTE = {
    "fi": "Tervetuloa! Soita ensin ja kysy vapaita paikkoja.",
    "sv": "Välkommen! Ring först och fråga om lediga platser.",
}
CLIENT_ADDRESS = "asiakas.selain@example.fi"


@pytest.fixture
def activities():
    return [
        content.service(
            "Lauluryhmä ikäihmisille",
            name_sv="Sånggrupp för äldre",
            summary_fi="Laulamme yhdessä.",
            summary_sv="Vi sjunger tillsammans.",
            languages=["fi", "sv"],
            is_free=True,
        ),
        content.service(
            "Maalausryhmä ikäihmisille",
            name_sv="Målargrupp för äldre",
            summary_fi="Maalaamme vesiväreillä.",
            summary_sv="Vi målar med vattenfärger.",
            languages=["fi", "sv"],
        ),
    ]


def sign_in_with_code(page, language):
    professional = factories.member(
        Role.PROFESSIONAL, organisation=factories.organisation(Organisation.Kind.WELLBEING_COUNTY)
    )
    device = factories.totp_device(professional)
    page.goto(f"/{language}/accounts/login/")
    log_in_form(page, professional.email, factories.PASSWORD)
    expect(page).to_have_url(path_re(f"/{language}/accounts/login/code/"))
    page.locator("#id_token").fill(factories.current_code(device))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".main-nav a[href$='/lists/']")).to_be_visible()
    return professional


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_professional_makes_prints_downloads_and_sends_a_list(page, activities, language):
    professional = sign_in_with_code(page, language)
    names = [getattr(service, f"name_{language}") for service in activities]

    # Search, and add both results from the result list.
    page.goto(
        f"/{language}/search/?q=ikäihmisille"
        if language == "fi"
        else f"/{language}/search/?q=äldre"
    )
    results = page.locator(".results > li.result")
    expect(results).to_have_count(2)
    check_page(page, language)
    for name in names:
        result = results.filter(has=page.locator("h3", has_text=name))
        result.locator("button[form='add-to-list']").click()
        expect(page.locator(".messages")).to_contain_text(name)
        expect(result.locator(".on-list")).to_be_visible()
    check_page(page, language)

    # The list: both items in the order added, then a note and the client's language.
    page.locator(".main-nav a[href$='/lists/']").click()
    check_page(page, language)
    page.locator("main table a").first.click()
    expect(page.locator(".list-items h3")).to_have_text(names)
    page.locator("#id_note").fill(NOTE[language])
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("section[aria-labelledby=details-title] button[type=submit]").click()
    expect(page.locator("#id_note")).to_have_value(NOTE[language])
    check_page(page, language)
    list_url = page.url

    # Move the second item up: the order changes.
    page.locator(".list-items > li").nth(1).locator("button[value=up]").click()
    expect(page.locator(".list-items h3")).to_have_text(list(reversed(names)))

    # The print page, in the client's language, with a code for each item.
    page.locator("a[href$='/print/']").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("ol.items h2")).to_have_count(2)
    expect(page.locator(".note")).to_contain_text(NOTE[language])
    expect(page.locator("figure.qr svg")).to_have_count(2)
    assert_accessible(page)

    # The PDF, downloaded as a file, holds the items and the note.
    page.goto(list_url)
    with page.expect_download() as download_info:
        page.locator("a[href$='/pdf/']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("kohtaamo-list-")
    reader = PdfReader(download.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in [*names, NOTE[language]]:
        assert expected in text, expected

    # E-mail: the consent box is required; then the list goes out and the address stays.
    page.locator("a[href$='/email/']").click()
    check_page(page, language)
    page.locator("#id_address").fill(CLIENT_ADDRESS)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_consent_error")).to_be_visible()
    check_page(page, language)
    assert mail.outbox == []
    page.locator("#id_address").fill(CLIENT_ADDRESS)
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(list_url)
    expect(page.locator(".messages")).to_be_visible()
    check_page(page, language)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [CLIENT_ADDRESS]
    assert all(name in message.body for name in names)
    assert message.attachments[0][2] == "application/pdf"
    event = AuditEvent.objects.get(action="export", actor_id=professional.pk)
    assert CLIENT_ADDRESS not in str(event.__dict__)


def test_the_add_buttons_work_without_javascript(new_context, sign_in, activities):
    context = new_context(java_script_enabled=False)
    professional = factories.member(Role.PROFESSIONAL)
    sign_in(context, professional)
    page = context.new_page()
    page.goto(f"/fi/services/{activities[0].pk}/")
    page.locator("form.add-to-list button").click()
    expect(page.locator(".on-list")).to_be_visible()
    page.goto("/fi/search/?q=ikäihmisille")
    page.locator("button[form='add-to-list']").click()
    expect(page.locator(".on-list")).to_have_count(2)
    assert professional.personal_lists.get().items.count() == 2
