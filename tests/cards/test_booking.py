"""Booking free places, the waiting list, the door and no-shows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.accounts.roles import Role
from kohtaamo.cards import codes, services, states
from kohtaamo.cards.models import CardOffer, OfferDay, Reservation, Use
from kohtaamo.cards.states import ReservationState
from tests import factories
from tests.catalogue import content

from .conftest import AT_DOOR, NOW

pytestmark = pytest.mark.django_db
K = CardOffer.Kind


def places_taken(offer):
    offer.refresh_from_db()
    return offer.places_taken


def test_holder_books_a_concert_for_themselves_and_two_children(card, concert_offer):
    booking = services.reserve(card, concert_offer, children=2, idempotency_key="k1", now=NOW)
    assert booking.created
    assert booking.reservation.state == ReservationState.RESERVED
    assert len(booking.reservation.token) >= 40
    assert places_taken(concert_offer) == 3
    card.refresh_from_db()
    assert card.activated_at == NOW


def test_one_ticket_per_event_per_card(card, concert_offer):
    services.reserve(card, concert_offer, idempotency_key="k1", now=NOW)
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, concert_offer, idempotency_key="k2", now=NOW)
    assert refused.value.code == "already_booked"
    assert places_taken(concert_offer) == 1


def test_after_cancelling_the_holder_may_book_again(card, concert_offer):
    first = services.reserve(card, concert_offer, idempotency_key="k1", now=NOW)
    services.cancel_reservation(first.reservation, card=card, now=NOW)
    again = services.reserve(card, concert_offer, idempotency_key="k2", now=NOW)
    assert again.created and places_taken(concert_offer) == 1


def test_children_go_to_events_but_not_to_courses(card, make_offer):
    course = make_offer(places=5, kind=K.COURSE)
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, course, children=1, idempotency_key="k1", now=NOW)
    assert refused.value.code == "children_not_for_courses"
    assert services.reserve(card, course, idempotency_key="k2", now=NOW).created
    assert places_taken(course) == 1


def test_same_idempotency_key_returns_the_first_ticket(card, concert_offer):
    first = services.reserve(card, concert_offer, children=1, idempotency_key="k1", now=NOW)
    second = services.reserve(card, concert_offer, children=1, idempotency_key="k1", now=NOW)
    assert not second.created
    assert second.reservation == first.reservation
    assert Reservation.objects.count() == 1
    assert places_taken(concert_offer) == 2


def test_full_offer_says_so_and_takes_nothing(issue, make_offer):
    offer = make_offer(places=2)
    services.reserve(issue(), offer, idempotency_key="a", now=NOW)
    with pytest.raises(services.OfferFull) as full:
        services.reserve(issue(), offer, children=1, idempotency_key="b", now=NOW)
    assert full.value.code == "full"
    assert places_taken(offer) == 1
    assert Reservation.objects.count() == 1


def test_database_refuses_more_places_taken_than_offered(concert_offer):
    with pytest.raises(IntegrityError), transaction.atomic():
        CardOffer.objects.filter(pk=concert_offer.pk).update(places_taken=11)


def test_database_refuses_a_booking_past_the_children_cap(card, concert_offer):
    booking = services.reserve(card, concert_offer, children=1, idempotency_key="k", now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.filter(pk=booking.reservation.pk).update(
            children=services.MAX_CHILDREN + 1
        )


def test_expired_card_cannot_book(card, concert_offer):
    later = NOW + datetime.timedelta(days=370)
    with pytest.raises(services.CardRefused) as refused:
        services.reserve(card, concert_offer, idempotency_key="k", now=later)
    assert refused.value.code == "expired"


def test_past_or_cancelled_events_cannot_be_booked(card, make_offer, venue):
    past = content.event(organisation=venue, start=NOW - datetime.timedelta(days=1))
    offer = make_offer(event=past)
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, offer, idempotency_key="k", now=NOW)
    assert refused.value.code == "event_over"


def test_cancelling_frees_the_place_and_alerts_the_first_in_line(issue, make_offer):
    offer = make_offer(places=1)
    holder, first, second = issue(), issue(), issue()
    booking = services.reserve(holder, offer, idempotency_key="k", now=NOW)
    with pytest.raises(services.OfferFull):
        services.reserve(first, offer, idempotency_key="k", now=NOW)
    services.join_waiting_list(first, offer, now=NOW)
    services.join_waiting_list(second, offer, now=NOW + datetime.timedelta(minutes=1))

    alerted = services.cancel_reservation(booking.reservation, card=holder, now=NOW)

    assert alerted.card == first and alerted.alerted_at == NOW
    assert not second.waiting_list_entries.get().alerted_at
    assert places_taken(offer) == 0
    taken = services.reserve(first, offer, idempotency_key="k", now=NOW)
    assert taken.created
    assert not first.waiting_list_entries.exists()


def test_a_cancelled_booking_cannot_be_cancelled_twice(card, concert_offer):
    booking = services.reserve(card, concert_offer, idempotency_key="k", now=NOW)
    services.cancel_reservation(booking.reservation, card=card, now=NOW)
    with pytest.raises(states.TransitionNotAllowed):
        services.cancel_reservation(booking.reservation, card=card, now=NOW)
    assert places_taken(concert_offer) == 0


def test_double_scan_of_a_ticket_records_one_use(card, concert_offer, usher):
    booking = services.reserve(card, concert_offer, children=2, idempotency_key="k", now=NOW)
    at_door = concert_offer.event.start
    first = services.check_in(concert_offer, by=usher, token=booking.reservation.token, now=at_door)
    second = services.check_in(
        concert_offer, by=usher, token=booking.reservation.token, now=at_door
    )
    assert first.created and not second.created
    assert second.use == first.use
    assert (first.use.adults, first.use.children) == (1, 2)
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.USED
    assert Use.objects.count() == 1


def test_typing_the_card_number_finds_the_booking(card, concert_offer, usher):
    services.reserve(card, concert_offer, children=1, idempotency_key="k", now=NOW)
    typed = f"{card.number[:3]} {card.number[3:6]} {card.number[6:]}"
    result = services.check_in(concert_offer, by=usher, card_number=typed, now=AT_DOOR)
    assert result.use.children == 1
    assert places_taken(concert_offer) == 2


def test_at_the_door_without_booking_takes_a_free_place(card, concert_offer, usher):
    services.check_in(concert_offer, by=usher, card_number=card.number, children=1, now=AT_DOOR)
    again = services.check_in(concert_offer, by=usher, card_number=card.number, now=AT_DOOR)
    assert not again.created
    assert places_taken(concert_offer) == 2


def test_replaced_card_is_refused_at_the_door(card, concert_offer, usher, social_worker):
    services.replace_card(social_worker, card, now=NOW)
    with pytest.raises(services.CardRefused) as refused:
        services.check_in(concert_offer, by=usher, card_number=card.number, now=NOW)
    assert refused.value.code == "replaced"


def test_another_venue_cannot_check_in_here(card, concert_offer):
    stranger = factories.member(Role.PROVIDER, organisation=content.provider())
    with pytest.raises(PermissionDenied):
        services.check_in(concert_offer, by=stranger, card_number=card.number, now=NOW)


def test_standing_offer_counts_places_per_day(issue, make_offer, usher):
    museum = make_offer(places=1, kind=K.STANDING)
    first, second = issue(), issue()
    services.check_in(museum, by=usher, card_number=first.number, now=NOW)
    with pytest.raises(services.OfferFull):
        services.check_in(museum, by=usher, card_number=second.number, now=NOW)
    tomorrow = NOW + datetime.timedelta(days=1)
    assert services.check_in(museum, by=usher, card_number=second.number, now=tomorrow).created
    assert list(OfferDay.objects.values_list("places_taken", flat=True)) == [1, 1]
    with pytest.raises(services.BookingRefused):
        services.reserve(first, museum, idempotency_key="k", now=NOW)


def test_unused_bookings_become_no_shows_after_the_event(issue, concert_offer, usher):
    came, stayed_away = issue(), issue()
    used = services.reserve(came, concert_offer, idempotency_key="k", now=NOW).reservation
    missed = services.reserve(stayed_away, concert_offer, idempotency_key="k", now=NOW).reservation
    services.check_in(concert_offer, by=usher, token=used.token, now=concert_offer.event.start)

    assert services.mark_no_shows(concert_offer.event.end - datetime.timedelta(minutes=1)) == 0
    assert services.mark_no_shows(concert_offer.event.end + datetime.timedelta(minutes=1)) == 1
    missed.refresh_from_db()
    used.refresh_from_db()
    assert missed.state == ReservationState.NO_SHOW
    assert used.state == ReservationState.USED
    with pytest.raises(services.CardRefused) as refused:
        services.check_in(concert_offer, by=usher, token=missed.token, now=AT_DOOR)
    assert refused.value.code == "reservation_no_show"


def test_venue_cannot_offer_fewer_places_than_taken(issue, concert_offer, usher):
    services.reserve(issue(), concert_offer, children=2, idempotency_key="k", now=NOW)
    with pytest.raises(services.BookingRefused):
        services.change_places(usher, concert_offer, 2)
    assert services.change_places(usher, concert_offer, 3).places_left == 0


def test_only_the_holder_the_venue_or_the_distributor_may_cancel(
    issue, concert_offer, usher, social_worker
):
    holder, stranger = issue(), issue()
    booking = services.reserve(holder, concert_offer, idempotency_key="k", now=NOW)
    other_venue = factories.member(Role.PROVIDER, organisation=content.provider(name_fi="Muu"))
    for refused in ({"card": stranger}, {"actor": other_venue}, {}):
        with pytest.raises(PermissionDenied):
            services.cancel_reservation(booking.reservation, now=NOW, **refused)
    assert places_taken(concert_offer) == 1
    services.cancel_reservation(booking.reservation, actor=usher, now=NOW)
    assert places_taken(concert_offer) == 0
    again = services.reserve(holder, concert_offer, idempotency_key="k2", now=NOW)
    services.cancel_reservation(again.reservation, actor=social_worker, now=NOW)
    assert places_taken(concert_offer) == 0


def test_no_cancelling_once_the_event_has_begun(card, concert_offer):
    booking = services.reserve(card, concert_offer, idempotency_key="k", now=NOW)
    with pytest.raises(services.BookingRefused) as refused:
        services.cancel_reservation(booking.reservation, card=card, now=concert_offer.event.start)
    assert refused.value.code == "event_begun"
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.RESERVED
    assert places_taken(concert_offer) == 1


def test_a_booking_brings_at_most_the_cap_of_children(card, concert_offer):
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(
            card, concert_offer, children=services.MAX_CHILDREN + 1, idempotency_key="k", now=NOW
        )
    assert refused.value.code == "too_many_children"
    assert places_taken(concert_offer) == 0
    booking = services.reserve(
        card, concert_offer, children=services.MAX_CHILDREN, idempotency_key="k", now=NOW
    )
    assert booking.reservation.places == services.MAX_CHILDREN + 1


def test_the_hourly_command_marks_no_shows(card, usher, venue):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    past = content.event(organisation=venue, start=timezone.now() - datetime.timedelta(hours=5))
    offer = services.publish_offer(usher, kind=K.EVENT, places_offered=3, event=past)
    early = past.start - datetime.timedelta(days=1)
    booking = services.reserve(card, offer, idempotency_key="k", now=early)
    out = io.StringIO()
    call_command("mark_card_no_shows", stdout=out)
    assert "Marked 1 " in out.getvalue()
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.NO_SHOW


@pytest.mark.parametrize("change", ["draft", "archived", "cancelled"])
def test_an_event_taken_off_the_catalogue_cannot_be_booked(card, concert_offer, change):
    event = concert_offer.event
    if change == "cancelled":
        event.is_cancelled = True
    else:
        event.status = change
    event.save()
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, concert_offer, idempotency_key="k1", now=NOW)
    assert refused.value.code == (
        "event_cancelled" if change == "cancelled" else "offer_not_published"
    )
    with pytest.raises(services.BookingRefused):
        services.join_waiting_list(card, concert_offer, now=NOW)
    assert places_taken(concert_offer) == 0
    assert not Reservation.objects.exists()


def test_a_course_returned_to_draft_cannot_be_booked(card, make_offer):
    course = make_offer(places=5, kind=K.COURSE)
    course.service.status = "draft"
    course.service.save()
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, course, idempotency_key="k1", now=NOW)
    assert refused.value.code == "offer_not_published"
    assert places_taken(course) == 0


def test_an_offer_outside_the_cards_county_cannot_be_booked(card):
    elsewhere = content.event(
        "Konsertti Helsingissä", municipality="091", start=NOW + datetime.timedelta(days=3)
    )
    offer = services.publish_offer(
        factories.member(Role.PROVIDER, organisation=elsewhere.organisation),
        kind=K.EVENT,
        places_offered=5,
        event=elsewhere,
    )
    with pytest.raises(services.BookingRefused) as refused:
        services.reserve(card, offer, idempotency_key="k1", now=NOW)
    assert refused.value.code == "outside_area"
    assert places_taken(offer) == 0


def test_a_booking_has_a_short_code_to_read_out(card, concert_offer):
    booking = services.reserve(card, concert_offer, idempotency_key="k1", now=NOW)
    code = booking.reservation.code
    assert len(code) == codes.LENGTH == 6
    assert set(code) <= set(codes.ALPHABET)
    assert not set(codes.ALPHABET) & set("0O1IL2Z5S8BGVWDQ")


@given(st.text(alphabet=codes.ALPHABET, min_size=6, max_size=6), st.data())
def test_a_code_is_recognised_however_it_is_typed(code, data):
    spaced = data.draw(st.sampled_from([code, code.lower(), f"{code[:3]} {code[3:]}"]))
    typed = data.draw(st.sampled_from([spaced, f" {spaced} ", spaced.replace(" ", "-")]))
    assert codes.is_code(typed)
    assert codes.normalise(typed) == code


def test_two_live_bookings_of_an_offer_cannot_share_a_code(issue, concert_offer, make_offer):
    first = services.reserve(issue(), concert_offer, idempotency_key="k", now=NOW).reservation
    second = services.reserve(issue(), concert_offer, idempotency_key="k", now=NOW).reservation
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.filter(pk=second.pk).update(code=first.code)
    # A cancelled booking's code is free again, and another offer may use it.
    services.cancel_reservation(first, card=first.card, now=NOW)
    Reservation.objects.filter(pk=second.pk).update(code=first.code)
    other = services.reserve(first.card, make_offer(), idempotency_key="k2", now=NOW).reservation
    Reservation.objects.filter(pk=other.pk).update(code=first.code)
    assert Reservation.objects.filter(code=first.code).count() == 3
