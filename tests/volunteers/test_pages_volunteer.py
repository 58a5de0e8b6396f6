"""The public and the volunteer's own pages: who reaches what, and what a volunteer sees
of a client. Rows are made directly (conftest.py); moves go through the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import Language
from kohtaamo.volunteers import services
from kohtaamo.volunteers.models import Assignment, Offer, Volunteer
from kohtaamo.volunteers.states import RequestStatus, VolunteerStatus
from tests import factories

pytestmark = pytest.mark.django_db


def soon(days=5):
    # The pages run on the real clock: a visit some days ahead, at two in the afternoon.
    start = timezone.localtime() + timedelta(days=days)
    return start.replace(hour=14, minute=0, second=0, microsecond=0)


def held(request, volunteer, *, starts=None):
    """``volunteer`` holds ``request`` (assigned), as after an accepted offer."""
    request.status = RequestStatus.ASSIGNED
    request.save(update_fields=["status"])
    return Assignment.objects.create(
        request=request,
        volunteer=volunteer,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
    )


# --- public ---------------------------------------------------------------------------


def test_programme_page_and_application_form_open_to_everyone(client, programme):
    assert programme.name_fi in client.get(reverse("volunteers:index")).content.decode()
    page = client.get(reverse("volunteers:programme", args=[programme.slug]))
    assert page.status_code == 200
    form = client.get(reverse("volunteers:apply", args=[programme.slug]))
    assert form.status_code == 200
    assert 'name="consent"' in form.content.decode()


def test_an_incomplete_application_says_what_is_missing_in_finnish(client, programme):
    response = client.post(reverse("volunteers:apply", args=[programme.slug]), {})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary"' in text
    assert "Tämä kenttä vaaditaan" in text or "vaaditaan" in text
    assert not Volunteer.objects.exists()


def test_an_application_is_saved_and_thanked_for(client, programme):
    response = client.post(
        reverse("volunteers:apply", args=[programme.slug]),
        {
            "full_name": "Liisa  Luotsi",
            "email": "liisa@example.fi",
            "phone": "040 123 4567",
            "languages": [Language.objects.get(code="fi").pk],
            "municipalities": [programme.municipalities.get().pk],
            "help_kinds": ["accompany"],
            "monthly_cap": "2",
            "weekly": ["2-afternoon", "5-morning"],
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:applied", args=[programme.slug])
    volunteer = Volunteer.objects.get()
    assert volunteer.full_name == "Liisa Luotsi"
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.phone == "+358401234567"
    assert sorted(volunteer.weekly.values_list("weekday", flat=True)) == [2, 5]


def test_a_second_application_with_the_same_email_is_told_beside_the_email(client, programme):
    data = {
        "full_name": "Liisa",
        "email": "liisa@example.fi",
        "languages": [Language.objects.get(code="fi").pk],
        "municipalities": [programme.municipalities.get().pk],
        "help_kinds": ["accompany"],
        "monthly_cap": "2",
        "consent": "on",
    }
    url = reverse("volunteers:apply", args=[programme.slug])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert 'href="#id_email"' in again.content.decode()


# --- the volunteer's own pages --------------------------------------------------------


def test_someone_who_volunteers_nowhere_is_refused(login, programme):
    client = login(factories.user())
    assert client.get(reverse("volunteers:home")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("volunteers:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_shows_my_offers_and_next_visit_only(login, make_volunteer, make_request):
    me, other = make_volunteer(), make_volunteer()
    offered = make_request(start=soon(3), what="Konsertti", status=RequestStatus.OFFERED)
    Offer.objects.create(request=offered, volunteer=me)
    theirs = make_request(start=soon(4), what="Museokäynti")
    Offer.objects.create(request=theirs, volunteer=other)
    mine = make_request(start=soon(6), what="Teatteri")
    held(mine, me)
    page = login(me.user, verified=False).get(reverse("volunteers:home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Konsertti" in text and "Teatteri" in text
    assert "Museokäynti" not in text


def test_accepting_from_home_gives_the_visit(login, make_volunteer, make_request):
    me = make_volunteer()
    request = make_request(start=soon(3), status=RequestStatus.OFFERED)
    offer = Offer.objects.create(request=request, volunteer=me)
    client = login(me.user, verified=False)
    response = client.post(
        reverse("volunteers:answer_offer", args=[offer.pk]), {"answer": "accept"}
    )
    assignment = Assignment.objects.get(request=request)
    assert response["Location"] == reverse("volunteers:assignment", args=[assignment.pk])
    assert assignment.volunteer == me


def test_an_offer_of_someone_else_is_not_found(login, make_volunteer, make_request):
    me, other = make_volunteer(), make_volunteer()
    offer = Offer.objects.create(request=make_request(start=soon(3)), volunteer=other)
    response = login(me.user, verified=False).post(
        reverse("volunteers:answer_offer", args=[offer.pk]), {"answer": "accept"}
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_the_offer_link_works_without_signing_in(client, make_volunteer, make_request):
    volunteer = make_volunteer()
    request = make_request(start=soon(3), what="Kuoro", status=RequestStatus.OFFERED)
    offer = Offer.objects.create(request=request, volunteer=volunteer)
    opened = client.get(reverse("volunteers:offer_link", args=[offer.token]))
    assert opened.status_code == 302
    assert offer.token not in opened["Location"].split("#")[0]
    page = client.get(reverse("volunteers:offer_page"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kuoro" in text
    # Before accepting, the offer tells what and when, not who.
    assert request.client_alias not in text
    assert request.meeting_point not in text
    client.post(reverse("volunteers:offer_page"), {"answer": "accept"})
    assert Assignment.objects.filter(request=request, volunteer=volunteer).exists()


def test_the_second_to_accept_is_told_it_is_taken(client, make_volunteer, make_request):
    first, second = make_volunteer(), make_volunteer()
    request = make_request(start=soon(3), status=RequestStatus.OFFERED)
    Offer.objects.create(request=request, volunteer=first)
    late = Offer.objects.create(request=request, volunteer=second)
    services.accept(Offer.objects.get(volunteer=first))
    client.get(reverse("volunteers:offer_link", args=[late.token]))
    page = client.get(reverse("volunteers:offer_page"))
    assert "Joku muu" in page.content.decode() or "jo" in page.content.decode()
    client.post(reverse("volunteers:offer_page"), {"answer": "accept"})
    assert Assignment.objects.filter(request=request).count() == 1


def test_an_unknown_offer_link_is_not_found(client):
    assert client.get(reverse("volunteers:offer_link", args=["x" * 43])).status_code == 404


def test_assignment_shows_alias_meeting_point_and_agreed_phone_never_the_contact_email(
    login, make_volunteer, make_request
):
    me = make_volunteer()
    request = make_request(
        start=soon(3),
        client_alias="Aino",
        client_phone="+358401112223",
        client_agreed_to_share_phone=True,
        contact_email="hoitaja@terveys.example",
    )
    assignment = held(request, me)
    client = login(me.user, verified=False)
    text = client.get(reverse("volunteers:assignment", args=[assignment.pk])).content.decode()
    assert "Aino" in text and request.meeting_point in text
    assert "+358401112223" in text
    assert "hoitaja@terveys.example" not in text
    request.client_phone = ""
    request.client_agreed_to_share_phone = False
    request.save()
    text = client.get(reverse("volunteers:assignment", args=[assignment.pk])).content.decode()
    assert "tel:" not in text


def test_reading_an_assignment_is_in_the_audit_log(login, make_volunteer, make_request):
    from kohtaamo.core.models import AuditEvent

    me = make_volunteer()
    assignment = held(make_request(start=soon(3)), me)
    login(me.user, verified=False).get(reverse("volunteers:assignment", args=[assignment.pk]))
    assert AuditEvent.objects.filter(
        actor_id=me.user.pk, target_id=str(assignment.request_id)
    ).exists()


def test_a_volunteer_never_sees_another_volunteers_assignment(login, make_volunteer, make_request):
    me, other = make_volunteer(), make_volunteer()
    theirs = held(make_request(start=soon(3)), other)
    client = login(me.user, verified=False)
    for name in ("assignment", "visit_log", "expense"):
        assert client.get(reverse(f"volunteers:{name}", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("volunteers:assignment_move", args=[theirs.pk]), {"move": "step_back"}
        ).status_code
        == 404
    )


def test_confirm_and_step_back(login, make_volunteer, make_request):
    me = make_volunteer()
    request = make_request(start=soon(3))
    assignment = held(request, me)
    client = login(me.user, verified=False)
    client.post(reverse("volunteers:assignment_move", args=[assignment.pk]), {"move": "confirm"})
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    client.post(reverse("volunteers:assignment_move", args=[assignment.pk]), {"move": "step_back"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED


def test_visit_log_after_the_visit(login, make_volunteer, make_request):
    me = make_volunteer()
    start = timezone.now() - timedelta(hours=3)
    request = make_request(start=start, fill_by=start - timedelta(days=1))
    assignment = held(request, me)
    client = login(me.user, verified=False)
    url = reverse("volunteers:visit_log", args=[assignment.pk])
    missing = client.post(url, {"took_place": "yes"})
    assert missing.status_code == 400
    assert 'href="#id_minutes' in missing.content.decode()
    done = client.post(url, {"took_place": "yes", "minutes": "120", "how_it_went": "5"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.TOOK_PLACE
    hours = client.get(reverse("volunteers:hours"))
    assert "2 t" in hours.content.decode()  # two hours, "2 t" in Finnish
    pdf = client.get(reverse("volunteers:certificate"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_expense_after_the_visit(login, make_volunteer, make_request):
    me = make_volunteer()
    start = timezone.now() - timedelta(hours=3)
    assignment = held(make_request(start=start, fill_by=start - timedelta(days=1)), me)
    client = login(me.user, verified=False)
    url = reverse("volunteers:expense", args=[assignment.pk])
    wrong = client.post(url, {"kind": "ticket", "amount": "5000"})
    assert wrong.status_code == 400
    assert 'href="#id_amount"' in wrong.content.decode()
    assert client.post(url, {"kind": "ticket", "amount": "12,50"}).status_code == 302
    assert assignment.expenses.get().amount == 12.5


def test_availability_is_saved(login, make_volunteer):
    me = make_volunteer()
    client = login(me.user, verified=False)
    away = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        reverse("volunteers:availability"),
        {"weekly": ["0-morning", "4-evening"], "starts_on": away, "ends_on": away},
    )
    assert response.status_code == 302
    assert sorted(me.weekly.values_list("weekday", flat=True)) == [0, 4]
    assert me.absences.count() == 1
    backwards = client.post(
        reverse("volunteers:availability"),
        {"starts_on": away, "ends_on": timezone.localdate().isoformat()},
    )
    assert backwards.status_code == 400


def test_trainings_page_lists_mine(login, make_volunteer):
    me = make_volunteer()
    page = login(me.user, verified=False).get(reverse("volunteers:trainings"))
    assert page.status_code == 200
    assert "Kulttuuriluotsin peruskoulutus" in page.content.decode() or page.context["rows"]


def test_calendar_feed_has_times_and_places_but_no_client(client, make_volunteer, make_request):
    me = make_volunteer()
    request = make_request(start=soon(3), client_alias="Aino", what="Konsertti")
    held(request, me)
    response = client.get(reverse("volunteers:calendar", args=[me.calendar_token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "Konsertti" in body
    assert "Aino" not in body
    assert client.get(reverse("volunteers:calendar", args=["y" * 43])).status_code == 404


def test_a_volunteer_lands_on_their_offers_after_signing_in(client, make_volunteer):
    me = make_volunteer()
    me.user.set_password("salasana-123456")
    me.user.save()
    response = client.post(
        reverse("accounts:login"), {"username": me.user.email, "password": "salasana-123456"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:home")


def test_the_menu_of_a_volunteer_leads_to_their_volunteering(login, make_volunteer):
    me = make_volunteer()
    page = login(me.user, verified=False).get(reverse("volunteers:home"))
    text = page.content.decode()
    assert reverse("volunteers:home") in text
    assert f'href="{reverse("desk")}"' not in text


def test_welcome_link_sets_the_password_and_signs_in(client, programme):
    user = factories.user()
    user.set_unusable_password()
    user.save()
    factories.Membership.objects.create(
        user=user, organisation=programme.organisation, role=Role.VOLUNTEER
    )
    path = services.welcome_path(user, "fi")
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "Pitkä-salasana-2026", "new_password2": "Pitkä-salasana-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    assert client.get(path).status_code == 404


def test_the_help_needed_is_shown_in_words(login, make_volunteer, make_request):
    me = make_volunteer()
    assignment = held(make_request(start=soon(3), needs=["walking_support"]), me)
    text = (
        login(me.user, verified=False)
        .get(reverse("volunteers:assignment", args=[assignment.pk]))
        .content.decode()
    )
    assert "walking_support" not in text
    assert "Tuki kävelyssä" in text
