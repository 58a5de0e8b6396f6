"""The distributor's pages: issue, print, renew, replace, cancel, and the unit's cards."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.roles import Role
from kohtaamo.cards import numbers
from kohtaamo.cards.models import Card
from kohtaamo.cards.states import CardStatus
from kohtaamo.core.models import AuditEvent
from tests import factories
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db

NAME = "Testi Haltija"


@pytest.fixture
def desk(login, social_worker, distributor):
    return login(social_worker)


def issue_form(**fields):
    return {"home_municipality": factories.municipality("297").pk, "born": "15.3.1980", **fields}


def test_issuing_a_card_stores_no_name_and_only_the_birth_year(desk, distributor):
    response = desk.post("/fi/cards/issue/", issue_form(gender="f"))
    card = Card.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cards:detail", args=[card.pk])
    assert card.birth_year == 1980 and card.gender == "f"
    assert card.distributor == distributor
    assert card.status == CardStatus.ACTIVE
    page = desk.get(response["Location"])
    assert numbers.printed(card.number) in page.content.decode()
    # The mobile link and its QR code are there to hand to the holder.
    assert reverse("cards:mobile", args=[card.mobile_token]) in page.content.decode()


@pytest.mark.parametrize(
    ("born", "field"),
    [("2020", "born"), ("31.2.1980", "born"), ("soon", "born"), ("1850", "born")],
)
def test_bad_or_young_birth_is_an_error_next_to_the_field(desk, born, field):
    response = desk.post("/fi/cards/issue/", issue_form(born=born))
    assert response.status_code == 200
    html = parse(response.content.decode())
    error = html.by_id(f"id_{field}_error")
    assert error is not None and error.text
    assert html.by_id(f"id_{field}").attrs["aria-describedby"].endswith(f"id_{field}_error")
    assert not Card.objects.exists()


def test_a_municipality_outside_the_programme_cannot_be_chosen(desk):
    outside = factories.municipality("091")  # Helsinki: not in the test programme
    response = desk.post("/fi/cards/issue/", issue_form(home_municipality=outside.pk))
    html = parse(response.content.decode())
    assert html.by_id("id_home_municipality_error") is not None
    assert not Card.objects.exists()
    options = [o.attrs.get("value") for o in html.by_id("id_home_municipality").find_all("option")]
    assert str(factories.municipality("297").pk) in options
    assert str(outside.pk) not in options


def test_the_printed_card_has_the_name_number_and_code_but_the_name_is_not_kept(desk, fresh_card):
    response = desk.post(f"/fi/cards/{fresh_card.pk}/print/", {"holder_name": NAME})
    assert response["Content-Type"] == "application/pdf"
    assert fresh_card.number in response["Content-Disposition"]
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert NAME in text
    assert numbers.printed(fresh_card.number) in text
    with translation.override("fi"):
        assert gettext("Kaikukortti") in text
    # Nowhere in the database: not in the card, not in the audit log.
    assert not Card.objects.filter(number__contains="Haltija").exists()
    for event in AuditEvent.objects.all():
        assert NAME not in f"{event.purpose} {event.path} {event.fields}"
    assert AuditEvent.objects.filter(action="export", target_id=str(fresh_card.pk)).exists()


def test_printing_needs_a_name(desk, fresh_card):
    response = desk.post(f"/fi/cards/{fresh_card.pk}/print/", {"holder_name": ""})
    assert response.status_code == 400
    assert parse(response.content.decode()).by_id("id_holder_name_error") is not None


def test_replacing_gives_a_new_number_and_the_old_stops_at_once(desk, fresh_card):
    response = desk.post(f"/fi/cards/{fresh_card.pk}/replace/")
    fresh_card.refresh_from_db()
    successor = fresh_card.replaced_by
    assert fresh_card.status == CardStatus.REPLACED
    assert response["Location"] == reverse("cards:detail", args=[successor.pk])
    assert successor.number != fresh_card.number
    assert successor.mobile_token != fresh_card.mobile_token
    old_page = desk.get(f"/fi/cards/{fresh_card.pk}/").content.decode()
    assert 'data-card-state="replaced"' in old_page
    assert "cards:print" not in old_page
    refused = desk.post(f"/fi/cards/{fresh_card.pk}/print/", {"holder_name": NAME})
    assert refused.status_code == 302
    pdf = desk.post(f"/fi/cards/{successor.pk}/print/", {"holder_name": NAME})
    assert pdf["Content-Type"] == "application/pdf"


def test_renewing_and_cancelling(desk, fresh_card):
    desk.post(f"/fi/cards/{fresh_card.pk}/renew/")
    fresh_card.refresh_from_db()
    assert fresh_card.status == CardStatus.ACTIVE
    # Cancelling needs the box ticked.
    desk.post(f"/fi/cards/{fresh_card.pk}/cancel/")
    fresh_card.refresh_from_db()
    assert fresh_card.status == CardStatus.ACTIVE
    desk.post(f"/fi/cards/{fresh_card.pk}/cancel/", {"confirm": "yes"})
    fresh_card.refresh_from_db()
    assert fresh_card.status == CardStatus.CANCELLED
    # A second cancel is refused with a message, not an error page.
    again = desk.post(f"/fi/cards/{fresh_card.pk}/cancel/", {"confirm": "yes"}, follow=True)
    assert again.status_code == 200


def test_the_list_shows_own_cards_and_finds_by_number(desk, issue, fresh_card):
    others = [issue() for _ in range(3)]
    page = desk.get("/fi/cards/").content.decode()
    for card in [fresh_card, *others]:
        assert numbers.printed(card.number) in page
    typed = numbers.printed(fresh_card.number)  # with spaces, as printed
    found = desk.get("/fi/cards/", {"number": typed}).content.decode()
    assert numbers.printed(fresh_card.number) in found
    for card in others:
        if not card.number.startswith(fresh_card.number):
            assert numbers.printed(card.number) not in found
    bad = desk.get("/fi/cards/", {"number": "abc"})
    assert bad.status_code == 200
    assert parse(bad.content.decode()).by_id("id_number_error") is not None


def test_the_list_is_paginated(desk, issue, monkeypatch):
    monkeypatch.setattr("kohtaamo.cards.views.distributor.PAGE_SIZE", 2)
    for _ in range(5):
        issue()
    first = desk.get("/fi/cards/").content.decode()
    assert len(re.findall(r'class="card-number"', first)) == 2
    assert 'rel="next"' in first
    last = desk.get("/fi/cards/", {"page": 3}).content.decode()
    assert len(re.findall(r'class="card-number"', last)) == 1
    assert desk.get("/fi/cards/", {"page": "x"}).status_code == 200


def test_another_distributor_gets_not_found(login, fresh_card, programme, coordinator):
    other_org = factories.organisation(Organisation.Kind.ASSOCIATION, name_fi="Muu yhdistys")
    other = factories.member(Role.DISTRIBUTOR, organisation=other_org)
    client = login(other)
    for path in ("", "print/", "renew/", "replace/", "cancel/"):
        method = client.get if not path else client.post
        response = method(
            f"/fi/cards/{fresh_card.pk}/{path}", {"holder_name": NAME, "confirm": "yes"}
        )
        assert response.status_code == 404, path
    assert numbers.printed(fresh_card.number) not in client.get("/fi/cards/").content.decode()
    fresh_card.refresh_from_db()
    assert fresh_card.status == CardStatus.ACTIVE
    # Not enrolled at all: the issue page says so.
    assert client.get("/fi/cards/issue/").status_code == 403


def test_people_without_the_distributor_role_are_refused(login, client, fresh_card):
    provider = factories.member(Role.PROVIDER)
    assert login(provider).get("/fi/cards/").status_code == 403
    client.logout()
    assert client.get("/fi/cards/").status_code == 302  # to the login page


def test_odd_ids_are_not_found(desk):
    assert desk.get("/fi/cards/999999999/").status_code == 404
    assert desk.get("/fi/cards/99999999999999999999999/").status_code == 404
