"""The closed loop of a culture referral in the browser, in Finnish and Swedish, with
no axe violations: a nurse sends a referral with the client's consent and downloads the
prescription PDF; the culture advisor accepts it, logs two meetings, books an event and
marks attendance; the nurse sees the status; the client opens the QR code's link, sees
the referral, gives feedback and withdraws it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Language
from kohtaamo.notifications import backends
from kohtaamo.referrals.models import Feedback, Referral, ReferralClient, ReferralType
from kohtaamo.referrals.states import Status
from tests import factories
from tests.catalogue import content
from tests.e2e.axe import assert_accessible
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

EVENT = {"fi": "Kamarikonsertti kirjastossa", "sv": "Kammarkonsert på biblioteket"}
QUERY = {"fi": "kamarikonsertti", "sv": "kammarkonsert"}


@pytest.fixture(autouse=True)
def _text_messages(settings):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


@pytest.fixture
def network():
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, name_fi="Pohjois-Savon hyvinvointialue"
    )
    health = factories.unit(
        county_org, kind=Unit.Kind.HEALTH_STATION, name_fi="Männistön terveysasema"
    )
    advice = factories.unit(
        county_org,
        kind=Unit.Kind.CULTURE_ADVICE,
        name_fi="Kulttuurineuvonta",
        name_sv="Kulturrådgivning",
    )
    factories.referral_type(county_org.county, name_sv="Kulturremiss")
    event = content.event(
        EVENT["fi"],
        name_sv=EVENT["sv"],
        languages=["fi", "sv"],
        start=timezone.now() + timedelta(days=6),
        booking_url="https://liput.example.fi/kamarikonsertti",
    )
    return {
        "nurse": factories.member(Role.PROFESSIONAL, unit=health),
        "advisor": factories.member(Role.CULTURE_ADVISOR, unit=advice),
        "event": event,
    }


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_closed_loop_of_a_culture_referral(new_context, sign_in, network, language):
    nurse_context = new_context(accept_downloads=True)
    sign_in(nurse_context, network["nurse"])
    nurse = nurse_context.new_page()

    # The nurse's referrals, then a new one of the county's type.
    nurse.goto(f"/{language}/referrals/")
    check_page(nurse, language)
    nurse.locator("main a[href$='/referrals/new/']").click()
    check_page(nurse, language)
    nurse.locator("a[data-type=kulttuurilahete]").click()
    check_page(nurse, language)

    # Consent first, then the client, the reasons, and an event found within the form.
    form = nurse.locator("form.referral-form")
    form.locator("input[name=consent_shared][value=contact_details]").check()
    form.locator("input[name=consent_shared][value=reasons]").check()
    form.locator("input[name=consent_method][value=verbal]").check()
    form.locator("#id_full_name").fill("Testi Asiakas")
    form.locator("#id_birth_date").fill("1950-05-17")
    form.locator("#id_phone").fill("+358 40 000 0000")
    form.locator("input[name=contact_preference][value=sms]").check()
    form.locator("input[name=reasons][value=loneliness]").check()
    form.locator("#id_language").select_option(str(Language.objects.get(code=language).pk))
    form.locator("#id_q").fill(QUERY[language])
    form.locator("button[value=search]").click()
    results = nurse.locator("#search-results")
    expect(results).to_contain_text(EVENT[language])
    check_page(nurse, language)
    results.locator(f"input[name=suggested_events][value='{network['event'].pk}']").check()
    nurse.locator("form.referral-form button[value=issue]").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "issued")
    check_page(nurse, language)
    referral = Referral.objects.get()
    detail_url = nurse.url
    # The advisor's unit was told of it by e-mail.
    assert [m.to for m in mail.outbox] == [[network["advisor"].email]]

    # The printable prescription in the client's language, with a code to their page.
    nurse.locator("a[href$='/print/']").click()
    expect(nurse.locator("html")).to_have_attribute("lang", language)
    expect(nurse.locator("figure.qr svg")).to_have_count(1)
    expect(nurse.locator("ol.items h3")).to_have_text([EVENT[language]])
    client_url = nurse.locator("figure.qr svg desc").text_content()
    assert client_url.endswith(f"/{language}/referrals/r/{referral.public_token}/")
    assert_accessible(nurse)
    nurse.goto(detail_url)
    with nurse.expect_download() as download_info:
        nurse.locator("a[href$='/pdf/']").click()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages).split()
    )
    assert {"fi": "Kulttuurilähete", "sv": "Kulturremiss"}[language] in text
    assert EVENT[language] in text

    # The advisor: the queue, accept, two meetings, the agreed event, booked, attending.
    advisor_context = new_context()
    sign_in(advisor_context, network["advisor"])
    advisor = advisor_context.new_page()
    advisor.goto(f"/{language}/referrals/incoming/")
    check_page(advisor, language)
    advisor.locator(f"tr[data-referral='{referral.pk}'] a").click()
    check_page(advisor, language)
    expect(advisor.locator("#client")).to_contain_text("Testi Asiakas")
    advisor.locator("#accept-form #id_note").fill("Sisäinen muistiinpano")
    advisor.locator("#accept-form button[type=submit]").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "accepted")
    # The client chose text messages: their link went to their phone.
    assert referral.public_token in backends.outbox[-1]["body"]

    today = timezone.localdate()
    for days_ago, outcome in ((2, "Ensitapaaminen"), (0, "Toinen tapaaminen")):
        contact = advisor.locator("#contact-form")
        contact.locator("#id_date").fill((today - timedelta(days=days_ago)).isoformat())
        contact.locator("input[name=kind][value=meeting]").check()
        contact.locator("#id_outcome").fill(outcome)
        contact.locator("button[type=submit]").click()
        expect(advisor.locator(".messages")).to_be_visible()
    expect(advisor.locator("#contacts > li")).to_have_count(2)
    expect(advisor.locator("#status")).to_have_attribute("data-status", "in_contact")
    check_page(advisor, language)

    agree = advisor.locator("#agree-form")
    agree.locator(f"input[name=activity][value='event-{network['event'].pk}']").check()
    agree.locator("button[type=submit]").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "activity_agreed")
    expect(advisor.locator("#booking-link")).to_have_attribute(
        "href", "https://liput.example.fi/kamarikonsertti"
    )
    advisor.locator(f"form[action$='/{referral.pk}/book/'] button").click()
    expect(advisor.locator("#booked")).to_be_visible()
    advisor.locator(f"form[action$='/{referral.pk}/attending/'] button").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "attending")
    check_page(advisor, language)

    # The nurse sees the status, and not the advisor's notes.
    nurse.goto(detail_url)
    expect(nurse.locator("#status")).to_have_attribute("data-status", "attending")
    expect(nurse.locator("main")).not_to_contain_text("Sisäinen muistiinpano")
    expect(nurse.locator("main")).not_to_contain_text("Ensitapaaminen")
    check_page(nurse, language)
    nurse.goto(f"/{language}/referrals/")
    expect(nurse.locator(f"tr[data-referral='{referral.pk}'] [data-status]")).to_have_attribute(
        "data-status", "attending"
    )

    # The client opens the QR code's link, with no login.
    client = new_context().new_page()
    client.goto(client_url)
    # The link is traded for a cookie: the page's address has no code (only after "#").
    expect(client).to_have_url(path_re(f"/{language}/referrals/r/"))
    check_page(client, language)
    # The paper alone shows no personal data; the year of birth opens them.
    expect(client.locator("#client-name")).to_have_count(0)
    client.locator("#unlock-form #id_birth_year").fill("1900")
    client.locator("#unlock-form button[type=submit]").click()
    expect(client.locator("#id_birth_year_error")).to_be_visible()
    check_page(client, language)
    client.locator("#unlock-form #id_birth_year").fill("1950")
    client.locator("#unlock-form button[type=submit]").click()
    expect(client.locator("#client-name")).to_have_text("Testi Asiakas")
    expect(client.locator("main")).to_contain_text(EVENT[language])
    feedback = client.locator("#feedback-form")
    feedback.locator("button[type=submit]").click()
    expect(client.locator("#id_rating_error")).to_be_visible()
    check_page(client, language)
    client.locator("#feedback-form input[name=rating][value='5']").check()
    client.locator("#feedback-form #id_comment").fill("Mukava konsertti")
    client.locator("#feedback-form button[type=submit]").click()
    expect(client.locator("#feedback-given")).to_be_visible()
    assert Feedback.objects.get(referral=referral).rating == 5

    client.locator("#withdraw-form #id_confirm").check()
    client.locator("#withdraw-form button[type=submit]").click()
    expect(client.locator("#withdrawn")).to_be_visible()
    expect(client.locator("main")).not_to_contain_text("Testi Asiakas")
    check_page(client, language)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert not ReferralClient.objects.filter(referral=referral).exists()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_resident_asks_for_a_culture_advisor_and_it_reaches_the_queue(
    page, new_context, sign_in, network, language
):
    ReferralType.objects.filter(code="kulttuurilahete").update(self_referral=True)
    page.goto(f"/{language}/")
    page.locator("footer a[href$='/referrals/ask/']").click()
    check_page(page, language)
    form = page.locator("#ask-form")
    form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_shared_error")).to_be_visible()
    check_page(page, language)

    form.locator("#id_municipality").select_option(label="Kuopio")
    form.locator("#id_full_name").fill("Asukas Kysyjä")
    form.locator("#id_email").fill("asukas@example.fi")
    form.locator("input[name=contact_preference][value=email]").check()
    form.locator("input[name=interests][value]").first.check()
    form.locator("input[name=shared][value=contact_details]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("#own-link")).to_be_visible()
    check_page(page, language)
    referral = Referral.objects.get()
    assert referral.is_self_referral
    own_link = page.locator("#own-link").get_attribute("href")
    assert own_link.endswith(f"/referrals/r/{referral.public_token}/")

    advisor = new_context().new_page()
    sign_in(advisor.context, network["advisor"])
    advisor.goto(f"/{language}/referrals/incoming/")
    row = advisor.locator(f"tr[data-referral='{referral.pk}']")
    expect(row).to_be_visible()
    row.locator("a").click()
    expect(advisor.locator("#client")).to_contain_text("Asukas Kysyjä")
    # Declining needs a reason, shown next to the choices.
    advisor.locator("#decline-form button[type=submit]").click()
    expect(advisor.locator("#id_reason_error")).to_be_visible()
    check_page(advisor, language)
    advisor.locator("#decline-form input[name=reason][value=referred_elsewhere]").check()
    advisor.locator("#decline-form button[type=submit]").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "declined")
    check_page(advisor, language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_anonymous_prescription_and_the_forms_errors(new_context, sign_in, network, language):
    ReferralType.objects.create(
        county=ReferralType.objects.get().county,
        code="kulttuuriresepti",
        name_fi="Kulttuuriresepti",
        name_sv="Kulturrecept",
        kind=ReferralType.Kind.PRESCRIPTION,
        receiver_kind=ReferralType.ReceiverKind.NOBODY,
        expiry_days=180,
    )
    context = new_context()
    sign_in(context, network["nurse"])
    nurse = context.new_page()

    # A personal referral sent without consent: the errors point at the fields.
    nurse.goto(f"/{language}/referrals/new/")
    nurse.locator("a[data-type=kulttuurilahete]").click()
    nurse.locator("form.referral-form button[value=issue]").click()
    expect(nurse.locator(".error-summary")).to_be_visible()
    expect(nurse.locator("#id_consent_shared_error")).to_be_visible()
    expect(nurse.locator("#id_full_name")).to_have_attribute("aria-invalid", "true")
    check_page(nurse, language)

    # Saved as a draft instead, the consent is recorded on the draft's page, then it goes.
    nurse.locator("#id_full_name").fill("Testi Luonnos")
    nurse.locator("#id_phone").fill("+358 40 000 0001")
    nurse.locator("form.referral-form button[value=draft]").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "draft")
    check_page(nurse, language)
    nurse.locator("main a[href$='/edit/']").click()
    expect(nurse.locator("#id_full_name")).to_have_value("Testi Luonnos")
    check_page(nurse, language)
    nurse.locator("form.referral-form button[value=draft]").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "draft")
    consent = nurse.locator("form[action$='/consent/']")
    consent.locator("button[type=submit]").click()
    expect(nurse.locator("#id_shared_error")).to_be_visible()
    check_page(nurse, language)
    consent = nurse.locator("form[action$='/consent/']")
    consent.locator("input[name=shared][value=contact_details]").check()
    consent.locator("input[name=method][value=written]").check()
    consent.locator("button[type=submit]").click()
    nurse.locator("form[action$='/issue/'] button").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "issued")
    Referral.objects.get().delete()

    # Without consent, the form offers the anonymous prescription instead.
    nurse.goto(f"/{language}/referrals/new/")
    nurse.locator("a[data-type=kulttuurilahete]").click()
    nurse.locator("#consent a[href*='/referrals/new/']").click()
    check_page(nurse, language)
    expect(nurse.locator("#id_full_name")).to_have_count(0)
    nurse.locator("input[name=reasons][value=stress]").check()
    nurse.locator("form.referral-form button[value=issue]").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "issued")
    check_page(nurse, language)
    prescription = Referral.objects.get()
    assert not ReferralClient.objects.filter(referral=prescription).exists()
    nurse.locator("a[href$='/print/']").click()
    expect(nurse.locator("figure.qr svg")).to_have_count(1)
    assert_accessible(nurse)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_phone_and_birth_date_are_checked_and_completing_is_confirmed(
    new_context, sign_in, network, language
):
    from kohtaamo.referrals import services

    context = new_context()
    sign_in(context, network["nurse"])
    nurse = context.new_page()
    nurse.goto(f"/{language}/referrals/new/")
    nurse.locator("a[data-type=kulttuurilahete]").click()
    form = nurse.locator("form.referral-form")
    form.locator("input[name=consent_shared][value=contact_details]").check()
    form.locator("input[name=consent_method][value=verbal]").check()
    form.locator("#id_full_name").fill("Testi Puhelin")
    form.locator("#id_birth_date").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    form.locator("#id_phone").fill("not a phone 😀")
    form.locator("input[name=contact_preference][value=sms]").check()
    form.locator("button[value=issue]").click()
    expect(nurse.locator(".error-summary")).to_be_visible()
    expect(nurse.locator("#id_phone_error")).to_be_visible()
    expect(nurse.locator("#id_birth_date_error")).to_be_visible()
    expect(nurse.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    check_page(nurse, language)
    assert not Referral.objects.exists()

    # A Finnish mobile number as people write it is stored in E.164 and shown readably.
    form = nurse.locator("form.referral-form")
    form.locator("#id_birth_date").fill("1950-05-17")
    form.locator("#id_phone").fill("040 123 4567")
    form.locator("button[value=issue]").click()
    expect(nurse.locator("#status")).to_have_attribute("data-status", "issued")
    expect(nurse.locator("#client")).to_contain_text("040 1234567")
    referral = Referral.objects.get()
    assert referral.client.phone == "+358401234567"

    advisor_user = network["advisor"]
    services.accept(advisor_user, referral)
    services.record_contact(advisor_user, referral, date=timezone.localdate(), kind="meeting")
    services.agree_activity(advisor_user, referral, event=network["event"])
    services.mark_attending(advisor_user, referral)

    # Completing needs the box ticked; the server refuses without it.
    advisor_context = new_context()
    sign_in(advisor_context, advisor_user)
    advisor = advisor_context.new_page()
    advisor.goto(f"/{language}/referrals/{referral.pk}/")
    advisor.locator("#complete-form button[type=submit]").click()
    expect(advisor.locator("#id_confirm_error")).to_be_visible()
    check_page(advisor, language)
    referral.refresh_from_db()
    assert referral.status == Status.ATTENDING
    advisor.locator("#complete-form #id_confirm").check()
    advisor.locator("#complete-form button[type=submit]").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "completed")
    check_page(advisor, language)
