"""The client's own page says what was agreed: what, when, where and how to get there."""

from django.urls import reverse
from django.utils import timezone

from kohtaamo.referrals.models import Referral
from kohtaamo.referrals.states import Status
from tests.catalogue import content
from tests.catalogue.html import parse


def client_page(client, referral, language="fi"):
    url = reverse("referrals:client", args=[referral.public_token])
    response = client.get(f"/{language}{url[3:]}", follow=True)
    assert response.status_code == 200
    return parse(response.content.decode()).by_id("agreed")


def test_the_client_sees_the_agreed_event_its_time_place_and_way_there(world, client):
    hall = content.place(
        name_fi="Musiikkikeskus",
        name_sv="Musikcentret",
        street_address_fi="Kuopionlahdenkatu 23",
        latitude="62.891000",
        longitude="27.686000",
        accessibility=["wheelchair"],
    )
    start = timezone.now() + timezone.timedelta(days=5)
    concert = content.event(
        "Iltapäiväkonsertti",
        start=start,
        place=hall,
        booking_url="https://liput.example.fi/konsertti",
    )
    referral = world.issued()
    assert client_page(client, referral) is None  # nothing agreed yet
    Referral.objects.filter(pk=referral.pk).update(
        status=Status.ACTIVITY_AGREED, agreed_event=concert
    )

    agreed = client_page(client, referral)
    assert "Iltapäiväkonsertti" in agreed.text
    assert agreed.find("a", href=reverse("catalogue:event", args=[concert.pk]))
    assert agreed.by_id("agreed-when").text
    where = agreed.by_id("agreed-where").text
    assert "Musiikkikeskus" in where and "Kuopionlahdenkatu 23" in where and "Kuopio" in where
    assert agreed.find("a", href="https://liput.example.fi/konsertti")
    directions = [
        a.attrs["href"] for a in agreed.find_all("a") if "openstreetmap" in a.attrs["href"]
    ]
    assert directions == ["https://www.openstreetmap.org/directions?to=62.891000%2C27.686000"]

    swedish = client_page(client, referral, "sv")
    assert "Musikcentret" in swedish.by_id("agreed-where").text


def test_the_client_sees_the_agreed_service_and_its_schedule(world, client):
    choir = content.service("Laulupiiri", schedule_fi="Tiistaisin klo 13–14.30")
    choir.places.add(content.place(name_fi="Lähiötalo"))
    referral = world.issued()
    Referral.objects.filter(pk=referral.pk).update(
        status=Status.ACTIVITY_AGREED, agreed_service=choir
    )
    agreed = client_page(client, referral)
    assert "Laulupiiri" in agreed.text
    assert agreed.by_id("agreed-when").text == "Tiistaisin klo 13–14.30"
    assert "Lähiötalo" in agreed.by_id("agreed-where").text
