"""The pages of arts in care, as the unit lead, the artist and outsiders meet them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from kohtaamo.arts_in_care.models import ArtSession, Engagement
from kohtaamo.arts_in_care.states import Status
from tests import factories

from .conftest import proposed

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person)
    device = factories.totp_device(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def form_data(places, **changes):
    today = timezone.localdate()
    data = {
        "side": "unit",
        "care_unit": places["unit"].pk,
        "artist": places["artist"].pk,
        "name": "Laulupaja",
        "kind": "pair_series",
        "setting": "day_group",
        "starts_on": (today - timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=120)).isoformat(),
        "planned_sessions": "15",
        "care_workers": "Hoitaja Yksi",
        "goals": ["interaction", "mood"],
    }
    data.update(changes)
    return data


@pytest.fixture
def artist_has_profile(places):
    from kohtaamo.catalogue.models import ProviderProfile

    ProviderProfile.objects.create(organisation=places["artist"])


def test_the_unit_lead_proposes_and_the_artist_agrees_on_the_pages(
    places, people, artist_has_profile
):
    lead = client_for(people["lead"])
    response = lead.post(reverse("arts_in_care:engagement_create"), form_data(places))
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("arts_in_care:engagement", args=[engagement.pk])
    page = lead.get(response["Location"]).content.decode()
    assert "Laulupaja" in page and "unit:agree" not in page

    artist = client_for(people["artist"])
    page = artist.get(reverse("arts_in_care:engagement", args=[engagement.pk])).content.decode()
    assert 'value="artist:agree"' in page
    artist.post(
        reverse("arts_in_care:engagement_move", args=[engagement.pk]), {"step": "artist:agree"}
    )
    engagement.refresh_from_db()
    assert engagement.status == Status.AGREED


def test_the_artist_cannot_choose_another_artist(places, people):
    artist = client_for(people["artist"])
    response = artist.post(
        reverse("arts_in_care:engagement_create"),
        form_data(places, side="artist", artist=places["other_artist"].pk),
    )
    assert response.status_code == 200
    assert not Engagement.objects.exists()


def test_others_do_not_find_the_engagement(places, people, engagement):
    for who in ("other_artist", "other_lead", "pirkanmaa_coordinator"):
        response = client_for(people[who]).get(
            reverse("arts_in_care:engagement", args=[engagement.pk])
        )
        assert response.status_code == 404, who
    response = client_for(people["resident"]).get(reverse("arts_in_care:engagements"))
    assert response.status_code == 403


def test_a_session_is_logged_with_the_mood_check(places, people, engagement):
    artist = client_for(people["artist"])
    day = timezone.localdate()
    data = {
        "date": day.isoformat(),
        "took_place": "yes",
        "participants": "7",
        "minutes": "60",
        "activity": "Laulua",
        "staff_present": "2",
        "care_worker_led": "on",
        "mood_before_2": "3",
        "mood_before_3": "4",
        "mood_after_4": "5",
        "mood_after_5": "2",
    }
    response = artist.post(reverse("arts_in_care:log", args=[engagement.pk]), data)
    assert response.status_code == 302
    session = ArtSession.objects.get()
    assert session.mood("before") == (0, 3, 4, 0, 0)
    assert session.mood("after") == (0, 0, 0, 5, 2)
    page = artist.get(reverse("arts_in_care:engagement", args=[engagement.pk])).content.decode()
    assert "1,0" in page  # the care worker's learning hour, in Finnish


def test_more_taps_than_participants_is_shown_next_to_the_faces(places, people, engagement):
    artist = client_for(people["artist"])
    data = {
        "date": timezone.localdate().isoformat(),
        "took_place": "yes",
        "participants": "2",
        "minutes": "60",
        "mood_before_3": "3",
    }
    response = artist.post(reverse("arts_in_care:log", args=[engagement.pk]), data)
    assert response.status_code == 200
    assert "id_mood_before_error" in response.content.decode()
    assert not ArtSession.objects.exists()


def test_the_agreement_prints_and_downloads(places, people, engagement):
    lead = client_for(people["lead"])
    page = lead.get(reverse("arts_in_care:agreement", args=[engagement.pk]))
    assert engagement.name in page.content.decode()
    pdf = lead.get(reverse("arts_in_care:agreement_pdf", args=[engagement.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_scheduled_sessions_are_in_the_calendar(places, people, engagement):
    artist = client_for(people["artist"])
    first = max(engagement.starts_on, timezone.localdate())
    response = artist.post(
        reverse("arts_in_care:schedule", args=[engagement.pk]),
        {
            "first_day": first.isoformat(),
            "count": "3",
            "every_days": "7",
            "planned_minutes": "60",
            "starts_at": "10:00",
        },
    )
    assert response.status_code == 302
    ics = artist.get(reverse("arts_in_care:calendar", args=[engagement.pk])).content.decode()
    assert ics.count("BEGIN:VEVENT") == 3
    assert "SUMMARY:Laulupaja päiväryhmässä" in ics
    mine = client_for(people["lead"]).get(reverse("arts_in_care:my_calendar")).content.decode()
    assert mine.count("BEGIN:VEVENT") == 3
    theirs = client_for(people["other_artist"]).get(reverse("arts_in_care:my_calendar"))
    assert "BEGIN:VEVENT" not in theirs.content.decode()


def test_a_proposal_can_be_changed_by_the_other_side(places, people):
    engagement = proposed(places, people)
    artist = client_for(people["artist"])
    data = form_data(places, planned_sessions="18")
    for key in ("side", "care_unit", "artist"):
        data.pop(key)
    response = artist.post(reverse("arts_in_care:engagement_edit", args=[engagement.pk]), data)
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.planned_sessions == 18 and engagement.proposed_by == "artist"
