"""A card holder books a concert and asks for a volunteer companion: the request goes to
the programme where the concert is, under the holder's first name; the card page shows
its state and, after the visit, lets the holder rate it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.cards import services
from kohtaamo.cards.models import CardOffer, Reservation
from kohtaamo.volunteers.models import Assignment, HelpRequest, Programme, RequestSource
from kohtaamo.volunteers.states import CancelledBy, RequestStatus
from tests import factories
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(db):
    library = factories.organisation(name_fi="Kuopion kaupunginkirjasto")
    programme = Programme.objects.create(
        organisation=library, slug="luotsit", name_fi="Kuopion kulttuuriluotsit"
    )
    programme.municipalities.set([factories.municipality("297")])
    return programme


@pytest.fixture
def concert(usher, coming_concert):
    return services.publish_offer(
        usher,
        kind=CardOffer.Kind.EVENT,
        places_offered=10,
        companion_places_offered=2,
        event=coming_concert,
    )


def open_card(client, card):
    client.get(reverse("cards:mobile", args=[card.mobile_token]), follow=True)


def book(client, offer, **fields):
    data = {f"offer-{offer.pk}-children": 0, f"offer-{offer.pk}-key": "k1"}
    data.update({f"offer-{offer.pk}-{name}": value for name, value in fields.items()})
    return client.post(reverse("cards:book", args=[offer.pk]), data)


def test_the_holder_asks_for_a_volunteer_with_the_booking(client, fresh_card, guides, concert):
    open_card(client, fresh_card)
    page = parse(client.get(reverse("cards:holder_offer", args=[concert.pk])).content.decode())
    assert page.by_id(f"id_offer-{concert.pk}-volunteer") is not None

    response = book(client, concert, volunteer="on", first_name=" Aino ")
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    # The volunteer comes in on a companion ticket.
    assert reservation.companion
    request = HelpRequest.objects.get()
    assert request.source == RequestSource.CARD_BOOKING
    assert request.reservation == reservation
    assert request.programme == guides
    assert request.event == concert.event
    assert request.client_alias == "Aino"
    assert request.client_phone == "" and not request.client_agreed_to_share_phone

    card_page = client.get(reverse("cards:mobile_page")).content.decode()
    shown = parse(card_page).find("li", **{"data-companion-request": str(request.pk)})
    assert shown is not None and "Odottaa vapaaehtoista" in shown.text


def test_the_phone_only_when_the_volunteer_may_call(client, fresh_card, guides, concert):
    open_card(client, fresh_card)
    book(client, concert, volunteer="on", first_name="Aino", phone="040 000 0123")
    assert HelpRequest.objects.get().client_phone == ""
    HelpRequest.objects.all().delete()
    Reservation.objects.all().delete()
    CardOffer.objects.update(places_taken=0, companion_places_taken=0)
    book(client, concert, volunteer="on", first_name="Aino", phone="040 000 0123", share_phone="on")
    request = HelpRequest.objects.get()
    assert request.client_agreed_to_share_phone and request.client_phone == "+358400000123"


def test_a_first_name_is_needed(client, fresh_card, guides, concert):
    open_card(client, fresh_card)
    response = book(client, concert, volunteer="on")
    assert response.status_code == 400
    html = parse(response.content.decode())
    assert html.by_id(f"id_offer-{concert.pk}-first_name_error") is not None
    assert not Reservation.objects.exists() and not HelpRequest.objects.exists()


def test_no_volunteer_choice_where_no_programme_works(client, fresh_card, concert):
    open_card(client, fresh_card)
    page = parse(client.get(reverse("cards:holder_offer", args=[concert.pk])).content.decode())
    assert page.by_id(f"id_offer-{concert.pk}-volunteer") is None


def test_cancelling_the_booking_cancels_the_companion(client, fresh_card, guides, concert):
    open_card(client, fresh_card)
    book(client, concert, volunteer="on", first_name="Aino")
    reservation = Reservation.objects.get()
    client.post(reverse("cards:cancel_booking", args=[reservation.pk]))
    request = HelpRequest.objects.get()
    assert request.status == RequestStatus.CANCELLED
    assert request.cancelled_by == CancelledBy.CLIENT
    concert.refresh_from_db()
    assert (concert.places_taken, concert.companion_places_taken) == (0, 0)


def took_place(request, volunteer_programme):
    volunteer = volunteer_programme.volunteers.create(
        full_name="Ritva Aaltonen",
        email="ritva@example.fi",
        status="approved",
        consent_at=timezone.now(),
    )
    HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.TOOK_PLACE)
    return Assignment.objects.create(
        request=request,
        volunteer=volunteer,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        took_place=True,
        minutes=120,
    )


def test_the_holder_rates_the_visit(client, fresh_card, guides, concert, issue):
    open_card(client, fresh_card)
    book(client, concert, volunteer="on", first_name="Aino")
    request = HelpRequest.objects.get()
    visit = took_place(request, guides)
    page = client.get(reverse("cards:mobile_page")).content.decode()
    rate = reverse("cards:rate_companion", args=[request.pk])
    assert f'action="{rate}"' in page
    response = client.post(rate, {"rating": "5", "comment": "Mukava ilta"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.client_rating, visit.client_comment) == (5, "Mukava ilta")
    assert 'data-rated="5"' in client.get(reverse("cards:mobile_page")).content.decode()
    # Not a number from 1 to 5: nothing changes.
    client.post(rate, {"rating": "9"})
    visit.refresh_from_db()
    assert visit.client_rating == 5
    # Another holder cannot rate it.
    other = issue(now=timezone.now() - datetime.timedelta(days=1))
    open_card(client, other)
    assert client.post(rate, {"rating": "1"}).status_code == 404
