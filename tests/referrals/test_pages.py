"""The referral pages: the nurse writes and sends, the advisor works the loop, the
client opens their own page with the link. Access is checked on every page."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader

from kohtaamo.core.models import AuditEvent, Language
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Consent, Feedback, Referral, ReferralClient
from kohtaamo.referrals.states import Status
from tests.catalogue import content

from .conftest import CLIENT, reload

pytestmark = pytest.mark.django_db


def form_data(world, **extra):
    data = {
        "unit": world.health_station.pk,
        "receiving_unit": world.culture_advice.pk,
        "consent_shared": ["contact_details", "reasons"],
        "consent_method": "verbal",
        "consent_given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "full_name": "Testi Asiakas",
        "birth_date": "1950-05-17",
        "phone": "+358 40 000 0000",
        "email": "",
        "contact_preference": "phone",
        "reasons": ["loneliness"],
        "interests": [],
        "needs": ["mobility"],
        "action": "issue",
    }
    data.update(extra)
    return data


def write_url(referral_type):
    return reverse("referrals:write", args=[referral_type.pk])


# --- Writing and sending ----------------------------------------------------------


def test_the_nurse_sends_a_referral_only_with_the_clients_consent(world, login):
    client = login(world.nurse)
    assert client.get(reverse("referrals:new")).status_code == 200
    page = client.get(write_url(world.referral_type))
    assert page.status_code == 200
    assert b'name="consent_shared"' in page.content

    refused = client.post(
        write_url(world.referral_type), form_data(world, consent_shared=[], consent_method="")
    )
    assert refused.status_code == 400
    assert b'id="id_consent_shared_error"' in refused.content
    assert b'aria-describedby="id_consent_shared_helptext id_consent_shared_error"' in (
        refused.content
    )
    assert not Referral.objects.exists()

    sent = client.post(write_url(world.referral_type), form_data(world))
    referral = Referral.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == Status.ISSUED
    consent = Consent.objects.get(referral=referral)
    assert consent.receiving_unit == world.culture_advice
    assert consent.shared == ["contact_details", "reasons"]
    assert referral.client.full_name == "Testi Asiakas"
    # The receiving unit's advisor hears of it, with no client data in the message.
    assert [m.to for m in mail.outbox] == [[world.advisor.email]]
    assert "Testi" not in mail.outbox[0].body
    assert f"/referrals/{referral.pk}/" in mail.outbox[0].body


def test_a_client_contacted_by_e_mail_needs_an_address(world, login):
    client = login(world.nurse)
    page = client.post(write_url(world.referral_type), form_data(world, contact_preference="email"))
    assert page.status_code == 400
    assert b'id="id_email_error"' in page.content


def test_a_draft_gets_consent_and_is_sent_from_its_page(world, login):
    client = login(world.nurse)
    client.post(
        write_url(world.referral_type),
        form_data(world, action="draft", consent_shared=[], consent_method=""),
    )
    referral = Referral.objects.get()
    assert referral.status == Status.DRAFT
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert b'action="%s"' % reverse("referrals:act", args=[referral.pk, "consent"]).encode() in (
        page.content
    )
    # Without consent the draft cannot go.
    client.post(reverse("referrals:act", args=[referral.pk, "issue"]))
    assert reload(referral).status == Status.DRAFT
    client.post(
        reverse("referrals:act", args=[referral.pk, "consent"]),
        {"shared": ["contact_details"], "method": "written"},
    )
    client.post(reverse("referrals:act", args=[referral.pk, "issue"]))
    assert reload(referral).status == Status.ISSUED


def test_the_nurse_deletes_a_draft(world, login):
    referral = world.draft()
    client = login(world.nurse)
    client.post(reverse("referrals:delete", args=[referral.pk]))
    assert not Referral.objects.exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(referral.pk)).exists()


def test_the_same_name_and_birth_date_asks_the_nurse_to_choose(world, login):
    earlier = world.issued()
    client = login(world.nurse)
    page = client.post(write_url(world.referral_type), form_data(world))
    assert page.status_code == 200
    assert b'id="duplicates"' in page.content
    assert reverse("referrals:detail", args=[earlier.pk]).encode() in page.content
    assert Referral.objects.count() == 1
    client.post(write_url(world.referral_type), form_data(world, confirm_new_client="on"))
    assert Referral.objects.count() == 2


def test_suggestions_are_searched_and_chosen_within_the_form(world, login):
    choir = content.service("Kuorolaulu seniorit", municipalities=("297",))
    content.service("Maalauspiiri", municipalities=("297",))
    client = login(world.nurse)
    page = client.post(write_url(world.referral_type), form_data(world, action="search", q="kuoro"))
    assert page.status_code == 200
    assert b'id="search-results"' in page.content
    assert f'name="suggested_services" value="{choir.pk}"'.encode() in page.content
    assert b"Maalauspiiri" not in page.content
    client.post(write_url(world.referral_type), form_data(world, suggested_services=[choir.pk]))
    assert list(Referral.objects.get().suggested_services.all()) == [choir]


def test_a_search_keeps_what_was_typed_and_shows_no_errors_yet(world, login):
    content.service("Kuorolaulu seniorit", municipalities=("297",))
    client = login(world.nurse)
    page = client.post(
        write_url(world.referral_type),
        {
            "unit": world.health_station.pk,
            "full_name": "Testi",
            "reasons": ["stress"],
            "action": "search",
            "q": "kuoro",
        },
    )
    assert page.status_code == 200
    assert b"error-summary" not in page.content
    assert b'value="Testi"' in page.content
    assert re.search(rb'<input[^>]*value="stress"[^>]*checked', page.content)
    assert not Referral.objects.exists()


def test_an_anonymous_prescription_asks_for_no_person(world, login):
    client = login(world.nurse)
    page = client.get(write_url(world.prescription_type))
    assert b'name="full_name"' not in page.content
    assert b'name="consent_shared"' not in page.content
    client.post(
        write_url(world.prescription_type),
        {"unit": world.health_station.pk, "reasons": ["stress"], "action": "issue"},
    )
    referral = Referral.objects.get()
    assert referral.status == Status.ISSUED
    assert not ReferralClient.objects.exists()


def test_another_countys_type_is_not_offered(world, login):
    from kohtaamo.referrals.models import ReferralType
    from tests import factories

    other = ReferralType.objects.create(
        county=factories.county("06"),
        code="other",
        name_fi="Muu",
        kind="prescription",
        receiver_kind="nobody",
        expiry_days=30,
    )
    assert login(world.nurse).get(write_url(other)).status_code == 404


# --- Who sees what ----------------------------------------------------------------


def test_only_the_two_units_reach_a_referral_and_reads_are_logged(world, login, client):
    referral = world.issued()
    url = reverse("referrals:detail", args=[referral.pk])
    login(world.stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("referrals:print", args=[referral.pk])).status_code == 404
    login(world.other_advisor)
    assert client.get(url).status_code == 404
    assert client.post(reverse("referrals:act", args=[referral.pk, "accept"])).status_code == 404

    login(world.advisor)
    page = client.get(url)
    assert page.status_code == 200
    assert b"Testi Asiakas" in page.content
    assert AuditEvent.objects.filter(
        action="view", actor_id=world.advisor.pk, target_type="referrals.referralclient"
    ).exists()

    login(world.nurse)
    assert client.get(url).status_code == 200
    # The sender may not make the receiver's moves.
    assert client.post(reverse("referrals:act", args=[referral.pk, "accept"])).status_code == 403
    assert reload(referral).status == Status.ISSUED


def test_people_without_a_referral_role_are_refused(world, client):
    from kohtaamo.accounts.roles import Role
    from tests import factories

    assert client.get(reverse("referrals:index")).status_code == 302  # to the login
    provider = factories.member(Role.PROVIDER)
    client.force_login(provider)
    assert client.get(reverse("referrals:index")).status_code == 403


def test_the_sender_sees_status_changes_but_not_the_receivers_notes(world, login, client):
    referral = world.issued()
    services.accept(world.advisor, referral, note="Soitettu, vastasi iloisesti")
    login(world.nurse)
    sent = client.get(reverse("referrals:index"))
    assert f'data-referral="{referral.pk}"'.encode() in sent.content
    assert b'data-status="accepted"' in sent.content
    detail = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert b'data-status="accepted"' in detail.content
    assert b"Soitettu" not in detail.content
    login(world.advisor)
    assert b"Soitettu" in client.get(reverse("referrals:detail", args=[referral.pk])).content


# --- The receiving unit -----------------------------------------------------------


def test_the_advisor_works_the_loop_and_the_sender_hears_of_it(world, login, _text_messages):
    referral = world.issued(client={**CLIENT, "contact_preference": "sms"})
    event = content.event(
        "Iltapäiväkonsertti",
        start=timezone.now() + timedelta(days=5),
        booking_url="https://liput.example.fi/konsertti",
    )
    mail.outbox.clear()
    client = login(world.advisor)
    queue = client.get(reverse("referrals:queue"))
    assert f'data-referral="{referral.pk}"'.encode() in queue.content

    act = lambda move, data=None: client.post(  # noqa: E731
        reverse("referrals:act", args=[referral.pk, move]), data or {}
    )
    assert act("accept").status_code == 302
    assert reload(referral).status == Status.ACCEPTED
    # The client chose text messages: they get their own link.
    assert len(_text_messages) == 1
    assert _text_messages[0]["to"] == "+358400000000"  # CLIENT["phone"] in E.164
    assert referral.public_token in _text_messages[0]["body"]

    today = timezone.localdate()
    bad = act("contact", {"date": (today + timedelta(days=2)).isoformat(), "kind": "meeting"})
    assert bad.status_code == 400
    assert b'id="id_date_error"' in bad.content
    act("contact", {"date": (today - timedelta(days=3)).isoformat(), "kind": "meeting"})
    act("contact", {"date": today.isoformat(), "kind": "meeting", "outcome": "Kiinnostui"})
    assert reload(referral).status == Status.IN_CONTACT
    assert referral.contacts.count() == 2

    assert act("agree", {"activity": f"event-{event.pk}"}).status_code == 302
    referral = reload(referral)
    assert referral.status == Status.ACTIVITY_AGREED
    assert referral.agreed_event == event
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert b'id="booking-link"' in page.content
    assert b"https://liput.example.fi/konsertti" in page.content
    act("book")
    assert reload(referral).booked_at is not None
    act("attending")
    act("complete", {"confirm": "on"})
    assert reload(referral).status == Status.COMPLETED

    # The nurse heard of every move the advisor made.
    to_nurse = [m for m in mail.outbox if m.to == [world.nurse.email]]
    assert len(to_nurse) == 5  # accepted, in contact, agreed, attending, completed
    assert all("Kiinnostui" not in m.body for m in mail.outbox)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_completing_needs_the_receivers_confirmation(world, login, language):
    referral = world.issued()
    services.accept(world.advisor, referral)
    services.record_contact(world.advisor, referral, date=timezone.localdate(), kind="meeting")
    services.agree_activity(world.advisor, referral)
    services.mark_attending(world.advisor, referral)
    client = login(world.advisor)
    with translation.override(language):
        url = reverse("referrals:act", args=[referral.pk, "complete"])
        detail = reverse("referrals:detail", args=[referral.pk])
        expected = gettext("Tick the box to confirm that the client has taken part.")
        label = gettext("The client has taken part and the referral can be closed")
        page = client.get(detail)
        refused = client.post(url, {})
        unchanged = reload(referral).status
        confirmed = client.post(url, {"confirm": "on"})
    assert escape(label) in page.content.decode()
    assert refused.status_code == 400
    assert b'id="id_confirm_error"' in refused.content
    assert escape(expected) in refused.content.decode()
    assert unchanged == Status.ATTENDING
    assert confirmed.status_code == 302
    assert reload(referral).status == Status.COMPLETED


def test_decline_needs_a_reason(world, login):
    referral = world.issued()
    client = login(world.advisor)
    page = client.post(reverse("referrals:act", args=[referral.pk, "decline"]), {})
    assert page.status_code == 400
    assert b'id="id_reason_error"' in page.content
    client.post(reverse("referrals:act", args=[referral.pk, "decline"]), {"reason": "no_capacity"})
    referral = reload(referral)
    assert referral.status == Status.DECLINED
    assert referral.status_changes.last().reason == "no_capacity"


def test_a_step_out_of_order_is_refused_with_a_message(world, login):
    referral = world.issued()
    client = login(world.advisor)
    url = reverse("referrals:act", args=[referral.pk, "complete"])
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert reload(referral).status == Status.ISSUED
    with translation.override("fi"):
        expected = gettext("That step is not possible in this referral's present state.")
    assert escape(expected) in response.content.decode()


def test_a_steps_confirmation_speaks_the_pages_language(world, login):
    referral = world.issued()
    client = login(world.advisor)
    with translation.override("sv"):
        url = reverse("referrals:act", args=[referral.pk, "accept"])
        expected = gettext("The referral was accepted.")
    response = client.post(url, follow=True)
    assert reload(referral).status == Status.ACCEPTED
    assert escape(expected) in response.content.decode()


def test_the_advisor_reroutes_with_the_clients_consent_to_the_new_unit(world, login):
    referral = world.issued()
    client = login(world.advisor)
    refused = client.post(
        reverse("referrals:act", args=[referral.pk, "reroute"]), {"unit": world.other_advice.pk}
    )
    assert refused.status_code == 400
    client.post(
        reverse("referrals:act", args=[referral.pk, "reroute"]),
        {"unit": world.other_advice.pk, "consent_method": "verbal"},
    )
    referral = reload(referral)
    assert referral.status == Status.REROUTED
    assert referral.receiving_unit == world.other_advice
    assert referral.consents.filter(receiving_unit=world.other_advice).exists()


# --- The prescription -------------------------------------------------------------


def test_the_prescription_prints_in_the_clients_language_with_a_code_to_their_page(world, login):
    choir = content.service("Kuorolaulu", name_sv="Körsång", municipalities=("297",))
    referral = world.issued(language=Language.objects.get(code="sv"), suggested_services=[choir])
    client = login(world.nurse)
    page = client.get(reverse("referrals:print", args=[referral.pk]))
    html = page.content.decode()
    assert '<html lang="sv">' in html
    assert "Körsång" in html
    assert f"/sv/referrals/r/{referral.public_token}/" in html
    assert "<svg" in html

    pdf = client.get(reverse("referrals:pdf", args=[referral.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Kulturremiss" in text
    assert "Körsång" in text


# --- The client's own page --------------------------------------------------------


def test_the_client_sees_downloads_rates_and_withdraws_with_the_link(world, client):
    referral = world.issued()
    url = reverse("referrals:client", args=[referral.public_token])
    assert client.get(reverse("referrals:client", args=["wrong" * 8])).status_code == 404
    # The link is traded for a cookie; the page itself has no code in its address.
    page = client.get(url, follow=True)
    code = referral.public_token
    assert page.redirect_chain == [(url.removesuffix(f"{code}/") + f"#{code}", 302)]
    assert page.status_code == 200
    # The paper link alone shows no personal data; the year of birth opens them.
    assert b"Testi Asiakas" not in page.content
    page = client.post(reverse("referrals:client_unlock"), {"birth_year": "1950"}, follow=True)
    assert b"Testi Asiakas" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action="view", actor_id=None, target_type="referrals.referralclient"
    ).exists()

    data = json.loads(client.get(reverse("referrals:client_json")).content)
    assert data["client"]["full_name"] == "Testi Asiakas"
    assert data["referral"]["status"] == "issued"
    assert data["consents"][0]["method"] == "verbal"

    bad = client.post(reverse("referrals:client_feedback"), {})
    assert bad.status_code == 400
    client.post(
        reverse("referrals:client_feedback"),
        {"rating": "4", "comment": "Hyvä"},
    )
    assert Feedback.objects.get(referral=referral).rating == 4

    withdraw = reverse("referrals:client_withdraw")
    assert client.post(withdraw, {}).status_code == 400
    client.post(withdraw, {"confirm": "on"})
    referral = reload(referral)
    assert referral.status == Status.WITHDRAWN
    assert not ReferralClient.objects.filter(referral=referral).exists()
    assert Feedback.objects.get(referral=referral).comment == ""
    after = client.get(url, follow=True)
    assert b'id="withdrawn"' in after.content
    assert b"Testi Asiakas" not in after.content


def test_a_draft_has_no_client_page(world, client):
    referral = world.draft()
    assert client.get(reverse("referrals:client", args=[referral.public_token])).status_code == 404


# --- Asking for a culture advisor -------------------------------------------------


def test_a_resident_asks_for_a_culture_advisor(world, client):
    world.referral_type.self_referral = True
    world.referral_type.save()
    data = {
        "municipality": "297",
        "full_name": "Asukas Kysyjä",
        "phone": "+358 40 111 1111",
        "contact_preference": "phone",
        "interests": [],
        "shared": ["contact_details"],
    }
    from kohtaamo.core.models import Municipality

    data["municipality"] = Municipality.objects.get(code="297").pk
    refused = client.post(reverse("referrals:ask"), {**data, "shared": []})
    assert refused.status_code == 400
    assert b'id="id_shared_error"' in refused.content
    done = client.post(reverse("referrals:ask"), data)
    assert done.status_code == 200
    referral = Referral.objects.get()
    assert referral.is_self_referral and referral.status == Status.ISSUED
    assert referral.receiving_unit in (world.culture_advice, world.other_advice)
    assert referral.public_token.encode() in done.content
    assert referral.consents.get().method == "electronic"
    advisor = (
        world.advisor if referral.receiving_unit == world.culture_advice else (world.other_advisor)
    )
    assert referral in services.received_by_units_of(advisor)


def test_asking_is_closed_where_no_county_offers_it(world, client):
    page = client.get(reverse("referrals:ask"))
    assert page.status_code == 200
    assert b'id="ask-form"' not in page.content


def test_nonsense_ids_are_not_an_error_page(world, login):
    huge = "9" * 40
    client = login(world.nurse)
    page = client.post(
        write_url(world.referral_type),
        form_data(world, action="search", q="x", suggested_services=[huge, "abc"]),
    )
    assert page.status_code == 200
    refused = client.post(write_url(world.referral_type), form_data(world, suggested_events=[huge]))
    assert refused.status_code == 400
    sent = client.post(write_url(world.referral_type), form_data(world, suggested_events=["12345"]))
    assert sent.status_code == 302
    assert not Referral.objects.get().suggested_events.exists()
    referral = Referral.objects.get()
    services.accept(world.advisor, referral)
    services.record_contact(world.advisor, referral, date=timezone.localdate(), kind="meeting")
    login(world.advisor)
    agree = client.post(
        reverse("referrals:act", args=[referral.pk, "agree"]), {"activity": f"event-{huge}"}
    )
    assert agree.status_code == 400
    assert b'id="id_activity_error"' in agree.content
    assert client.get(reverse("referrals:act", args=[referral.pk, "nonsense"])).status_code == 405
    assert client.post(reverse("referrals:act", args=[referral.pk, "nonsense"])).status_code == 404


def test_the_sender_sends_a_declined_referral_to_another_unit(world, login):
    referral = world.issued()
    services.decline(world.advisor, referral, "no_capacity")
    client = login(world.nurse)
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert reverse("referrals:act", args=[referral.pk, "reroute"]).encode() in page.content
    client.post(
        reverse("referrals:act", args=[referral.pk, "reroute"]),
        {"unit": world.other_advice.pk, "consent_method": "written"},
    )
    referral = reload(referral)
    assert referral.status == Status.REROUTED
    assert referral.receiving_unit == world.other_advice
    assert referral.closed_at is None
    # The new unit sees it in its queue; the old one no longer does.
    assert referral in services.received_by_units_of(world.other_advisor)
    assert referral not in services.received_by_units_of(world.advisor)


def test_a_draft_is_changed_with_the_same_form_and_sent(world, login, client):
    draft = world.draft()
    login(world.nurse)
    page = client.get(reverse("referrals:edit", args=[draft.pk]))
    assert page.status_code == 200
    assert b'value="Testi Asiakas"' in page.content
    assert AuditEvent.objects.filter(
        action="view", actor_id=world.nurse.pk, purpose="edit draft referral"
    ).exists()
    client.post(
        reverse("referrals:edit", args=[draft.pk]),
        form_data(world, full_name="Testi Muutettu", receiving_unit=world.other_advice.pk),
    )
    draft = reload(draft)
    assert draft.status == Status.ISSUED
    assert draft.receiving_unit == world.other_advice
    assert draft.client.full_name == "Testi Muutettu"
    assert draft.consents.get().receiving_unit == world.other_advice
    # Sent, it is no longer changed; another unit never reaches the form.
    assert client.get(reverse("referrals:edit", args=[draft.pk])).status_code == 302
    login(world.stranger)
    assert client.get(reverse("referrals:edit", args=[draft.pk])).status_code == 404


def test_the_queue_shows_feedback_only_when_enough_clients_gave_it(world, login):
    client = login(world.advisor)
    referrals = [world.issued() for _ in range(5)]
    for number, referral in enumerate(referrals[:4]):
        services.give_feedback(referral, 4 + number % 2)
    assert b'id="feedback-summary"' not in client.get(reverse("referrals:queue")).content
    services.give_feedback(referrals[4], 5)
    page = client.get(reverse("referrals:queue"))
    assert b'id="feedback-summary"' in page.content
    assert services.feedback_summary(Referral.objects.all()) == {"count": 5, "average": 4.6}
