"""Calls for offers: a buyer writes and opens a call, matching providers are told, they
answer (one answer per organisation, editable until the deadline), and the buyer
compares the answers, which nobody outside the buyer's organisation sees."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.buyers.models import Answer, CallForOffers
from kohtaamo.buyers.states import AnswerStatus, CallStatus
from kohtaamo.core.models import ArtForm, Municipality
from tests import factories
from tests.buyers.conftest import SITE, buyer, call, organisation_of, provider, tomorrow
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def client_for(person):
    """A browser of its own for each person, signed in with the one-time code done."""
    client = Client()
    client.force_login(person)
    device = factories.totp_device(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def call_form(**overrides):
    data = {
        "title_fi": "Musiikkia hoivakotiin",
        "title_sv": "Musik till vårdhemmet",
        "description_fi": "Etsimme muusikkoa, joka vierailee hoivakodissa kerran kuussa.",
        "art_forms": [ArtForm.objects.get(code="music").pk],
        "municipalities": [Municipality.objects.get(code="297").pk],
        "audience": "Hoivakodin asukkaat",
        "budget": "Enintään 2 000 €",
        "deadline": tomorrow(10).isoformat(),
        "contact_name": "Hankinta",
        "contact_email": "hankinnat@example.fi",
    }
    data.update(overrides)
    return data


def answer_form(**overrides):
    data = {"offer": "Laulutuokio kerran kuussa.", "price": "300 € / kerta", "available_dates": ""}
    data.update(overrides)
    return data


# -- writing and opening ---------------------------------------------------------------


def test_a_buyer_saves_a_draft_and_opens_it_and_matching_providers_are_told():
    person = buyer()
    client = client_for(person)
    music_here = provider(("music",), ("297",), language="sv")
    music_anywhere = provider(("music", "dance"), ())
    dance_here = provider(("dance",), ("297",))
    music_elsewhere = provider(("music",), ("091",))

    response = client.post("/fi/calls/new/", {**call_form(), "save": ""})
    created = CallForOffers.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fi/calls/{created.pk}/"
    assert created.status == CallStatus.DRAFT
    assert created.organisation == organisation_of(person)
    assert mail.outbox == []

    response = client.post(f"/fi/calls/{created.pk}/move/", {"move": "open"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == CallStatus.OPEN and created.opened_at is not None

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {music_here.email, music_anywhere.email}
    assert dance_here.email not in told and music_elsewhere.email not in told
    swedish = told[music_here.email]
    assert swedish.subject == "Ny anbudsbegäran: Musik till vårdhemmet"
    assert told[music_anywhere.email].subject == "Uusi tarjouspyyntö: Musiikkia hoivakotiin"
    assert f"{SITE}/sv/calls/{created.pk}/" in swedish.body
    assert f"{SITE}/fi/calls/{created.pk}/" in told[music_anywhere.email].body


def test_save_and_open_in_one_step():
    person = buyer(Role.PROFESSIONAL)
    client = client_for(person)
    told = provider()
    response = client.post("/en/calls/new/", {**call_form(), "open": ""})
    created = CallForOffers.objects.get()
    assert response["Location"] == f"/en/calls/{created.pk}/"
    assert created.status == CallStatus.OPEN
    assert [message.to for message in mail.outbox] == [[told.email]]


def test_mistakes_are_shown_next_to_the_fields_and_nothing_is_saved():
    client = client_for(buyer())
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/en/calls/new/",
        {**call_form(title_fi="", deadline=yesterday, art_forms=[]), "open": ""},
    )
    assert response.status_code == 200
    page = parse(response)
    assert page.by_id("id_title_fi").attrs["aria-invalid"] == "true"
    assert "required" in page.by_id("id_title_fi_error").text
    assert page.by_id("id_deadline").attrs["aria-invalid"] == "true"
    assert "future" in page.by_id("id_deadline_error").text
    assert page.by_id("id_art_forms_error") is not None
    summary = page.find("div", cls="error-summary")
    assert {a.attrs["href"] for a in summary.find_all("a")} >= {"#id_title_fi", "#id_deadline"}
    assert page.find_all("h1")[0].text == "New call for offers"
    assert not CallForOffers.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"deadline": "not a date"},
        {"deadline": "2024-02-30"},
        {"art_forms": ["abc"]},
        {"municipalities": ["999999"]},
        {"contact_email": "no-at-sign"},
        {"title_fi": "x" * 500},
    ],
)
def test_bad_input_never_breaks_the_form(bad):
    client = client_for(buyer())
    response = client.post("/en/calls/new/", {**call_form(**bad), "save": ""})
    assert response.status_code == 200
    assert parse(response).find("div", cls="error-summary") is not None
    assert not CallForOffers.objects.exists()


def test_only_drafts_are_edited_and_only_by_the_buyers_organisation():
    person = buyer()
    client = client_for(person)
    draft = call(organisation_of(person))
    response = client.post(
        f"/en/calls/{draft.pk}/edit/", {**call_form(title_fi="Uusi"), "save": ""}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_fi == "Uusi"

    opened = call(organisation_of(person), status=CallStatus.OPEN)
    response = client.get(f"/en/calls/{opened.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/en/calls/{opened.pk}/"

    stranger = client_for(buyer())
    assert stranger.get(f"/en/calls/{draft.pk}/edit/").status_code == 404
    assert stranger.get(f"/en/calls/{draft.pk}/").status_code == 404
    assert stranger.post(f"/en/calls/{draft.pk}/move/", {"move": "open"}).status_code == 404


# -- moves through the pages -----------------------------------------------------------


def test_close_and_cancel_from_the_call_page_and_forbidden_moves_explained():
    person = buyer()
    client = client_for(person)
    opened = call(organisation_of(person), status=CallStatus.OPEN)
    page = parse(client.get(f"/en/calls/{opened.pk}/"))
    buttons = {b.attrs["value"] for b in page.find("form", cls="move-buttons").find_all("button")}
    assert buttons == {"close", "cancel"}

    client.post(f"/en/calls/{opened.pk}/move/", {"move": "close"})
    opened.refresh_from_db()
    assert opened.status == CallStatus.CLOSED and opened.closed_at is not None

    response = client.post(f"/en/calls/{opened.pk}/move/", {"move": "cancel"}, follow=True)
    opened.refresh_from_db()
    assert opened.status == CallStatus.CLOSED
    assert "cannot be done" in parse(response).find("div", cls="messages").text

    assert client.post(f"/en/calls/{opened.pk}/move/", {"move": "fly"}).status_code == 400

    draft = call(organisation_of(person))
    client.post(f"/en/calls/{draft.pk}/move/", {"move": "cancel"})
    draft.refresh_from_db()
    assert draft.status == CallStatus.CANCELLED


def test_a_draft_whose_deadline_has_passed_cannot_be_opened():
    person = buyer()
    client = client_for(person)
    draft = call(organisation_of(person), deadline=timezone.localdate())
    response = client.post(f"/en/calls/{draft.pk}/move/", {"move": "open"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == CallStatus.DRAFT
    assert "a deadline in the future" in parse(response).find("div", cls="messages").text
    assert mail.outbox == []


def test_calls_close_after_the_deadline_in_the_daily_run_and_when_seen():
    person = buyer()
    past = call(status=CallStatus.OPEN, deadline=timezone.localdate() - timedelta(days=1))
    today = call(status=CallStatus.OPEN, deadline=timezone.localdate())
    call_command("send_alert_digests", stdout=None)
    past.refresh_from_db()
    today.refresh_from_db()
    assert past.status == CallStatus.CLOSED
    assert today.status == CallStatus.OPEN  # answers are taken until the day ends

    seen = call(organisation_of(person), status=CallStatus.OPEN, deadline=timezone.localdate())
    CallForOffers.objects.filter(pk=seen.pk).update(
        deadline=timezone.localdate() - timedelta(days=2)
    )
    client_for(person).get(f"/en/calls/{seen.pk}/")
    seen.refresh_from_db()
    assert seen.status == CallStatus.CLOSED


# -- providers find calls and answer ---------------------------------------------------


def test_providers_see_matching_open_calls_by_default_and_all_on_request():
    person = provider(("music",), ("297",))
    client = client_for(person)
    music = call(status=CallStatus.OPEN, title_fi="Musiikkia")
    dance = call(status=CallStatus.OPEN, title_fi="Tanssia", art_forms=("dance",))
    call(title_fi="Luonnos")
    call(status=CallStatus.CLOSED, title_fi="Suljettu")

    def titles(url):
        page = parse(client.get(url))
        return [item.find("h3").text for item in page.find_all("li", cls="call-item")]

    assert titles("/en/calls/") == ["Musiikkia"]
    assert sorted(titles("/en/calls/?show=all")) == ["Musiikkia", "Tanssia"]
    assert client.get(f"/en/calls/{dance.pk}/").status_code == 200
    assert client.get(f"/en/calls/{music.pk}/").status_code == 200


def test_people_in_no_buying_or_providing_role_get_no_calls_pages():
    resident = factories.user()
    client = client_for(resident)
    assert client.get("/en/calls/").status_code == 403
    assert client.get("/en/calls/new/").status_code == 403
    opened = call(status=CallStatus.OPEN)
    assert client.get(f"/en/calls/{opened.pk}/").status_code == 404
    anonymous = Client()
    assert anonymous.get("/en/calls/").status_code == 302


def test_a_provider_cannot_open_a_draft_or_write_calls():
    client = client_for(provider())
    draft = call()
    assert client.get(f"/en/calls/{draft.pk}/").status_code == 404
    assert client.get("/en/calls/new/").status_code == 403
    assert client.get("/en/calls/abc/").status_code == 404


def test_one_answer_per_provider_organisation_editable_until_the_deadline():
    first = provider()
    colleague = factories.member(Role.PROVIDER, organisation=organisation_of(first))
    opened = call(status=CallStatus.OPEN)
    client = client_for(first)
    service = content.service("Laulutuokiot", organisation=organisation_of(first))

    page = parse(client.get(f"/en/calls/{opened.pk}/"))
    assert page.find("form", action=f"/en/calls/{opened.pk}/answer/") is not None

    response = client.post(
        f"/en/calls/{opened.pk}/answer/", answer_form(service=service.pk), follow=True
    )
    assert "sent to the buyer" in parse(response).find("div", cls="messages").text
    answer = Answer.objects.get()
    assert (answer.organisation, answer.service, answer.status) == (
        organisation_of(first),
        service,
        AnswerStatus.SUBMITTED,
    )

    # A colleague from the same organisation changes the same answer.
    other = client_for(colleague)
    page = parse(other.get(f"/en/calls/{opened.pk}/"))
    assert page.by_id("id_price").attrs["value"] == "300 € / kerta"
    other.post(f"/en/calls/{opened.pk}/answer/", answer_form(price="280 €"))
    assert Answer.objects.count() == 1
    answer.refresh_from_db()
    assert answer.price == "280 €" and answer.submitted_by == colleague

    # After the deadline the answer stays as it was.
    CallForOffers.objects.filter(pk=opened.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    response = client.post(f"/en/calls/{opened.pk}/answer/", answer_form(price="1 €"), follow=True)
    assert "no longer taken" in parse(response).find("div", cls="messages").text
    answer.refresh_from_db()
    assert answer.price == "280 €"
    page = parse(client.get(f"/en/calls/{opened.pk}/"))
    assert page.find("form", action=f"/en/calls/{opened.pk}/answer/") is None
    assert "cannot be changed" in page.text


def test_answer_mistakes_are_shown_next_to_the_fields():
    client = client_for(provider())
    opened = call(status=CallStatus.OPEN)
    someone_elses = content.service("Toisen palvelu")
    response = client.post(
        f"/en/calls/{opened.pk}/answer/",
        answer_form(offer="", price="", service=someone_elses.pk),
    )
    assert response.status_code == 200
    page = parse(response)
    for name in ("offer", "price", "service"):
        assert page.by_id(f"id_{name}").attrs.get("aria-invalid") == "true", name
    assert not Answer.objects.exists()
    assert client.post(f"/en/calls/{opened.pk}/answer/", {"organisation": "x"}).status_code == 404


# -- comparing answers -----------------------------------------------------------------


def test_the_buyer_compares_answers_side_by_side_and_decides_and_providers_see_it():
    person = buyer()
    client = client_for(person)
    opened = call(organisation_of(person), status=CallStatus.OPEN)
    first, second = provider(), provider()
    service = content.service("Laulutuokiot", organisation=organisation_of(first))
    client_for(first).post(
        f"/en/calls/{opened.pk}/answer/",
        answer_form(service=service.pk, available_dates="Tiistait maaliskuussa"),
    )
    client_for(second).post(f"/en/calls/{opened.pk}/answer/", answer_form(price="450 €"))

    page = parse(client.get(f"/en/calls/{opened.pk}/answers/"))
    table = page.find("table", cls="comparison")
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == [
        "Provider",
        "Offer",
        "Price",
        "Available dates",
        "Service in the catalogue",
        "Submitted",
        "Status",
    ]
    rows = table.find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == [
        organisation_of(first).name,
        organisation_of(second).name,
    ]
    assert "Tiistait maaliskuussa" in rows[0].text
    assert rows[0].find("a").attrs["href"] == f"/en/services/{service.pk}/"
    assert "450 €" in rows[1].text

    answer = Answer.objects.get(organisation=organisation_of(first))
    client.post(f"/en/calls/{opened.pk}/answers/move/", {"answer": answer.pk, "move": "shortlist"})
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SHORTLISTED
    declined = Answer.objects.get(organisation=organisation_of(second))
    client.post(f"/en/calls/{opened.pk}/answers/move/", {"answer": declined.pk, "move": "decline"})
    response = client.post(
        f"/en/calls/{opened.pk}/answers/move/",
        {"answer": declined.pk, "move": "accept"},
        follow=True,
    )
    declined.refresh_from_db()
    assert declined.status == AnswerStatus.DECLINED
    assert "cannot be done" in parse(response).find("div", cls="messages").text
    assert (
        client.post(
            f"/en/calls/{opened.pk}/answers/move/", {"answer": "x", "move": "accept"}
        ).status_code
        == 400
    )

    provider_page = parse(client_for(first).get(f"/en/calls/{opened.pk}/"))
    assert "Shortlisted" in provider_page.by_id("answer-title").parent.text


def test_nobody_outside_the_buyers_organisation_sees_the_answers():
    person = buyer()
    opened = call(organisation_of(person), status=CallStatus.OPEN)
    answering = provider()
    client_for(answering).post(f"/en/calls/{opened.pk}/answer/", answer_form())
    answer = Answer.objects.get()

    for outsider in (
        buyer(),  # another municipality's coordinator
        buyer(Role.PROFESSIONAL, factories.organisation(Organisation.Kind.WELLBEING_COUNTY, "091")),
        answering,  # the provider that answered
        provider(),
    ):
        client = client_for(outsider)
        assert client.get(f"/en/calls/{opened.pk}/answers/").status_code == 404
        response = client.post(
            f"/en/calls/{opened.pk}/answers/move/", {"answer": answer.pk, "move": "decline"}
        )
        assert response.status_code == 404
        detail = parse(client.get(f"/en/calls/{opened.pk}/"))
        assert detail.find("a", href=f"/en/calls/{opened.pk}/answers/") is None
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED

    colleague = factories.member(Role.CULTURE_ADVISOR, organisation=organisation_of(person))
    assert client_for(colleague).get(f"/en/calls/{opened.pk}/answers/").status_code == 200


def test_the_buyers_list_shows_their_calls_with_answer_counts():
    person = buyer()
    client = client_for(person)
    mine = call(organisation_of(person), status=CallStatus.OPEN, title_fi="Oma kutsu")
    call(title_fi="Vieras luonnos")
    client_for(provider()).post(f"/en/calls/{mine.pk}/answer/", answer_form())
    page = parse(client.get("/en/calls/"))
    table = page.find("table")
    assert "Oma kutsu" in table.text and "Vieras luonnos" not in page.text
    assert table.find("a", href=f"/en/calls/{mine.pk}/answers/").text == "1 answer"
    assert page.find("a", href="/en/calls/new/") is not None
    # The way there is on the buyer's desk.
    desk = parse(client.get("/en/desk/"))
    assert desk.by_id("personal").find("a", href="/en/calls/").text == "Calls for offers"


def test_lists_need_few_queries_however_many_rows(django_assert_max_num_queries):
    person = buyer()
    client = client_for(person)
    own = organisation_of(person)
    calls = [call(own, status=CallStatus.OPEN, title_fi=f"Kutsu {n}") for n in range(12)]
    for _ in range(6):
        answering = provider()
        client_for(answering).post(f"/en/calls/{calls[0].pk}/answer/", answer_form())
    with django_assert_max_num_queries(14):
        assert client.get("/en/calls/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/en/calls/{calls[0].pk}/answers/").status_code == 200
